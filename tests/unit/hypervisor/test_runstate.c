/* SPDX-License-Identifier: MIT */
/*
 * Runstates (runstate.c) with the real scheduler of this binary and the
 * harness clock: time counted per state across wake, switch-in, block and
 * switch-out, the area written at each switch (and its update flag), area
 * registration, VCPUOP_down accounting and vm_assist's checks.
 */
#include <errno.h>
#include <string.h>
#include <xen/vcpu.h>
#include <hv/compat.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/sched.h>

#include "cunit_run.h"
#include "harness.h"
#include "harness_smp.h"

#define AREA	64		/* guest address of the runstate area */
#define DOM	(HARNESS_DOMS - 1)	/* re-created for each test */

static struct vcpu *v;

static void fresh(void)
{
	harness_cpu = 0;
	harness_now = 1000;
	memset(harness_guest_mem, 0, sizeof(harness_guest_mem));
	v = harness_dom_create(DOM);
}

static struct vcpu_runstate_info *area(void)
{
	return (struct vcpu_runstate_info *)(harness_guest_mem + AREA);
}

static void time_per_state(void)
{
	struct vcpu_runstate_info r;

	fresh();
	runstate_get(v, &r);
	CU_ASSERT_EQUAL(r.state, RUNSTATE_offline);
	harness_now = 1100;
	sched_wake(v);			/* up: runnable */
	harness_now = 1250;
	runstate_switch_in(v);
	harness_now = 1400;
	v->state = VCPU_BLOCKED;	/* as sched_block, while running */
	runstate_switch_out(v);
	harness_now = 2000;
	runstate_get(v, &r);
	CU_ASSERT_EQUAL(r.state, RUNSTATE_blocked);
	CU_ASSERT_EQUAL(r.state_entry_time, 1400);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_offline], 100);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_runnable], 150);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_running], 150);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_blocked], 600);	/* up to now */
	/* A clock behind the entry time never counts backwards. */
	harness_now = 10;
	runstate_set(v, RUNSTATE_runnable);
	runstate_get(v, &r);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_blocked], 0);
	CU_ASSERT_EQUAL(r.state_entry_time, 1400);
	sched_remove(v);
}

static void area_written_at_switches(void)
{
	fresh();
	sched_wake(v);
	harness_now = 1500;
	CU_ASSERT_EQUAL(runstate_register(v, v, AREA, false), 0);
	CU_ASSERT_EQUAL(area()->state, RUNSTATE_runnable);
	CU_ASSERT_EQUAL(area()->time[RUNSTATE_offline], 0);
	harness_now = 1700;
	runstate_switch_in(v);
	CU_ASSERT_EQUAL(area()->state, RUNSTATE_running);
	CU_ASSERT_EQUAL(area()->state_entry_time, 1700);
	CU_ASSERT_EQUAL(area()->time[RUNSTATE_runnable], 700);
	harness_now = 1800;
	runstate_switch_out(v);
	CU_ASSERT_EQUAL(area()->state, RUNSTATE_runnable);
	CU_ASSERT_EQUAL(area()->time[RUNSTATE_running], 100);
	/* With the update flag asked for, it is clear once written. */
	v->domain->vm_assist = 1UL << VMASST_TYPE_runstate_update_flag;
	harness_now = 1900;
	runstate_switch_in(v);
	CU_ASSERT_EQUAL(area()->state_entry_time, 1900);
	/* 0 stops the updates; an address past guest memory is skipped. */
	CU_ASSERT_EQUAL(runstate_register(v, v, 0, false), 0);
	harness_now = 2000;
	runstate_switch_out(v);
	CU_ASSERT_EQUAL(area()->state, RUNSTATE_running);
	CU_ASSERT_EQUAL(runstate_register(v, v, 4096, false), 0);
	runstate_switch_in(v);
	sched_remove(v);
}

/*
 * An area registered from 32-bit code has the i386 layout: 44 bytes, the
 * entry time at offset 4 (its update flag there too), nothing written past.
 */
static void compat_area_layout(void)
{
	struct compat_runstate_info c;
	uint8_t *mem = harness_guest_mem + AREA;

	fresh();
	sched_wake(v);
	memset(mem, 0xa5, 64);
	harness_now = 1500;
	CU_ASSERT_EQUAL(runstate_register(v, v, AREA, true), 0);
	v->domain->vm_assist = 1UL << VMASST_TYPE_runstate_update_flag;
	harness_now = 1700;
	runstate_switch_in(v);
	memcpy(&c, mem, sizeof(c));
	CU_ASSERT_EQUAL(c.state, RUNSTATE_running);
	CU_ASSERT_EQUAL(c.state_entry_time, 1700);
	CU_ASSERT_EQUAL(c.time[RUNSTATE_runnable], 700);
	CU_ASSERT_EQUAL(mem[44], 0xa5);
	sched_remove(v);
}

static void down_is_offline(void)
{
	struct vcpu_runstate_info r;

	fresh();
	sched_wake(v);
	harness_now = 1300;
	runstate_set(v, RUNSTATE_offline);	/* VCPUOP_down, not running */
	harness_now = 1400;
	runstate_get(v, &r);
	CU_ASSERT_EQUAL(r.state, RUNSTATE_offline);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_runnable], 300);
	CU_ASSERT_EQUAL(r.time[RUNSTATE_offline], 100);
	sched_remove(v);
}

static void vm_assist_checks(void)
{
	unsigned long args[2];

	fresh();
	args[0] = VMASST_CMD_enable;
	args[1] = VMASST_TYPE_runstate_update_flag;
	CU_ASSERT_EQUAL(do_vm_assist(v, args), 0);
	CU_ASSERT(v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag));
	args[0] = VMASST_CMD_disable;
	CU_ASSERT_EQUAL(do_vm_assist(v, args), 0);
	CU_ASSERT_EQUAL(v->domain->vm_assist, 0);
	args[0] = 9;
	CU_ASSERT_EQUAL(do_vm_assist(v, args), -ENOSYS);
	args[0] = VMASST_CMD_enable;
	args[1] = VMASST_TYPE_writable_pagetables;	/* PV only */
	CU_ASSERT_EQUAL(do_vm_assist(v, args), -EINVAL);
	args[1] = 64;
	CU_ASSERT_EQUAL(do_vm_assist(v, args), -EINVAL);
	args[1] = ~0UL;
	CU_ASSERT_EQUAL(do_vm_assist(v, args), -EINVAL);
	CU_ASSERT_EQUAL(v->domain->vm_assist, 0);
}

static const struct harness_test tests[] = {
	{ "time_per_state", time_per_state },
	{ "area_written_at_switches", area_written_at_switches },
	{ "compat_area_layout", compat_area_layout },
	{ "down_is_offline", down_is_offline },
	{ "vm_assist_checks", vm_assist_checks },
};

void harness_add_runstate_suite(void)
{
	harness_add_suite("runstate", tests, ARRAY_SIZE(tests));
}
