/* SPDX-License-Identifier: MIT */
/*
 * Run queues, one per physical CPU: the runnable vCPUs waiting for that
 * CPU, in FIFO order.  The vCPU a CPU runs is its "current" and is on no
 * queue; at the end of its slice it goes back to the tail.  Blocked vCPUs
 * are on no queue at all.  Which queued vCPU runs next is the credit
 * policy's call (credit.c): the highest priority wins, the earliest
 * queued among equals.
 *
 * Placement and balance, as Xen's credit1 does them:
 *  - a vCPU that wakes goes to its last CPU if that one is idle, else to
 *    any idle CPU it may use, else back to its last CPU; an idle CPU that
 *    gets work is kicked out of its halt, a busy one whose current vCPU
 *    is of a lower class (a woken vCPU is boosted) picks again at once;
 *  - load balancing pulls and pushes: a CPU with nothing better than OVER
 *    work to run, or only a vCPU that just yielded, steals the best vCPU
 *    of the other queues that is better than what it has (an idle CPU
 *    steals anything runnable); a vCPU whose slice ends moves to a CPU
 *    with fewer vCPUs than its own keeps without it;
 *  - affinity (a mask of physical CPUs per vCPU) bounds all of these.
 *
 * A vCPU is "running" from the pick that makes it a CPU's current until
 * the run loop has saved its state (sched_switched_out()): only then may
 * another CPU load it, and only then may its domain be freed.
 *
 * Everything here runs under the hypervisor lock.
 */
#include <errno.h>
#include <xen/sched.h>
#include <asm/hvm.h>
#include <hv/credit.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/time.h>
#include <hv/vcpu.h>

struct sched_cpu {
	struct vcpu *head, *tail;	/* the run queue */
	struct vcpu *curr;		/* running here; NULL: idle */
	bool slice_over;		/* pick again at the next chance */
	bool online;			/* runs vCPUs (sched_cpu_online) */
};

static struct sched_cpu cpus[MAX_CPUS];
static uint64_t ticks;			/* the boot CPU's, since boot */

static struct sched_cpu *this_sched(void)
{
	return &cpus[smp_processor_id()];
}

static bool on_queue(const struct vcpu *v)
{
	const struct vcpu *p;

	for (p = cpus[v->processor].head; p; p = p->next_runnable)
		if (p == v)
			return true;
	return false;
}

static void enqueue(struct vcpu *v, unsigned int cpu)
{
	struct sched_cpu *c = &cpus[cpu];

	v->processor = cpu;
	v->next_runnable = NULL;
	if (c->tail)
		c->tail->next_runnable = v;
	else
		c->head = v;
	c->tail = v;
}

static void dequeue(struct vcpu *v)
{
	struct sched_cpu *c = &cpus[v->processor];
	struct vcpu **pp, *prev = NULL;

	for (pp = &c->head; *pp; prev = *pp, pp = &(*pp)->next_runnable) {
		if (*pp != v)
			continue;
		*pp = v->next_runnable;
		if (c->tail == v)
			c->tail = prev;
		v->next_runnable = NULL;
		return;
	}
}

static bool allowed(const struct vcpu *v, unsigned int cpu)
{
	return cpu < MAX_CPUS && cpus[cpu].online && (v->affinity >> cpu & 1);
}

static bool idle(unsigned int cpu)
{
	return !cpus[cpu].curr && !cpus[cpu].head;
}

/* Where a vCPU that becomes runnable should wait (see the top). */
static unsigned int place(const struct vcpu *v)
{
	unsigned int cpu, first = MAX_CPUS;

	if (allowed(v, v->processor) && idle(v->processor))
		return v->processor;
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!allowed(v, cpu))
			continue;
		if (idle(cpu))
			return cpu;
		if (first == MAX_CPUS)
			first = cpu;
	}
	if (allowed(v, v->processor) || first == MAX_CPUS)
		return v->processor;
	return first;
}

/*
 * Puts runnable v on a queue; an idle CPU that gets it must wake up, and
 * one running a vCPU of a lower class than v's picks again now (Xen's
 * tickle: a vCPU woken by an event, boosted, need not wait for the end
 * of a slice; an IPI between two vCPUs of a domain is answered at once).
 */
static void make_ready(struct vcpu *v)
{
	unsigned int cpu = place(v);
	struct vcpu *curr = cpus[cpu].curr;

	enqueue(v, cpu);
	if (curr && credit_prio(v) <= credit_prio(curr))
		return;
	if (curr)
		cpus[cpu].slice_over = true;
	if (cpu != smp_processor_id())
		smp_kick(cpu);
}

/* Makes the CPU running v pick again soon (v stopped or moved). */
static void resched(struct vcpu *v)
{
	cpus[v->processor].slice_over = true;
	if (v->processor != smp_processor_id())
		smp_kick(v->processor);
}

void sched_cpu_online(unsigned int cpu)
{
	cpus[cpu].online = true;
}

void sched_wake(struct vcpu *v)
{
	if (v->state == VCPU_DEAD)
		return;
	if (v->state == VCPU_BLOCKED)
		credit_wake(v);
	v->state = VCPU_RUNNABLE;
	if (v->running)
		return;
	runstate_set(v, RUNSTATE_runnable);
	if (!on_queue(v))
		make_ready(v);
	else if (!cpus[v->processor].curr && v->processor != smp_processor_id())
		smp_kick(v->processor);	/* its domain was unpaused */
}

void sched_block(struct vcpu *v)
{
	v->state = VCPU_BLOCKED;
	dequeue(v);
}

void sched_yield_vcpu(struct vcpu *v)
{
	if (!v->running)
		return;
	v->yielded = true;
	resched(v);
}

void sched_remove(struct vcpu *v)
{
	dequeue(v);
	if (v->running)
		resched(v);
}

void sched_kick(struct vcpu *v)
{
	if (v->running && v->processor != smp_processor_id())
		smp_kick(v->processor);
}

int sched_set_affinity(struct vcpu *v, uint64_t mask)
{
	uint64_t usable = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < MAX_CPUS; cpu++)
		if (cpus[cpu].online)
			usable |= 1ULL << cpu;
	if (!(mask & usable))
		return -EINVAL;
	v->affinity = mask;
	if (v->running && !allowed(v, v->processor)) {
		resched(v);
	} else if (on_queue(v) && !allowed(v, v->processor)) {
		dequeue(v);
		make_ready(v);
	}
	return 0;
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
 * The best vCPU of cpu's queue that can run on this CPU: highest priority,
 * first queued among equals; one that just yielded only when nothing else
 * can run.
 */
static struct vcpu *best_queued(unsigned int cpu, unsigned int here)
{
	struct vcpu *v, *best = NULL;

	for (v = cpus[cpu].head; v; v = v->next_runnable)
		if (can_run(v) && allowed(v, here) && better(v, best))
			best = v;
	return best;
}

/*
 * Load balancing: a vCPU queued elsewhere that beats mine (NULL: idle),
 * or NULL.  Against a mine that yielded, anything that did not yield wins.
 */
static struct vcpu *steal(unsigned int here, const struct vcpu *mine)
{
	struct vcpu *v, *best = NULL;
	unsigned int cpu;

	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (cpu == here || !cpus[cpu].online)
			continue;
		v = best_queued(cpu, here);
		if (!v || !better(v, mine) || v->yielded ||
		    (mine && !mine->yielded && credit_prio(v) <= credit_prio(mine)))
			continue;
		if (better(v, best))
			best = v;
	}
	return best;
}

/* vCPUs on cpu: the one it runs and those queued. */
static unsigned int load(unsigned int cpu)
{
	const struct vcpu *v;
	unsigned int n = cpus[cpu].curr != NULL;

	for (v = cpus[cpu].head; v; v = v->next_runnable)
		n++;
	return n;
}

/*
 * prev's slice here is over and it is still runnable: it queues here
 * behind its equals (round robin), unless another CPU it may use has
 * fewer vCPUs than this one keeps without it; then it moves to the least
 * loaded such CPU (the push half of load balancing: a CPU with one UNDER
 * vCPU never steals, so a crowded queue must push).
 */
static void requeue(struct vcpu *prev, unsigned int here)
{
	unsigned int cpu, best = here, left = load(here);

	if (!allowed(prev, here)) {
		make_ready(prev);
		return;
	}
	for (cpu = 0; cpu < MAX_CPUS; cpu++)
		if (cpu != here && allowed(prev, cpu) && load(cpu) < left &&
		    (best == here || load(cpu) < load(best)))
			best = cpu;
	enqueue(prev, best);
	if (best != here && !cpus[best].curr)
		smp_kick(best);
}

struct vcpu *sched_pick(void)
{
	unsigned int here = smp_processor_id();
	struct sched_cpu *c = &cpus[here];
	struct vcpu *prev = c->curr, *next, *other;

	c->curr = NULL;
	if (prev && prev->state == VCPU_RUNNABLE)
		requeue(prev, here);
	next = best_queued(here, here);
	if (!next || next->yielded || credit_prio(next) == CREDIT_PRIO_OVER) {
		other = steal(here, next);
		if (other)
			next = other;
	}
	c->slice_over = false;
	if (prev && prev != next)
		prev->yielded = false;
	if (!next)
		return NULL;
	dequeue(next);
	next->processor = here;
	next->yielded = false;
	if (!next->running)
		next->run_since = time_now();	/* a stint starts */
	next->running = true;
	c->curr = next;
	return next;
}

/* System time since t, or 0 when this CPU's TSC is behind t's CPU's. */
static uint64_t since(uint64_t t)
{
	uint64_t now = time_now();

	return now > t ? now - t : 0;
}

void sched_switched_out(struct vcpu *v)
{
	v->cpu_time += since(v->run_since);
	v->running = false;
}

uint64_t sched_cpu_time(const struct vcpu *v)
{
	return v->cpu_time + (v->running ? since(v->run_since) : 0);
}

struct vcpu *sched_current(void)
{
	return this_sched()->curr;
}

bool sched_should_switch(void)
{
	const struct sched_cpu *c = this_sched();

	return c->slice_over || !c->curr || !can_run(c->curr) ||
	       !allowed(c->curr, smp_processor_id());
}

void sched_tick(void)
{
	unsigned int here = smp_processor_id();
	struct sched_cpu *c = &cpus[here];

	if (here == 0)
		ticks++;
	credit_tick(here, c->curr);
	c->slice_over = true;
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
		sched_yield_vcpu(v);
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
