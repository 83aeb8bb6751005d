/* SPDX-License-Identifier: MIT */
/*
 * The vendor-neutral hvm layer.  Everything above it (domains, hypercalls,
 * the scheduler) is the same on Intel and AMD; below it, one back end,
 * vmx (VT-x + EPT) or svm (AMD-V + NPT), chosen once at boot from CPUID,
 * fills struct hvm_ops.  `grep hvm_ops` lists the whole contract.
 *
 * The run loop (hvm.c) asks the back end to enter a vCPU; the back end
 * handles the exit with the generic helpers below (hvm_cpuid, hvm_msr_*,
 * hvm_hypercall, hvm_halt, domain_crash) and returns.  Guest GPRs, rip, rsp
 * and rflags live in struct vcpu's regs between entries.
 */
#ifndef ASM_HVM_H
#define ASM_HVM_H

#include <asm/p2m.h>
#include <hv/types.h>

struct guest_regs;
struct hvm_vcpu_state;

struct vcpu;
struct domain;

/* Guest control state the generic code needs for walks and checks. */
struct hvm_cpu_state {
	uint64_t cr0, cr3, cr4, efer;
	unsigned int cpl;
	bool long_mode;		/* EFER.LMA and CS.L: 64-bit code running */
	bool cs_db;		/* CS.D: 32-bit code (outside 64-bit mode) */
};

/* Exceptions the generic code may inject, and the NMI's vector. */
#define X86_EXC_DB	1
#define X86_EXC_NMI	2
#define X86_EXC_UD	6
#define X86_EXC_GP	13
#define X86_EXC_PF	14

/* Bits of a #PF error code (and of guest_walk()'s access argument). */
#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_USER	(1u << 2)
#define PFEC_RSVD	(1u << 3)
#define PFEC_FETCH	(1u << 4)

#define X86_EFLAGS_TF	(1u << 8)
#define X86_EFLAGS_IF	(1u << 9)
#define X86_EFLAGS_RF	(1u << 16)

struct hvm_ops {
	const char *name;			/* "vmx" or "svm" */
	const struct p2m_format *p2m_format;	/* EPT or NPT entries */

	/* Turns virtualisation on for the calling CPU.  0 or -errno. */
	int (*cpu_up)(void);

	/*
	 * Creates the hardware state of v (VMCS or VMCB) for a PVH start:
	 * 32-bit protected mode, paging off, flat 4 GiB segments, CR0 = PE|ET,
	 * EFER = 0, using v->domain's p2m.  The GPRs, rip, rsp and rflags are
	 * taken from v->regs at every entry.  0, or -ENOMEM.
	 */
	int (*vcpu_create)(struct vcpu *v);
	void (*vcpu_destroy)(struct vcpu *v);

	/*
	 * Enters v and returns after handling one exit.  Must be called with
	 * interrupts off and the hypervisor lock held; the back end lets go
	 * of the lock for the world switch alone (hvm_guest_enter/exit).  A
	 * host interrupt that caused the exit stays pending for the run loop
	 * to take.
	 */
	void (*vcpu_run)(struct vcpu *v);

	/*
	 * v is switched out of this CPU: leave nothing of it here that
	 * another CPU could not load (VMX: VMCLEAR), and make its next entry
	 * start afresh (MSRs, TLB), wherever it happens.
	 */
	void (*vcpu_put)(struct vcpu *v);

	void (*get_cpu_state)(struct vcpu *v, struct hvm_cpu_state *st);

	/*
	 * The segment bases ES, CS, SS, DS, FS, GS (enum x86_seg order):
	 * only the instruction emulator needs them, so a hypercall does not
	 * read them.
	 */
	void (*get_seg_bases)(struct vcpu *v, uint64_t base[6]);

	/*
	 * Loads a checked start state (asm/hvm/context.h: VCPUOP_initialise,
	 * a startup IPI) into v's control registers, EFER, segments and
	 * descriptor tables; drops an event being injected, the interrupt
	 * shadow and v's TLB.  Called on v's CPU right before its entry
	 * (v->regs hold its GPRs already), never for a vCPU in guest mode.
	 */
	void (*load_state)(struct vcpu *v, const struct hvm_vcpu_state *st);

	/*
	 * Ends v's STI / MOV SS interrupt shadow: the instruction it covered
	 * was completed for v (hvm_retire()).  Called from exit handling on
	 * v's CPU, also on the exit fast path.
	 */
	void (*end_shadow)(struct vcpu *v);

	/* Queues an exception for the next entry (err < 0: no error code). */
	void (*inject_exception)(struct vcpu *v, unsigned int vector, int err);
	/* Queues #PF with error code err and the guest's CR2 set to addr. */
	void (*inject_page_fault)(struct vcpu *v, uint64_t addr, uint32_t err);

	/*
	 * Asks for external interrupt vector (the event-channel callback)
	 * to reach v, level-triggered: the run loop calls it before every
	 * entry with what is wanted then.  When the guest can take an
	 * interrupt at this entry (RFLAGS.IF set, no interrupt shadow,
	 * nothing else being injected) the back end injects it; otherwise
	 * it arms an interrupt-window exit (SVM: V_IRQ + VINTR intercept;
	 * VMX: interrupt-window exiting), so that the loop is back as soon
	 * as the guest can.  vector < 0: nothing is wanted; disarm.
	 * Returns true when vector was injected for this entry.
	 */
	bool (*request_interrupt)(struct vcpu *v, int vector);

	/*
	 * Asks for an NMI to reach v (want), or for none: the run loop calls
	 * it before every entry, before request_interrupt.  When the guest
	 * can take one now (NMIs not blocked by an earlier one whose handler
	 * has not IRETed yet, no STI/MOV SS shadow, nothing else being
	 * injected), the back end injects vector 2 as an NMI and NMIs stay
	 * blocked until the guest's next IRET; otherwise it arranges an exit
	 * for when the guest can (the IRET, or a window).  Returns true when
	 * the NMI was injected for this entry.
	 */
	bool (*request_nmi)(struct vcpu *v, bool want);

	/*
	 * MOV to control register cr of val, decoded by the emulator (svm,
	 * whose CR write intercepts say no more; vmx has its own CR exits):
	 * 0 done, -1 for #GP.  NULL when the back end never needs it.
	 */
	int (*write_cr)(struct vcpu *v, unsigned int cr, uint64_t val);

	/* Prints v's hardware state (for domain_crash). */
	void (*dump)(struct vcpu *v);

	/* Names a back-end exit reason for the counters. */
	const char *(*exit_name)(uint32_t reason);

	/* Bytes of the hypercall instruction (vmcall or vmmcall), 3 of them. */
	uint8_t hypercall_insn[3];
};

extern const struct hvm_ops *hvm_ops;

/* Back ends: each returns its ops when this CPU supports it, else NULL. */
const struct hvm_ops *vmx_probe(void);
const struct hvm_ops *svm_probe(void);

/* Picks the back end and starts it on the boot CPU; panics when none fits. */
void hvm_init(void);

/*
 * Every CPU's loop, entered once the boot domains exist: enables the back
 * end on an application processor, then schedules vCPUs until no domain
 * is left.
 */
void hvm_run_loop(void) __noreturn;

/*
 * The back end's vcpu_run calls these right around the world switch:
 * enter marks v as in guest mode on this CPU and lets go of the
 * hypervisor lock; exit clears the mark and takes the lock again.  In
 * between, nothing but this CPU's registers and v's VMCS/VMCB is touched.
 * Everything the entry decides (injection, TLB flush) is decided before
 * enter, under the lock.
 */
void hvm_guest_enter(struct vcpu *v);
void hvm_guest_exit(void);

/*
 * The exit fast path.  Most exits a guest makes by the thousand (an IN
 * from a port with no device, CPUID, an RDMSR of DEBUGCTL) need nothing
 * but the vCPU's own state: the back end answers them right after the
 * world switch, still between hvm_guest_enter() and hvm_guest_exit(), and
 * enters the guest again without the lock, the run loop or the scheduler.
 *
 * The back end calls hvm_fast_exit() for an exit of one of these kinds
 * when the entry it follows injected nothing (no event, no exception, no
 * event cut short by the exit): the run loop's last decisions for v (what
 * to inject, which window exit to arm, that v keeps the CPU) then still
 * hold, unless something changed them since.  Nothing changes them but
 * an interrupt: this CPU's tick (time softirq: timers, the slice's end,
 * credit), a device's, or the kick another CPU sends after it changed,
 * under the lock, what this CPU must do for v (pause, destroy, an event
 * or IPI for it, a slice taken away, its p2m's TLB flush, INIT/SIPI).  So
 * hvm_fast_exit() lets pending host interrupts in and refuses (false,
 * nothing done) when one was taken; one that arrives later stays pending
 * and ends the next entry at once, with an interrupt exit, never a fast
 * one.  It also refuses an exit that needs more than v's own state (a
 * port with a device, an MSR of the local APIC other than an x2APIC EOI
 * with nothing in service, or one that faults).
 * True: the exit is complete in v->regs (rip stepped), and v may be
 * entered again as it is; the back end counts the exit and re-enters.
 * After an IN of a byte, the few instructions that follow are completed
 * with it while they are IN AL, imm8 from a port with no device (Linux's
 * PIT calibration reads port 0x42 twice in a row): no exit for them.
 * An exit with RFLAGS.TF or RF set is refused: the instruction's
 * single-step trap (hvm_retire()) is injected on the slow path.
 * False: it goes on with hvm_guest_exit() and its normal exit handling.
 *
 * Only v's CPU touches v's registers, cpustate and exit counters while v
 * is in guest mode there; a domain's I/O counters are atomic.
 */
enum hvm_fast_kind {
	HVM_FAST_IO,		/* IN or OUT, not the string forms */
	HVM_FAST_CPUID,
	HVM_FAST_RDMSR,
	HVM_FAST_WRMSR,
};

struct hvm_fast_exit {
	enum hvm_fast_kind kind;
	unsigned int insn_len;		/* the instruction's bytes */
	uint16_t port;			/* HVM_FAST_IO: port, bytes, direction */
	unsigned int size;
	bool in;
};

bool hvm_fast_exit(struct vcpu *v, const struct hvm_fast_exit *e);

/*
 * Exit helpers for the back ends.  Each works on v->regs and, when it
 * completes the instruction, ends it with hvm_retire() (the back end
 * passes the instruction's length).
 */

/*
 * The one rule for an instruction the hypervisor completed for v (CPUID,
 * RDMSR/WRMSR, IN/OUT and the string forms, MMIO through the emulator,
 * HLT, the hypercall instruction, MOV to/from DRn and CRn): rip steps
 * past its insn_len bytes (0 for one iteration of a REP string
 * instruction with more to do: rip stays on it), RFLAGS.RF is cleared,
 * the STI / MOV SS shadow ends (hvm_ops->end_shadow), and when RFLAGS.TF
 * was set before it, the single-step trap follows: DR6.BS set in v's
 * DR6 and #DB queued for the next entry, at the new rip, as Xen's
 * __update_guest_eip() does (Intel SDM 17.3.1.4).  An instruction that
 * faults is not completed (its exception is injected instead, rip stays)
 * and so does not trap.  The exit fast path refuses exits with TF or RF
 * set, so that this injection happens on the slow path only.
 */
void hvm_retire(struct vcpu *v, unsigned int insn_len);

void hvm_cpuid(struct vcpu *v, unsigned int insn_len);
/* RDMSR/WRMSR of MSRs the back end does not own: 0 done, -1 inject #GP. */
int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

/*
 * Latches the shared_info layout of v's domain from v's mode (the i386
 * layout unless v runs 64-bit code: hv/shared_info.h), as Xen does when a
 * guest writes its hypercall page MSR or sets HVM_PARAM_CALLBACK_IRQ for
 * itself.  v is its domain's vCPU making that call.
 */
void hvm_latch_shinfo_layout(struct vcpu *v);
void hvm_hypercall(struct vcpu *v, unsigned int insn_len);
void hvm_halt(struct vcpu *v, unsigned int insn_len);

/*
 * Completes the instruction at v's rip that touched memory with nothing
 * behind it in the p2m, or did string I/O: decodes it (asm/hvm/decode.h),
 * performs its accesses (RAM directly, the rest through hvm_io_access())
 * and steps rip past it.  What the CPU would fault on, the guest gets:
 * #PF for its page tables, #UD for a refused instruction, #GP(0) for one
 * longer than 15 bytes or a write to a read-only p2m page.  A REP string
 * instruction may complete in several exits (rip stays until rCX is 0).
 */
void hvm_emulate(struct vcpu *v);

/*
 * The back ends' NPF / EPT-violation exit: v's access to gpa was refused
 * by the p2m.  present: the page is mapped there (the access broke its
 * rights); write: it was a write; in_delivery: it happened while the CPU
 * delivered an event (the back end has queued that event again).
 * Dom0's first touch of device memory maps the page (asm/pci.h) and the
 * access is retried.  Nothing mapped otherwise: hvm_emulate() completes the instruction (unbacked or an
 * MMIO handler).  A write to a read-only mapping (a read-only grant):
 * #GP(0), as Xen gives.  Anything else, and any fault during event
 * delivery, crashes the domain with the reason printed.
 */
void hvm_p2m_fault(struct vcpu *v, uint64_t gpa, bool present, bool write,
		   bool in_delivery);

/* A general-purpose register by its encoding (0 rax .. 15 r15). */
uint64_t *guest_gpr(struct guest_regs *r, unsigned int n);

/*
 * Translates v's linear address va through the guest's page tables for
 * an access (PFEC_WRITE, PFEC_USER, PFEC_FETCH bits).  Returns 0 with
 * *gpa, or -EFAULT with *pfec, the #PF error code the CPU would give (a
 * non-canonical va is -EFAULT too, with PFEC_PRESENT clear).  A table with
 * nothing behind it in the p2m reads as all ones: a reserved-bit fault.
 */
int guest_walk(struct vcpu *v, uint64_t va, unsigned int access,
	       uint64_t *gpa, uint32_t *pfec);

/*
 * Copies between the hypervisor and guest virtual memory of the running
 * vCPU, walking the guest's own page tables and its p2m.  Returns 0, or
 * -EFAULT when any byte is unmapped (in either table) or, for a copy to
 * the guest, not writable.
 */
int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);

/*
 * The hypervisor's pointer to the len bytes at v's gva, for reading and
 * writing them in place: they must lie in one page that the guest's
 * tables and its p2m let it write.  Returns the pointer and the bytes'
 * guest-physical address in *gpa, or NULL (then copy_from_guest() and
 * copy_to_guest() say what fails).  The pointer stays good while the
 * domain's p2m does not change (p2m.changes); after a change, ask
 * guest_phys_window() again with *gpa.  A hypercall that reads and
 * writes back its argument this way walks the guest's tables once.
 */
void *guest_window(struct vcpu *v, uint64_t gva, size_t len, uint64_t *gpa);

/*
 * The hypervisor's pointer to d's guest-physical gpa if d may read and
 * write it there, else NULL.
 */
void *guest_phys_window(struct domain *d, uint64_t gpa);

/*
 * A guest array of xen_pfn_t or xen_ulong_t, as a handle names it: 8-byte
 * elements from a 64-bit caller, 4-byte ones from a 32-bit caller (compat).
 * The act halves of the hypercalls that take such arrays read and write
 * them through this, so one handler serves both.
 */
struct guest_ulongs {
	uint64_t addr;
	unsigned int width;		/* 8 or 4 */
};

/* Element i of a into *val, zero-extended.  Returns 0 or -EFAULT. */
int guest_ulongs_get(struct vcpu *v, const struct guest_ulongs *a,
		     unsigned long i, uint64_t *val);

/*
 * Writes val to element i of a, truncated to a 4-byte element as Xen's
 * compat layer does.  Returns 0 or -EFAULT.
 */
int guest_ulongs_put(struct vcpu *v, const struct guest_ulongs *a,
		     unsigned long i, uint64_t val);

/*
 * The guest address inside a XEN_GUEST_HANDLE field (a struct holding a
 * pointer, as the hypervisor sees Xen's headers with __XEN_TOOLS__).
 */
#define guest_handle_addr(h)	((uint64_t)(uintptr_t)(h).p)

/* The same on guest-physical addresses (for the builder and the MSR page). */
int copy_to_guest_phys(struct domain *d, uint64_t gpa, const void *src,
		       size_t len);

#endif
