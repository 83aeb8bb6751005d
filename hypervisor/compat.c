/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls from 32-bit code (Xen's compat ABI): the arguments come in
 * EBX, ECX, EDX, ESI, EDI, and a structure holding a pointer, an unsigned
 * long or a 64-bit field after a 32-bit one is laid out differently (4-byte
 * pointers and longs, uint64_t 4-byte aligned).  The hypercall table names,
 * per hypercall, the handler 32-bit callers get: the native one where every
 * sub-op's structures read the same, one of the filters below where some do
 * not, or none.  What the filters refuse answers -ENOSYS until it is
 * translated; docs/hypercalls.md lists it.
 */
#include <errno.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <hv/hypercall.h>

/* sched_op: poll's struct sched_poll holds a guest handle. */
long compat_sched_op(struct vcpu *v, const unsigned long *args)
{
	if (args[0] == SCHEDOP_poll)
		return -ENOSYS;
	return do_sched_op(v, args);
}

/* xen_version: platform_parameters holds an unsigned long. */
long compat_xen_version(struct vcpu *v, const unsigned long *args)
{
	if (args[0] == XENVER_platform_parameters)
		return -ENOSYS;
	return do_xen_version(v, args);
}

/*
 * vcpu_op: struct vcpu_runstate_info has a uint64_t after an int (44 bytes
 * in 32-bit code, 48 here), and the area is written in that layout.
 */
long compat_vcpu_op(struct vcpu *v, const unsigned long *args)
{
	switch (args[0]) {
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_get_runstate_info:
		return -ENOSYS;
	default:
		return do_vcpu_op(v, args);
	}
}

/*
 * grant_table_op: map, unmap and the size and version queries read the
 * same; setup_table holds a guest handle, copy a xen_pfn_t.
 */
long compat_grant_table_op(struct vcpu *v, const unsigned long *args)
{
	switch (args[0]) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_query_size:
	case GNTTABOP_set_version:
	case GNTTABOP_get_version:
		return do_grant_table_op(v, args);
	default:
		return -ENOSYS;
	}
}

/* set_timer_op(u64 timeout): the low half in EBX, the high half in ECX. */
long compat_set_timer_op(struct vcpu *v, const unsigned long *args)
{
	unsigned long timeout[1] = { (args[1] << 32) | args[0] };

	return do_set_timer_op(v, timeout);
}
