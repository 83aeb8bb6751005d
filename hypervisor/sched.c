/* SPDX-License-Identifier: MIT */
/*
 * The run queue: runnable vCPUs that are not running, in FIFO order.  The
 * running vCPU is "current" and is not on the queue; at the end of its
 * slice it goes to the tail.  Blocked vCPUs are on no queue at all.  Which
 * queued vCPU runs next is the credit policy's call (credit.c): the
 * highest priority wins, the earliest queued among equals.
 */
#include <errno.h>
#include <xen/sched.h>
#include <asm/hvm.h>
#include <hv/credit.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/vcpu.h>

static struct vcpu *queue_head, *queue_tail;
static struct vcpu *current_vcpu;
static volatile bool slice_over;
static volatile uint64_t ticks;

static bool on_queue(const struct vcpu *v)
{
	const struct vcpu *p;

	for (p = queue_head; p; p = p->next_runnable)
		if (p == v)
			return true;
	return false;
}

static void enqueue(struct vcpu *v)
{
	if (v == current_vcpu || on_queue(v))
		return;
	v->next_runnable = NULL;
	if (queue_tail)
		queue_tail->next_runnable = v;
	else
		queue_head = v;
	queue_tail = v;
}

static void dequeue(struct vcpu *v)
{
	struct vcpu **pp, *prev = NULL;

	for (pp = &queue_head; *pp; prev = *pp, pp = &(*pp)->next_runnable) {
		if (*pp != v)
			continue;
		*pp = v->next_runnable;
		if (queue_tail == v)
			queue_tail = prev;
		v->next_runnable = NULL;
		return;
	}
}

void sched_wake(struct vcpu *v)
{
	if (v->state == VCPU_DEAD)
		return;
	if (v->state == VCPU_BLOCKED)
		credit_wake(v);
	v->state = VCPU_RUNNABLE;
	enqueue(v);
}

void sched_block(struct vcpu *v)
{
	v->state = VCPU_BLOCKED;
	dequeue(v);
}

void sched_yield(struct vcpu *v)
{
	if (v != current_vcpu)
		return;
	v->yielded = true;
	slice_over = true;
}

void sched_remove(struct vcpu *v)
{
	dequeue(v);
	if (v == current_vcpu)
		current_vcpu = NULL;
}

/* A vCPU may run when runnable, its domain not paused, and under its cap. */
static bool can_run(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE && !v->domain->paused &&
	       credit_eligible(v);
}

/* True when a should run before b (b may be NULL). */
static bool better(const struct vcpu *a, const struct vcpu *b)
{
	if (!b)
		return true;
	if (a->yielded != b->yielded)
		return !a->yielded;
	return credit_prio(a) > credit_prio(b);
}

/*
 * The best queued vCPU that can run: highest priority, first queued among
 * equals; one that just yielded only when nothing else can run.
 */
static struct vcpu *best_queued(void)
{
	struct vcpu *v, *best = NULL;

	for (v = queue_head; v; v = v->next_runnable)
		if (can_run(v) && better(v, best))
			best = v;
	return best;
}

struct vcpu *sched_pick(void)
{
	struct vcpu *prev = current_vcpu, *next;

	/* The slice is over: prev queues behind its equals (round robin). */
	if (prev) {
		current_vcpu = NULL;
		if (prev->state == VCPU_RUNNABLE)
			enqueue(prev);
	}
	next = best_queued();
	current_vcpu = next;
	if (next) {
		dequeue(next);
		next->yielded = false;
	}
	if (prev && prev != next)
		prev->yielded = false;
	slice_over = false;
	return next;
}

struct vcpu *sched_current(void)
{
	return current_vcpu;
}

bool sched_should_switch(void)
{
	return slice_over || !current_vcpu || !can_run(current_vcpu);
}

void sched_tick(void)
{
	ticks++;
	if (current_vcpu)
		current_vcpu->run_ticks++;
	credit_tick(current_vcpu);
	slice_over = true;
}

uint64_t sched_ticks(void)
{
	return ticks;
}

/*
 * sched_op(cmd, arg).  Blocking here ends the vCPU's slice; the run loop
 * sees it is no longer runnable and picks another.
 */
long do_sched_op(struct vcpu *v, const unsigned long *args)
{
	struct sched_shutdown sd;
	struct sched_remote_shutdown rsd;
	struct domain *target;

	switch (args[0]) {
	case SCHEDOP_yield:
		sched_yield(v);
		return 0;
	case SCHEDOP_block:
		evtchn_block(v);
		return 0;
	case SCHEDOP_poll:
		return evtchn_poll(v, args[1]);
	case SCHEDOP_shutdown:
		if (copy_from_guest(v, &sd, args[1], sizeof(sd)))
			return -EFAULT;
		if (sd.reason > SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(v->domain, sd.reason);
		return 0;
	case SCHEDOP_remote_shutdown:
		if (!v->domain->is_privileged)
			return -EPERM;
		if (copy_from_guest(v, &rsd, args[1], sizeof(rsd)))
			return -EFAULT;
		if (rsd.reason > SHUTDOWN_MAX)
			return -EINVAL;
		target = domain_by_id(rsd.domain_id);
		if (!target)
			return -ESRCH;
		domain_shutdown(target, rsd.reason);
		return 0;
	default:
		return -ENOSYS;
	}
}
