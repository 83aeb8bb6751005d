/* SPDX-License-Identifier: MIT */
/*
 * Hypercall dispatch.  The table in hypercall.c gives, for each Xen
 * hypercall number, its handler and who may call it; hypercall_dispatch()
 * checks that once, then calls the handler with the guest's five argument
 * registers.  Handlers copy guest memory only through copy_from_guest /
 * copy_to_guest, check every argument before acting, and return 0, a
 * positive result, or a negative Xen errno.  Unknown numbers get -ENOSYS.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

struct vcpu;

typedef long (*hypercall_fn)(struct vcpu *v, const unsigned long *args);

/* A vCPU's last hypercall, in struct vcpu: what a crash report shows. */
struct hypercall_record {
	bool made;			/* any yet */
	unsigned long nr, args[5];
	long rc;			/* its answer */
};

/*
 * Runs hypercall nr for v with args[0..4]: a 64-bit caller's RDI, RSI,
 * RDX, R10, R8, or (compat) a 32-bit caller's EBX, ECX, EDX, ESI, EDI,
 * zero-extended, which gets the compat handler of the table's row
 * (compat.c), and records it in v->last_hypercall.  Returns the value
 * for the guest's RAX.
 */
long hypercall_dispatch(struct vcpu *v, unsigned long nr,
			const unsigned long *args, bool compat);

/*
 * Prints v's last hypercall ("dNvM last hypercall: nr(args) = rc"), if it
 * made one: after a crash, what the guest did last.
 */
void hypercall_print_last(const struct vcpu *v);

/* The handlers, one per subsystem file. */
long do_console_io(struct vcpu *v, const unsigned long *args);
long do_xen_version(struct vcpu *v, const unsigned long *args);
long do_sched_op(struct vcpu *v, const unsigned long *args);
long do_memory_op(struct vcpu *v, const unsigned long *args);
/* grant_table_op: see <hv/gnttab.h> and gnttab_op.c. */
long do_grant_table_op(struct vcpu *v, const unsigned long *args);
long do_hvm_op(struct vcpu *v, const unsigned long *args);
long do_vcpu_op(struct vcpu *v, const unsigned long *args);
long do_event_channel_op(struct vcpu *v, const unsigned long *args);
long do_set_timer_op(struct vcpu *v, const unsigned long *args);
/*
 * vm_assist(cmd, type) (runstate.c): the assists Xen offers HVM guests,
 * that is VMASST_TYPE_runstate_update_flag alone.  -EINVAL for any other
 * type, -ENOSYS for a cmd other than enable or disable.
 */
long do_vm_assist(struct vcpu *v, const unsigned long *args);

/*
 * The 32-bit callers' versions (compat.c) of the hypercalls some sub-ops
 * of which read differently from 32-bit code: they read those in the i386
 * layout (<hv/compat.h>), translate them and run the native act half, with
 * the same checks and errors; the other sub-ops go to the handler above.
 * set_timer_op joins its 64-bit timeout from two registers.
 */
long compat_memory_op(struct vcpu *v, const unsigned long *args);
long compat_sched_op(struct vcpu *v, const unsigned long *args);
long compat_xen_version(struct vcpu *v, const unsigned long *args);
long compat_vcpu_op(struct vcpu *v, const unsigned long *args);
long compat_grant_table_op(struct vcpu *v, const unsigned long *args);
long compat_set_timer_op(struct vcpu *v, const unsigned long *args);
long compat_physdev_op(struct vcpu *v, const unsigned long *args);

#endif
