/* SPDX-License-Identifier: MIT */
/* Selftests of the grant-table client. */
#include <errno.h>
#include <stddef.h>
#include "../kernel/page_alloc.h"
#include "../kernel/paging.h"
#include "../kernel/selftest.h"
#include "gnttab.h"
#include "hypercall.h"
#include "selftest.h"
#include "xen.h"

#define HOLE_GPA	0x80000000ull	/* 2 GiB: never this kernel's RAM */

static uint8_t page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void test_grant_entry(void)
{
	uint64_t gfn = (uintptr_t)page / PAGE_SIZE;
	int ref = gnttab_grant_access(0, gfn, true);
	const struct grant_entry_v1 *e = ref >= 0 ? gnttab_entry(ref) : NULL;
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	long rc = hypercall_grant_table_op(GNTTABOP_query_size, &qs, 1);

	selftest_check("pv/gnttab-table", !rc && qs.status == GNTST_okay &&
						  qs.nr_frames >= GNTTAB_FRAMES,
		       "query_size %ld, status %d, %u frames", rc, qs.status,
		       qs.nr_frames);
	selftest_check("pv/gnttab-grant",
		       e && ref >= GNTTAB_NR_RESERVED_ENTRIES && e->domid == 0 &&
			       e->frame == gfn &&
			       e->flags == (GTF_permit_access | GTF_readonly),
		       "ref %d", ref);
	if (!e)
		return;
	/* What the hypervisor sets while the grantee has the page mapped. */
	__atomic_fetch_or((uint16_t *)&e->flags, GTF_reading, __ATOMIC_SEQ_CST);
	rc = gnttab_end_access((grant_ref_t)ref);
	__atomic_fetch_and((uint16_t *)&e->flags, (uint16_t)~GTF_reading,
			   __ATOMIC_SEQ_CST);
	selftest_check("pv/gnttab-end-while-mapped", rc == -EBUSY,
		       "ending a mapped grant gave %ld", rc);
	rc = gnttab_end_access((grant_ref_t)ref);
	selftest_check("pv/gnttab-end", !rc && !e->flags &&
					       gnttab_end_access(ref) == -EINVAL,
		       "end %ld, flags %#x after", rc, e->flags);
}

/* Every reference once, then all back: the allocator loses none. */
static void test_exhaust(void)
{
	unsigned int n = 0, i;
	int ref, last = 0;

	while ((ref = gnttab_grant_access(0, 1, true)) >= 0) {
		n++;
		last = ref;
	}
	for (i = GNTTAB_NR_RESERVED_ENTRIES; i < GNTTAB_ENTRIES; i++)
		gnttab_end_access(i);
	selftest_check("pv/gnttab-exhaust",
		       ref == -ENOSPC &&
			       n == GNTTAB_ENTRIES - GNTTAB_NR_RESERVED_ENTRIES &&
			       gnttab_used_count() == 0,
		       "%u references (last %d, then %d), %u still used", n,
		       last, ref, gnttab_used_count());
}

static void test_map_refused(void)
{
	grant_handle_t h;
	int self = gnttab_map(xen.domid, GNTTAB_NR_RESERVED_ENTRIES, HOLE_GPA,
			      true, &h);
	int unmap = gnttab_unmap(0x7fff, HOLE_GPA);

	selftest_check("pv/gnttab-map-bad-arguments",
		       self == -ESRCH && unmap == -EINVAL,
		       "mapping our own grant gave %d, a bad unmap %d", self,
		       unmap);
}

/*
 * A hypercall argument at a virtual address that is then mapped to
 * another page: the second call must read and write the new page (the
 * hypervisor's walk of our page tables may remember the first one, but
 * must see the entry change).
 */
static void test_args_remapped(void)
{
	static const uint64_t va = 0x7f0000000000ull;	/* nothing else here */
	uint64_t pa[2] = { page_alloc(), page_alloc() };
	struct gnttab_query_size *q[2];
	long rc[2] = { -1, -1 };
	bool first_ok = false;
	unsigned int i;

	if (!pa[0] || !pa[1]) {
		selftest_check("pv/hypercall-args-remapped", false, "no pages");
		return;
	}
	for (i = 0; i < 2; i++) {
		q[i] = (struct gnttab_query_size *)(uintptr_t)pa[i];
		*q[i] = (struct gnttab_query_size){ .dom = DOMID_SELF,
						    .status = 99 };
	}
	for (i = 0; i < 2; i++) {
		if (paging_map(va, pa[i], PAGING_WRITE))
			break;
		rc[i] = hypercall_grant_table_op(GNTTABOP_query_size,
						 (void *)(uintptr_t)va, 1);
		paging_unmap(va);
		if (!i) {	/* only the page mapped now may change */
			first_ok = q[0]->status == GNTST_okay;
			*q[0] = (struct gnttab_query_size){ .dom = DOMID_SELF,
							    .status = 99 };
		}
	}
	selftest_check("pv/hypercall-args-remapped",
		       !rc[0] && !rc[1] && first_ok && q[0]->status == 99 &&
			       q[1]->status == GNTST_okay && q[1]->nr_frames,
		       "rc %ld %ld, old page status %d, new page status %d",
		       rc[0], rc[1], q[0]->status, q[1]->status);
	page_free_n(pa[0], 1);
	page_free_n(pa[1], 1);
}

void selftest_gnttab(void)
{
	selftest_check("pv/gnttab-ready", gnttab_ready(),
		       "grant tables offered but not started");
	if (!gnttab_ready())
		return;
	test_grant_entry();
	test_exhaust();
	test_map_refused();
	test_args_remapped();
}
