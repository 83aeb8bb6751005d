/* SPDX-License-Identifier: MIT */
/* vCPU exit statistics, bring-up (initialise, up, down, INIT) and vcpu_op. */
#include <errno.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/hvm/hvm_vcpu.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/time.h>
#include <hv/vcpu.h>

void vcpu_count_exit(struct vcpu *v, uint32_t reason)
{
	unsigned int i = v->last_exit_kind;

	/* Exits come in runs of one kind: the last slot first. */
	if (i < v->nr_exit_kinds && v->exits[i].reason == reason) {
		v->exits[i].count++;
		return;
	}
	for (i = 0; i < v->nr_exit_kinds; i++) {
		if (v->exits[i].reason == reason) {
			v->exits[i].count++;
			v->last_exit_kind = i;
			return;
		}
	}
	if (v->nr_exit_kinds == MAX_EXIT_KINDS) {
		v->exits_other++;
		return;
	}
	v->last_exit_kind = v->nr_exit_kinds;
	v->exits[v->nr_exit_kinds++] = (struct exit_count){ reason, 1 };
}

void vcpu_print_exits(const struct vcpu *v)
{
	unsigned int i;

	printk("d%uv%u exits (%s):\n", v->domain->domain_id, v->vcpu_id,
	       hvm_ops->name);
	for (i = 0; i < v->nr_exit_kinds; i++)
		printk("  %-24s %10lu\n", hvm_ops->exit_name(v->exits[i].reason),
		       v->exits[i].count);
	if (v->exits_other)
		printk("  %-24s %10lu\n", "(other kinds)", v->exits_other);
	if (v->host_cr4_follows)
		printk("d%uv%u: the host's CR4 took its PSE/PGE/SMEP/SMAP %lu times\n",
		       v->domain->domain_id, v->vcpu_id, v->host_cr4_follows);
}

void vcpu_set_start(struct vcpu *v, const struct guest_regs *regs,
		    const struct hvm_vcpu_state *st)
{
	v->start_regs = *regs;
	v->start_cpu = *st;
	v->start_pending = true;
	v->initialised = true;
}

int vcpu_initialise(struct vcpu *v, const struct guest_regs *regs,
		    const struct hvm_vcpu_state *st)
{
	if (v->initialised)
		return -EEXIST;
	vcpu_set_start(v, regs, st);
	return 0;
}

int vcpu_up(struct vcpu *v)
{
	if (!v->initialised)
		return -EINVAL;
	if (v->state == VCPU_DOWN)
		sched_wake(v);
	return 0;
}

void vcpu_down(struct vcpu *v)
{
	if (v->state == VCPU_DOWN || v->state == VCPU_DEAD)
		return;
	sched_remove(v);
	v->state = VCPU_DOWN;
	if (!v->running)
		runstate_set(v, RUNSTATE_offline);
}

bool vcpu_all_down(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->state != VCPU_DOWN)
			return false;
	return true;
}

/* Xen's rule for VCPUOP_down and INIT: the last vCPU down powers off. */
static void down_or_off(struct vcpu *v)
{
	vcpu_down(v);
	if (vcpu_all_down(v->domain))
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
}

void vcpu_reset(struct vcpu *v)
{
	if (!v->initialised)
		return;
	down_or_off(v);
	v->initialised = false;
	v->start_pending = false;
}

void vcpu_load_start(struct vcpu *v)
{
	if (!v->start_pending)
		return;
	v->start_pending = false;
	v->regs = v->start_regs;
	hvm_ops->load_state(v, &v->start_cpu);
}

/* VCPUOP_initialise: Xen's vcpu_hvm_context for the target. */
static long initialise(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
	struct vcpu_hvm_context ctx;
	struct hvm_vcpu_state st;
	struct guest_regs regs;
	int rc;

	if (copy_from_guest(v, &ctx, arg, sizeof(ctx)))
		return -EFAULT;
	if (target->initialised)
		return -EEXIST;
	rc = hvm_context_check(&ctx, &regs, &st);
	return rc ? rc : vcpu_initialise(target, &regs, &st);
}

/* vcpu_op(cmd, vcpuid, arg) on a vCPU of the caller's own domain. */
long do_vcpu_op(struct vcpu *v, const unsigned long *args)
{
	struct domain *d = v->domain;
	unsigned long id = args[1];
	struct vcpu_register_vcpu_info rvi;
	struct vcpu_register_runstate_memory_area rma;
	struct vcpu_runstate_info rs;
	struct vcpu *target;

	if (id >= d->max_vcpus || !d->vcpu[id])
		return -ENOENT;
	target = d->vcpu[id];
	switch (args[0]) {
	case VCPUOP_initialise:
		return initialise(v, target, args[2]);
	case VCPUOP_is_up:
		return target->state != VCPU_DOWN;
	case VCPUOP_up:
		return vcpu_up(target);
	case VCPUOP_down:
		down_or_off(target);
		return 0;
	case VCPUOP_register_vcpu_info:
		if (copy_from_guest(v, &rvi, args[2], sizeof(rvi)))
			return -EFAULT;
		return shared_info_register_vcpu_info(v, target, &rvi);
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(v, &rma, args[2], sizeof(rma)))
			return -EFAULT;
		return runstate_register(v, target, rma.addr.p, false);
	case VCPUOP_get_runstate_info:
		runstate_get(target, &rs);
		return copy_to_guest(v, args[2], &rs, sizeof(rs)) ? -EFAULT : 0;
	case VCPUOP_set_singleshot_timer:
	case VCPUOP_stop_singleshot_timer:
	case VCPUOP_set_periodic_timer:
	case VCPUOP_stop_periodic_timer:
		return time_vcpu_op(args[0], v, target, args[2]);
	default:
		return -ENOSYS;
	}
}
