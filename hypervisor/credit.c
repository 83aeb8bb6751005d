/* SPDX-License-Identifier: MIT */
/*
 * Credit scheduling, after Xen's credit1.
 *
 * Time is sampled, not measured: at every tick (SCHED_TICK_HZ) of a CPU
 * the vCPU running there is charged CREDIT_PER_TICK credits, and every
 * CREDIT_ACCT_TICKS ticks of that CPU its accounting hands out exactly as
 * many credits as its period contained, split among the domains *active*
 * on it in proportion to their weights: those with a vCPU that ran there,
 * waits for a CPU it could take, or competes for it (see active_on()).  A vCPU with credit left (or one
 * that never ran, at 0) is UNDER and runs before any vCPU that is OVER;
 * among equals the queue is round robin.
 *
 * Example: spinners A (weight 512) and B (256) pinned to one CPU, and
 * Dom0, which only yields and so is almost never the one running at a
 * tick.  Each 3-tick period of that CPU hands out 300 credits: A gets
 * 200, B 100, Dom0 nothing once its credit is full.  A runs about 2 ticks
 * and B 1, so A gets twice B's CPU.  Had Dom0 stayed "active" with weight
 * 256 its unused share would be lost while both spinners drift OVER, and
 * the ratio would drift towards 1 (round robin among equals).  Had B
 * counted only when charged, it could be left OVER for good behind an A
 * whose share covers all it burns.
 *
 * Why each CPU accounts for itself: what a CPU hands out then matches
 * what it burnt to the credit, whatever the other CPUs' ticks do.  With
 * one pool for all CPUs, fed on the boot CPU's clock, a CPU whose ticks
 * run a little slow or fast against it gives its vCPUs more or fewer
 * credits than they can burn; all of them drift to the clamp, where
 * priorities no longer tell them apart, and weights stop working.  A pool
 * also hands A and B above 400 and 200 of the two CPUs' 600 while they
 * can burn only 300 between them: the same drift (Xen's credit1 has
 * it).  Shares still add up across CPUs because a vCPU counts on the
 * CPUs it competes for, not just where it ran.
 *
 * Caps: a domain with cap C gets at most C% of one CPU's credits per
 * period, spread over the CPUs it may use (each gives it C% divided by
 * their number), and a vCPU whose credit falls below -CREDIT_PER_TICK is
 * parked (not eligible) until an accounting lifts it above again, so it
 * cannot run on OVER time either.
 *
 * Boost: a vCPU woken from blocked (an event, a timer) runs at BOOST until
 * its next tick, which keeps I/O domains responsive.
 *
 * Credits are clamped to one period's worth in either direction so that a
 * domain idle for a long time does not come back with a hoard.
 */
#include <errno.h>
#include <hv/credit.h>
#include <hv/domain.h>
#include <hv/param.h>
#include <hv/smp.h>

#define CREDIT_PERIOD	(CREDIT_PER_TICK * CREDIT_ACCT_TICKS)

static unsigned int ticks_in_period[MAX_CPUS];	/* per CPU */

void credit_domain_init(struct credit_domain *cd)
{
	cd->weight = CREDIT_WEIGHT_DEFAULT;
	cd->cap = 0;
}

void credit_vcpu_init(struct credit_vcpu *cv)
{
	cv->credit = 0;
	cv->prio = CREDIT_PRIO_UNDER;
	cv->charged_on = 0;
	cv->parked = false;
}

int credit_set(struct domain *d, uint16_t weight, uint16_t cap)
{
	if (cap > 100 * smp_cpus_online())
		return -EINVAL;
	if (weight)
		d->sched.weight = weight;
	d->sched.cap = cap;
	return 0;
}

static enum credit_prio prio_of(const struct credit_vcpu *cv)
{
	return cv->credit >= 0 ? CREDIT_PRIO_UNDER : CREDIT_PRIO_OVER;
}

void credit_wake(struct vcpu *v)
{
	if (!v->csched.parked)
		v->csched.prio = CREDIT_PRIO_BOOST;
}

static int32_t clamp(int64_t credit)
{
	if (credit > CREDIT_PERIOD)
		return CREDIT_PERIOD;
	if (credit < -CREDIT_PERIOD)
		return -CREDIT_PERIOD;
	return (int32_t)credit;
}

static bool waiting(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE && !v->running && !v->domain->paused;
}

/* Some vCPU waits for a CPU and could take CPU p. */
static bool rival_waits(unsigned int p)
{
	const struct domain *d;
	const struct vcpu *w;
	unsigned int i;

	for (d = domain_next(0); d; d = domain_next(d->domain_id + 1)) {
		for (i = 0; i < d->max_vcpus; i++) {
			w = d->vcpu[i];
			if (waiting(w) && (w->affinity >> p & 1))
				return true;
		}
	}
	return false;
}

/*
 * v counts on cpu this period (active there) when it ran there; or when
 * it may use cpu and either waits for a CPU with credit to gain, or runs
 * on another CPU that a waiting vCPU could take.
 *
 * A waiting vCPU must count, or one left OVER behind a vCPU that keeps
 * the CPU would never earn its way back; a full one must not, or a vCPU
 * that keeps yielding would take a share it never uses.  The other rules
 * make shares add up across CPUs: of three spinners on two CPUs, all
 * three compete for both CPUs and so count on both, each earning its
 * weight's share of the two: a light one alone on a CPU burns more than
 * it earns, goes OVER, and its CPU steals (sched.c) the one waiting, so
 * they take turns, while a heavy one earns enough to keep its CPU.  A
 * vCPU running where no waiting vCPU could take its place (Dom0 beside
 * two vCPUs pinned to the other CPU) counts only where it runs, so it
 * takes nothing from them.
 */
static bool active_on(const struct vcpu *v, unsigned int cpu)
{
	if (v->csched.charged_on >> cpu & 1)
		return true;
	if (!(v->affinity >> cpu & 1))
		return false;
	if (waiting(v))
		return v->csched.credit < CREDIT_PERIOD;
	return v->running && v->processor != cpu && rival_waits(v->processor);
}

/* The online CPUs some vCPU of d may use. */
static unsigned int nr_cpus_of(const struct domain *d)
{
	uint64_t mask = 0;
	unsigned int i, cpus = 0;

	for (i = 0; i < d->max_vcpus; i++)
		mask |= d->vcpu[i]->affinity;
	for (i = 0; i < smp_cpus_online(); i++)
		cpus += mask >> i & 1;
	return cpus;
}

/* d's vCPUs that count on cpu this period. */
static unsigned int nr_active_on(const struct domain *d, unsigned int cpu)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->max_vcpus; i++)
		n += active_on(d->vcpu[i], cpu);
	return n;
}

/* Hands a vCPU active on the CPU its share of the CPU's period. */
static void credit_vcpu(struct vcpu *v, int64_t share)
{
	struct credit_vcpu *cv = &v->csched;

	cv->credit = clamp(cv->credit + share);
	cv->parked = v->domain->sched.cap && cv->credit < -CREDIT_PER_TICK;
	if (cv->prio != CREDIT_PRIO_BOOST)
		cv->prio = prio_of(cv);
}

/* d's part of a CPU's period, given the weights active there. */
static int64_t domain_share(const struct domain *d, uint64_t weights)
{
	int64_t share = (int64_t)CREDIT_PERIOD * d->sched.weight /
			(int64_t)weights;

	if (d->sched.cap)	/* its CPUs together give it cap% of one */
		share = MIN(share, (int64_t)CREDIT_PERIOD * d->sched.cap / 100 /
					   MAX(nr_cpus_of(d), 1u));
	return share;
}

/*
 * The end of cpu's period: its credits go to the domains active on it,
 * by weight (capped), each domain's part split among its vCPUs there.
 */
static void account(unsigned int cpu)
{
	uint64_t weights = 0;
	unsigned int i, n;
	struct domain *d;
	struct vcpu *v;
	int64_t share;

	for (d = domain_next(0); d; d = domain_next(d->domain_id + 1))
		if (nr_active_on(d, cpu))
			weights += d->sched.weight;
	for (d = domain_next(0); d; d = domain_next(d->domain_id + 1)) {
		n = nr_active_on(d, cpu);
		share = n ? domain_share(d, weights) / n : 0;
		for (i = 0; i < d->max_vcpus; i++) {
			v = d->vcpu[i];
			if (active_on(v, cpu))
				credit_vcpu(v, share);
			v->csched.charged_on &= ~(1ULL << cpu);
		}
	}
}

void credit_tick(unsigned int cpu, struct vcpu *running)
{
	struct credit_vcpu *cv;

	if (running) {
		cv = &running->csched;
		cv->credit = clamp((int64_t)cv->credit - CREDIT_PER_TICK);
		cv->charged_on |= 1ULL << cpu;
		cv->prio = prio_of(cv);
		if (running->domain->sched.cap && cv->credit < -CREDIT_PER_TICK)
			cv->parked = true;
	}
	if (++ticks_in_period[cpu] == CREDIT_ACCT_TICKS) {
		ticks_in_period[cpu] = 0;
		account(cpu);
	}
}

bool credit_eligible(const struct vcpu *v)
{
	return !v->csched.parked;
}

enum credit_prio credit_prio(const struct vcpu *v)
{
	return v->csched.prio;
}
