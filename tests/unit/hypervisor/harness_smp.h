/* SPDX-License-Identifier: MIT */
/*
 * Several physical CPUs played on one thread, for the scheduler's tests
 * (sched.c, credit.c).  The test says which CPU "is running" by setting
 * harness_cpu before each call into the scheduler, and reads back which
 * CPUs the scheduler kicked.  A small table of one-vCPU domains stands in
 * for domain.c (domain_next, domain_by_id, domain_shutdown), and the few
 * other functions sched.c calls (evtchn_block, evtchn_poll,
 * copy_from_guest) record their arguments.
 */
#ifndef UNIT_HV_HARNESS_SMP_H
#define UNIT_HV_HARNESS_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include <hv/domain.h>
#include <hv/vcpu.h>

/* What time_now() returns: system time in ns, set by the test. */
extern uint64_t harness_now;

/* What smp_processor_id() and smp_cpus_online() return. */
extern unsigned int harness_cpu;
extern unsigned int harness_nr_cpus;

/*
 * smp_kick(): every CPU kicked since the last harness_kicks_reset(), as a
 * mask (bit n: CPU n), and how many kicks there were.  A kick of the
 * calling CPU or of a CPU out of range fails the running test.
 */
extern uint64_t harness_kicked;
extern unsigned int harness_nr_kicks;
void harness_kicks_reset(void);

/* The fake domains: ids 0 .. HARNESS_DOMS - 1, one vCPU each. */
#define HARNESS_DOMS 6
struct harness_dom {
	struct domain d;
	struct vcpu v;
	bool live; /* seen by domain_next() and domain_by_id() */
};
extern struct harness_dom harness_doms[HARNESS_DOMS];

/*
 * Makes domain id live with fresh scheduling state: vCPU DOWN on CPU 0,
 * may run anywhere, credit and weight as credit.c initialises them.
 * Returns its vCPU.
 */
struct vcpu *harness_dom_create(domid_t id);

/* Takes every domain out of domain_next() and domain_by_id(). */
void harness_doms_clear(void);

/* The last domain_shutdown() call: domain and reason (NULL: none yet). */
extern struct domain *harness_shutdown_dom;
extern unsigned int harness_shutdown_reason;

/* Calls of evtchn_block() and evtchn_poll(), and the poll's argument. */
extern unsigned int harness_blocks, harness_polls;
extern unsigned long harness_poll_arg;

/*
 * Guest memory for copy_from_guest() and copy_to_guest(): guest address a
 * is harness_guest_mem[a]; anything past the end is -EFAULT.
 */
extern uint8_t harness_guest_mem[256];

/* test_runstate.c: runstates and vm_assist, a suite of this binary. */
void harness_add_runstate_suite(void);

#endif
