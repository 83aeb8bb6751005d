/* SPDX-License-Identifier: MIT */
/*
 * Credit scheduling, after Xen's credit1.
 *
 * Time is sampled, not measured: at every tick (SCHED_TICK_HZ) the vCPU
 * running on the CPU is charged CREDIT_PER_TICK credits, and every
 * CREDIT_ACCT_TICKS ticks the accounting hands out exactly as many credits
 * as the period contained (CREDIT_PER_TICK per tick per CPU), split among
 * the *active* domains — those charged at least once during the period —
 * in proportion to their weights.  A vCPU with credit left (or one that
 * never ran, at 0) is UNDER and runs before any vCPU that is OVER; among
 * equals the queue is round robin, so a waiting vCPU always gets its turn,
 * is charged, and so joins the next period's share-out.
 *
 * Example: spinners A (weight 512) and B (256) on one CPU, and Dom0, which
 * only yields and so is almost never the one running at a tick.  Each
 * 3-tick period hands out 300 credits: A gets 200, B 100, Dom0 nothing
 * (not active).  A runs about 2 ticks and B 1, so A gets twice B's CPU.
 * Had Dom0 stayed "active" with weight 256 its unused share would be
 * shared out round robin while both spinners are OVER, and the ratio would
 * drift towards 1: that is why only charged domains count.
 *
 * Caps: a domain with cap C gets at most C% of a CPU's credits per period,
 * and a vCPU whose credit falls below -CREDIT_PER_TICK is parked (not
 * eligible) until an accounting lifts it above again, so it cannot run on
 * OVER time either.
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

#define CREDIT_PERIOD	(CREDIT_PER_TICK * CREDIT_ACCT_TICKS)

static unsigned int ticks_in_period;

void credit_domain_init(struct credit_domain *cd)
{
	cd->weight = CREDIT_WEIGHT_DEFAULT;
	cd->cap = 0;
}

void credit_vcpu_init(struct credit_vcpu *cv)
{
	cv->credit = 0;
	cv->prio = CREDIT_PRIO_UNDER;
	cv->charged = false;
	cv->parked = false;
}

int credit_set(struct domain *d, uint16_t weight, uint16_t cap)
{
	if (cap > 100 * NR_SCHED_CPUS)
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

/* Active: ran during the period, or wants to but is parked by its cap. */
static bool domain_active(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]->csched.charged || d->vcpu[i]->csched.parked)
			return true;
	return false;
}

/* Hands one domain its share of the period, split over its vCPUs. */
static void credit_domain(struct domain *d, int64_t share)
{
	struct credit_vcpu *cv;
	unsigned int i;

	if (d->sched.cap)
		share = MIN(share, (int64_t)CREDIT_PERIOD * d->sched.cap / 100);
	share /= d->max_vcpus;
	for (i = 0; i < d->max_vcpus; i++) {
		cv = &d->vcpu[i]->csched;
		cv->credit = clamp(cv->credit + share);
		cv->parked = d->sched.cap && cv->credit < -CREDIT_PER_TICK;
		if (cv->prio != CREDIT_PRIO_BOOST)
			cv->prio = prio_of(cv);
		cv->charged = false;
	}
}

static void account(void)
{
	int64_t total = (int64_t)CREDIT_PERIOD * NR_SCHED_CPUS;
	uint64_t weights = 0;
	struct domain *d;

	for (d = domain_next(0); d; d = domain_next(d->domain_id + 1))
		if (domain_active(d))
			weights += d->sched.weight;
	for (d = domain_next(0); d; d = domain_next(d->domain_id + 1)) {
		if (!domain_active(d)) {
			credit_domain(d, 0);	/* keeps what it has, clamped */
			continue;
		}
		credit_domain(d, total * d->sched.weight / (int64_t)weights);
	}
}

void credit_tick(struct vcpu *running)
{
	struct credit_vcpu *cv;

	if (running) {
		cv = &running->csched;
		cv->credit = clamp((int64_t)cv->credit - CREDIT_PER_TICK);
		cv->charged = true;
		cv->prio = prio_of(cv);
		if (running->domain->sched.cap && cv->credit < -CREDIT_PER_TICK)
			cv->parked = true;
	}
	if (++ticks_in_period == CREDIT_ACCT_TICKS) {
		ticks_in_period = 0;
		account();
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
