/* SPDX-License-Identifier: MIT */
/*
 * Xen's compat ABI: the structures of Xen's public headers as 32-bit (i386)
 * code lays them out, for the ones that read differently from the 64-bit
 * layout.  In i386 code a pointer, a guest handle, an unsigned long,
 * xen_ulong_t and xen_pfn_t are 4 bytes, and a uint64_t is aligned on 4
 * bytes only, so a structure holding one of those moves its later fields.
 * Each layout here is checked against its i386 size (the size Xen's compat
 * headers give it); the 32-bit test guest, built with -m32 against Xen's
 * own headers, checks the offsets end to end.
 *
 * compat.c turns each of these into its native structure and calls the
 * native act half; runstate.c writes struct compat_runstate_info.
 */
#ifndef HV_COMPAT_H
#define HV_COMPAT_H

#include <xen/xen.h>
#include <xen/vcpu.h>
#include <hv/types.h>

/* A uint64_t as i386 code aligns it. */
typedef uint64_t compat_u64 __attribute__((aligned(4)));

/* XENMEM_{increase,decrease}_reservation, XENMEM_populate_physmap. */
struct compat_memory_reservation {
	uint32_t extent_start;		/* handle: xen_pfn_t (4 bytes) each */
	uint32_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;
	uint16_t domid;
};

/* XENMEM_memory_map: entries are 20-byte E820 records in both ABIs. */
struct compat_memory_map {
	uint32_t nr_entries;
	uint32_t buffer;
};

/* XENMEM_add_to_physmap. */
struct compat_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint32_t idx;			/* xen_ulong_t */
	uint32_t gpfn;			/* xen_pfn_t */
};

/* XENMEM_add_to_physmap_batch: idxs and gpfns hold 4-byte elements. */
struct compat_add_to_physmap_batch {
	uint16_t domid;
	uint16_t space;
	uint16_t size;
	uint16_t foreign_domid;
	uint32_t idxs, gpfns, errs;	/* handles */
};

/* XENMEM_remove_from_physmap. */
struct compat_remove_from_physmap {
	uint16_t domid;
	uint32_t gpfn;
};

/* SCHEDOP_poll. */
struct compat_sched_poll {
	uint32_t ports;			/* handle: evtchn_port_t each */
	uint32_t nr_ports;
	compat_u64 timeout;
};

/* XENVER_platform_parameters. */
struct compat_platform_parameters {
	uint32_t virt_start;
};

/* The runstate area and VCPUOP_get_runstate_info. */
struct compat_runstate_info {
	int32_t state;
	compat_u64 state_entry_time;
	compat_u64 time[4];
};

/* r in the i386 layout (the area, VCPUOP_get_runstate_info). */
static inline void runstate_to_compat(const struct vcpu_runstate_info *r,
				      struct compat_runstate_info *c)
{
	unsigned int i;

	c->state = r->state;
	c->state_entry_time = r->state_entry_time;
	for (i = 0; i < 4; i++)
		c->time[i] = r->time[i];
}

/* VCPUOP_set_singleshot_timer. */
struct compat_singleshot_timer {
	compat_u64 timeout_abs_ns;
	uint32_t flags;
};

/* GNTTABOP_setup_table: frame_list holds 4-byte frame numbers. */
struct compat_gnttab_setup_table {
	uint16_t dom;
	uint32_t nr_frames;
	int16_t status;
	uint32_t frame_list;		/* handle */
};

/* One end of a GNTTABOP_copy segment: a grant reference or a frame. */
struct compat_gnttab_copy_ptr {
	uint32_t u;			/* grant_ref_t or xen_pfn_t */
	uint16_t domid;
	uint16_t offset;
};

/* GNTTABOP_copy, one segment. */
struct compat_gnttab_copy {
	struct compat_gnttab_copy_ptr source, dest;
	uint16_t len;
	uint16_t flags;
	int16_t status;
};

/*
 * vcpu_info in the i386 layout: the selector is 32 bits at 4, the arch
 * part (cr2 and padding) 24 bytes; the time info is at 32 in both.
 */
struct compat_vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint16_t pad;
	uint32_t evtchn_pending_sel;
	uint32_t cr2;
	uint32_t arch_pad[5];
	struct vcpu_time_info time;
};

/*
 * shared_info in the i386 layout: 32-bit event words (1,024 ports), so
 * the mask and the wall clock sit earlier; wc_sec_hi moves to the end of
 * the arch part.
 */
struct compat_shared_info {
	struct compat_vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint32_t evtchn_pending[32];
	uint32_t evtchn_mask[32];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t max_pfn;
	uint32_t pfn_to_mfn_frame_list_list;
	uint32_t nmi_reason;
	uint32_t p2m_cr3;
	uint32_t p2m_vaddr;
	uint32_t p2m_generation;
	uint32_t wc_sec_hi;
};

/* PHYSDEVOP_map_pirq: table_base is a 4-aligned u64 at 28. */
struct compat_physdev_map_pirq {
	uint16_t domid;
	int32_t type;
	int32_t index;
	int32_t pirq;
	int32_t bus;
	int32_t devfn;
	int32_t entry_nr;
	compat_u64 table_base;
};

_Static_assert(sizeof(struct compat_memory_reservation) == 20, "i386 size");
_Static_assert(sizeof(struct compat_memory_map) == 8, "i386 size");
_Static_assert(sizeof(struct compat_add_to_physmap) == 16, "i386 size");
_Static_assert(sizeof(struct compat_add_to_physmap_batch) == 20, "i386 size");
_Static_assert(sizeof(struct compat_remove_from_physmap) == 8, "i386 size");
_Static_assert(sizeof(struct compat_sched_poll) == 16, "i386 size");
_Static_assert(sizeof(struct compat_runstate_info) == 44, "i386 size");
_Static_assert(sizeof(struct compat_singleshot_timer) == 12, "i386 size");
_Static_assert(sizeof(struct compat_gnttab_setup_table) == 16, "i386 size");
_Static_assert(sizeof(struct compat_gnttab_copy) == 24, "i386 size");
_Static_assert(sizeof(struct compat_physdev_map_pirq) == 36, "i386 size");
_Static_assert(sizeof(struct compat_vcpu_info) == 64, "i386 size");
_Static_assert(sizeof(struct compat_shared_info) == 2344, "i386 size");

#endif
