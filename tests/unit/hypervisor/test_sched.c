/* SPDX-License-Identifier: MIT */
/*
 * The scheduler (sched.c) and its credit policy (credit.c) on NR_CPUS
 * CPUs played on one thread (harness_smp.c): placement of woken vCPUs,
 * picking and round robin, work stealing, hard affinity, what may not run,
 * and the credit accounting measured over simulated ticks.
 *
 * Every test starts from empty run queues, idle CPUs, the credit period
 * at its start, and HARNESS_DOMS fresh one-vCPU domains whose vCPUs are
 * DOWN and may run anywhere (fresh()).
 */
#include <errno.h>
#include <string.h>
#include <xen/sched.h>
#include <hv/credit.h>
#include <hv/hypercall.h>
#include <hv/sched.h>

#include "cunit_run.h"
#include "harness.h"
#include "harness_smp.h"

#define NR_CPUS	 4 /* online in every test */
#define CPU(n)	 (1ULL << (n))
#define ALL_CPUS (CPU(NR_CPUS) - 1)
#define PERIODS	 300 /* credit periods simulated */

static struct vcpu *vc[HARNESS_DOMS];  /* vc[i]: domain i's vCPU */
static unsigned int ticks_of[NR_CPUS]; /* sched_tick() calls per CPU */
static unsigned int rate[NR_CPUS];     /* ticks per round in simulate() */
static uint64_t ran[HARNESS_DOMS];     /* ticks that found vc[i] running */

/* Makes cpu the calling CPU. */
static void on(unsigned int cpu)
{
	harness_cpu = cpu;
}

/*
 * CPU cpu's timer tick (every tick of the tests goes through here).  The
 * test samples who runs, as the credit policy does: the shares below are
 * the policy's, apart from the TSC time getdomaininfo reports.
 */
static void tick(unsigned int cpu)
{
	on(cpu);
	if (sched_current())
		ran[sched_current()->domain->domain_id]++;
	sched_tick();
	ticks_of[cpu]++;
}

/*
 * What the run loop does on cpu: pick the next vCPU, then save the
 * previous one if it is not that one.  Returns the vCPU picked.
 */
static struct vcpu *pick(unsigned int cpu)
{
	struct vcpu *prev, *next;

	on(cpu);
	prev = sched_current();
	next = sched_pick();
	if (prev && prev != next)
		sched_switched_out(prev);
	CU_ASSERT_PTR_EQUAL(sched_current(), next);
	return next;
}

/* Wakes v onto cpu's run queue; afterwards v may run anywhere. */
static void queue_on(struct vcpu *v, unsigned int cpu)
{
	unsigned int me = harness_cpu;

	CU_ASSERT_EQUAL_FATAL(sched_set_affinity(v, CPU(cpu)), 0);
	sched_wake(v);
	CU_ASSERT_EQUAL_FATAL(v->processor, cpu);
	CU_ASSERT_EQUAL_FATAL(sched_set_affinity(v, ALL_CPUS), 0);
	on(me);
}

/* Makes v the vCPU running on cpu, which must be idle. */
static void run_on(struct vcpu *v, unsigned int cpu)
{
	unsigned int me = harness_cpu;

	queue_on(v, cpu);
	CU_ASSERT_PTR_EQUAL_FATAL(pick(cpu), v);
	on(me);
}

/*
 * v, running on cpu at the start of cpu's credit period with no credit,
 * is charged that CPU's tick: it is OVER.
 */
static void charge(struct vcpu *v, unsigned int cpu)
{
	unsigned int me = harness_cpu;

	CU_ASSERT_FATAL(v->running && v->processor == cpu);
	tick(cpu);
	CU_ASSERT_EQUAL_FATAL(v->csched.credit, -CREDIT_PER_TICK);
	CU_ASSERT_EQUAL_FATAL(credit_prio(v), CREDIT_PRIO_OVER);
	on(me);
}

/*
 * Runs v on cpu once, then blocks it there: it is BLOCKED, last on cpu.
 * Before anything is queued elsewhere (cpu, idle again, would steal it).
 */
static void block_on(struct vcpu *v, unsigned int cpu)
{
	unsigned int me = harness_cpu;

	run_on(v, cpu);
	on(cpu);
	sched_block(v);
	CU_ASSERT_PTR_NULL_FATAL(pick(cpu));
	on(me);
}

/* True when none of the CPUs in mask picks anything (they are asked). */
static bool none_picks(uint64_t mask)
{
	unsigned int cpu;
	bool none = true;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if ((mask & CPU(cpu)) && pick(cpu))
			none = false;
	return none;
}

/*
 * A running vCPU is the current of exactly the CPU it says, and of no
 * other; a vCPU no CPU has loaded is not running.
 */
static void check_running(void)
{
	struct vcpu *cur[NR_CPUS];
	unsigned int cpu, i, n, me = harness_cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		on(cpu);
		cur[cpu] = sched_current();
	}
	on(me);
	for (i = 0; i < HARNESS_DOMS; i++) {
		for (n = 0, cpu = 0; cpu < NR_CPUS; cpu++) {
			if (cur[cpu] != vc[i])
				continue;
			n++;
			CU_ASSERT_EQUAL(vc[i]->processor, cpu);
		}
		CU_ASSERT(n <= 1);
		CU_ASSERT_EQUAL(vc[i]->running, n == 1);
	}
}

/*
 * What cpu's run loop does when its slice may be over: pick again; a
 * yielder that gets the CPU yields it at once (SCHEDOP_yield), so that
 * another pick follows.
 */
static void run_loop(unsigned int cpu, struct vcpu *yielder)
{
	struct vcpu *v;

	on(cpu);
	if (!sched_should_switch())
		return;
	v = pick(cpu);
	if (v && v == yielder) {
		sched_yield_vcpu(v);
		pick(cpu);
	}
}

/*
 * Every CPU picks (as a kicked one would), then n rounds: each CPU in
 * turn, 0 first, takes rate[cpu] ticks (1 unless the test says), each
 * followed by its run loop.  yielder, if not NULL, only ever yields.
 */
static void simulate_with(unsigned int n, struct vcpu *yielder)
{
	unsigned int t, cpu, i;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		run_loop(cpu, yielder);
	for (t = 0; t < n; t++) {
		for (cpu = 0; cpu < NR_CPUS; cpu++) {
			for (i = 0; i < rate[cpu]; i++) {
				tick(cpu);
				run_loop(cpu, yielder);
			}
		}
		check_running();
	}
}

static void simulate(unsigned int n)
{
	simulate_with(n, NULL);
}

/* Within 10% of expected. */
static bool near(double got, double expected)
{
	return got >= expected * 0.9 && got <= expected * 1.1;
}

/* Each test's set-up: the state the top of this file describes. */
static void fresh(void)
{
	unsigned int cpu, i;

	harness_nr_cpus = NR_CPUS;
	on(0);
	for (i = 0; i < HARNESS_DOMS; i++) {
		if (!harness_doms[i].live)
			continue;
		sched_remove(vc[i]);
		vc[i]->state = VCPU_DOWN;
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		CU_ASSERT_PTR_NULL(pick(cpu));
		while (ticks_of[cpu] % CREDIT_ACCT_TICKS)
			tick(cpu);
		pick(cpu);
		rate[cpu] = 1;
	}
	on(0);
	harness_doms_clear();
	for (i = 0; i < HARNESS_DOMS; i++)
		vc[i] = harness_dom_create(i);
	memset(ran, 0, sizeof(ran));
	harness_kicks_reset();
}

static int suite_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sched_cpu_online(cpu);
	return 0;
}

/* --- Placement of woken vCPUs and kicks --- */

/*
 * A vCPU woken while its last CPU is busy goes to the first idle CPU it
 * may use, and that CPU (halted) is kicked; the waker is not.
 */
static void wake_busy_last_cpu_goes_idle(void)
{
	block_on(vc[3], 1);
	run_on(vc[1], 0);
	run_on(vc[2], 1);
	harness_kicks_reset();
	on(0);
	sched_wake(vc[3]);
	CU_ASSERT_EQUAL(vc[3]->state, VCPU_RUNNABLE);
	CU_ASSERT_EQUAL(vc[3]->processor, 2);
	CU_ASSERT_EQUAL(harness_kicked, CPU(2));
	CU_ASSERT_EQUAL(harness_nr_kicks, 1);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[3]);
}

/* Same, but the idle CPUs it may use are limited by its affinity. */
static void wake_idle_cpu_within_affinity(void)
{
	block_on(vc[3], 1);
	run_on(vc[2], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[3], CPU(1) | CPU(3)), 0);
	harness_kicks_reset();
	on(0);
	sched_wake(vc[3]);
	CU_ASSERT_EQUAL(vc[3]->processor, 3);
	CU_ASSERT_EQUAL(harness_kicked, CPU(3));
	CU_ASSERT(none_picks(CPU(0) | CPU(2)));
	CU_ASSERT_PTR_EQUAL(pick(3), vc[3]);
}

/* A vCPU whose last CPU is idle goes back there; that CPU is kicked. */
static void wake_idle_last_cpu_stays(void)
{
	block_on(vc[1], 2);
	harness_kicks_reset();
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->processor, 2);
	CU_ASSERT_EQUAL(harness_kicked, CPU(2));
	CU_ASSERT_PTR_EQUAL(pick(2), vc[1]);
}

/*
 * When every CPU is busy the vCPU waits on its last CPU, first in line:
 * woken, it is boosted above the UNDER vCPU running there, whose CPU is
 * kicked to pick again (Xen's tickle); no other CPU is.
 */
static void wake_all_busy_back_to_last_cpu(void)
{
	unsigned int cpu;

	block_on(vc[5], 2);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		run_on(vc[cpu], cpu);
	harness_kicks_reset();
	on(0);
	sched_wake(vc[5]);
	CU_ASSERT_EQUAL(vc[5]->processor, 2);
	CU_ASSERT_EQUAL(harness_nr_kicks, 1);
	CU_ASSERT_EQUAL(harness_kicked, CPU(2));
	CU_ASSERT_PTR_EQUAL(pick(2), vc[5]); /* vc[2] requeued behind it */
}

/*
 * A CPU never kicks itself: waking onto the caller's own CPU, yielding,
 * kicking or removing the caller's own vCPU (smp_kick fails the test on
 * a self-kick); the same calls for another CPU's vCPU do kick it.
 */
static void never_kick_self(void)
{
	block_on(vc[1], 0);
	harness_kicks_reset();
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->processor, 0);
	CU_ASSERT_PTR_EQUAL(pick(0), vc[1]);
	sched_kick(vc[1]);
	sched_yield_vcpu(vc[1]);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);

	run_on(vc[2], 1);
	harness_kicks_reset();
	on(0);
	sched_kick(vc[2]);
	CU_ASSERT_EQUAL(harness_kicked, CPU(1));
	on(1);
	sched_kick(vc[2]);
	sched_remove(vc[2]);
	CU_ASSERT_EQUAL(harness_nr_kicks, 1);
}

/* --- Picking --- */

/*
 * Equal vCPUs on one queue take turns; the one that ran goes to the tail
 * (pinned, so that none moves to the idle CPUs).
 */
static void pick_round_robin(void)
{
	static const unsigned int order[] = { 1, 2, 3, 1, 2, 3, 1 };
	unsigned int i;

	for (i = 1; i <= 3; i++) {
		queue_on(vc[i], 1);
		CU_ASSERT_EQUAL(sched_set_affinity(vc[i], CPU(1)), 0);
	}
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		CU_ASSERT_PTR_EQUAL(pick(1), vc[order[i]]);
		CU_ASSERT(vc[order[i]]->running);
		if (i)
			CU_ASSERT(!vc[order[i - 1]]->running);
		check_running();
	}
}

/* The best queued vCPU wins: UNDER before OVER, BOOST before UNDER. */
static void pick_best_priority(void)
{
	block_on(vc[3], 2);
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	charge(vc[1], 1); /* vc[1] OVER, vc[2] UNDER */
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]); /* still beats vc[1] */
	CU_ASSERT_EQUAL(sched_set_affinity(vc[3], CPU(1)), 0);
	sched_wake(vc[3]); /* BOOST, queued last */
	CU_ASSERT_PTR_EQUAL(pick(1), vc[3]);
}

/*
 * The vCPU that stops running stays "running" until sched_switched_out():
 * its state is not saved yet.
 */
static void switched_out_clears_running(void)
{
	struct vcpu *next;

	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	on(1);
	next = sched_pick();
	CU_ASSERT_PTR_EQUAL(next, vc[2]);
	CU_ASSERT(vc[2]->running);
	CU_ASSERT(vc[1]->running);
	sched_switched_out(vc[1]);
	CU_ASSERT(!vc[1]->running);
	CU_ASSERT(vc[2]->running);
	CU_ASSERT_PTR_EQUAL(sched_current(), vc[2]);
}

/*
 * A running vCPU is on no queue: woken again (spuriously, or after it
 * blocked and before its CPU picked again) no other CPU can pick it, and
 * its own CPU keeps running it.
 */
static void running_is_never_queued(void)
{
	run_on(vc[1], 1);
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT(none_picks(ALL_CPUS & ~CPU(1)));
	on(1);
	sched_block(vc[1]);
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT(none_picks(ALL_CPUS & ~CPU(1)));
	on(1);
	CU_ASSERT(!sched_should_switch());
	CU_ASSERT_PTR_EQUAL(sched_current(), vc[1]);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	check_running();
}

/* The vCPU picked is not taken by a second CPU; once saved it may be. */
static void never_picked_twice(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]); /* idle CPU 2 steals it */
	CU_ASSERT(none_picks(CPU(0) | CPU(3)));
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	check_running();
	on(1);
	sched_block(vc[1]);
	CU_ASSERT_PTR_NULL(pick(1));
	on(2);
	sched_yield_vcpu(vc[2]);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]); /* alone: keeps its CPU */
	check_running();
}

/* Yield lets a lower-priority vCPU go first, once. */
static void yield_lets_others_first_once(void)
{
	block_on(vc[1], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	on(1);
	sched_wake(vc[1]); /* BOOST */
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	queue_on(vc[2], 1);		     /* UNDER */
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]); /* BOOST keeps the CPU */
	sched_yield_vcpu(vc[1]);
	CU_ASSERT(vc[1]->yielded);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
	CU_ASSERT(!vc[1]->yielded);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]); /* BOOST first again */
}

/* --- Work stealing --- */

/* An idle CPU steals a runnable vCPU waiting behind a busy CPU's current. */
static void steal_by_idle_cpu(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	harness_kicks_reset();
	CU_ASSERT_PTR_EQUAL(pick(3), vc[2]);
	CU_ASSERT_EQUAL(vc[2]->processor, 3);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);
	check_running();
}

/* An idle CPU steals even OVER work; a CPU with OVER work does not. */
static void steal_over_only_when_idle(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	charge(vc[1], 1);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]); /* vc[1] OVER, queued on 1 */
	run_on(vc[3], 2);
	charge(vc[3], 2);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[3]); /* OVER does not take OVER */
	CU_ASSERT_PTR_EQUAL(pick(3), vc[1]); /* idle takes anything */
	CU_ASSERT_EQUAL(vc[1]->processor, 3);
}

/* A CPU running UNDER work keeps it rather than take another UNDER vCPU. */
static void no_steal_under_for_under(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	run_on(vc[3], 2);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[3]);
	CU_ASSERT_EQUAL(vc[2]->processor, 1);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
}

/* A CPU whose best is OVER steals an UNDER vCPU from another queue. */
static void over_steals_under(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	run_on(vc[3], 2);
	charge(vc[3], 2);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]);
	CU_ASSERT_EQUAL(vc[2]->processor, 2);
	CU_ASSERT(!vc[3]->running);
	CU_ASSERT_EQUAL(vc[3]->processor, 2); /* queued at home */
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]); /* UNDER before OVER vc[3] */
}

/* ... and a BOOST one, woken onto a busy CPU. */
static void over_steals_boost(void)
{
	block_on(vc[2], 1);
	run_on(vc[1], 1);
	run_on(vc[3], 2);
	charge(vc[3], 2);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(1) | CPU(2)), 0);
	on(1);
	sched_wake(vc[2]); /* CPU 2 not idle: stays on 1 */
	CU_ASSERT_EQUAL(vc[2]->processor, 1);
	CU_ASSERT_EQUAL(credit_prio(vc[2]), CREDIT_PRIO_BOOST);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]);
}

/*
 * A CPU whose only vCPU just yielded takes a vCPU waiting on another CPU,
 * even one no better; the yielder waits at home.
 */
static void yielder_steals(void)
{
	run_on(vc[1], 1);
	run_on(vc[2], 2);
	queue_on(vc[3], 2);
	on(1);
	sched_yield_vcpu(vc[1]);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[3]);
	CU_ASSERT_EQUAL(vc[1]->processor, 1);
	CU_ASSERT(!vc[1]->yielded);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[2]);
	CU_ASSERT_PTR_EQUAL(pick(0), vc[1]); /* idle CPU 0 takes it */
}

/*
 * Push: a vCPU whose slice ends moves to the least loaded CPU it may use
 * when that one has fewer vCPUs than its CPU keeps without it (kicked if
 * idle); otherwise it queues at home.
 */
static void slice_end_pushes(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	queue_on(vc[3], 1);
	run_on(vc[4], 0);
	harness_kicks_reset();
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
	CU_ASSERT_EQUAL(vc[1]->processor, 2); /* 2 and 3 empty: the first */
	CU_ASSERT_EQUAL(harness_kicked, CPU(2));
	CU_ASSERT_PTR_EQUAL(pick(2), vc[1]);
	run_on(vc[5], 3);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[3]); /* 1 left, all others 1 */
	CU_ASSERT_EQUAL(vc[2]->processor, 1);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
}

/* Stealing respects affinity: a vCPU bound to its busy CPU stays there. */
static void steal_respects_affinity(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(1) | CPU(3)), 0);
	CU_ASSERT_EQUAL(vc[2]->processor, 1);
	CU_ASSERT(none_picks(CPU(0) | CPU(2)));
	CU_ASSERT_PTR_EQUAL(pick(3), vc[2]);
}

/* --- Affinity --- */

/* A mask with no online CPU is -EINVAL and changes nothing. */
static void affinity_needs_online_cpu(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(1)), 0);
	harness_kicks_reset();
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], 0), -EINVAL);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(NR_CPUS)), -EINVAL);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(63)), -EINVAL);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(NR_CPUS)), -EINVAL);
	CU_ASSERT_EQUAL(vc[2]->affinity, CPU(1));
	CU_ASSERT_EQUAL(vc[1]->affinity, ALL_CPUS);
	CU_ASSERT_EQUAL(vc[2]->processor, 1);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);
	on(1);
	CU_ASSERT(!sched_should_switch());
	CU_ASSERT(none_picks(CPU(0) | CPU(2) | CPU(3)));
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);
}

/* A queued vCPU leaves a CPU it may no longer use; its new CPU is kicked. */
static void affinity_moves_queued(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 1);
	harness_kicks_reset();
	on(0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(3)), 0);
	CU_ASSERT_EQUAL(vc[2]->processor, 3);
	CU_ASSERT_EQUAL(harness_kicked, CPU(3));
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	CU_ASSERT_PTR_EQUAL(pick(3), vc[2]);
}

/*
 * A running vCPU that may no longer use its CPU makes that CPU pick again
 * (kicked, as it is remote), which sends it to a CPU it may use.
 */
static void affinity_moves_running(void)
{
	run_on(vc[1], 1);
	harness_kicks_reset();
	on(0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(2)), 0);
	CU_ASSERT_EQUAL(harness_kicked, CPU(1));
	on(1);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT_PTR_NULL(pick(1));
	CU_ASSERT_EQUAL(vc[1]->processor, 2);
	CU_ASSERT(harness_kicked & CPU(2));
	CU_ASSERT(!vc[1]->running);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[1]);
	check_running();
}

/* Same, changed by the vCPU's own CPU: no kick, but a new pick. */
static void affinity_moves_running_local(void)
{
	run_on(vc[1], 1);
	harness_kicks_reset();
	on(1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(2) | CPU(3)), 0);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT_PTR_NULL(pick(1));
	CU_ASSERT(vc[1]->processor == 2 || vc[1]->processor == 3);
	CU_ASSERT_PTR_EQUAL(pick(vc[1]->processor), vc[1]);
}

/* A running vCPU whose CPU stays allowed is left alone. */
static void affinity_keeps_allowed_running(void)
{
	run_on(vc[1], 1);
	harness_kicks_reset();
	on(0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1) | CPU(2)), 0);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);
	on(1);
	CU_ASSERT(!sched_should_switch());
}

/* No CPU outside a vCPU's affinity picks it, idle or not. */
static void pick_respects_affinity(void)
{
	unsigned int i;

	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(2)), 0);
	on(2);
	sched_wake(vc[1]);
	for (i = 0; i < 3; i++) {
		CU_ASSERT(none_picks(ALL_CPUS & ~CPU(2)));
		CU_ASSERT_PTR_EQUAL(pick(2), vc[1]);
	}
}

/* --- What may not run --- */

/*
 * A paused domain's vCPU stays queued, picked by nobody, until unpaused;
 * waking it then kicks the idle CPU it waits on.
 */
static void paused_not_picked(void)
{
	queue_on(vc[1], 1);
	vc[1]->domain->paused = true;
	CU_ASSERT(none_picks(ALL_CPUS));
	vc[1]->domain->paused = false;
	harness_kicks_reset();
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->processor, 1);
	CU_ASSERT_EQUAL(harness_kicked, CPU(1));
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	vc[1]->domain->paused = true;
	on(1);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT(none_picks(ALL_CPUS));
	CU_ASSERT(!vc[1]->running);
}

/* A DEAD vCPU is not woken, nor picked when found on a queue. */
static void dead_not_picked(void)
{
	vc[1]->state = VCPU_DEAD;
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->state, VCPU_DEAD);
	CU_ASSERT_EQUAL(harness_nr_kicks, 0);
	CU_ASSERT(none_picks(ALL_CPUS));

	queue_on(vc[2], 1);
	vc[2]->state = VCPU_DEAD;
	CU_ASSERT(none_picks(ALL_CPUS));
}

/*
 * A BLOCKED vCPU, queued or running, is picked by nobody; it left its
 * queue, so when woken it is placed afresh (on an idle CPU).
 */
static void blocked_not_picked(void)
{
	run_on(vc[3], 1);
	queue_on(vc[1], 1);
	sched_block(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->state, VCPU_BLOCKED);
	CU_ASSERT(none_picks(ALL_CPUS & ~CPU(1)));
	CU_ASSERT_PTR_EQUAL(pick(1), vc[3]);
	on(0);
	sched_wake(vc[1]);
	CU_ASSERT_EQUAL(vc[1]->processor, 0);
	CU_ASSERT_PTR_EQUAL(pick(0), vc[1]);
	on(1);
	sched_remove(vc[3]);
	vc[3]->state = VCPU_DOWN;
	on(0);
	sched_block(vc[1]);
	CU_ASSERT(none_picks(ALL_CPUS));

	run_on(vc[2], 2);
	on(2);
	sched_block(vc[2]);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT(none_picks(ALL_CPUS));
	CU_ASSERT(!vc[2]->running);
}

/*
 * sched_remove of a vCPU running on another CPU kicks that CPU, which
 * picks again; a removed queued vCPU is gone from its queue.
 */
static void remove_running_kicks(void)
{
	run_on(vc[1], 1);
	queue_on(vc[2], 2);
	harness_kicks_reset();
	on(0);
	sched_remove(vc[1]);
	vc[1]->state = VCPU_DEAD; /* as domain.c's stop_vcpus */
	CU_ASSERT_EQUAL(harness_kicked, CPU(1));
	on(1);
	CU_ASSERT(sched_should_switch());
	sched_remove(vc[2]);
	vc[2]->state = VCPU_DOWN; /* as VCPUOP_down */
	CU_ASSERT(none_picks(ALL_CPUS));
	CU_ASSERT(!vc[1]->running);
}

/* --- Credit accounting --- */

/*
 * CPU time is system time between switch-in and switch-out: it grows
 * while the vCPU runs (a stint in progress counts up to now), not while
 * it waits, keeps growing when the CPU picks it again for the next slice,
 * and adds up across CPUs.  Ticks play no part.
 */
static void cpu_time_from_switches(void)
{
	harness_now = 1000000;
	run_on(vc[1], 1);
	harness_now += 3000000;
	CU_ASSERT_EQUAL(sched_cpu_time(vc[1]), 3000000);
	tick(1);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]); /* alone: its next slice */
	harness_now += 2000000;
	CU_ASSERT_EQUAL(sched_cpu_time(vc[1]), 5000000);
	queue_on(vc[2], 1);
	tick(1);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]); /* vc[1] switched out at 5 ms */
	CU_ASSERT_EQUAL(vc[1]->cpu_time, 5000000);
	harness_now += 7000000;
	CU_ASSERT_EQUAL(sched_cpu_time(vc[1]), 5000000);
	CU_ASSERT_EQUAL(sched_cpu_time(vc[2]), 7000000);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(2)), 0);
	CU_ASSERT_PTR_EQUAL(pick(2), vc[1]);
	harness_now += 1000000;
	on(2);
	sched_block(vc[1]);
	CU_ASSERT_PTR_NULL(pick(2));
	harness_now += 4000000;
	CU_ASSERT_EQUAL(sched_cpu_time(vc[1]), 6000000);
	CU_ASSERT_EQUAL(sched_cpu_time(vc[2]), 12000000);
}

/* sched_ticks() counts the boot CPU's ticks, not the others'. */
static void ticks_count_boot_cpu(void)
{
	uint64_t t = sched_ticks();

	tick(1);
	tick(3);
	CU_ASSERT_EQUAL(sched_ticks(), t);
	tick(0);
	CU_ASSERT_EQUAL(sched_ticks(), t + 1);
}

/* Domains 1 and 2 at weights 512 and 256, queued on and pinned to CPU 1. */
static void pin_pair_2_to_1(void)
{
	CU_ASSERT_EQUAL(credit_set(vc[1]->domain, 512, 0), 0);
	CU_ASSERT_EQUAL(credit_set(vc[2]->domain, 256, 0), 0);
	queue_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(1)), 0);
}

/* Two spinners pinned to CPU 1 share it 2:1 by their weights 512:256. */
static void weights_share_one_cpu(void)
{
	pin_pair_2_to_1();
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT_EQUAL(ran[1] + ran[2],
			PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT(near((double)ran[1] / ran[2], 2.0));
}

/*
 * The same with the CPUs' clocks apart: the boot CPU ticking twice as
 * often as CPU 1, then CPU 1 twice as often as the boot CPU.  Each CPU's
 * accounting follows its own ticks.
 */
static void weights_own_clock(void)
{
	unsigned int fast;

	for (fast = 0; fast <= 1; fast++) {
		fresh();
		rate[fast] = 2;
		pin_pair_2_to_1();
		simulate(PERIODS * CREDIT_ACCT_TICKS);
		CU_ASSERT(
		    near((double)ran[1] / ran[2], 2.0));
	}
}

/*
 * Only vCPUs active on a CPU earn its credits: a spinner alone on CPU 1
 * gets all of each period, exactly what it burnt (so it is back at 0 at
 * the end of one), while a vCPU blocked there earns nothing.  One charged
 * there and then blocked earns its share of that period only: half, the
 * spinner's weight being the same.
 */
static void blocked_earns_nothing(void)
{
	block_on(vc[2], 1);
	queue_on(vc[1], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT_EQUAL(vc[2]->csched.credit, 0);
	CU_ASSERT_EQUAL(ran[1], PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT_EQUAL(vc[1]->csched.credit, 0);

	fresh();
	run_on(vc[2], 1);
	charge(vc[2], 1);
	on(1);
	sched_block(vc[2]);
	CU_ASSERT_PTR_NULL(pick(1));
	queue_on(vc[1], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT_EQUAL(vc[2]->csched.credit,
			-CREDIT_PER_TICK +
			    CREDIT_PER_TICK * CREDIT_ACCT_TICKS / 2);
}

/*
 * credit.c's example: the same two spinners and a Dom0 on their CPU that
 * only yields.  Dom0 takes no share it does not use: still 2:1, and Dom0
 * is almost never the one charged.
 */
static void weights_with_yielder(void)
{
	pin_pair_2_to_1();
	queue_on(vc[0], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[0], CPU(1)), 0);
	simulate_with(PERIODS * CREDIT_ACCT_TICKS, vc[0]);
	CU_ASSERT(ran[0] <= PERIODS * CREDIT_ACCT_TICKS / 100);
	CU_ASSERT(near((double)ran[1] / ran[2], 2.0));
}

/*
 * The system test's layout: the two spinners pinned to CPU 1, and a vCPU
 * that may run on both CPUs keeping CPU 0 busy (Dom0 in its test loop).
 * It must take none of CPU 1's credits, which the pinned pair could not
 * make up on CPU 0: still 2:1, and it keeps CPU 0.
 */
static void weights_beside_busy_cpu(void)
{
	pin_pair_2_to_1();
	queue_on(vc[3], 0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[3], CPU(0) | CPU(1)), 0);
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT(near(ran[3], PERIODS * CREDIT_ACCT_TICKS));
	CU_ASSERT(near((double)ran[1] / ran[2], 2.0));
}

/*
 * From a fresh state, n spinners (domains 1..n, weights[0..n-1]) allowed
 * on CPUs 0 and 1 only, woken on CPU 0 and run for PERIODS periods.
 */
static void spin_on_two_cpus(const uint16_t *weights, unsigned int n)
{
	unsigned int i;

	fresh();
	for (i = 1; i <= n; i++) {
		CU_ASSERT_EQUAL(credit_set(vc[i]->domain, weights[i - 1], 0), 0);
		CU_ASSERT_EQUAL(sched_set_affinity(vc[i], CPU(0) | CPU(1)), 0);
		on(0);
		sched_wake(vc[i]);
	}
	simulate(PERIODS * CREDIT_ACCT_TICKS);
}

/*
 * Two spinners free to use CPUs 0 and 1 each get about all of one CPU,
 * whatever their weights: they do not compete.
 */
static void spinners_spread(void)
{
	static const uint16_t weights[][2] = { { 256, 256 }, { 512, 256 } };
	unsigned int i, w;

	for (w = 0; w < ARRAY_SIZE(weights); w++) {
		spin_on_two_cpus(weights[w], 2);
		for (i = 1; i <= 2; i++)
			CU_ASSERT(near(ran[i],
				       PERIODS * CREDIT_ACCT_TICKS));
	}
}

/*
 * Three spinners on two CPUs share both by weight: with equal weights
 * each gets two thirds of a CPU, with 512:256:256 the first gets a whole
 * CPU and the others half each.  Neither happens unless shares add up
 * across CPUs and the spinner that has a CPU to itself is moved on.
 */
static void three_spinners_two_cpus(void)
{
	static const uint16_t weights[][3] = { { 256, 256, 256 },
					       { 512, 256, 256 } };
	const double t = PERIODS * CREDIT_ACCT_TICKS;
	unsigned int i, w;

	for (w = 0; w < ARRAY_SIZE(weights); w++) {
		spin_on_two_cpus(weights[w], 3);
		for (i = 1; i <= 3; i++)
			CU_ASSERT(near(ran[i],
				       2 * t * weights[w][i - 1] /
					   (weights[w][0] + weights[w][1] +
					    weights[w][2])));
	}
}

/* A cap of 20% holds a spinner alone on its CPU near 20% of it. */
static void cap_holds_spinner(void)
{
	CU_ASSERT_EQUAL(credit_set(vc[1]->domain, 0, 20), 0);
	queue_on(vc[1], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT(near(ran[1], PERIODS * CREDIT_ACCT_TICKS / 5.0));
}

/* A capped spinner leaves the rest of its CPU to an uncapped one. */
static void cap_leaves_rest(void)
{
	CU_ASSERT_EQUAL(credit_set(vc[1]->domain, 0, 20), 0);
	queue_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[1], CPU(1)), 0);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[2], CPU(1)), 0);
	simulate(PERIODS * CREDIT_ACCT_TICKS);
	CU_ASSERT(near(ran[1], PERIODS * CREDIT_ACCT_TICKS / 5.0));
	CU_ASSERT(near(ran[2], PERIODS * CREDIT_ACCT_TICKS * 0.8));
}

/*
 * A vCPU woken from BLOCKED is BOOST and runs before the UNDER ones queued
 * ahead of it, until its next tick; one woken from DOWN is not boosted.
 */
static void boost_runs_first(void)
{
	block_on(vc[3], 1);
	run_on(vc[4], 1);
	queue_on(vc[1], 1);
	queue_on(vc[2], 1);
	CU_ASSERT_EQUAL(credit_prio(vc[1]), CREDIT_PRIO_UNDER);
	CU_ASSERT_EQUAL(sched_set_affinity(vc[3], CPU(1)), 0);
	on(0);
	sched_wake(vc[3]);
	CU_ASSERT_EQUAL(credit_prio(vc[3]), CREDIT_PRIO_BOOST);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[3]);
	tick(1);
	CU_ASSERT_NOT_EQUAL(credit_prio(vc[3]), CREDIT_PRIO_BOOST);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[1]);
	CU_ASSERT_PTR_EQUAL(pick(1), vc[2]);

	on(0);
	sched_wake(vc[5]);
	CU_ASSERT_EQUAL(credit_prio(vc[5]), CREDIT_PRIO_UNDER);
}

/*
 * credit_set: cap up to 100 per online CPU, -EINVAL above and nothing
 * changed; weight 0 keeps the weight.
 */
static void credit_set_limits(void)
{
	struct domain *d = vc[1]->domain;

	CU_ASSERT_EQUAL(credit_set(d, 300, 400), 0);
	CU_ASSERT_EQUAL(d->sched.weight, 300);
	CU_ASSERT_EQUAL(d->sched.cap, 400);
	CU_ASSERT_EQUAL(credit_set(d, 500, 401), -EINVAL);
	CU_ASSERT_EQUAL(d->sched.weight, 300);
	CU_ASSERT_EQUAL(d->sched.cap, 400);
	CU_ASSERT_EQUAL(credit_set(d, 0, 50), 0);
	CU_ASSERT_EQUAL(d->sched.weight, 300);
	CU_ASSERT_EQUAL(d->sched.cap, 50);
	harness_nr_cpus = 1;
	CU_ASSERT_EQUAL(credit_set(d, 0, 101), -EINVAL);
	CU_ASSERT_EQUAL(credit_set(d, 0, 100), 0);
	CU_ASSERT_EQUAL(credit_set(d, 0, 0), 0);
	CU_ASSERT_EQUAL(d->sched.cap, 0);
}

/* --- sched_op --- */

/* SCHEDOP_yield, _block and _poll reach the scheduler and evtchn.c. */
static void sched_op_yield_block_poll(void)
{
	unsigned long yield[] = { SCHEDOP_yield, 0 };
	unsigned long block[] = { SCHEDOP_block, 0 };
	unsigned long poll[] = { SCHEDOP_poll, 0x1234 };
	unsigned long bad[] = { 99, 0 };
	unsigned int blocks = harness_blocks, polls = harness_polls;

	run_on(vc[1], 1);
	on(1);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], yield), 0);
	CU_ASSERT(vc[1]->yielded);
	CU_ASSERT(sched_should_switch());
	CU_ASSERT_EQUAL(do_sched_op(vc[1], block), 0);
	CU_ASSERT_EQUAL(harness_blocks, blocks + 1);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], poll), 0);
	CU_ASSERT_EQUAL(harness_polls, polls + 1);
	CU_ASSERT_EQUAL(harness_poll_arg, 0x1234);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], bad), -ENOSYS);
}

/* Writes a sched_shutdown / sched_remote_shutdown at guest address 0. */
static void put_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	memcpy(harness_guest_mem, &sd, sizeof(sd));
}

static void put_remote_shutdown(domid_t id, unsigned int reason)
{
	struct sched_remote_shutdown rsd = { .domain_id = id,
					     .reason = reason };

	memcpy(harness_guest_mem, &rsd, sizeof(rsd));
}

/* SCHEDOP_shutdown: checked reason, own domain; remote: Dom0 only. */
static void sched_op_shutdown(void)
{
	unsigned long own[] = { SCHEDOP_shutdown, 0 };
	unsigned long remote[] = { SCHEDOP_remote_shutdown, 0 };
	unsigned long fault[] = { SCHEDOP_shutdown, 255 };

	harness_shutdown_dom = NULL;
	put_shutdown(SHUTDOWN_MAX + 1);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], own), -EINVAL);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], fault), -EFAULT);
	CU_ASSERT_PTR_NULL(harness_shutdown_dom);
	put_shutdown(SHUTDOWN_reboot);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], own), 0);
	CU_ASSERT_PTR_EQUAL(harness_shutdown_dom, vc[1]->domain);
	CU_ASSERT_EQUAL(harness_shutdown_reason, SHUTDOWN_reboot);

	harness_shutdown_dom = NULL;
	put_remote_shutdown(2, SHUTDOWN_poweroff);
	CU_ASSERT_EQUAL(do_sched_op(vc[1], remote), -EPERM);
	harness_doms[0].d.is_privileged = true;
	put_remote_shutdown(HARNESS_DOMS, SHUTDOWN_poweroff);
	CU_ASSERT_EQUAL(do_sched_op(vc[0], remote), -ESRCH);
	put_remote_shutdown(2, SHUTDOWN_MAX + 1);
	CU_ASSERT_EQUAL(do_sched_op(vc[0], remote), -EINVAL);
	CU_ASSERT_PTR_NULL(harness_shutdown_dom);
	put_remote_shutdown(2, SHUTDOWN_crash);
	CU_ASSERT_EQUAL(do_sched_op(vc[0], remote), 0);
	CU_ASSERT_PTR_EQUAL(harness_shutdown_dom, vc[2]->domain);
	CU_ASSERT_EQUAL(harness_shutdown_reason, SHUTDOWN_crash);
}

static const struct harness_test tests[] = {
	{ "wake_busy_last_cpu_goes_idle", wake_busy_last_cpu_goes_idle },
	{ "wake_idle_cpu_within_affinity", wake_idle_cpu_within_affinity },
	{ "wake_idle_last_cpu_stays", wake_idle_last_cpu_stays },
	{ "wake_all_busy_back_to_last_cpu", wake_all_busy_back_to_last_cpu },
	{ "never_kick_self", never_kick_self },
	{ "pick_round_robin", pick_round_robin },
	{ "pick_best_priority", pick_best_priority },
	{ "switched_out_clears_running", switched_out_clears_running },
	{ "running_is_never_queued", running_is_never_queued },
	{ "never_picked_twice", never_picked_twice },
	{ "yield_lets_others_first_once", yield_lets_others_first_once },
	{ "steal_by_idle_cpu", steal_by_idle_cpu },
	{ "steal_over_only_when_idle", steal_over_only_when_idle },
	{ "no_steal_under_for_under", no_steal_under_for_under },
	{ "over_steals_under", over_steals_under },
	{ "over_steals_boost", over_steals_boost },
	{ "yielder_steals", yielder_steals },
	{ "slice_end_pushes", slice_end_pushes },
	{ "steal_respects_affinity", steal_respects_affinity },
	{ "affinity_needs_online_cpu", affinity_needs_online_cpu },
	{ "affinity_moves_queued", affinity_moves_queued },
	{ "affinity_moves_running", affinity_moves_running },
	{ "affinity_moves_running_local", affinity_moves_running_local },
	{ "affinity_keeps_allowed_running", affinity_keeps_allowed_running },
	{ "pick_respects_affinity", pick_respects_affinity },
	{ "paused_not_picked", paused_not_picked },
	{ "dead_not_picked", dead_not_picked },
	{ "blocked_not_picked", blocked_not_picked },
	{ "remove_running_kicks", remove_running_kicks },
	{ "cpu_time_from_switches", cpu_time_from_switches },
	{ "ticks_count_boot_cpu", ticks_count_boot_cpu },
	{ "weights_share_one_cpu", weights_share_one_cpu },
	{ "weights_own_clock", weights_own_clock },
	{ "blocked_earns_nothing", blocked_earns_nothing },
	{ "weights_with_yielder", weights_with_yielder },
	{ "weights_beside_busy_cpu", weights_beside_busy_cpu },
	{ "spinners_spread", spinners_spread },
	{ "three_spinners_two_cpus", three_spinners_two_cpus },
	{ "cap_holds_spinner", cap_holds_spinner },
	{ "cap_leaves_rest", cap_leaves_rest },
	{ "boost_runs_first", boost_runs_first },
	{ "credit_set_limits", credit_set_limits },
	{ "sched_op_yield_block_poll", sched_op_yield_block_poll },
	{ "sched_op_shutdown", sched_op_shutdown },
};

int main(void)
{
	CU_pSuite s;
	size_t i;

	if (harness_init())
		return 1;
	s = CU_add_suite_with_setup_and_teardown("sched", suite_init, NULL,
						 fresh, NULL);
	for (i = 0; s && i < ARRAY_SIZE(tests); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			s = NULL;
	if (!s)
		return 1;
	harness_add_runstate_suite();
	return cunit_run();
}
