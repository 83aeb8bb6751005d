/* SPDX-License-Identifier: MIT */
/*
 * Virtual CPUs: their register file as the hypervisor sees it between two
 * guest entries, their scheduling state and their exit statistics.  The
 * hardware-specific part (VMCS or VMCB) hangs off struct vcpu's hvm field
 * and belongs to the back end.
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <asm/fpu.h>
#include <asm/hvm/context.h>
#include <asm/hvm/cpustate.h>
#include <asm/hvm/vlapic.h>
#include <hv/credit.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/param.h>
#include <hv/runstate.h>
#include <hv/time.h>
#include <hv/types.h>

struct hvm_cpu_state;

/*
 * For the frames the last guest page-table walk read (one per level, and
 * the page at its end): where each one's p2m entry lives, so that the
 * next walk through the same tables reads that entry again instead of
 * walking the p2m to it (guest_access.c).
 */
#define GUEST_WALK_CACHED	5
struct guest_walk_cache {
	struct {
		uint64_t gfn, tables_freed;	/* slot is right while they are */
		const uint64_t *slot;		/* NULL: nothing remembered */
		uint64_t slot_val;		/* *slot when last read */
		unsigned int slot_perms;	/* its P2M_* rights (0 for 0) */
		const uint64_t *pte;		/* levels 0..3: the entry read */
		uint64_t pte_val;		/* and its value */
	} frame[GUEST_WALK_CACHED];
	/*
	 * The last four-level walk that succeeded: taken again while CR3,
	 * the page, and every p2m entry and page-table entry it read are the
	 * same (levels 3 down to low), no p2m table freed, for an access
	 * within the one it allowed.
	 */
	bool last_valid;
	unsigned int last_access, last_low;
	uint64_t last_cr3, last_va, last_gpa, last_tables_freed;
};

struct domain;

/*
 * Guest general-purpose registers.  The back end loads all of them, rip,
 * rsp and rflags included, into the hardware on entry and stores them back
 * on exit, so generic code reads and writes guest registers here only.
 */
struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rsp, rflags;
};

enum vcpu_state {
	VCPU_RUNNABLE,	/* on the run queue or running */
	VCPU_BLOCKED,	/* halted or SCHEDOP_block: waits for an event */
	VCPU_DOWN,	/* never started, or taken down (VCPUOP_down) */
	VCPU_DEAD,	/* its domain is dying: never runs again */
};

/* One counter per distinct exit reason the back end reported. */
struct exit_count {
	uint32_t reason;	/* back end's own code (VMX basic reason, SVM exitcode) */
	uint64_t count;
};

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	enum vcpu_state state;
	struct guest_regs regs;
	bool initialised;		/* has a start state (Xen's is_initialised) */
	bool start_pending;		/* start_regs/start_cpu load at its next entry */
	struct guest_regs start_regs;
	struct hvm_vcpu_state start_cpu;
	struct vcpu *next_runnable;	/* run queue link (sched.c) */
	unsigned int processor;		/* the CPU it runs or waits on, or ran on last */
	bool running;			/* loaded on processor: see sched.c */
	uint64_t affinity;		/* CPUs it may run on, bit n for CPU n */
	bool yielded;			/* SCHEDOP_yield: others go first once */
	struct credit_vcpu csched;	/* credit scheduler state (credit.c) */
	uint64_t cpu_time;		/* ns run in stints already ended (sched.c) */
	uint64_t run_since;		/* system time of the current stint's start */
	struct hypercall_record last_hypercall;	/* hypercall.c */
	/* While hvm_hypercall() runs: the CPU state it read, which the guest
	 * walks of that hypercall take instead of reading it again. */
	const struct hvm_cpu_state *hypercall_state;
	struct guest_walk_cache walk_cache;	/* guest_access.c */
	void *hvm;			/* back end's per-vCPU state */
	struct fpu_state fpu;		/* x87/SSE registers while not loaded */
	struct hvm_cpustate cpustate;	/* DRs, DEBUGCTL, MTRRs (asm/hvm/cpustate.h) */
	struct vlapic vlapic;		/* its local APIC (asm/hvm/vlapic.h) */
	unsigned int nr_exit_kinds;
	unsigned int last_exit_kind;	/* exits[] slot counted last */
	struct exit_count exits[MAX_EXIT_KINDS];
	uint64_t exits_other;		/* exits beyond MAX_EXIT_KINDS kinds */
	uint64_t fast_in_stop;		/* a rip seen not to hold IN AL, imm8 (hvm.c) */
	uint64_t host_cr4_follows;	/* svm: times the host's CR4 took its bits */

	/* Events and time (shared_info.c, evtchn.c, time.c). */
	struct vcpu_info *vcpu_info;	/* registered one, else NULL: shared_info's */
	struct evtchn_vcpu evtchn;
	struct time_vcpu timer;
	struct runstate_vcpu runstate;	/* runstate.c */
};

/*
 * Takes v down (VCPUOP_down, HLT with interrupts off): off the run queues;
 * it resumes where it was at its next up.
 */
void vcpu_down(struct vcpu *v);

/* True when no vCPU of d is up. */
bool vcpu_all_down(const struct domain *d);

/*
 * The life of a vCPU other than the boot one, as Xen's VCPUOPs and the
 * local APIC's INIT/SIPI drive it.  A vCPU starts DOWN and not initialised.
 *
 * vcpu_initialise: gives v a start state (checked: asm/hvm/context.h),
 * loaded on its CPU at its next entry; v stays down.  -EEXIST when v is
 * initialised already.
 * vcpu_up: -EINVAL when v was never initialised; else wakes it if down.
 * vcpu_reset: INIT: an initialised v goes down and forgets its state; the
 * last vCPU of a domain going down so powers the domain off, as on Xen.
 * Context: hv_lock held; v may be running on another CPU (it is kicked
 * off and stays off until woken).
 */
int vcpu_initialise(struct vcpu *v, const struct guest_regs *regs,
		    const struct hvm_vcpu_state *st);

/*
 * XEN_DOMCTL_setvcpucontext's act half: as vcpu_initialise, also for a v
 * initialised before (the toolstack sets the boot vCPU's state); regs and
 * st passed the same check.  v is down.
 */
void vcpu_set_start(struct vcpu *v, const struct guest_regs *regs,
		    const struct hvm_vcpu_state *st);
int vcpu_up(struct vcpu *v);
void vcpu_reset(struct vcpu *v);

/*
 * Run loop, before each entry of v on its CPU: loads a pending start state
 * into the back end and v's registers.
 */
void vcpu_load_start(struct vcpu *v);

/* Adds one exit of the given back-end reason to v's counters. */
void vcpu_count_exit(struct vcpu *v, uint32_t reason);

/* Prints v's exit counters, one line per reason, named by the back end. */
void vcpu_print_exits(const struct vcpu *v);

#endif
