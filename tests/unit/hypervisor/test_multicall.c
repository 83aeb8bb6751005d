/* SPDX-License-Identifier: MIT */
/*
 * multicall (hypervisor/hypercall.c): each entry runs as if made alone,
 * through the table's checks, its answer in its result field; a nested
 * multicall, a list too long or out of reach are refused as the docs say;
 * a 32-bit caller's entries are 32-bit words.
 */
#include <errno.h>
#include <string.h>
#include <xen/xen.h>
#include <xen/memory.h>
#include <xen/version.h>

#include <hv/hypercall.h>
#include <hv/param.h>

#include "harness.h"

#define NR_MEMORY_OP	12
#define NR_MULTICALL	13
#define NR_XEN_VERSION	17
#define NR_DOMCTL	36
#define XEN_4_17	((4 << 16) | 17)
#define UNTOUCHED	0x5a5a5a5aUL

/* A 32-bit caller's struct multicall_entry. */
struct entry32 {
	uint32_t op, result, args[6];
};

static struct multicall_entry *list(struct harness_guest *g)
{
	return harness_gpa(g, HC_BUF);
}

static void entries_run_as_alone(void)
{
	struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = 0x80000 };
	struct multicall_entry *e = list(&hc_domu);

	memcpy(harness_gpa(&hc_domu, HC_ARG), &x, sizeof(x));
	memset(e, 0, 5 * sizeof(*e));
	e[0].op = NR_XEN_VERSION;
	e[0].args[0] = XENVER_version;
	e[1].op = 99;				/* no such hypercall */
	e[2].op = NR_DOMCTL;			/* Dom0's alone */
	e[2].args[0] = HC_ARG;
	e[3].op = NR_MULTICALL;			/* nested */
	e[3].args[0] = HC_BUF;
	e[3].args[1] = 1;
	e[4].op = NR_MEMORY_OP;			/* no foreign mapping there */
	e[4].args[0] = XENMEM_remove_from_physmap;
	e[4].args[1] = HC_ARG;
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MULTICALL, HC_BUF, 5, 0), 0);
	CU_ASSERT_EQUAL(e[0].result, XEN_4_17);
	CU_ASSERT_EQUAL((long)e[1].result, -ENOSYS);
	CU_ASSERT_EQUAL((long)e[2].result, -EPERM);
	CU_ASSERT_EQUAL((long)e[3].result, -EINVAL);
	CU_ASSERT_EQUAL((long)e[4].result, -ENOENT);
}

static void bad_lists(void)
{
	struct multicall_entry *e = list(&hc_dom0);
	unsigned int i;

	for (i = 0; i <= MULTICALL_MAX_BATCH && (i + 1) * sizeof(*e) <= 4096; i++)
		e[i] = (struct multicall_entry){ .op = NR_XEN_VERSION,
						 .result = UNTOUCHED };
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BUF, 0, 0), 0);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BUF,
				MULTICALL_MAX_BATCH + 1, 0), -EINVAL);
	CU_ASSERT_EQUAL(e[0].result, UNTOUCHED);	/* none ran */
	/* nr_calls is 32 bits: the upper half of the register is not read */
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BUF, 1ul << 32, 0), 0);
	CU_ASSERT_EQUAL(e[0].result, UNTOUCHED);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BAD, 1, 0), -EFAULT);
	/* readable, not writable: the entry runs, its result cannot be put */
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_RO_GPA, 1, 0), -EFAULT);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BUF,
				MULTICALL_MAX_BATCH, 0), 0);
	CU_ASSERT_EQUAL(e[MULTICALL_MAX_BATCH - 1].result, XEN_4_17);
}

static void compat_entries(void)
{
	struct entry32 *e = harness_gpa(&hc_domu, HC_BUF);

	memset(e, 0, 3 * sizeof(*e));
	e[0].op = NR_XEN_VERSION;
	e[0].args[0] = XENVER_version;
	e[1].op = NR_MULTICALL;
	e[2].op = NR_DOMCTL;
	e[2].result = UNTOUCHED;
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_MULTICALL, HC_BUF, 2, 0), 0);
	CU_ASSERT_EQUAL(e[0].result, XEN_4_17);
	CU_ASSERT_EQUAL(e[1].result, (uint32_t)-EINVAL);
	CU_ASSERT_EQUAL(e[2].result, UNTOUCHED);	/* past nr_calls */
}

static const struct harness_test tests[] = {
	{ "entries_run_as_alone", entries_run_as_alone },
	{ "bad_lists", bad_lists },
	{ "compat_entries", compat_entries },
};

void suite_multicall(void)
{
	harness_add_suite_init("multicall", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
