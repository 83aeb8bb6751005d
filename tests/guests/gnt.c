/* SPDX-License-Identifier: MIT */
/* The test guests' grant-table helpers (see gnt.h). */
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include "gnt.h"
#include "pv.h"

#define WAIT_LIMIT	2000000UL	/* yields before a wait gives up */

long gnt_op(unsigned int cmd, void *uop, unsigned long count)
{
	return HYPERCALL3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

long gnt_init(unsigned int nr_frames)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF,
					 .nr_frames = nr_frames };
	xen_pfn_t frames[8];
	struct xen_add_to_physmap xatp = { .domid = DOMID_SELF,
					   .space = XENMAPSPACE_grant_table };
	unsigned int i;
	long rc;

	set_xen_guest_handle(st.frame_list, frames);
	rc = gnt_op(GNTTABOP_setup_table, &st, 1);
	if (rc || st.status)
		return rc ? rc : st.status;
	for (i = 0; i < nr_frames; i++) {
		xatp.idx = i;
		xatp.gpfn = (GNT_TABLE_GPA >> 12) + i;
		rc = HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				&xatp);
		if (rc)
			return rc;
	}
	return 0;
}

struct grant_entry_v1 *gnt_entry(grant_ref_t ref)
{
	return (struct grant_entry_v1 *)GNT_TABLE_GPA + ref;
}

void gnt_grant(grant_ref_t ref, domid_t to, const void *page, bool ro)
{
	struct grant_entry_v1 *e = gnt_entry(ref);

	e->frame = (uint32_t)((uintptr_t)page >> 12);
	e->domid = to;
	__atomic_store_n(&e->flags,
			 (uint16_t)(GTF_permit_access | (ro ? GTF_readonly : 0)),
			 __ATOMIC_RELEASE);
}

bool gnt_end(grant_ref_t ref)
{
	struct grant_entry_v1 *e = gnt_entry(ref);
	uint16_t old = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);

	if (old & (GTF_reading | GTF_writing))
		return false;
	return __atomic_compare_exchange_n(&e->flags, &old, 0, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int16_t gnt_map(domid_t dom, grant_ref_t ref, uint64_t gpa, bool ro,
		grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = gpa, .ref = ref, .dom = dom,
		.flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0),
	};

	if (gnt_op(GNTTABOP_map_grant_ref, &op, 1))
		return GNTST_general_error;
	if (handle)
		*handle = op.handle;
	return op.status;
}

int16_t gnt_unmap(uint64_t gpa, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = gpa,
					     .handle = handle };

	if (gnt_op(GNTTABOP_unmap_grant_ref, &op, 1))
		return GNTST_general_error;
	return op.status;
}

void gnt_yield(void)
{
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

int16_t gnt_map_wait(domid_t dom, grant_ref_t ref, uint64_t gpa, bool ro,
		     grant_handle_t *handle)
{
	unsigned long n;
	int16_t st = GNTST_general_error;

	for (n = 0; n < WAIT_LIMIT; n++) {
		st = gnt_map(dom, ref, gpa, ro, handle);
		if (st != GNTST_general_error)
			break;
		gnt_yield();
	}
	return st;
}

bool gnt_wait(volatile uint32_t *word, uint32_t value)
{
	unsigned long n;

	for (n = 0; n < WAIT_LIMIT; n++) {
		if (*word >= value)
			return true;
		gnt_yield();
	}
	return false;
}

bool gnt_wait_death(domid_t dom)
{
	struct gnttab_query_size q;
	unsigned long n;

	for (n = 0; n < WAIT_LIMIT; n++) {
		q = (struct gnttab_query_size){ .dom = dom };
		if (!gnt_op(GNTTABOP_query_size, &q, 1) &&
		    q.status == GNTST_bad_domain)
			return true;
		gnt_yield();
	}
	return false;
}

uint64_t gnt_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t gnt_running_ns(void)
{
	struct vcpu_runstate_info r;

	if (HYPERCALL3(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, &r))
		return 0;
	return r.time[RUNSTATE_running];
}

long gnt_reservation(domid_t dom, bool maximum)
{
	return HYPERCALL2(__HYPERVISOR_memory_op,
			  maximum ? XENMEM_maximum_reservation
				  : XENMEM_current_reservation,
			  &dom);
}
