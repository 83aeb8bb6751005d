/* SPDX-License-Identifier: MIT */
/*
 * vm_assist, the runstate calls and the timer and poll act halves for the
 * hypercall-table tests: the table names them; runstate.c is tested with
 * the scheduler (test_runstate.c), time.c and evtchn.c on their own.  The
 * stubs record what the compat handlers hand them.
 */
#include <errno.h>
#include <string.h>
#include <xen/vcpu.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/time.h>

#include "harness.h"

struct harness_calls harness_calls;

int runstate_register(struct vcpu *caller, struct vcpu *target, uint64_t area,
		      bool compat)
{
	(void)caller;
	(void)target;
	harness_calls.runstate_area = area;
	harness_calls.runstate_compat = compat;
	return 0;
}

void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *out)
{
	unsigned int i;

	(void)v;
	out->state = RUNSTATE_running;
	out->state_entry_time = HARNESS_RUNSTATE_ENTRY;
	for (i = 0; i < 4; i++)
		out->time[i] = HARNESS_RUNSTATE_ENTRY + i + 1;
}

long time_set_singleshot(struct vcpu *caller, struct vcpu *target,
			 const struct vcpu_set_singleshot_timer *ss)
{
	(void)caller;
	(void)target;
	harness_calls.singleshot = *ss;
	return 0;
}

long evtchn_poll_ports(struct vcpu *v, uint64_t ports, uint32_t nr_ports,
		       uint64_t timeout)
{
	(void)v;
	harness_calls.poll_ports = ports;
	harness_calls.poll_nr = nr_ports;
	harness_calls.poll_timeout = timeout;
	return 0;
}

long do_vm_assist(struct vcpu *v, const unsigned long *args)
{
	(void)v;
	(void)args;
	return -ENOSYS;
}
