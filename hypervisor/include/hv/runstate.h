/* SPDX-License-Identifier: MIT */
/*
 * vCPU runstates, as Xen keeps them: each vCPU is running (loaded on a
 * CPU), runnable (waiting for one), blocked (waiting for an event) or
 * offline (down, or its domain dying), and the system time it spent in
 * each state since it was created is counted.  A guest reads them with
 * VCPUOP_get_runstate_info, or has the hypervisor copy them into its own
 * memory with VCPUOP_register_runstate_memory_area (Linux uses the area
 * for steal time and BUG()s if it cannot register one).
 *
 * The area is a guest virtual address, written through the vCPU's page
 * tables of the moment, as Xen does for HVM guests: at registration, when
 * the vCPU is switched in (state running, state_entry_time the switch) and
 * when it is switched out.  A write that does not translate is skipped, as
 * on Xen.  With HYPERVISOR_vm_assist(VMASST_TYPE_runstate_update_flag)
 * enabled, bit 63 of state_entry_time (XEN_RUNSTATE_UPDATE) is set in the
 * area before the rest changes and cleared after.
 *
 * A 32-bit caller's area is written in the i386 layout (struct
 * compat_runstate_info, 44 bytes): the layout is the one of the call that
 * registered the area.  (Xen picks it by the width of the domain's shared
 * info, which an HVM guest latches when it sets its callback; a guest that
 * makes both calls in one mode sees the same.)
 *
 * Callers hold hv_lock.  The area writes go through copy_to_guest(), which
 * on vmx loads the vCPU's VMCS: the switch hooks run on the CPU that runs
 * (or just ran) the vCPU, before its state is put away.
 */
#ifndef HV_RUNSTATE_H
#define HV_RUNSTATE_H

#include <xen/xen.h>
#include <xen/vcpu.h>
#include <hv/types.h>

struct domain;
struct vcpu;

/* A vCPU's part, in struct vcpu. */
struct runstate_vcpu {
	struct vcpu_runstate_info info;	/* state, entry time, time per state */
	uint64_t area;			/* registered guest address, 0: none */
	bool compat;			/* the area has the i386 layout */
};

/* Starts v's accounting: offline from now. */
void runstate_init(struct vcpu *v);

/* Accounts the time v spent in its current state and enters state. */
void runstate_set(struct vcpu *v, int state);

/* v starts running on this CPU: running from now; its area is written. */
void runstate_switch_in(struct vcpu *v);

/*
 * v stops running on this CPU (before the back end puts its state away):
 * runnable, blocked or offline from now, as v->state says; its area is
 * written.
 */
void runstate_switch_out(struct vcpu *v);

/* v's runstate now, the current state's time counted up to now. */
void runstate_get(const struct vcpu *v, struct vcpu_runstate_info *out);

/*
 * VCPUOP_register_runstate_memory_area for target (a vCPU of the caller's
 * domain): remembers the guest address (0 stops the updates) and its
 * layout (compat: i386) and writes the area at once.  Returns 0 (as Xen,
 * also for an address that does not translate: the writes are skipped).
 */
int runstate_register(struct vcpu *caller, struct vcpu *target, uint64_t area,
		      bool compat);

#endif
