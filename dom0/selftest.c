/* SPDX-License-Identifier: MIT */
/* Dom0's selftests: foreign map and write, domain list, the store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../guest-patches/kernel/clock.h"
#include "../guest-patches/kernel/page_alloc.h"
#include "../guest-patches/kernel/selftest.h"
#include "../guest-patches/kernel/thread.h"
#include "ctl.h"
#include "foreign.h"
#include "guest.h"
#include "selftest.h"
#include "xenstored.h"

#define MAX_LISTED	32
#define PROBE_WAIT_NS	(60 * 1000000000ull)	/* for the DomU's selftest */
#define PROBE_POLL_NS	(100 * 1000000ull)
#define PAGE_WORDS	(PAGE_SIZE / sizeof(uint64_t))

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

static int read_value(const char *path, char *buf, size_t size)
{
	size_t len;

	return xenstored_request(XS_READ, path, strlen(path) + 1, buf, size,
				 &len);
}

static void probe_path(char *path, size_t size, domid_t domu, const char *key)
{
	snprintf(path, size, "/local/domain/%u/data/foreign/%s", domu, key);
}

/*
 * A hex number the DomU wrote under its data/foreign/ (it may write
 * anything there), waited for up to PROBE_WAIT_NS.  0 or -errno.
 */
static int probe_read(domid_t domu, const char *key, uint64_t *value)
{
	uint64_t end = clock_ns() + PROBE_WAIT_NS;
	char path[64], buf[24], *rest;
	int rc;

	probe_path(path, sizeof(path), domu, key);
	while ((rc = read_value(path, buf, sizeof(buf))) == -ENOENT &&
	       clock_ns() < end)
		thread_sleep(PROBE_POLL_NS);
	if (rc)
		return rc;
	*value = strtoul(buf, &rest, 16);
	return rest != buf && !*rest ? 0 : -EINVAL;
}

/* Serves the DomU's store until it is gone (it powers off when done). */
static void wait_gone(domid_t domu)
{
	uint64_t end = clock_ns() + PROBE_WAIT_NS;
	char home[32], buf[8];

	snprintf(home, sizeof(home), "/local/domain/%u", domu);
	while (!read_value(home, buf, sizeof(buf)) && clock_ns() < end)
		thread_sleep(PROBE_POLL_NS);
}

/*
 * Checked through the DomU's own view: a DomU started with `selftest
 * foreignprobe` offers a page of its RAM, every word set to a pattern
 * (pv/selftest_foreign.c).  Every word of Dom0's mapping of that gfn must
 * hold the pattern; Dom0 then fills the page with the token ~pattern,
 * unmaps it and writes the token, and the DomU checks that its own page
 * holds it.  A page without the pattern is not the one offered: Dom0
 * leaves it alone and writes the token all the same, so the DomU fails at
 * once.  Dom0 stays until the DomU is gone: it needs the store to read
 * the token.
 */
static void test_foreign(domid_t domu)
{
	uint64_t gfn = 0, pattern = 0, seen = 0;
	unsigned int i, bad = PAGE_WORDS;
	volatile uint64_t *p = NULL;
	char path[64], token[24];
	int err, rc;

	err = probe_read(domu, "gfn", &gfn);
	if (!err)
		err = probe_read(domu, "pattern", &pattern);
	if (!err)
		p = foreign_map(domu, gfn, &err);
	if (!p) {
		selftest_check("dom0/foreign-map", false,
			       "d%u's offer or its map: error %d", domu, err);
		return;
	}
	for (i = 0; i < PAGE_WORDS && bad == PAGE_WORDS; i++)
		if (p[i] != pattern) {
			bad = i;
			seen = p[i];
		}
	for (i = 0; i < PAGE_WORDS && bad == PAGE_WORDS; i++)
		p[i] = ~pattern;
	rc = foreign_unmap((void *)p);
	probe_path(path, sizeof(path), domu, "token");
	snprintf(token, sizeof(token), "%lx", ~pattern);
	if (!rc)
		rc = xenstored_write(path, token);
	selftest_check("dom0/foreign-map", bad == PAGE_WORDS && !rc,
		       "d%u's gfn %#lx: word %u holds %#lx, not its pattern "
		       "%#lx; unmap, token: %d",
		       domu, gfn, bad, seen, pattern, rc);
	wait_gone(domu);
}

/* Compares (or, with set, copies) n bytes at gpa of domu with buf, page by page. */
static int pages_cmp(domid_t domu, uint64_t gpa, uint8_t *buf, uint64_t n,
		     bool set)
{
	uint64_t off, take;
	uint8_t *page;
	int err = 0, diff = 0;

	for (; n && !err && !diff; gpa += take, buf += take, n -= take) {
		off = gpa % PAGE_SIZE;
		take = PAGE_SIZE - off < n ? PAGE_SIZE - off : n;
		page = foreign_map(domu, gpa / PAGE_SIZE, &err);
		if (!page)
			break;
		if (set)
			memcpy(buf, page + off, take);
		else
			diff = memcmp(buf, page + off, take) ? -EILSEQ : 0;
		foreign_unmap(page);
	}
	return err ? err : diff;
}

/*
 * foreign_write() across more pages than one batch maps, from and to the
 * middle of a page, into the DomU paused (so it touches none of them):
 * each byte read back through foreign_map(), then the old bytes put back.
 */
static void test_foreign_write(domid_t domu, uint64_t pages)
{
	uint64_t n = 70 * PAGE_SIZE + 77, gpa = pages / 2 * PAGE_SIZE + 123, gfn = 0, i;
	uint8_t *old = malloc(n), *pattern = malloc(n);
	int rc = old && pattern ? ctl_pause(domu, true) : -ENOMEM;
	int got = -1, back = -1;

	if (!rc) {
		for (i = 0; i < n; i++)
			pattern[i] = (uint8_t)(i * 7 + i / PAGE_SIZE);
		rc = pages_cmp(domu, gpa, old, n, true);
		if (!rc)
			rc = foreign_write(domu, gpa, pattern, n, &gfn);
		if (!rc)
			got = pages_cmp(domu, gpa, pattern, n, false);
		if (!rc)
			back = foreign_write(domu, gpa, old, n, &gfn);
		ctl_pause(domu, false);
	}
	selftest_check("dom0/foreign-write", !rc && !got && !back,
		       "%lu bytes at %#lx of d%u: %d (gfn %#lx), read back %d, "
		       "restored %d", (unsigned long)n, (unsigned long)gpa, domu,
		       rc, (unsigned long)gfn, got, back);
	free(old);
	free(pattern);
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
	test_foreign_bad(domu, pages);
	test_foreign_write(domu, pages);
	test_domu_entries(domu);
	test_foreign(domu);	/* last: the DomU ends once it is done */
}
