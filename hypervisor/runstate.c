/* SPDX-License-Identifier: MIT */
/* vCPU runstates and the runstate area (see hv/runstate.h); vm_assist. */
#include <errno.h>
#include <string.h>
#include <asm/hvm.h>
#include <hv/compat.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/time.h>
#include <hv/vcpu.h>

/* The assists an HVM guest may turn on (Xen's HVM mask). */
#define VALID_ASSISTS	(1UL << VMASST_TYPE_runstate_update_flag)

void runstate_init(struct vcpu *v)
{
	memset(&v->runstate, 0, sizeof(v->runstate));
	v->runstate.info.state = RUNSTATE_offline;
	v->runstate.info.state_entry_time = time_now();
}

void runstate_set(struct vcpu *v, int state)
{
	struct vcpu_runstate_info *r = &v->runstate.info;
	uint64_t now = time_now();

	if (r->state == state)
		return;
	/* Another CPU's TSC may be a little behind: never count backwards. */
	if (now > r->state_entry_time)
		r->time[r->state] += now - r->state_entry_time;
	else
		now = r->state_entry_time;
	r->state = state;
	r->state_entry_time = now;
}

void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *out)
{
	uint64_t now = time_now();

	*out = v->runstate.info;
	if (now > out->state_entry_time)
		out->time[out->state] += now - out->state_entry_time;
}

/* Writes r at the guest address at, in the native or the compat layout. */
static int put_info(struct vcpu *v, uint64_t at,
		    const struct vcpu_runstate_info *r, bool compat)
{
	struct compat_runstate_info c;

	if (!compat)
		return copy_to_guest(v, at, r, sizeof(*r));
	runstate_to_compat(r, &c);
	return copy_to_guest(v, at, &c, sizeof(c));
}

/* Copies v's runstate into its registered area, if it has one. */
static void write_area(struct vcpu *v)
{
	struct vcpu_runstate_info r = v->runstate.info;
	uint64_t entry = r.state_entry_time, at = v->runstate.area;
	bool compat = v->runstate.compat;
	uint64_t entry_at = at + (compat ? offsetof(struct compat_runstate_info,
						     state_entry_time)
					 : offsetof(struct vcpu_runstate_info,
						    state_entry_time));
	bool flag = v->domain->vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);

	if (!at)
		return;
	if (flag) {
		entry |= XEN_RUNSTATE_UPDATE;
		if (copy_to_guest(v, entry_at, &entry, sizeof(entry)))
			return;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r.state_entry_time = entry;
	}
	if (put_info(v, at, &r, compat))
		return;
	if (flag) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		entry &= ~XEN_RUNSTATE_UPDATE;
		copy_to_guest(v, entry_at, &entry, sizeof(entry));
	}
}

void runstate_switch_in(struct vcpu *v)
{
	runstate_set(v, RUNSTATE_running);
	write_area(v);
}

void runstate_switch_out(struct vcpu *v)
{
	switch (v->state) {
	case VCPU_RUNNABLE:
		runstate_set(v, RUNSTATE_runnable);
		break;
	case VCPU_BLOCKED:
		runstate_set(v, RUNSTATE_blocked);
		break;
	default:
		runstate_set(v, RUNSTATE_offline);
		break;
	}
	write_area(v);
}

int runstate_register(struct vcpu *caller, struct vcpu *target, uint64_t area,
		      bool compat)
{
	struct vcpu_runstate_info r;

	target->runstate.area = area;
	target->runstate.compat = compat;
	if (!area)
		return 0;
	/*
	 * The caller's own area says "running since it was last scheduled"
	 * (Xen's rule); another vCPU's holds its state now.  Either way the
	 * address is translated with the caller's page tables, the ones in
	 * use now, as Xen does.
	 */
	if (target == caller) {
		write_area(target);
		return 0;
	}
	runstate_get(target, &r);
	put_info(caller, area, &r, compat);
	return 0;
}

long do_vm_assist(struct vcpu *v, const unsigned long *args)
{
	unsigned long cmd = args[0], type = args[1];

	if (type >= 64 || !(VALID_ASSISTS & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		v->domain->vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		v->domain->vm_assist &= ~(1UL << type);
		return 0;
	default:
		return -ENOSYS;
	}
}
