/* SPDX-License-Identifier: MIT */
/*
 * VM exits of the vmx back end: decoded, counted and either handed to the
 * generic hvm helpers (CPUID, HLT, VMCALL, MSRs) or handled here, where the
 * VMX-specific state lives: the CR0/CR4 bits we own through the guest/host
 * masks, EFER and its LMA bit, which follow the guest into and out of long
 * mode, and the MSRs the VMCS does not switch.
 *
 * Long mode: unrestricted guest lets the guest run with paging off, but
 * the CPU does not activate long mode by itself in VMX non-root operation:
 * the "IA-32e mode guest" entry control and EFER.LMA say whether it is on.
 * So CR0.PG is always in the guest/host mask, and a write that turns
 * paging on with EFER.LME set turns both on (and off again with PG).
 */
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm/cpustate.h>
#include <asm/ioport.h>
#include <hv/console.h>
#include <hv/domain.h>
#include "vmcs.h"
#include "vmx.h"
#include <xrt/exitname.h>

/* PE MP EM TS ET NE WP AM NW CD PG; MOV ignores the other low bits. */
#define CR0_DEFINED		0xe005003fULL

/* Exit qualification of a control-register access. */
#define CR_QUAL_NR(q)		((q) & 0xf)
#define CR_QUAL_TYPE(q)		(((q) >> 4) & 3)
#define CR_QUAL_GPR(q)		(((q) >> 8) & 0xf)
#define CR_ACCESS_TO_CR		0
#define CR_ACCESS_FROM_CR	1

/* Exit qualification of a debug-register access: bit 4 set for MOV from DR. */
#define DR_QUAL_FROM		(1u << 4)

#define DEBUGCTL_BTF		(1u << 1)	/* single-step on branches */

/* Exit qualification of an EPT violation. */
#define EPT_QUAL_WRITE		(1u << 1)
#define EPT_QUAL_MAPPED		(7u << 3)	/* the entry allowed R, W or X */
#define EPT_QUAL_NMI_UNBLOCK	(1u << 12)	/* an IRET had unblocked NMIs */

/* The guest's view: the bits in the mask come from the read shadow. */
uint64_t vmx_guest_cr0(void)
{
	uint64_t mask = vmx_caps.cr0_mask;	/* what every VMCS holds */

	return (vmread(GUEST_CR0) & ~mask) | (vmread(CR0_READ_SHADOW) & mask);
}

uint64_t vmx_guest_cr4(void)
{
	uint64_t mask = vmx_caps.cr4_mask;

	return (vmread(GUEST_CR4) & ~mask) | (vmread(CR4_READ_SHADOW) & mask);
}

void vmx_inject_exception(struct vcpu *v, unsigned int vector, int err)
{
	uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXC | vector;

	vmx_vcpu_load(v);
	/* Real-mode delivery has no error code (an entry check says so). */
	if (err >= 0 && (vmx_guest_cr0() & CR0_PE)) {
		info |= INTR_INFO_ERROR_VALID;
		vmwrite(ENTRY_EXC_ERROR, (uint32_t)err);
	}
	vmwrite(ENTRY_INTR_INFO, info);
}

static bool long_mode(void)
{
	return (vmread(GUEST_EFER) & EFER_LMA) && (vmread(GUEST_CS_AR) & AR_L);
}

static void set_long_mode(bool on)
{
	uint64_t efer = vmread(GUEST_EFER);
	uint64_t entry = vmread(ENTRY_CONTROLS);

	vmwrite(GUEST_EFER, on ? efer | EFER_LMA : efer & ~(uint64_t)EFER_LMA);
	vmwrite(ENTRY_CONTROLS, on ? entry | ENTRY_IA32E_GUEST
				   : entry & ~(uint64_t)ENTRY_IA32E_GUEST);
}

/* MOV to CR0: 0 done, -1 #GP.  Returns 1 when the domain was crashed. */
static int guest_write_cr0(struct vcpu *v, uint64_t val)
{
	uint64_t old = vmx_guest_cr0(), efer = vmread(GUEST_EFER);
	uint64_t forced = vmx_caps.cr0_fixed0 & ~(uint64_t)(CR0_PE | CR0_PG);

	if (val >> 32)
		return -1;
	val &= CR0_DEFINED;
	if (((val & CR0_PG) && !(val & CR0_PE)) ||
	    ((val & CR0_NW) && !(val & CR0_CD)) ||
	    (val & ~vmx_caps.cr0_fixed1))
		return -1;
	if ((val & CR0_PG) && !(old & CR0_PG)) {
		if (efer & EFER_LME) {
			if (!(vmx_guest_cr4() & CR4_PAE))
				return -1;
			set_long_mode(true);
		} else if (vmx_guest_cr4() & CR4_PAE) {
			/* PAE paging needs the PDPTE fields loaded. */
			domain_crash(v->domain,
				     "PAE paging outside long mode is not supported");
			return 1;
		}
	} else if (!(val & CR0_PG) && (old & CR0_PG) && (efer & EFER_LMA)) {
		if (long_mode())	/* only compatibility mode may leave */
			return -1;
		set_long_mode(false);
	}
	vmwrite(GUEST_CR0, (val | forced) & ~CR0_CACHE_BITS);
	vmwrite(CR0_READ_SHADOW, val);
	return 0;
}

/* MOV to CR4: VMXE stays set underneath and reads as the guest wrote it. */
static int guest_write_cr4(struct vcpu *v, uint64_t val)
{
	uint64_t cr0 = vmx_guest_cr0();

	if ((val & ~vmx_caps.cr4_fixed1) || (val & CR4_VMXE))
		return -1;
	if ((vmread(GUEST_EFER) & EFER_LMA) && !(val & CR4_PAE))
		return -1;
	if ((cr0 & CR0_PG) && !(vmread(GUEST_EFER) & EFER_LMA) &&
	    (val & CR4_PAE)) {
		domain_crash(v->domain,
			     "PAE paging outside long mode is not supported");
		return 1;
	}
	vmwrite(GUEST_CR4, val | vmx_caps.cr4_fixed0);
	vmwrite(CR4_READ_SHADOW, val);
	return 0;
}

/* MOV to or from a control register; CLTS and LMSW never exit (see vmcs.c). */
static int handle_cr(struct vcpu *v, uint64_t qual)
{
	uint64_t *reg = guest_gpr(&v->regs, CR_QUAL_GPR(qual));
	bool wide = long_mode();
	uint64_t val = wide ? *reg : (uint32_t)*reg;

	if (CR_QUAL_TYPE(qual) == CR_ACCESS_FROM_CR) {
		switch (CR_QUAL_NR(qual)) {
		case 3:
			*reg = vmread(GUEST_CR3);
			return 0;
		case 8:
			*reg = ((struct vmx_vcpu *)v->hvm)->cr8;
			return 0;
		}
	} else if (CR_QUAL_TYPE(qual) == CR_ACCESS_TO_CR) {
		/* Done here, not by the CPU: so is its TLB flush (vmx.h). */
		((struct vmx_vcpu *)v->hvm)->flush_vpid |= CR_QUAL_NR(qual) != 8;
		switch (CR_QUAL_NR(qual)) {
		case 0:
			return guest_write_cr0(v, val);
		case 3:
			vmwrite(GUEST_CR3, wide ? val & ~(1ULL << 63) : val);
			return 0;
		case 4:
			return guest_write_cr4(v, val);
		case 8:	/* the guest's TPR never reaches the real APIC */
			if (val >> 4)
				return -1;
			((struct vmx_vcpu *)v->hvm)->cr8 = val;
			return 0;
		}
	}
	domain_crash(v->domain, "unexpected control register access %#lx",
		     qual);
	return 1;
}

/* WRMSR to EFER: LME only while paging is off; LMA is ours. */
static int write_efer(uint64_t val)
{
	uint64_t efer = vmread(GUEST_EFER);

	if (val & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
		return -1;
	if ((vmx_guest_cr0() & CR0_PG) && ((val ^ efer) & EFER_LME))
		return -1;
	vmwrite(GUEST_EFER, (val & ~(uint64_t)EFER_LMA) | (efer & EFER_LMA));
	return 0;
}

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* The MSRs of enum vmx_guest_msr: checked, so that WRMSR cannot fault here. */
static int write_guest_msr(struct vcpu *v, unsigned int i, uint64_t val)
{
	struct vmx_vcpu *x = v->hvm;

	if (i == VMX_MSR_SFMASK ? val >> 32 != 0
				: i != VMX_MSR_STAR && !canonical(val))
		return -1;
	x->msrs[i] = val;
	wrmsr(vmx_guest_msr_index[i], val);
	return 0;
}

static int msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	unsigned int i;

	if (msr == MSR_EFER)
		return write_efer(val);
	for (i = 0; i < VMX_NR_GUEST_MSRS; i++)
		if (vmx_guest_msr_index[i] == msr)
			return write_guest_msr(v, i, val);
	return hvm_msr_write(v, msr, val);
}

static int handle_msr(struct vcpu *v, bool write)
{
	struct guest_regs *r = &v->regs;
	uint32_t msr = (uint32_t)r->rcx;
	uint64_t val = (r->rdx << 32) | (uint32_t)r->rax;

	if (write)
		return msr_write(v, msr, val);
	if (msr == MSR_EFER)
		val = vmread(GUEST_EFER);
	else if (hvm_msr_read(v, msr, &val))
		return -1;
	r->rax = (uint32_t)val;
	r->rdx = val >> 32;
	return 0;
}

/*
 * An exit in the middle of delivering an event (an interrupt exit while
 * the guest's own #PF was being delivered, say) loses that event unless
 * it is queued again for the next entry.
 */
static void requeue_event(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmread(IDT_VECTORING_INFO);
	uint32_t type = info & INTR_TYPE_MASK;

	if (!(info & INTR_INFO_VALID))
		return;
	vmwrite(ENTRY_INTR_INFO, info & INTR_INFO_ENTRY_MASK);
	/*
	 * An NMI cut short leaves virtual-NMI blocking set, and an entry
	 * that injects an NMI must not have it (SDM: checks on guest
	 * non-register state); delivered, it blocks NMIs again.
	 */
	if (type == INTR_TYPE_NMI) {
		vmwrite(GUEST_INTERRUPTIBILITY,
			vmread(GUEST_INTERRUPTIBILITY) &
				~(uint64_t)INTERRUPTIBILITY_NMI);
		((struct vmx_vcpu *)v->hvm)->nmi_blocked = true;
	}
	if (info & INTR_INFO_ERROR_VALID)
		vmwrite(ENTRY_EXC_ERROR, vmread(IDT_VECTORING_ERROR));
	if (type >= INTR_TYPE_SW_INT)
		vmwrite(ENTRY_INSN_LEN, vmread(EXIT_INSN_LEN));
}

/*
 * Exits for instructions emulated here: rc 0 completes the instruction,
 * -1 injects #GP(0), 1 means the domain is gone.
 */
static void complete(struct vcpu *v, int rc)
{
	if (rc < 0)
		vmx_inject_exception(v, X86_EXC_GP, 0);
	else if (rc == 0)
		hvm_retire(v, (unsigned int)vmread(EXIT_INSN_LEN));
}

void vmx_end_shadow(struct vcpu *v)
{
	uint64_t intr;

	vmx_vcpu_load(v);
	intr = vmread(GUEST_INTERRUPTIBILITY);
	if (intr & INTERRUPTIBILITY_STI_MOVSS)
		vmwrite(GUEST_INTERRUPTIBILITY,
			intr & ~(uint64_t)INTERRUPTIBILITY_STI_MOVSS);
}

/*
 * Outside a MOV SS shadow, the exits handled here save the pending debug
 * exceptions clear (SDM 27.3.4: saving non-register state).  Bochs 2.7
 * saves there the single-step trap (BS) of the instruction that exited,
 * which it then delivers itself at the next entry that injects nothing:
 * a #DB for an instruction that did not complete, or the trap of one the
 * hypervisor completed without hvm_retire() injecting it.  Only with
 * RFLAGS.TF set, the one case it saves anything.
 */
static void saved_pending_dbg(struct vcpu *v)
{
	if ((v->regs.rflags & X86_EFLAGS_TF) &&
	    !(vmread(GUEST_INTERRUPTIBILITY) & INTERRUPTIBILITY_MOVSS))
		vmwrite(GUEST_PENDING_DBG, 0);
}

void vmx_shadow_step_check(struct vcpu *v)
{
	uint64_t dbg;

	if (!(vmread(GUEST_INTERRUPTIBILITY) & INTERRUPTIBILITY_STI_MOVSS))
		return;
	dbg = vmread(GUEST_PENDING_DBG);
	if (v->cpustate.debugctl & DEBUGCTL_BTF)
		dbg &= ~(uint64_t)DR6_BS;
	else
		dbg |= DR6_BS;
	vmwrite(GUEST_PENDING_DBG, dbg);
}

/* IN/OUT/INS/OUTS: size - 1 in bits 2:0, IN bit 3, string bit 4, port 31:16. */
static void handle_io(struct vcpu *v, uint64_t q, unsigned int len)
{
	ioport_exit(v, (uint16_t)(q >> 16), (unsigned int)(q & 7) + 1,
		    q & (1u << 3), q & (1u << 4), len);
}

static void failed_entry(struct vcpu *v, uint32_t reason)
{
	domain_crash(v->domain,
		     "VM entry failed: %s (exit reason %#x, qualification %#lx)",
		     vmx_exit_name(reason), reason, vmread(EXIT_QUALIFICATION));
}

/*
 * Run before every entry, so it works from x->procs, the VMCS's processor
 * controls as last written, and loads and writes the VMCS only on a change.
 */
static void set_window_exit(struct vcpu *v, uint32_t which, bool on)
{
	struct vmx_vcpu *x = v->hvm;
	uint32_t want = on ? x->procs | which : x->procs & ~which;

	if (want != x->procs) {
		vmx_vcpu_load(v);
		x->procs = want;
		vmwrite(PROC_CONTROLS, want);
	}
}

/*
 * Virtual-NMI blocking is the guest's while the NMI we injected has not
 * reached its IRET: the exit that shows it clear ends it, and an IRET
 * that faulted on EPT (exit qualification bit 12, meaningful without
 * IDT-vectoring information) runs again, so it stays.  Blocking shown
 * with no NMI of ours outstanding is not the guest's: Bochs 2.7 keeps one
 * virtual-NMI mask per CPU and never clears it at VM entry, so it comes
 * over from the last VMCS that CPU ran.  Cleared here, a pending NMI is
 * injected (which the guest's IRET ends, as it ends the leftover mask)
 * instead of waiting for an IRET that a guest with interrupts off may
 * never run.  On hardware the VMCS and this record always agree.
 */
static void track_nmi_blocking(struct vcpu *v, uint32_t basic)
{
	struct vmx_vcpu *x = v->hvm;
	uint64_t was = vmread(GUEST_INTERRUPTIBILITY), intr = was;

	if (!x->nmi_blocked)
		intr &= ~(uint64_t)INTERRUPTIBILITY_NMI;
	else if (basic == VMX_EXIT_EPT_VIOLATION &&
		 (vmread(EXIT_QUALIFICATION) & EPT_QUAL_NMI_UNBLOCK) &&
		 !(vmread(IDT_VECTORING_INFO) & INTR_INFO_VALID))
		intr |= INTERRUPTIBILITY_NMI;
	else if (!(intr & INTERRUPTIBILITY_NMI))
		x->nmi_blocked = false;
	if (intr != was)
		vmwrite(GUEST_INTERRUPTIBILITY, intr);
}

bool vmx_request_nmi(struct vcpu *v, bool want)
{
	struct vmx_vcpu *x = v->hvm;

	if (!want) {		/* the common case: no VMCS access */
		set_window_exit(v, PROC_NMI_WINDOW, false);
		return false;
	}
	vmx_vcpu_load(v);
	if (!(vmread(GUEST_INTERRUPTIBILITY) &
	      (INTERRUPTIBILITY_STI_MOVSS | INTERRUPTIBILITY_NMI)) &&
	    !(vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID)) {
		vmwrite(ENTRY_INTR_INFO,
			INTR_INFO_VALID | INTR_TYPE_NMI | X86_EXC_NMI);
		x->nmi_blocked = true;
		set_window_exit(v, PROC_NMI_WINDOW, false);
		return true;
	}
	set_window_exit(v, PROC_NMI_WINDOW, true);
	return false;
}

bool vmx_request_interrupt(struct vcpu *v, int vector)
{
	if (vector < 0) {	/* the common case: no VMCS access */
		set_window_exit(v, PROC_INTR_WINDOW, false);
		return false;
	}
	vmx_vcpu_load(v);
	if ((v->regs.rflags & X86_EFLAGS_IF) &&
	    !(vmread(GUEST_INTERRUPTIBILITY) & INTERRUPTIBILITY_STI_MOVSS) &&
	    !(vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID)) {
		vmwrite(ENTRY_INTR_INFO,
			INTR_INFO_VALID | INTR_TYPE_EXT_INTR | (uint8_t)vector);
		set_window_exit(v, PROC_INTR_WINDOW, false);
		return true;
	}
	set_window_exit(v, PROC_INTR_WINDOW, true);
	return false;
}

bool vmx_fast_exit(struct vcpu *v)
{
	uint32_t reason = (uint32_t)vmread(EXIT_REASON);
	struct hvm_fast_exit e = { .insn_len = (unsigned int)vmread(EXIT_INSN_LEN) };
	uint64_t q;

	if (vmread(IDT_VECTORING_INFO) & INTR_INFO_VALID)
		return false;
	switch (reason) {	/* a failed entry's bit 31 matches none */
	case VMX_EXIT_IO:
		q = vmread(EXIT_QUALIFICATION);
		if (q & (1u << 4))	/* string */
			return false;
		e.kind = HVM_FAST_IO;
		e.port = (uint16_t)(q >> 16);
		e.size = (unsigned int)(q & 7) + 1;
		e.in = q & (1u << 3);
		break;
	case VMX_EXIT_CPUID:
		e.kind = HVM_FAST_CPUID;
		break;
	case VMX_EXIT_RDMSR:
	case VMX_EXIT_WRMSR:
		e.kind = reason == VMX_EXIT_WRMSR ? HVM_FAST_WRMSR : HVM_FAST_RDMSR;
		break;
	default:
		return false;
	}
	if (!hvm_fast_exit(v, &e))
		return false;
	vcpu_count_exit(v, reason);
	return true;
}

void vmx_handle_exit(struct vcpu *v)
{
	uint32_t reason = (uint32_t)vmread(EXIT_REASON);
	uint32_t basic = EXIT_REASON_BASIC(reason);
	unsigned int len = (unsigned int)vmread(EXIT_INSN_LEN);
	uint64_t qual;

	vcpu_count_exit(v, basic);
	if (reason & EXIT_FAILED_ENTRY) {
		failed_entry(v, reason);
		return;
	}
	track_nmi_blocking(v, basic);
	saved_pending_dbg(v);
	requeue_event(v);
	switch (basic) {
	case VMX_EXIT_EXT_INTR:
	case VMX_EXIT_PREEMPT_TIMER:
		break;	/* still pending: the run loop's irq_window() takes it */
	case VMX_EXIT_INTR_WINDOW:
	case VMX_EXIT_NMI_WINDOW:
		break;	/* the run loop injects the waiting event on re-entry */
	case VMX_EXIT_EXCEPTION_NMI:
		/*
		 * No exception is intercepted: this is the host's NMI, which
		 * the exit consumed.  The host's own handler takes it, as if
		 * it had come outside guest mode.
		 */
		__asm__ volatile("int $2");
		break;
	case VMX_EXIT_CPUID:
		hvm_cpuid(v, len);
		break;
	case VMX_EXIT_HLT:
		hvm_halt(v, len);
		break;
	case VMX_EXIT_VMCALL:
		hvm_hypercall(v, len);
		break;
	case VMX_EXIT_RDMSR:
	case VMX_EXIT_WRMSR:
		complete(v, handle_msr(v, basic == VMX_EXIT_WRMSR));
		break;
	case VMX_EXIT_IO:
		handle_io(v, vmread(EXIT_QUALIFICATION), len);
		break;
	case VMX_EXIT_CR_ACCESS:
		complete(v, handle_cr(v, vmread(EXIT_QUALIFICATION)));
		break;
	case VMX_EXIT_DR_ACCESS:
		qual = vmread(EXIT_QUALIFICATION);
		hvm_dr_access(v, qual & 7, (qual >> 8) & 15, !(qual & DR_QUAL_FROM),
			      len);
		break;
	case VMX_EXIT_VMCLEAR: case VMX_EXIT_VMLAUNCH: case VMX_EXIT_VMPTRLD:
	case VMX_EXIT_VMPTRST: case VMX_EXIT_VMREAD: case VMX_EXIT_VMRESUME:
	case VMX_EXIT_VMWRITE: case VMX_EXIT_VMXOFF: case VMX_EXIT_VMXON:
	case VMX_EXIT_INVEPT: case VMX_EXIT_INVVPID:
		vmx_inject_exception(v, X86_EXC_UD, -1);
		break;
	case VMX_EXIT_EPT_VIOLATION:
		qual = vmread(EXIT_QUALIFICATION);
		hvm_p2m_fault(v, vmread(GUEST_PHYS_ADDR), qual & EPT_QUAL_MAPPED,
			      qual & EPT_QUAL_WRITE,
			      vmread(IDT_VECTORING_INFO) & INTR_INFO_VALID);
		break;
	case VMX_EXIT_TRIPLE_FAULT:
		domain_crash(v->domain, "triple fault at rip %#lx", v->regs.rip);
		break;
	default:
		domain_crash(v->domain, "unexpected exit %s (%u), qualification %#lx",
			     vmx_exit_name(basic), basic,
			     vmread(EXIT_QUALIFICATION));
		break;
	}
}

const char *vmx_exit_name(uint32_t reason)
{
	return exitname(EXITNAME_VMX, reason);
}
