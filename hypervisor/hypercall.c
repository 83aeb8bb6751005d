/* SPDX-License-Identifier: MIT */
/*
 * The hypercall table: number, handler, who may call it.  The permission
 * lives in the row and is checked in one place, so no handler can forget it.
 */
#include <errno.h>
#include <string.h>
#include <xen/xen.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/param.h>
#include <hv/vcpu.h>

#define HC_DOM0_ONLY	1u	/* any other caller gets -EPERM */
/*
 * Dom0's alone, absent for any other caller (-ENOSYS): physdev_op, whose
 * every sub-op Xen refuses a PVH DomU that way (no emulated pirqs, not
 * the hardware domain).
 */
#define HC_DOM0_ELSE_ABSENT 2u

struct hypercall_row {
	hypercall_fn fn;
	hypercall_fn compat;	/* for 32-bit callers (compat.c); NULL: -ENOSYS */
	unsigned int flags;
};

static long do_multicall(struct vcpu *v, const unsigned long *args);
static long compat_multicall(struct vcpu *v, const unsigned long *args);

/*
 * domctl and sysctl structures are laid out the same for 32-bit and
 * 64-bit callers by design (uint64_aligned_t, 64-bit handles), as are the
 * event-channel, hvm_op, console_io and vm_assist arguments.
 */
static const struct hypercall_row table[] = {
	[__HYPERVISOR_console_io] = { do_console_io, do_console_io, 0 },
	[__HYPERVISOR_xen_version] = { do_xen_version, compat_xen_version, 0 },
	[__HYPERVISOR_sched_op] = { do_sched_op, compat_sched_op, 0 },
	[__HYPERVISOR_memory_op] = { do_memory_op, compat_memory_op, 0 },
	[__HYPERVISOR_grant_table_op] = { do_grant_table_op,
					  compat_grant_table_op, 0 },
	[__HYPERVISOR_hvm_op] = { do_hvm_op, do_hvm_op, 0 },
	[__HYPERVISOR_vcpu_op] = { do_vcpu_op, compat_vcpu_op, 0 },
	[__HYPERVISOR_sysctl] = { do_sysctl, do_sysctl, HC_DOM0_ONLY },
	[__HYPERVISOR_domctl] = { do_domctl, do_domctl, HC_DOM0_ONLY },
	[__HYPERVISOR_event_channel_op] = { do_event_channel_op,
					    do_event_channel_op, 0 },
	[__HYPERVISOR_set_timer_op] = { do_set_timer_op, compat_set_timer_op, 0 },
	[__HYPERVISOR_vm_assist] = { do_vm_assist, do_vm_assist, 0 },
	[__HYPERVISOR_physdev_op] = { do_physdev_op, compat_physdev_op,
				      HC_DOM0_ELSE_ABSENT },
	[__HYPERVISOR_multicall] = { do_multicall, compat_multicall, 0 },
};

static long dispatch(struct vcpu *v, unsigned long nr,
		     const unsigned long *args, bool compat)
{
	const struct hypercall_row *row;
	hypercall_fn fn;

	if (nr >= ARRAY_SIZE(table) || !table[nr].fn)
		return -ENOSYS;
	row = &table[nr];
	fn = compat ? row->compat : row->fn;
	if (!fn)
		return -ENOSYS;
	if ((row->flags & HC_DOM0_ONLY) && !v->domain->is_privileged)
		return -EPERM;
	if ((row->flags & HC_DOM0_ELSE_ABSENT) && !v->domain->is_privileged)
		return -ENOSYS;
	return fn(v, args);
}

/*
 * multicall(call_list, nr_calls): each struct multicall_entry (op, result,
 * args[6]; for a 32-bit caller the same in 32-bit words) dispatched as if
 * made alone, through the table's checks, its answer written to its
 * result.  0 once every entry ran, -EFAULT when an entry cannot be read or
 * its result written (the entries before it ran).  A multicall inside one
 * gets -EINVAL, as Xen's reentry check gives.  Xen preempts a long list;
 * here the list runs whole, so it holds at most MULTICALL_MAX_BATCH
 * entries (-EINVAL).
 */
static long multicall(struct vcpu *v, const unsigned long *args, bool compat)
{
	unsigned int nr = (uint32_t)args[1], i, j;
	size_t word = compat ? 4 : 8;
	uint64_t e[8], at;
	uint32_t e32[8];
	unsigned long call[5];
	long rc;

	if (nr > MULTICALL_MAX_BATCH)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		at = args[0] + (uint64_t)i * 8 * word;
		if (copy_from_guest(v, compat ? (void *)e32 : (void *)e, at, 8 * word))
			return -EFAULT;
		for (j = 0; compat && j < 8; j++)
			e[j] = e32[j];
		for (j = 0; j < 5; j++)	/* args[5]: no hypercall has a sixth */
			call[j] = e[2 + j];
		rc = e[0] == __HYPERVISOR_multicall ? -EINVAL :
		     dispatch(v, e[0], call, compat);
		e32[0] = (uint32_t)rc;
		if (copy_to_guest(v, at + word, compat ? (void *)e32 : (void *)&rc, word))
			return -EFAULT;
	}
	return 0;
}

static long do_multicall(struct vcpu *v, const unsigned long *args)
{
	return multicall(v, args, false);
}

static long compat_multicall(struct vcpu *v, const unsigned long *args)
{
	return multicall(v, args, true);
}

long hypercall_dispatch(struct vcpu *v, unsigned long nr,
			const unsigned long *args, bool compat)
{
	struct hypercall_record *last = &v->last_hypercall;

	last->made = true;
	last->nr = nr;
	last->args[0] = args[0];	/* not memcpy(): on every hypercall */
	last->args[1] = args[1];
	last->args[2] = args[2];
	last->args[3] = args[3];
	last->args[4] = args[4];
	last->rc = dispatch(v, nr, args, compat);
	return last->rc;
}

void hypercall_print_last(const struct vcpu *v)
{
	const struct hypercall_record *last = &v->last_hypercall;

	if (!last->made)
		return;
	printk("d%uv%u last hypercall: %lu(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
	       v->domain->domain_id, v->vcpu_id, last->nr, last->args[0],
	       last->args[1], last->args[2], last->args[3], last->args[4],
	       last->rc);
}
