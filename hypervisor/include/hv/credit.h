/* SPDX-License-Identifier: MIT */
/*
 * The credit scheduler's policy (after Xen's credit1): each domain has a
 * weight (its share of the CPUs against other busy domains) and a cap (a
 * ceiling in percent of one CPU, 0 for none).  sched.c keeps the run
 * queue and asks this module which vCPU deserves the CPU; see credit.c for
 * how credits are earned and burnt.
 *
 * Locking: called from the scheduler, under the hypervisor lock.
 */
#ifndef HV_CREDIT_H
#define HV_CREDIT_H

#include <hv/types.h>

struct vcpu;
struct domain;

#define CREDIT_WEIGHT_DEFAULT	256
#define CREDIT_WEIGHT_MAX	65535

/* Priorities, better ones higher: a woken vCPU is boosted for one tick. */
enum credit_prio {
	CREDIT_PRIO_OVER,	/* spent its credit: runs when nobody UNDER waits */
	CREDIT_PRIO_UNDER,	/* has credit left */
	CREDIT_PRIO_BOOST,	/* just woken by an event: runs first */
};

struct credit_vcpu {
	int32_t credit;
	enum credit_prio prio;
	uint64_t charged_on;	/* CPUs it ran on at a tick this period */
	bool parked;		/* over its domain's cap until next period */
};

struct credit_domain {
	uint16_t weight;
	uint16_t cap;		/* percent of one CPU; 0: no cap */
};

/* Default weight, no cap; a vCPU starts UNDER with no credit. */
void credit_domain_init(struct credit_domain *cd);
void credit_vcpu_init(struct credit_vcpu *cv);

/*
 * Sets weight and cap (XEN_DOMCTL_SCHEDOP_putinfo): a weight of 0 keeps the
 * current one, as in Xen.  Returns 0, or -EINVAL for a cap over 100 per
 * physical CPU.
 */
int credit_set(struct domain *d, uint16_t weight, uint16_t cap);

/* A blocked vCPU woke up: boost it so it answers its event quickly. */
void credit_wake(struct vcpu *v);

/*
 * CPU cpu's timer tick: charges the vCPU running there (NULL: idle), and
 * every CREDIT_ACCT_TICKS of that CPU's ticks shares its period out.
 */
void credit_tick(unsigned int cpu, struct vcpu *running);

/* True when v may be picked now (not parked over its cap). */
bool credit_eligible(const struct vcpu *v);

/* v's priority for the run queue: higher runs first. */
enum credit_prio credit_prio(const struct vcpu *v);

#endif
