/* SPDX-License-Identifier: MIT */
/*
 * Internal interface of the vmx back end (not used outside hvm/vmx/): the
 * controls chosen at probe time, the per-vCPU state, and the calls between
 * vmx.c (probe, VMXON, entry), vmcs.c (VMCS set-up), exit.c (exit
 * handling), ept.c and entry.S.  Everything here runs with interrupts off
 * and the hypervisor lock held (but the world switch itself).
 *
 * A VMCS is active (VMPTRLDed) on one CPU only: the one whose scheduler
 * has its vCPU loaded.  When the vCPU is switched out (vmx_vcpu_put) its
 * VMCS is VMCLEARed, so that any CPU may load it next; a CPU that loads
 * a VMCS last used elsewhere rewrites its host-state area (the GDT, TSS,
 * IDT and GS base are per CPU) and flushes the EPT translations.
 */
#ifndef VMX_VMX_H
#define VMX_VMX_H

#include <asm/boot.h>
#include <asm/hvm.h>
#include <asm/p2m.h>
#include <hv/vcpu.h>

/*
 * What vmx_probe() derived from the capability MSRs: each control word is
 * the bits the CPU insists on plus the bits we want, and the CR0/CR4 bits
 * the real registers must hold while a guest runs.
 */
struct vmx_caps {
	uint32_t revision;		/* VMCS revision identifier */
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	/*
	 * Every VMCS's CR0 and CR4 guest/host masks: the forced bits, and
	 * those the guest sees only in the read shadow (CR0.PG, the cache
	 * bits, CR4.PAE).
	 */
	uint64_t cr0_mask, cr4_mask;
	bool invept_single;		/* single-context INVEPT, else global */
	uint32_t preempt_timer;		/* VMX-preemption timer start value */
};
extern struct vmx_caps vmx_caps;

/*
 * CR0.CD and CR0.NW: VM entries and exits leave them as they are, so the
 * guest may not change them in the real CR0 (it would leave the host
 * running uncached); they live in the read shadow only.
 */
#define CR0_CACHE_BITS		(CR0_CD | CR0_NW)

/*
 * MSRs the VMCS does not switch but the guest may use directly: reads go
 * to the hardware, writes are intercepted, checked, stored here and
 * written through, and all of them are reloaded when another vCPU is
 * entered.  The hypervisor itself never executes syscall or swapgs.
 */
enum vmx_guest_msr {
	VMX_MSR_STAR,
	VMX_MSR_LSTAR,
	VMX_MSR_CSTAR,
	VMX_MSR_SFMASK,
	VMX_MSR_KERNEL_GS_BASE,
	VMX_NR_GUEST_MSRS,
};
extern const uint32_t vmx_guest_msr_index[VMX_NR_GUEST_MSRS];

/* Per-vCPU state; one frame, hanging off struct vcpu's hvm field. */
struct vmx_vcpu {
	paddr_t vmcs_pa;
	uint64_t eptp;
	bool launched;		/* VMLAUNCHed since the last VMCLEAR */
	unsigned int host_cpu;	/* whose host state the VMCS holds, or NO_CPU */
	uint64_t cr2;		/* not in the VMCS: switched by hand */
	uint64_t cr8;		/* the guest's TPR, kept off the real APIC */
	uint64_t msrs[VMX_NR_GUEST_MSRS];
	uint64_t p2m_changes;	/* the p2m's change count at the last INVEPT */
	uint16_t vpid;		/* its TLB tag (see vmx_vpid_alloc()), or 0 */
	bool flush_vpid;	/* flush the tag's translations at entry */
	/*
	 * An NMI was injected and the guest has not run its IRET yet: the
	 * blocking by NMI the VMCS may show is the guest's only then (see
	 * track_nmi_blocking() in exit.c).
	 */
	bool nmi_blocked;
	uint32_t procs;		/* PROC_CONTROLS as last written */
};

/*
 * The MSR bitmap shared by every VMCS, and the I/O bitmaps A and B (one
 * bit per port, contiguous) of Dom0 and of every DomU (vmx.c).
 */
extern uint8_t vmx_msr_bitmap[4096];
extern uint8_t vmx_io_bitmap_domu[2][4096];
extern uint8_t vmx_io_bitmap_dom0[2][4096];

/* EPT entry format (ept.c) and the EPT pointer for a p2m root. */
extern const struct p2m_format ept_format;
uint64_t ept_pointer(paddr_t root);

/* vmcs.c: the hvm_ops vCPU constructor and destructor. */
int vmx_vcpu_create(struct vcpu *v);
void vmx_vcpu_destroy(struct vcpu *v);
/* hvm_ops->load_state (asm/hvm.h), on v's CPU before its entry. */
void vmx_load_state(struct vcpu *v, const struct hvm_vcpu_state *st);

#define NO_CPU	(~0u)

/* Makes v's VMCS the current one on this CPU (VMPTRLD when needed). */
void vmx_vcpu_load(struct vcpu *v);
/* The hvm_ops vcpu_put: VMCLEARs v's VMCS, so another CPU may load it. */
void vmx_vcpu_put(struct vcpu *v);
/* Forgets v on every CPU before its VMCS is freed. */
void vmx_forget_everywhere(struct vcpu *v);
/* Writes this CPU's host state into the current VMCS (vmcs.c). */
void vmx_write_host_state(void);
/* INVEPT for one EPT pointer (or all, when the CPU has only that). */
void vmx_invept(uint64_t eptp);

/*
 * VPIDs.  Without one, every VM entry and exit flushes the TLB; with one
 * (secondary control "enable VPID", when the CPU offers single-context
 * INVVPID) the guest's translations are tagged and survive its exits, so
 * a hypercall or an emulated access no longer costs the guest its TLB.
 * They must then be flushed by hand where the hardware no longer does it
 * for us: when a vCPU is entered on a CPU that ran another vCPU since
 * (the tag may be a dead vCPU's, reused), and after we emulated a
 * CR0/CR3/CR4 write for the guest (flush_vpid).  Changes to the p2m
 * still flush with INVEPT, which covers every VPID of that EPT.
 *
 * The tags come from <asm/hvm/tlbtag.h>; a vCPU without one (VPIDs off,
 * or none left) runs with VPID 0 and is flushed at every entry and exit.
 */
/* INVVPID single-context for vpid on this CPU; nothing for vpid 0. */
void vmx_invvpid(uint16_t vpid);

/* exit.c: handles the exit that just happened on v (VMCS current). */
void vmx_handle_exit(struct vcpu *v);

/*
 * exit.c: the exit fast path's vmx half (asm/hvm.h: hvm_fast_exit()),
 * right after the exit, before hvm_guest_exit() and vmx_handle_exit(),
 * for an entry that injected nothing: true when the exit was completed
 * and counted and v may be entered again at once (GUEST_RIP to write).
 */
bool vmx_fast_exit(struct vcpu *v);
const char *vmx_exit_name(uint32_t reason);
void vmx_inject_exception(struct vcpu *v, unsigned int vector, int err);
/* hvm_ops.end_shadow: clears blocking by STI and by MOV SS. */
void vmx_end_shadow(struct vcpu *v);

/*
 * Right before an entry of v with RFLAGS.TF set (VMCS current): VM entry
 * fails unless, in an STI or MOV SS shadow, the pending debug exceptions
 * hold BS exactly when TF is set and DEBUGCTL.BTF clear (SDM 26.3.1.5).
 * The CPU saves them so after a MOV SS, not always after an STI (Xen
 * works around the same), and a fault injected there keeps the shadow:
 * BS is set or cleared to match.  Outside a shadow there is no check, and
 * with TF clear nothing here ever sets BS.
 */
void vmx_shadow_step_check(struct vcpu *v);

/*
 * hvm_ops.request_interrupt: injects external interrupt vector when the
 * guest can take it (RFLAGS.IF, no STI/MOV SS shadow, nothing else queued),
 * else arms interrupt-window exiting; vector < 0 disarms.
 */
bool vmx_request_interrupt(struct vcpu *v, int vector);
/*
 * hvm_ops.request_nmi: injects an NMI when the guest can take it (no
 * virtual-NMI blocking, no shadow, nothing else queued; the CPU then
 * blocks NMIs until the guest's IRET), else arms NMI-window exiting.
 */
bool vmx_request_nmi(struct vcpu *v, bool want);
/* The guest's own view of CR0 and CR4 (read shadows merged in). */
uint64_t vmx_guest_cr0(void);
uint64_t vmx_guest_cr4(void);

/*
 * Enters the guest with the current VMCS (entry.S): loads regs (all GPRs;
 * rip, rsp and rflags go through the VMCS), VMLAUNCHes or VMRESUMEs, and
 * on the VM exit stores the GPRs back.  Returns VMX_ENTERED after an exit
 * (which may itself report a failed entry, bit 31 of the exit reason), or
 * VMX_FAIL_VALID / VMX_FAIL_INVALID when the instruction itself failed.
 */
#define VMX_ENTERED		0
#define VMX_FAIL_VALID		1	/* see VM_INSN_ERROR */
#define VMX_FAIL_INVALID	2	/* no current VMCS */
int vmx_enter(struct guest_regs *regs, bool launched);

/* VMX instructions on a physical address operand; false when they fail. */
static inline bool vmxon(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmxon %1; setbe %0" : "=qm"(fail) : "m"(pa)
			 : "cc", "memory");
	return !fail;
}

static inline bool vmclear(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmclear %1; setbe %0" : "=qm"(fail) : "m"(pa)
			 : "cc", "memory");
	return !fail;
}

static inline bool vmptrld(paddr_t pa)
{
	bool fail;

	__asm__ volatile("vmptrld %1; setbe %0" : "=qm"(fail) : "m"(pa)
			 : "cc", "memory");
	return !fail;
}

#endif
