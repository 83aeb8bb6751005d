/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls from 32-bit code (Xen's compat ABI): the arguments come in
 * EBX, ECX, EDX, ESI, EDI, and a structure holding a pointer, an unsigned
 * long or a 64-bit field after a 32-bit one is laid out differently
 * (<hv/compat.h>).  The hypercall table names, per hypercall, the handler
 * 32-bit callers get: the native one where every sub-op's structures read
 * the same, else one of the handlers below.  Each reads the i386 layout,
 * turns it into the native structure and runs the native act half, so the
 * checks and errors are the native ones; what it writes back is in the
 * i386 layout.  Sub-ops whose structures read the same go to the native
 * handler.
 */
#include <errno.h>
#include <string.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <asm/hvm.h>
#include <hv/compat.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/memory.h>
#include <hv/runstate.h>
#include <hv/time.h>

/* A 32-bit guest handle as the address the native code reads. */
#define compat_ptr(type, h)	((type *)(uintptr_t)(h))

static struct guest_ulongs compat_ulongs(uint32_t handle)
{
	return (struct guest_ulongs){ handle, 4 };
}

/* XENMEM_{increase,decrease}_reservation, XENMEM_populate_physmap. */
static long compat_reservation(struct vcpu *v, unsigned int cmd,
			       unsigned long start, unsigned long arg)
{
	struct compat_memory_reservation c;
	struct xen_memory_reservation r;
	struct guest_ulongs extents;

	if (copy_from_guest(v, &c, arg, sizeof(c)))
		return -EFAULT;
	memset(&r, 0, sizeof(r));
	r.nr_extents = c.nr_extents;
	r.extent_order = c.extent_order;
	r.mem_flags = c.mem_flags;
	r.domid = c.domid;
	extents = compat_ulongs(c.extent_start);
	return memory_reservation(v, cmd, start, &r, &extents);
}

static long compat_memory_map(struct vcpu *v, unsigned long arg)
{
	struct compat_memory_map c;
	long rc;

	if (copy_from_guest(v, &c, arg, sizeof(c)))
		return -EFAULT;
	rc = memory_map_put(v, &c.nr_entries, c.buffer);
	if (rc)
		return rc;
	return copy_to_guest(v, arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static long compat_add_to_physmap(struct vcpu *v, unsigned long arg)
{
	struct compat_add_to_physmap c;
	struct xen_add_to_physmap x;

	if (copy_from_guest(v, &c, arg, sizeof(c)))
		return -EFAULT;
	x = (struct xen_add_to_physmap){ .domid = c.domid, .size = c.size,
					 .space = c.space, .idx = c.idx,
					 .gpfn = c.gpfn };
	return memory_add_to_physmap(v, &x);
}

static long compat_add_to_physmap_batch(struct vcpu *v, unsigned long arg)
{
	struct compat_add_to_physmap_batch c;
	struct xen_add_to_physmap_batch b;
	struct guest_ulongs idxs, gpfns;

	if (copy_from_guest(v, &c, arg, sizeof(c)))
		return -EFAULT;
	memset(&b, 0, sizeof(b));
	b.domid = c.domid;
	b.space = c.space;
	b.size = c.size;
	b.u.foreign_domid = c.foreign_domid;
	b.errs.p = compat_ptr(int, c.errs);
	idxs = compat_ulongs(c.idxs);
	gpfns = compat_ulongs(c.gpfns);
	return memory_add_to_physmap_batch(v, &b, &idxs, &gpfns);
}

static long compat_remove_from_physmap(struct vcpu *v, unsigned long arg)
{
	struct compat_remove_from_physmap c;
	struct xen_remove_from_physmap x;

	if (copy_from_guest(v, &c, arg, sizeof(c)))
		return -EFAULT;
	x = (struct xen_remove_from_physmap){ .domid = c.domid,
					      .gpfn = c.gpfn };
	return memory_remove_from_physmap(v, &x);
}

/*
 * memory_op: the current and maximum reservation (a domid_t) read the
 * same; what else there is reads differently and is not offered here.
 */
long compat_memory_op(struct vcpu *v, const unsigned long *args)
{
	unsigned int cmd = args[0] & MEMOP_CMD_MASK;

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return compat_reservation(v, cmd, args[0] >> MEMOP_EXTENT_SHIFT,
					  args[1]);
	case XENMEM_add_to_physmap:
		return compat_add_to_physmap(v, args[1]);
	case XENMEM_add_to_physmap_batch:
		return compat_add_to_physmap_batch(v, args[1]);
	case XENMEM_remove_from_physmap:
		return compat_remove_from_physmap(v, args[1]);
	case XENMEM_memory_map:
		return compat_memory_map(v, args[1]);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		return do_memory_op(v, args);
	default:
		return -ENOSYS;
	}
}

/* sched_op: poll's struct sched_poll holds a guest handle. */
long compat_sched_op(struct vcpu *v, const unsigned long *args)
{
	struct compat_sched_poll c;

	if (args[0] != SCHEDOP_poll)
		return do_sched_op(v, args);
	if (copy_from_guest(v, &c, args[1], sizeof(c)))
		return -EFAULT;
	return evtchn_poll_ports(v, c.ports, c.nr_ports, c.timeout);
}

/* xen_version: platform_parameters holds an unsigned long. */
long compat_xen_version(struct vcpu *v, const unsigned long *args)
{
	/* A PVH guest owns its whole address space: no hole for Xen. */
	struct compat_platform_parameters pp = { .virt_start = 0 };

	if (args[0] != XENVER_platform_parameters)
		return do_xen_version(v, args);
	return copy_to_guest(v, args[1], &pp, sizeof(pp)) ? -EFAULT : 0;
}

/*
 * vcpu_op: the runstate area and get_runstate_info are in the i386 layout
 * (44 bytes, not 48); a singleshot timer's struct is 12 bytes, not 16.
 * As Xen does, only the low 4 bytes of the area's address are read (the
 * 32-bit handle of the union).
 */
long compat_vcpu_op(struct vcpu *v, const unsigned long *args)
{
	struct domain *d = v->domain;
	unsigned long id = args[1];
	struct compat_singleshot_timer cs;
	struct vcpu_set_singleshot_timer ss;
	struct compat_runstate_info cr;
	struct vcpu_runstate_info r;
	struct vcpu *target;
	uint32_t area;

	switch (args[0]) {
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_get_runstate_info:
	case VCPUOP_set_singleshot_timer:
		break;
	default:
		return do_vcpu_op(v, args);
	}
	if (id >= d->max_vcpus || !d->vcpu[id])
		return -ENOENT;
	target = d->vcpu[id];
	switch (args[0]) {
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(v, &area, args[2], sizeof(area)))
			return -EFAULT;
		return runstate_register(v, target, area, true);
	case VCPUOP_get_runstate_info:
		runstate_get(target, &r);
		runstate_to_compat(&r, &cr);
		return copy_to_guest(v, args[2], &cr, sizeof(cr)) ? -EFAULT : 0;
	default:
		if (copy_from_guest(v, &cs, args[2], sizeof(cs)))
			return -EFAULT;
		ss = (struct vcpu_set_singleshot_timer){
			.timeout_abs_ns = cs.timeout_abs_ns, .flags = cs.flags };
		return time_set_singleshot(v, target, &ss);
	}
}

/* GNTTABOP_setup_table: the frames are written as 4-byte numbers. */
static long compat_setup_table(struct vcpu *v, unsigned long uop)
{
	struct compat_gnttab_setup_table c;
	struct gnttab_setup_table op;
	struct guest_ulongs frames;

	if (copy_from_guest(v, &c, uop, sizeof(c)))
		return -EFAULT;
	memset(&op, 0, sizeof(op));
	op.dom = c.dom;
	op.nr_frames = c.nr_frames;
	frames = compat_ulongs(c.frame_list);
	gnttab_op_setup_table(v, &op, &frames);
	c.status = op.status;
	return copy_to_guest(v, uop, &c, sizeof(c)) ? -EFAULT : 0;
}

/* One GNTTABOP_copy segment in the i386 layout: run native, status back. */
static void compat_copy_one(struct domain *ld, void *op)
{
	struct compat_gnttab_copy *c = op;
	struct gnttab_copy n;

	memset(&n, 0, sizeof(n));
	if (c->flags & GNTCOPY_source_gref)
		n.source.u.ref = c->source.u;
	else
		n.source.u.gmfn = c->source.u;
	if (c->flags & GNTCOPY_dest_gref)
		n.dest.u.ref = c->dest.u;
	else
		n.dest.u.gmfn = c->dest.u;
	n.source.domid = c->source.domid;
	n.source.offset = c->source.offset;
	n.dest.domid = c->dest.domid;
	n.dest.offset = c->dest.offset;
	n.len = c->len;
	n.flags = c->flags;
	gnttab_copy(ld, &n);
	c->status = n.status;
}

/*
 * grant_table_op: map, unmap, swap and the size and version queries read the
 * same; setup_table holds a guest handle, copy a xen_pfn_t.
 */
long compat_grant_table_op(struct vcpu *v, const unsigned long *args)
{
	unsigned long uop = args[1], count = args[2];

	switch (args[0]) {
	case GNTTABOP_setup_table:
		return count != 1 ? -EINVAL : compat_setup_table(v, uop);
	case GNTTABOP_copy:
		return gnttab_op_batch(v, uop, count,
				       sizeof(struct compat_gnttab_copy),
				       compat_copy_one);
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_swap_grant_ref:
	case GNTTABOP_query_size:
	case GNTTABOP_set_version:
	case GNTTABOP_get_version:
		return do_grant_table_op(v, args);
	default:
		return -ENOSYS;
	}
}

/*
 * physdev_op: map_pirq holds a u64 after seven 4-byte fields; the other
 * sub-ops' structures read the same.
 */
long compat_physdev_op(struct vcpu *v, const unsigned long *args)
{
	struct compat_physdev_map_pirq c;
	struct physdev_map_pirq m;
	long rc;

	if (args[0] != PHYSDEVOP_map_pirq)
		return do_physdev_op(v, args);
	if (copy_from_guest(v, &c, args[1], sizeof(c)))
		return -EFAULT;
	m = (struct physdev_map_pirq){ .domid = c.domid, .type = c.type,
				       .index = c.index, .pirq = c.pirq,
				       .bus = c.bus, .devfn = c.devfn,
				       .entry_nr = c.entry_nr,
				       .table_base = c.table_base };
	rc = physdev_map_pirq(v, &m);
	if (rc)
		return rc;
	c.index = m.index;
	c.pirq = m.pirq;
	return copy_to_guest(v, args[1], &c, sizeof(c)) ? -EFAULT : 0;
}

/* set_timer_op(u64 timeout): the low half in EBX, the high half in ECX. */
long compat_set_timer_op(struct vcpu *v, const unsigned long *args)
{
	unsigned long timeout[1] = { (args[1] << 32) | args[0] };

	return do_set_timer_op(v, timeout);
}
