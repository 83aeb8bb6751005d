/* SPDX-License-Identifier: MIT */
/* Dom0's selftests: foreign map, domain list, the store. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../guest-patches/kernel/selftest.h"
#include "ctl.h"
#include "foreign.h"
#include "guest.h"
#include "selftest.h"
#include "xenstored.h"

#define MAX_LISTED	32

/* The first DomU, or 0 when Dom0 is alone. */
static domid_t first_domu(const struct ctl_dominfo *list, int n,
			  uint64_t *pages)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i].domid) {
			*pages = list[i].tot_pages;
			return list[i].domid;
		}
	return 0;
}

/*
 * Maps the DomU's last RAM page, writes through the mapping and reads
 * back, restoring what was there (the DomU does not run meanwhile: Dom0's
 * threads are cooperative and this code does not yield).
 */
static void test_foreign(domid_t domu, uint64_t pages)
{
	volatile uint64_t *p;
	uint64_t saved;
	bool ok;
	int err = 0, rc;

	p = foreign_map(domu, pages - 1, &err);
	if (!p) {
		selftest_check("dom0/foreign-map", false, "error %d", err);
		return;
	}
	saved = p[0];
	p[0] = 0x58656e6f6c697468ull;
	ok = p[0] == 0x58656e6f6c697468ull;
	p[0] = saved;
	rc = foreign_unmap((void *)p);
	selftest_check("dom0/foreign-map", ok && !rc, "readback %d, unmap %d",
		       ok, rc);
}

static void test_foreign_bad(domid_t domu, uint64_t pages)
{
	int self = 0, missing = 0, beyond = 0, bad_unmap;

	foreign_map(0, 0x100, &self);
	foreign_map(DOMID_FIRST_RESERVED - 1, 0, &missing);
	foreign_map(domu, pages + 0x1000, &beyond);
	bad_unmap = foreign_unmap((void *)0x1000);
	selftest_check("dom0/foreign-bad", self == -EINVAL &&
		       missing == -ESRCH && beyond == -EINVAL &&
		       bad_unmap == -EINVAL,
		       "self %d, missing %d, beyond %d, unmap %d", self,
		       missing, beyond, bad_unmap);
}

static int read_value(const char *path, char *buf, size_t size)
{
	size_t len;

	return xenstored_request(XS_READ, path, strlen(path) + 1, buf, size,
				 &len);
}

static void test_store(void)
{
	char buf[64];
	int rc_name, rc_rw, rc_missing, rc_rm;
	bool name_ok, rw_ok;

	rc_name = read_value("/local/domain/0/name", buf, sizeof(buf));
	name_ok = !rc_name && !strcmp(buf, "Domain-0");
	rc_rw = xenstored_write("/local/domain/0/data/selftest", "42");
	if (!rc_rw)
		rc_rw = read_value("/local/domain/0/data/selftest", buf,
				   sizeof(buf));
	rw_ok = !rc_rw && !strcmp(buf, "42");
	rc_rm = xenstored_request(XS_RM, "/local/domain/0/data/selftest",
				  sizeof("/local/domain/0/data/selftest"), buf,
				  sizeof(buf), &(size_t){ 0 });
	rc_missing = read_value("/local/domain/0/data/selftest", buf,
				sizeof(buf));
	selftest_check("dom0/xs-entries", name_ok, "read name: %d '%s'",
		       rc_name, name_ok ? "" : buf);
	selftest_check("dom0/xs-write-read-rm", rw_ok && !rc_rm &&
		       rc_missing == -ENOENT, "write/read %d, rm %d, after %d",
		       rc_rw, rc_rm, rc_missing);
}

static void test_domu_entries(domid_t domu)
{
	char path[48], buf[32], want[32];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/name", domu);
	guest_name(domu, want, sizeof(want));
	rc = read_value(path, buf, sizeof(buf));
	selftest_check("dom0/xs-domu-entries", !rc && !strcmp(buf, want),
		       "%s: %d", path, rc);
}

void dom0_selftest(void)
{
	struct ctl_dominfo list[MAX_LISTED];
	int n = ctl_domain_list(0, list, MAX_LISTED);
	uint64_t pages = 0;
	domid_t domu;

	selftest_check("dom0/list", n >= 1 && list[0].domid == 0,
		       "%d domains, first %u", n, n > 0 ? list[0].domid : 0);
	test_store();
	if (n < 0)
		return;
	domu = first_domu(list, n, &pages);
	selftest_check("dom0/domu-present", domu, "no DomU to test on");
	if (!domu)
		return;
	guest_scan();
	test_foreign(domu, pages);
	test_foreign_bad(domu, pages);
	test_domu_entries(domu);
}
