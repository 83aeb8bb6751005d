/* SPDX-License-Identifier: MIT */
/*
 * Foreign mappings through memory_op (hypervisor/memory.c, foreign.c), and
 * unmapped by multicall as Dom0 does.
 */
#include <errno.h>
#include <string.h>
#include <xen/memory.h>

#include <hv/foreign.h>
#include <hv/hypercall.h>

#include "harness.h"

#define NR_MEMORY_OP	12
#define NR_MULTICALL	13
#define HOLE_GFN	0x80000ULL	/* above every fixture domain's RAM */
#define DOMU_GFN	3ULL		/* a RAM frame of the DomU */

/*
 * The batch header at HC_ARG saying size entries, the first n of
 * idxs/gpfns/errs at HC_BUF + 0/0x100/0x200.
 */
static long batch_sized(struct harness_guest *g, domid_t foreign,
			unsigned int size, unsigned int n,
			const xen_ulong_t *idxs, const xen_pfn_t *gpfns,
			int *errs)
{
	struct xen_add_to_physmap_batch b;
	uint64_t h;
	long rc;

	memset(&b, 0, sizeof(b));
	b.domid = DOMID_SELF;
	b.space = XENMAPSPACE_gmfn_foreign;
	b.size = (uint16_t)size;
	b.u.foreign_domid = foreign;
	h = HC_BUF;
	memcpy(&b.idxs, &h, sizeof(h));
	h = HC_BUF + 0x100;
	memcpy(&b.gpfns, &h, sizeof(h));
	h = HC_BUF + 0x200;
	memcpy(&b.errs, &h, sizeof(h));
	memcpy(harness_gpa(g, HC_ARG), &b, sizeof(b));
	memcpy(harness_gpa(g, HC_BUF), idxs, n * sizeof(*idxs));
	memcpy(harness_gpa(g, HC_BUF + 0x100), gpfns, n * sizeof(*gpfns));
	rc = hc_call(g, NR_MEMORY_OP, XENMEM_add_to_physmap_batch, HC_ARG, 0);
	memcpy(errs, harness_gpa(g, HC_BUF + 0x200), n * sizeof(*errs));
	return rc;
}

static long batch(struct harness_guest *g, domid_t foreign, unsigned int n,
		  const xen_ulong_t *idxs, const xen_pfn_t *gpfns, int *errs)
{
	return batch_sized(g, foreign, n, n, idxs, gpfns, errs);
}

static long unmap(struct harness_guest *g, uint64_t gpfn)
{
	struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = gpfn };

	memcpy(harness_gpa(g, HC_ARG), &x, sizeof(x));
	return hc_call(g, NR_MEMORY_OP, XENMEM_remove_from_physmap, HC_ARG, 0);
}

static void map_write_unmap(void)
{
	xen_ulong_t idx = DOMU_GFN;
	xen_pfn_t gpfn = HOLE_GFN;
	int err = 1;
	char *p;

	CU_ASSERT_EQUAL(batch(&hc_dom0, HC_DOMU, 1, &idx, &gpfn, &err), 0);
	CU_ASSERT_EQUAL(err, 0);
	p = harness_gpa(&hc_dom0, HOLE_GFN << 12);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	strcpy(p, "from dom0");
	CU_ASSERT_STRING_EQUAL(harness_gpa(&hc_domu, DOMU_GFN << 12), "from dom0");
	CU_ASSERT_EQUAL(unmap(&hc_dom0, HOLE_GFN), 0);
	CU_ASSERT_PTR_NULL(harness_gpa(&hc_dom0, HOLE_GFN << 12));
	CU_ASSERT_EQUAL(unmap(&hc_dom0, HOLE_GFN), -ENOENT);
}

/* Each entry fails alone, with its own errno; the good one is mapped. */
static void bad_entries(void)
{
	xen_ulong_t idxs[4] = { DOMU_GFN, HC_BAD >> 12, DOMU_GFN, DOMU_GFN };
	xen_pfn_t gpfns[4] = { 2 /* dom0's RAM */, HOLE_GFN, 1ULL << 40,
			       HOLE_GFN + 1 };
	int errs[4];

	CU_ASSERT_EQUAL(batch(&hc_dom0, HC_DOMU, 4, idxs, gpfns, errs), 0);
	CU_ASSERT_EQUAL(errs[0], -EBUSY);
	CU_ASSERT_EQUAL(errs[1], -EINVAL);
	CU_ASSERT_EQUAL(errs[2], -EINVAL);
	CU_ASSERT_EQUAL(errs[3], 0);
	CU_ASSERT_EQUAL(unmap(&hc_dom0, HOLE_GFN + 1), 0);
}

static void bad_calls(void)
{
	xen_ulong_t idx = DOMU_GFN;
	xen_pfn_t gpfn = HOLE_GFN;
	int err = 1;

	/* a DomU may not map foreign frames, not even Dom0's */
	CU_ASSERT_EQUAL(batch(&hc_domu, 0, 1, &idx, &gpfn, &err), -EPERM);
	CU_ASSERT_PTR_NULL(harness_gpa(&hc_domu, HOLE_GFN << 12));
	CU_ASSERT_EQUAL(batch(&hc_dom0, 9, 1, &idx, &gpfn, &err), -ESRCH);
	CU_ASSERT_EQUAL(batch(&hc_dom0, 0, 1, &idx, &gpfn, &err), 0);
	CU_ASSERT_EQUAL(err, -EINVAL);	/* its own frames */
	CU_ASSERT_EQUAL(batch_sized(&hc_dom0, HC_DOMU, MAX_FOREIGN_BATCH + 1,
				    1, &idx, &gpfn, &err), -EINVAL);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MEMORY_OP,
				XENMEM_add_to_physmap_batch, HC_BAD, 0), -EFAULT);
	CU_ASSERT_EQUAL(unmap(&hc_domu, HOLE_GFN), -ENOENT);
}

/*
 * Dom0's foreign_write() unmaps a batch with one multicall of
 * remove_from_physmap: every mapping goes, each entry with its own answer.
 */
static void batch_unmapped_by_multicall(void)
{
	xen_ulong_t idxs[4] = { DOMU_GFN, DOMU_GFN + 1, DOMU_GFN + 2, DOMU_GFN + 3 };
	xen_pfn_t gpfns[4] = { HOLE_GFN, HOLE_GFN + 1, HOLE_GFN + 2, HOLE_GFN + 3 };
	struct xen_remove_from_physmap x[5];
	struct multicall_entry e[5];
	int errs[4];
	unsigned int i;

	CU_ASSERT_EQUAL(batch(&hc_dom0, HC_DOMU, 4, idxs, gpfns, errs), 0);
	for (i = 0; i < 5; i++) {
		/* the fifth: a gpfn with no mapping */
		x[i] = (struct xen_remove_from_physmap){ .domid = DOMID_SELF,
							  .gpfn = HOLE_GFN + i };
		e[i] = (struct multicall_entry){ .op = NR_MEMORY_OP, .args = {
			XENMEM_remove_from_physmap, HC_ARG + i * sizeof(x[0]) } };
	}
	memcpy(harness_gpa(&hc_dom0, HC_ARG), x, sizeof(x));
	memcpy(harness_gpa(&hc_dom0, HC_BUF), e, sizeof(e));
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_MULTICALL, HC_BUF, 5, 0), 0);
	memcpy(e, harness_gpa(&hc_dom0, HC_BUF), sizeof(e));
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(e[i].result, 0);
		CU_ASSERT_PTR_NULL(harness_gpa(&hc_dom0, (HOLE_GFN + i) << 12));
	}
	CU_ASSERT_EQUAL((long)e[4].result, -ENOENT);
}

/*
 * The owner's end revokes the mapping: Dom0's gpfn reaches a scratch frame
 * until Dom0 unmaps it, and the scratch frame goes with the last unmap.
 */
static void owner_dies(void)
{
	xen_ulong_t idx = DOMU_GFN;
	xen_pfn_t gpfn = HOLE_GFN;
	int err = 1;
	uint8_t *before, *after;
	unsigned long free_before;

	CU_ASSERT_EQUAL(batch(&hc_dom0, HC_DOMU, 1, &idx, &gpfn, &err), 0);
	CU_ASSERT_EQUAL(err, 0);
	before = harness_gpa(&hc_dom0, HOLE_GFN << 12);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	before[0] = 0x5a;
	free_before = page_alloc_free_count();
	foreign_domain_destroy(&hc_domu.d);
	/* A stale access reaches a scratch frame, never the dead one's. */
	after = harness_gpa(&hc_dom0, HOLE_GFN << 12);
	CU_ASSERT_PTR_NOT_NULL_FATAL(after);
	CU_ASSERT_PTR_NOT_EQUAL(after, before);
	CU_ASSERT_EQUAL(after[0], 0);
	CU_ASSERT_EQUAL(page_alloc_free_count(), free_before - 1);
	CU_ASSERT_EQUAL(unmap(&hc_dom0, HOLE_GFN), 0);
	CU_ASSERT_PTR_NULL(harness_gpa(&hc_dom0, HOLE_GFN << 12));
	/*
	 * The scratch frame went, and so did the leaf table the hole's mapping
	 * took and the table of rows, with no mapping left.
	 */
	CU_ASSERT_EQUAL(page_alloc_free_count(), free_before + 2);
	CU_ASSERT_EQUAL(unmap(&hc_dom0, HOLE_GFN), -ENOENT);
}

static const struct harness_test tests[] = {
	{ "map_write_unmap", map_write_unmap },
	{ "bad_entries", bad_entries },
	{ "bad_calls", bad_calls },
	{ "batch_unmapped_by_multicall", batch_unmapped_by_multicall },
	{ "owner_dies", owner_dies },
};

void suite_foreign(void)
{
	harness_add_suite_init("foreign", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
