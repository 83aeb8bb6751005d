/* SPDX-License-Identifier: MIT */
/*
 * The svm back end: AMD-V with nested paging.  One VMCB per vCPU; one MSR
 * permission map shared by all (MSRs intercepted but for those the VMCB
 * holds) and two I/O permission maps (Dom0's passes its ports through,
 * the DomUs' intercepts every port: asm/ioport.h); exits decoded here and
 * handed to the generic hvm helpers.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm/context.h>
#include <asm/hvm/cpustate.h>
#include <asm/hvm/tlbtag.h>
#include <asm/ioport.h>
#include <asm/percpu.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include "svm.h"
#include "vmcb.h"
#include <xrt/exitname.h>

#define MSR_PAT			0x277
#define CR4_PSE			(1u << 4)
#define CR4_PGE			(1u << 7)
#define CR4_PCIDE		(1u << 17)
#define CR4_SMEP		(1u << 20)
#define CR4_SMAP		(1u << 21)
#define MSR_VM_CR		0xc0010114
#define MSR_VM_HSAVE_PA		0xc0010117
#define VM_CR_SVMDIS		(1u << 4)
#define CPUID_SVM		(1u << 2)	/* 0x80000001 ECX */
#define CPUID_NPT		(1u << 0)	/* 0x8000000a EDX */
#define CPUID_FLUSH_BY_ASID	(1u << 6)	/* 0x8000000a EDX */
#define TLB_KEEP		0	/* VMCB tlb_control values */
#define TLB_FLUSH_ALL		1
#define TLB_FLUSH_ASID		3

#define SEG_CODE32		0xc9b	/* G, D, P, S, execute/read, accessed */
#define SEG_DATA32		0xc93	/* G, D/B, P, S, read/write, accessed */
#define SEG_TSS32_BUSY		0x08b
#define SEG_LDT			0x082

struct svm_vcpu {
	struct vmcb *vmcb;
	paddr_t vmcb_pa;
	bool cold;		/* not entered since created, or paging changed */
	unsigned int asid;	/* its own TLB tag, or SHARED_ASID */
	unsigned int last_cpu;	/* where it was entered last */
	uint64_t p2m_changes;	/* the p2m's change count at the last flush */
	bool virq;		/* V_IRQ offers the guest an interrupt (virq_offer) */
	bool irq_taken;		/* the guest took one since the last exit */
	bool nmi_window;	/* an NMI waits for the shadow or an event */
};

/*
 * The CR4 bits the host takes from the guest before VMRUN: PSE, PGE, SMEP
 * and SMAP, those of them this CPU has.  QEMU's TCG flushes its whole
 * software TLB and its jump cache when one of them changes, and VMRUN and
 * #VMEXIT each load the other side's CR4: with the host's bits unlike the
 * guest's, each exit pays two more flushes (about 5,000 TSC cycles on a
 * round trip of 38,000; Linux sets all four).  The hypervisor maps nothing
 * user or global and runs in long mode, so none of them changes what it
 * may do.
 */
static uint64_t cr4_follows_guest;

static uint8_t msrpm[2 * 4096] __aligned(4096);
/* Three pages each: one bit per port, then the bits of accesses that wrap. */
static uint8_t iopm_domu[3 * 4096] __aligned(4096);
static uint8_t iopm_dom0[3 * 4096] __aligned(4096);
static uint8_t host_save_area[MAX_CPUS][4096] __aligned(4096);
static uint8_t host_vmsave_area[MAX_CPUS][4096] __aligned(4096);
/*
 * ASIDs.  Each vCPU has an ASID of its own (<asm/hvm/tlbtag.h>), so its
 * translations survive its exits and the CPU's switches to other vCPUs.
 * Its ASID is flushed at entry when they may be stale: at its first entry
 * (the ASID may be a dead vCPU's), when it comes from another CPU (its
 * guest may have changed page tables and flushed there only), after the
 * p2m changed, and after we emulated a paging change for it.  When the
 * CPU has too few ASIDs, the rest share SHARED_ASID (the last one) and
 * flush also whenever another vCPU was entered on this CPU in between.
 * Without FlushByAsid, a flush is of the whole TLB.  (QEMU's TCG flushes
 * its whole TLB at every VMRUN anyway: this is for real hardware.)
 */
static unsigned int nr_asids;		/* the CPU's, from CPUID 0x8000000a */
static bool flush_by_asid;
#define SHARED_ASID		(nr_asids - 1)

/* Lets the guest read and write an MSR that the VMCB holds for it. */
static void msr_pass_through(uint32_t msr)
{
	uint32_t base = msr >= 0xc0000000 ? 0x800 : 0;
	uint32_t bit = 2 * (msr & 0x1fff);

	msrpm[base + bit / 8] &= (uint8_t)~(3u << (bit % 8));
}

static int svm_cpu_up(void)
{
	unsigned int i;
	static const uint32_t vmcb_msrs[] = {
		0x174, 0x175, 0x176,		/* SYSENTER_CS/ESP/EIP */
		0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,	/* STAR.. */
		0xc0000100, 0xc0000101, 0xc0000102,	/* FS/GS/KERNEL_GS base */
	};

	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		return -ENODEV;
	if (!this_cpu()->cpu_id) {	/* the maps are shared: fill them once */
		memset(msrpm, 0xff, sizeof(msrpm));
		memset(iopm_domu, 0xff, sizeof(iopm_domu));
		memset(iopm_dom0, 0xff, sizeof(iopm_dom0));
		ioport_bitmap_init(iopm_dom0, true);
		for (i = 0; i < ARRAY_SIZE(vmcb_msrs); i++)
			msr_pass_through(vmcb_msrs[i]);
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, virt_to_maddr(host_save_area[this_cpu()->cpu_id]));
	return 0;
}

static void set_seg(struct vmcb_seg *s, uint16_t sel, uint16_t attrib,
		    uint32_t limit)
{
	*s = (struct vmcb_seg){ .sel = sel, .attrib = attrib, .limit = limit };
}

/* The PVH start state: 32-bit flat protected mode, paging off. */
static void init_guest_state(struct vmcb *vmcb)
{
	set_seg(&vmcb->cs, 0x10, SEG_CODE32, 0xffffffff);
	set_seg(&vmcb->ds, 0x18, SEG_DATA32, 0xffffffff);
	vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = vmcb->ds;
	set_seg(&vmcb->tr, 0x20, SEG_TSS32_BUSY, 0x67);
	set_seg(&vmcb->ldtr, 0, SEG_LDT, 0xffff);
	set_seg(&vmcb->gdtr, 0, 0, 0xffff);
	set_seg(&vmcb->idtr, 0, 0, 0xffff);
	vmcb->cr0 = CR0_PE | CR0_ET;
	vmcb->efer = EFER_SVME;	/* required by VMRUN; hidden from the guest */
	vmcb->dr6 = 0xffff0ff0;
	vmcb->dr7 = 0x400;
	vmcb->g_pat = 0x0007040600070406ULL;	/* the power-on PAT */
}

static void init_control(struct vcpu *v, struct vmcb *vmcb)
{
	vmcb->intercepts1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI |
			    INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |
			    INTERCEPT_HLT | INTERCEPT_INVLPGA | INTERCEPT_IOIO |
			    INTERCEPT_MSR |
			    INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN;
	vmcb->intercepts2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
			    INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
			    INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
			    INTERCEPT_XSETBV;
	vmcb->dr_intercepts = ~0u;	/* DRs are emulated: asm/hvm/cpustate.h */
	vmcb->cr_intercepts = CR_INTERCEPT_WRITE(4);	/* see svm_write_cr */
	vmcb->iopm_base_pa = virt_to_maddr(v->domain->is_privileged ? iopm_dom0
								    : iopm_domu);
	vmcb->msrpm_base_pa = virt_to_maddr(msrpm);
	vmcb->asid = ((struct svm_vcpu *)v->hvm)->asid;
	vmcb->vintr = VINTR_MASKING;
	vmcb->np_enable = 1;
	vmcb->n_cr3 = v->domain->p2m.root;
}

static int svm_vcpu_create(struct vcpu *v)
{
	struct svm_vcpu *s;
	paddr_t pa;
	int rc;

	/* One frame holds the small svm_vcpu; a second is the VMCB. */
	rc = page_alloc(DOMID_XEN, &pa);
	if (rc)
		return rc;
	s = maddr_to_virt(pa);
	rc = page_alloc(DOMID_XEN, &s->vmcb_pa);
	if (rc) {
		page_free(pa);
		return rc;
	}
	s->vmcb = maddr_to_virt(s->vmcb_pa);
	s->cold = true;
	s->asid = tlbtag_alloc(SHARED_ASID);
	if (!s->asid)
		s->asid = SHARED_ASID;
	v->hvm = s;
	init_control(v, s->vmcb);
	init_guest_state(s->vmcb);
	return 0;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
	struct svm_vcpu *s = v->hvm;

	if (!s)
		return;
	if (s->asid != SHARED_ASID)
		tlbtag_free(s->asid);
	page_free(s->vmcb_pa);
	page_free(virt_to_maddr(s));
	v->hvm = NULL;
}

/* Nothing to save: where it runs next decides its flush (see ASIDs). */
static void svm_vcpu_put(struct vcpu *v)
{
	(void)v;
}

static void svm_inject_exception(struct vcpu *v, unsigned int vector, int err)
{
	struct svm_vcpu *s = v->hvm;

	s->vmcb->eventinj = EVENTINJ_VALID | EVENTINJ_TYPE_EXC | vector |
			    (err >= 0 ? EVENTINJ_ERR_VALID |
						((uint64_t)(uint32_t)err << 32)
				      : 0);
}

static void svm_end_shadow(struct vcpu *v)
{
	((struct svm_vcpu *)v->hvm)->vmcb->interrupt_shadow = 0;
}

static void svm_inject_page_fault(struct vcpu *v, uint64_t addr, uint32_t err)
{
	((struct svm_vcpu *)v->hvm)->vmcb->cr2 = addr;
	svm_inject_exception(v, X86_EXC_PF, (int)err);
}

/* write_cr: CR4 only (the one CR write intercepted), checked as the CPU. */
static int svm_write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
	struct svm_vcpu *s = v->hvm;
	struct vmcb *vmcb = s->vmcb;
	bool lma = vmcb->efer & EFER_LMA;

	if (cr != 4 || (val & ~hvm_cr4_guest_valid()) ||
	    (lma && !(val & CR4_PAE)) ||
	    ((val & CR4_PCIDE) && (!lma || (vmcb->cr3 & 0xfff))))
		return -1;
	vmcb->cr4 = val;
	s->cold = true;		/* paging bits changed: flush at entry */
	return 0;
}

static void svm_load_state(struct vcpu *v, const struct hvm_vcpu_state *st)
{
	struct svm_vcpu *s = v->hvm;
	struct vmcb *vmcb = s->vmcb;
	struct vmcb_seg *const segs[HVM_NR_SEGS] = {
		[HVM_SEG_ES] = &vmcb->es, [HVM_SEG_CS] = &vmcb->cs,
		[HVM_SEG_SS] = &vmcb->ss, [HVM_SEG_DS] = &vmcb->ds,
		[HVM_SEG_FS] = &vmcb->fs, [HVM_SEG_GS] = &vmcb->gs,
		[HVM_SEG_LDTR] = &vmcb->ldtr, [HVM_SEG_TR] = &vmcb->tr,
	};
	unsigned int i;

	for (i = 0; i < HVM_NR_SEGS; i++)
		*segs[i] = (struct vmcb_seg){ .sel = st->seg[i].sel,
					      .attrib = st->seg[i].ar,
					      .limit = st->seg[i].limit,
					      .base = st->seg[i].base };
	set_seg(&vmcb->gdtr, 0, 0, st->gdtr_limit);
	vmcb->gdtr.base = st->gdtr_base;
	set_seg(&vmcb->idtr, 0, 0, st->idtr_limit);
	vmcb->idtr.base = st->idtr_base;
	vmcb->cpl = (uint8_t)HVM_AR_DPL(st->seg[HVM_SEG_SS].ar);
	vmcb->cr0 = st->cr0;
	vmcb->cr3 = st->cr3;
	vmcb->cr4 = st->cr4;
	vmcb->cr2 = 0;
	vmcb->efer = st->efer | EFER_SVME;
	vmcb->eventinj = 0;
	vmcb->interrupt_shadow = 0;
	vmcb->intercepts1 &= ~(INTERCEPT_IRET | INTERCEPT_VINTR);
	vmcb->vintr = VINTR_MASKING;	/* NMIs unblocked, nothing offered */
	s->virq = false;
	s->irq_taken = false;
	s->cold = true;
}

/*
 * Arms or disarms the exit at the guest's next interrupt window (armed
 * anyway while an NMI waits for one): V_IRQ with the VINTR intercept.
 * While V_IRQ offers an interrupt (virq_offer) it cannot also do this;
 * the exit that finds the interrupt taken arms it then.
 */
static void set_window_exit(struct svm_vcpu *s, bool on)
{
	struct vmcb *vmcb = s->vmcb;

	if (s->virq)
		return;
	if (on || s->nmi_window) {
		vmcb->vintr |= VINTR_IRQ | VINTR_IGN_TPR |
			       (0xfULL << VINTR_PRIO_SHIFT);
		vmcb->intercepts1 |= INTERCEPT_VINTR;
	} else {
		vmcb->vintr &= ~(VINTR_IRQ | VINTR_IGN_TPR |
				 (0xfULL << VINTR_PRIO_SHIFT));
		vmcb->intercepts1 &= ~INTERCEPT_VINTR;
	}
}

/*
 * An external interrupt goes to the guest through V_IRQ (its vector in
 * V_INTR_VECTOR, the TPR ignored, no VINTR intercept), not EVENTINJ.
 * QEMU's TCG (7.2) delivers an EVENTINJ interrupt inside VMRUN and keeps
 * it as its CPU's pending exception: a kick of that emulated CPU before
 * the guest's next exit delivers it again, the guest's handler running
 * twice for one interrupt (docs/emulators.md).  Offered only when the
 * guest can take it at once (IF set, no shadow, nothing injected), V_IRQ
 * is taken at the first instruction boundary, as EVENTINJ would be; the
 * CPU clears it then, and svm_vcpu_run() reads that at the exit.
 */
static void virq_offer(struct svm_vcpu *s, uint8_t vector)
{
	struct vmcb *vmcb = s->vmcb;

	vmcb->vintr = (vmcb->vintr & ~(VINTR_VECTOR_MASK | VINTR_PRIO_MASK)) |
		      VINTR_IRQ | VINTR_IGN_TPR |
		      ((uint64_t)(vector >> 4) << VINTR_PRIO_SHIFT) |
		      ((uint64_t)vector << VINTR_VECTOR_SHIFT);
	vmcb->intercepts1 &= ~INTERCEPT_VINTR;
	s->virq = true;
}

static bool svm_request_interrupt(struct vcpu *v, int vector)
{
	struct svm_vcpu *s = v->hvm;
	struct vmcb *vmcb = s->vmcb;

	if (vector < 0) {
		set_window_exit(s, false);
		return false;
	}
	if (s->virq)
		return false;	/* the one offered goes first */
	if ((v->regs.rflags & X86_EFLAGS_IF) &&
	    !(vmcb->interrupt_shadow & INTERRUPT_SHADOW) &&
	    !(vmcb->eventinj & EVENTINJ_VALID)) {
		virq_offer(s, (uint8_t)vector);
		return true;
	}
	set_window_exit(s, true);
	return false;
}

/*
 * SVM has no virtual NMI blocking here: as Xen does, the IRET intercept
 * stands for it from the injection to the guest's next IRET.  A shadow
 * or another event being injected waits for the interrupt window (so an
 * NMI behind them also waits for RFLAGS.IF, as on Xen).
 */
static bool svm_request_nmi(struct vcpu *v, bool want)
{
	struct svm_vcpu *s = v->hvm;
	struct vmcb *vmcb = s->vmcb;

	s->nmi_window = false;
	if (!want || (vmcb->intercepts1 & INTERCEPT_IRET))
		return false;	/* none, or blocked: the IRET exit comes back */
	if ((vmcb->interrupt_shadow & INTERRUPT_SHADOW) ||
	    (vmcb->eventinj & EVENTINJ_VALID)) {
		s->nmi_window = true;
		return false;
	}
	vmcb->eventinj = EVENTINJ_VALID | EVENTINJ_TYPE_NMI | X86_EXC_NMI;
	vmcb->intercepts1 |= INTERCEPT_IRET;
	return true;
}

static void svm_get_cpu_state(struct vcpu *v, struct hvm_cpu_state *st)
{
	const struct vmcb *vmcb = ((struct svm_vcpu *)v->hvm)->vmcb;

	st->cr0 = vmcb->cr0;
	st->cr3 = vmcb->cr3;
	st->cr4 = vmcb->cr4;
	st->efer = vmcb->efer & ~(uint64_t)EFER_SVME;
	st->cpl = vmcb->cpl;
	st->long_mode = (vmcb->efer & EFER_LMA) && (vmcb->cs.attrib & 0x200);
	st->cs_db = vmcb->cs.attrib & 0x400;
}

static void svm_get_seg_bases(struct vcpu *v, uint64_t base[6])
{
	const struct vmcb *vmcb = ((struct svm_vcpu *)v->hvm)->vmcb;

	base[0] = vmcb->es.base;
	base[1] = vmcb->cs.base;
	base[2] = vmcb->ss.base;
	base[3] = vmcb->ds.base;
	base[4] = vmcb->fs.base;
	base[5] = vmcb->gs.base;
}

/* RDMSR/WRMSR: EFER is ours (SVME must stay set), the rest generic. */
static void handle_msr(struct vcpu *v, struct vmcb *vmcb)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val;
	int rc;

	if (vmcb->exitinfo1) {
		val = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
		if (msr == MSR_EFER) {
			rc = val & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA |
					       EFER_NXE) ? -1 : 0;
			if (!rc)
				vmcb->efer = val | EFER_SVME;
		} else if (msr == MSR_PAT) {
			/* G_PAT: VMRUN fails on a bad type, so it is checked here. */
			rc = hvm_pat_valid(val) ? 0 : -1;
			if (!rc)
				vmcb->g_pat = val;
		} else {
			rc = hvm_msr_write(v, msr, val);
		}
	} else {
		if (msr == MSR_EFER) {
			val = vmcb->efer & ~(uint64_t)EFER_SVME;
			rc = 0;
		} else if (msr == MSR_PAT) {
			val = vmcb->g_pat;
			rc = 0;
		} else {
			rc = hvm_msr_read(v, msr, &val);
		}
		v->regs.rax = (uint32_t)val;
		v->regs.rdx = val >> 32;
	}
	if (rc)
		svm_inject_exception(v, X86_EXC_GP, 0);
	else
		hvm_retire(v, 2);
}

/* IN/OUT/INS/OUTS: EXITINFO1 describes the access, EXITINFO2 is the next rip. */
static void handle_ioio(struct vcpu *v, struct vmcb *vmcb)
{
	uint64_t info = vmcb->exitinfo1;
	unsigned int size = info & IOIO_SZ32 ? 4 : info & IOIO_SZ16 ? 2 : 1;

	ioport_exit(v, (uint16_t)(info >> 16), size, info & IOIO_TYPE_IN,
		    info & IOIO_STR, (unsigned int)(vmcb->exitinfo2 - v->regs.rip));
}

static void handle_exit(struct vcpu *v, struct vmcb *vmcb)
{
	struct svm_vcpu *s = v->hvm;
	uint32_t code = (uint32_t)vmcb->exitcode;

	vcpu_count_exit(v, code);
	switch (code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
		break;	/* the host takes it once the run loop opens a window */
	case SVM_EXIT_VINTR:
		set_window_exit(s, false);	/* the loop injects now */
		break;
	case SVM_EXIT_IRET:
		/*
		 * NMIs unblock with this IRET, which has not run yet: the
		 * shadow keeps the next NMI out until it has (Xen's way).
		 */
		vmcb->intercepts1 &= ~INTERCEPT_IRET;
		vmcb->interrupt_shadow |= INTERRUPT_SHADOW;
		break;
	case SVM_EXIT_CPUID:
		hvm_cpuid(v, 2);
		break;
	case SVM_EXIT_HLT:
		/*
		 * QEMU's TCG takes a virtual interrupt inside an STI shadow,
		 * so the guest may take one between "sti" and "hlt"; that HLT
		 * then must not wait for another one.  An interrupt taken
		 * since the last exit counts as the one that ends it (at
		 * worst a spurious wakeup, which HLT loops allow).
		 */
		if (s->irq_taken)
			hvm_retire(v, 1);
		else
			hvm_halt(v, 1);
		break;
	case SVM_EXIT_VMMCALL:
		hvm_hypercall(v, 3);
		break;
	case SVM_EXIT_MSR:
		handle_msr(v, vmcb);
		break;
	case SVM_EXIT_IOIO:
		handle_ioio(v, vmcb);
		break;
	case SVM_EXIT_READ_DR0 ... SVM_EXIT_WRITE_DR0 + 15:
	case SVM_EXIT_WRITE_CR4:
		hvm_emulate(v);
		break;
	case SVM_EXIT_INVLPGA:
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
		svm_inject_exception(v, X86_EXC_UD, -1);
		break;
	case SVM_EXIT_NPF:
		hvm_p2m_fault(v, vmcb->exitinfo2, vmcb->exitinfo1 & NPF_PRESENT,
			      vmcb->exitinfo1 & NPF_WRITE,
			      vmcb->exitintinfo & EVENTINJ_VALID);
		break;
	case SVM_EXIT_INVALID:
		domain_crash(v->domain, "VM entry failed: VMRUN refused the guest state");
		break;
	case SVM_EXIT_SHUTDOWN:
		domain_crash(v->domain, "triple fault at rip %#lx",
			     v->regs.rip);
		break;
	default:
		domain_crash(v->domain, "unexpected exit %s (%#x), info %#lx %#lx",
			     hvm_ops->exit_name(code), code, vmcb->exitinfo1,
			     vmcb->exitinfo2);
		break;
	}
}

/*
 * VMRUN and back, with the host's DR7 holding the guest's in between when
 * the guest arms a breakpoint.  QEMU's TCG before 9.1 takes the VMCB's DR7
 * without arming its breakpoints; a MOV to DR7 arms them.  So the host's
 * DR7 holds the guest's from here to VMRUN (which loads the same) and is
 * cleared right after #VMEXIT (which restores it).  The hypervisor touches
 * no guest address in between.  With nothing armed the host's stays as it
 * is (0x400): VMRUN saves and #VMEXIT restores that.
 */
static void world_switch(struct vcpu *v, struct svm_vcpu *s)
{
	struct vmcb *vmcb = s->vmcb;
	bool armed = vmcb->dr7 & 0xff;	/* L0-L3, G0-G3 */

	if (armed)
		write_dr7(vmcb->dr7);
	svm_enter(&v->regs, s->vmcb_pa, virt_to_maddr(host_vmsave_area[this_cpu()->cpu_id]));
	if (armed)
		write_dr7(0x400);
	v->regs.rax = vmcb->rax;
	v->regs.rip = vmcb->rip;
	v->regs.rsp = vmcb->rsp;
	v->regs.rflags = vmcb->rflags;
	v->cpustate.dr6 = vmcb->dr6;	/* a #DB in the guest may have set it */
}

/*
 * The exit fast path's svm half (asm/hvm.h): the exit described for
 * hvm_fast_exit() when it is of a kind that may be, and the entry it
 * follows injected and offered nothing.  True: re-enter v now.
 */
static bool fast_exit(struct vcpu *v, const struct vmcb *vmcb, bool injected)
{
	uint32_t code = (uint32_t)vmcb->exitcode;
	uint64_t info = vmcb->exitinfo1;
	struct hvm_fast_exit e = { .insn_len = 2 };

	if (injected || (vmcb->exitintinfo & EVENTINJ_VALID))
		return false;
	switch (code) {
	case SVM_EXIT_IOIO:
		if (info & IOIO_STR)
			return false;
		e.kind = HVM_FAST_IO;
		e.port = (uint16_t)(info >> 16);
		e.size = info & IOIO_SZ32 ? 4 : info & IOIO_SZ16 ? 2 : 1;
		e.in = info & IOIO_TYPE_IN;
		e.insn_len = (unsigned int)(vmcb->exitinfo2 - v->regs.rip);
		break;
	case SVM_EXIT_CPUID:
		e.kind = HVM_FAST_CPUID;
		break;
	case SVM_EXIT_MSR:
		e.kind = info ? HVM_FAST_WRMSR : HVM_FAST_RDMSR;
		break;
	default:
		return false;
	}
	if (!hvm_fast_exit(v, &e))
		return false;
	vcpu_count_exit(v, code);
	return true;
}

/* The host's CR4 takes v's bits of cr4_follows_guest, when they differ. */
static void host_cr4_follow(struct vcpu *v, uint64_t guest_cr4)
{
	uint64_t host = read_cr4();

	if (!((host ^ guest_cr4) & cr4_follows_guest))
		return;
	write_cr4((host & ~cr4_follows_guest) | (guest_cr4 & cr4_follows_guest));
	v->host_cr4_follows++;
}

/*
 * An event the exit cut short is delivered again at the next entry: an
 * interrupt through V_IRQ (see virq_offer), the rest through EVENTINJ.
 */
static void redeliver(struct svm_vcpu *s)
{
	struct vmcb *vmcb = s->vmcb;
	uint64_t info = vmcb->exitintinfo;

	vmcb->eventinj = 0;
	if (!(info & EVENTINJ_VALID))
		return;
	if ((info & EVENTINJ_TYPE_MASK) == EVENTINJ_TYPE_INTR)
		virq_offer(s, (uint8_t)info);
	else
		vmcb->eventinj = info;
}

static void svm_vcpu_run(struct vcpu *v)
{
	struct svm_vcpu *s = v->hvm;
	struct vmcb *vmcb = s->vmcb;
	bool offered = s->virq;
	bool injected = (vmcb->eventinj & EVENTINJ_VALID) || offered;

	vmcb->rax = v->regs.rax;
	vmcb->rip = v->regs.rip;
	vmcb->rsp = v->regs.rsp;
	vmcb->rflags = v->regs.rflags;
	vmcb->tlb_control = TLB_KEEP;
	if (s->cold || s->last_cpu != this_cpu()->cpu_id ||
	    s->p2m_changes != v->domain->p2m.changes ||
	    (s->asid == SHARED_ASID && this_cpu()->last_entered != v))
		vmcb->tlb_control = flush_by_asid ? TLB_FLUSH_ASID
						  : TLB_FLUSH_ALL;
	s->p2m_changes = v->domain->p2m.changes;
	s->cold = false;
	s->last_cpu = this_cpu()->cpu_id;
	this_cpu()->last_entered = v;
	vmcb->clean_bits = 0;
	vmcb->dr6 = v->cpustate.dr6;
	vmcb->dr7 = hvm_dr7_armed(v);
	host_cr4_follow(v, vmcb->cr4);
	hvm_guest_enter(v);
	world_switch(v, s);
	while (fast_exit(v, vmcb, injected)) {
		/*
		 * Completed for the guest (hvm_retire() ended its shadow):
		 * nothing else changed but RAX and RIP (and GPRs, which
		 * svm_enter loads).  A p2m change comes with a kick, which
		 * ends the fast path before it gets here.
		 */
		vmcb->rax = v->regs.rax;
		vmcb->rip = v->regs.rip;
		vmcb->tlb_control = TLB_KEEP;
		injected = false;
		world_switch(v, s);
	}
	hvm_guest_exit();
	s->irq_taken = offered && !(vmcb->vintr & VINTR_IRQ);
	if (s->irq_taken)
		s->virq = false;
	redeliver(s);
	handle_exit(v, vmcb);
}

static void svm_dump(struct vcpu *v)
{
	const struct vmcb *vmcb = ((struct svm_vcpu *)v->hvm)->vmcb;
	const struct guest_regs *r = &v->regs;

	printk("d%uv%u rip %016lx rsp %016lx rflags %08lx cpl %u\n",
	       v->domain->domain_id, v->vcpu_id, r->rip, r->rsp, r->rflags,
	       vmcb->cpl);
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax,
	       r->rbx, r->rcx, r->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", r->rsi,
	       r->rdi, r->rbp, r->r8);
	printk("  cr0 %08lx cr3 %016lx cr4 %08lx efer %08lx cs %04x/%03x\n",
	       vmcb->cr0, vmcb->cr3, vmcb->cr4, vmcb->efer, vmcb->cs.sel,
	       vmcb->cs.attrib);
	printk("  exit %#lx info1 %#lx info2 %#lx intinfo %#lx\n",
	       vmcb->exitcode, vmcb->exitinfo1, vmcb->exitinfo2,
	       vmcb->exitintinfo);
}

static const char *svm_exit_name(uint32_t code)
{
	return exitname(EXITNAME_SVM, code);
}

static const struct hvm_ops svm_ops = {
	.name = "svm",
	.p2m_format = &npt_format,
	.cpu_up = svm_cpu_up,
	.vcpu_create = svm_vcpu_create,
	.vcpu_destroy = svm_vcpu_destroy,
	.vcpu_run = svm_vcpu_run,
	.vcpu_put = svm_vcpu_put,
	.get_cpu_state = svm_get_cpu_state,
	.get_seg_bases = svm_get_seg_bases,
	.load_state = svm_load_state,
	.end_shadow = svm_end_shadow,
	.inject_exception = svm_inject_exception,
	.inject_page_fault = svm_inject_page_fault,
	.write_cr = svm_write_cr,
	.request_interrupt = svm_request_interrupt,
	.request_nmi = svm_request_nmi,
	.dump = svm_dump,
	.exit_name = svm_exit_name,
	.hypercall_insn = { 0x0f, 0x01, 0xd9 },	/* vmmcall */
};

const struct hvm_ops *svm_probe(void)
{
	uint32_t a, b, c, d;

	cpuid_count(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x8000000a)
		return NULL;
	cpuid_count(0x80000001, 0, &a, &b, &c, &d);
	if (!(c & CPUID_SVM))
		return NULL;
	cpuid_count(0x8000000a, 0, &a, &b, &c, &d);
	if (!(d & CPUID_NPT) || b < 2)
		return NULL;
	nr_asids = b;
	flush_by_asid = d & CPUID_FLUSH_BY_ASID;
	cpuid_count(1, 0, &a, &b, &c, &d);
	cr4_follows_guest = (d & (1u << 3) ? CR4_PSE : 0) |
			    (d & (1u << 13) ? CR4_PGE : 0);
	cpuid_count(7, 0, &a, &b, &c, &d);
	cr4_follows_guest |= (b & (1u << 7) ? CR4_SMEP : 0) |
			     (b & (1u << 20) ? CR4_SMAP : 0);
	printk("svm: %u ASIDs%s\n", nr_asids,
	       flush_by_asid ? ", flushed one by one" : "");
	return &svm_ops;
}
