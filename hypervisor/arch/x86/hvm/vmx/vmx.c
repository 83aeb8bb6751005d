/* SPDX-License-Identifier: MIT */
/*
 * The vmx back end: Intel VT-x with EPT and unrestricted guest.  This file
 * decides whether the CPU will do (every control is derived from the
 * capability MSRs, never assumed), turns VMX on, and enters vCPUs; vmcs.c
 * builds a vCPU's VMCS and exit.c handles what brings the guest back.
 *
 * A capability MSR holds, per control bit, whether 0 is allowed (low half:
 * a 1 there means the bit must be set) and whether 1 is allowed (high half).
 * The "TRUE" variants, present when IA32_VMX_BASIC bit 55 is set, allow
 * clearing some bits the older MSRs report as fixed to 1 (the CR3 exits,
 * for instance); exit.c handles those exits either way.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm/cpustate.h>
#include <asm/ioport.h>
#include <asm/percpu.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/smp.h>
#include "vmcs.h"
#include "vmx.h"

#define CPUID1_ECX_VMX			(1u << 5)

#define MSR_FEATURE_CONTROL		0x03a
#define FEATURE_CONTROL_LOCK		(1u << 0)
#define FEATURE_CONTROL_VMX_NO_SMX	(1u << 2)
#define MSR_VMX_BASIC			0x480
#define MSR_VMX_PINBASED		0x481
#define MSR_VMX_PROCBASED		0x482
#define MSR_VMX_EXIT			0x483
#define MSR_VMX_ENTRY			0x484
#define MSR_VMX_MISC			0x485
#define MSR_VMX_CR0_FIXED0		0x486
#define MSR_VMX_CR0_FIXED1		0x487
#define MSR_VMX_CR4_FIXED0		0x488
#define MSR_VMX_CR4_FIXED1		0x489
#define MSR_VMX_PROCBASED2		0x48b
#define MSR_VMX_EPT_VPID_CAP		0x48c
#define MSR_VMX_TRUE_PINBASED		0x48d
#define MSR_VMX_TRUE_PROCBASED		0x48e
#define MSR_VMX_TRUE_EXIT		0x48f
#define MSR_VMX_TRUE_ENTRY		0x490

#define BASIC_VMCS_SIZE(b)		(((b) >> 32) & 0x1fff)
#define BASIC_MEMTYPE(b)		(((b) >> 50) & 0xf)
#define BASIC_TRUE_CTLS			(1ULL << 55)
#define MEMTYPE_WB			6

#define EPT_CAP_WALK4			(1ULL << 6)
#define EPT_CAP_WB			(1ULL << 14)
#define EPT_CAP_INVEPT			(1ULL << 20)
#define EPT_CAP_INVEPT_SINGLE		(1ULL << 25)
#define EPT_CAP_INVEPT_ALL		(1ULL << 26)
#define INVEPT_SINGLE			1
#define INVEPT_ALL			2
#define VPID_CAP_INVVPID		(1ULL << 32)
#define VPID_CAP_INVVPID_SINGLE		(1ULL << 41)
#define INVVPID_SINGLE			1

#define MSR_SYSENTER_CS			0x174
#define MSR_SYSENTER_ESP		0x175
#define MSR_SYSENTER_EIP		0x176
#define MSR_PAT				0x277
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101

struct vmx_caps vmx_caps;
uint8_t vmx_msr_bitmap[4096] __aligned(4096);
uint8_t vmx_io_bitmap_domu[2][4096] __aligned(4096);
uint8_t vmx_io_bitmap_dom0[2][4096] __aligned(4096);

const uint32_t vmx_guest_msr_index[VMX_NR_GUEST_MSRS] = {
	[VMX_MSR_STAR] = 0xc0000081,
	[VMX_MSR_LSTAR] = 0xc0000082,
	[VMX_MSR_CSTAR] = 0xc0000083,
	[VMX_MSR_SFMASK] = 0xc0000084,
	[VMX_MSR_KERNEL_GS_BASE] = 0xc0000102,
};

/* Per CPU: the current VMCS and the vCPU whose MSRs and EPT are loaded. */
static paddr_t current_vmcs[MAX_CPUS];
/* Part of the image, so that CPUs coming up late take no domain frames. */
static uint8_t vmxon_region[MAX_CPUS][PAGE_SIZE] __aligned(PAGE_SIZE);

/*
 * One control word from a capability MSR: the bits the CPU requires, plus
 * want (all of which must be allowed), plus those of maybe it allows.
 * Fails when a wanted bit is missing or the CPU insists on an unwanted one.
 */
static bool derive(const char *what, uint32_t msr, uint32_t want,
		   uint32_t maybe, uint32_t forbid, uint32_t *out)
{
	uint64_t cap = rdmsr(msr);
	uint32_t required = (uint32_t)cap, allowed = (uint32_t)(cap >> 32);

	if (want & ~allowed) {
		printk("vmx: %s controls lack %#x\n", what, want & ~allowed);
		return false;
	}
	if (required & forbid) {
		printk("vmx: %s controls force %#x\n", what, required & forbid);
		return false;
	}
	*out = required | want | (maybe & allowed);
	return true;
}

static bool derive_controls(uint64_t basic)
{
	bool true_ctls = basic & BASIC_TRUE_CTLS;
	struct vmx_caps *c = &vmx_caps;

	bool ok;

	ok = derive("pin-based", true_ctls ? MSR_VMX_TRUE_PINBASED
					     : MSR_VMX_PINBASED,
		      PIN_EXT_INTR_EXIT | PIN_NMI_EXIT | PIN_VIRTUAL_NMI,
		      PIN_PREEMPT_TIMER, 0, &c->pin) &&
	       derive("processor-based", true_ctls ? MSR_VMX_TRUE_PROCBASED
						   : MSR_VMX_PROCBASED,
		      PROC_INTR_WINDOW | PROC_NMI_WINDOW | PROC_HLT_EXIT |
			      PROC_CR8_LOAD_EXIT |
			      PROC_CR8_STORE_EXIT |
			      PROC_IO_BITMAPS | PROC_MSR_BITMAPS |
			      PROC_MOV_DR_EXIT | PROC_SECONDARY,
		      0, 0, &c->proc) &&
	       derive("secondary", MSR_VMX_PROCBASED2,
		      PROC2_EPT | PROC2_UNRESTRICTED,
		      PROC2_RDTSCP | PROC2_INVPCID | PROC2_VPID, 0,
		      &c->proc2) &&
	       /*
		* No "acknowledge interrupt on exit": the interrupt that ends a
		* guest's slice stays pending for the host's own IDT.
		*/
	       derive("VM-exit", true_ctls ? MSR_VMX_TRUE_EXIT : MSR_VMX_EXIT,
		      EXIT_HOST_64BIT | EXIT_SAVE_EFER | EXIT_LOAD_EFER |
			      EXIT_SAVE_PAT | EXIT_LOAD_PAT | EXIT_SAVE_DEBUG,
		      0, EXIT_ACK_INTR, &c->exit) &&
	       derive("VM-entry", true_ctls ? MSR_VMX_TRUE_ENTRY
					    : MSR_VMX_ENTRY,
		      ENTRY_LOAD_EFER | ENTRY_LOAD_PAT | ENTRY_LOAD_DEBUG, 0,
		      ENTRY_IA32E_GUEST,
		      &c->entry);
	/* Checked above; armed only while an event waits for the guest. */
	c->proc &= ~(PROC_INTR_WINDOW | PROC_NMI_WINDOW);
	return ok;
}

static bool check_ept(void)
{
	uint64_t cap = rdmsr(MSR_VMX_EPT_VPID_CAP);
	uint64_t need = EPT_CAP_WALK4 | EPT_CAP_WB | EPT_CAP_INVEPT;

	if ((cap & need) != need ||
	    !(cap & (EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL))) {
		printk("vmx: EPT capabilities %#lx lack 4-level WB tables or "
		       "INVEPT\n", cap);
		return false;
	}
	vmx_caps.invept_single = cap & EPT_CAP_INVEPT_SINGLE;
	/* VPIDs only with a way to flush one of them (see vmx.h). */
	if (!(cap & VPID_CAP_INVVPID) || !(cap & VPID_CAP_INVVPID_SINGLE))
		vmx_caps.proc2 &= ~PROC2_VPID;
	return true;
}

/*
 * Intercepts every MSR but those the guest may own, and every port but
 * Dom0's own (asm/ioport.h).
 */
static void init_bitmaps(void)
{
	static const uint32_t pass_through[] = {
		MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
		MSR_PAT, MSR_FS_BASE, MSR_GS_BASE,	/* switched by the VMCS */
	};
	unsigned int i;
	uint32_t msr;

	ioport_bitmap_init(&vmx_io_bitmap_domu[0][0], false);
	ioport_bitmap_init(&vmx_io_bitmap_dom0[0][0], true);
	memset(vmx_msr_bitmap, 0xff, sizeof(vmx_msr_bitmap));
	/* Reads: low MSRs at 0, high at 1024; writes 2048 further on. */
	for (i = 0; i < ARRAY_SIZE(pass_through) + VMX_NR_GUEST_MSRS; i++) {
		bool read_only = i >= ARRAY_SIZE(pass_through);
		uint32_t base;

		msr = read_only ? vmx_guest_msr_index[i - ARRAY_SIZE(pass_through)]
				: pass_through[i];
		base = msr >= 0xc0000000 ? 1024 : 0;
		msr &= 0x1fff;
		vmx_msr_bitmap[base + msr / 8] &= (uint8_t)~(1u << (msr % 8));
		if (!read_only)
			vmx_msr_bitmap[2048 + base + msr / 8] &=
				(uint8_t)~(1u << (msr % 8));
	}
}

/*
 * The VMX-preemption timer is a second way out of a guest that never
 * exits by itself: Bochs 2.7 loads the guest's RFLAGS.IF at VM entry
 * before it marks the CPU as in a guest, so with IF clear in the guest it
 * keeps external interrupts masked despite external-interrupt exiting.  A
 * quarter of a scheduler tick bounds how late the run loop sees the tick.
 */
static void init_preempt_timer(void)
{
	uint64_t tsc = tsc_per_ms * 1000 / SCHED_TICK_HZ / 4;

	tsc >>= rdmsr(MSR_VMX_MISC) & 0x1f;	/* the timer's rate */
	vmx_caps.preempt_timer = (uint32_t)MIN(MAX(tsc, 1), UINT32_MAX);
}

static int vmx_cpu_up(void)
{
	uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
	uint8_t *region = vmxon_region[this_cpu()->cpu_id];

	/* Firmware normally locks it; if it did not, we enable and lock. */
	if (!(fc & FEATURE_CONTROL_LOCK))
		wrmsr(MSR_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCK |
						   FEATURE_CONTROL_VMX_NO_SMX);
	else if (!(fc & FEATURE_CONTROL_VMX_NO_SMX))
		return -ENODEV;
	write_cr0((read_cr0() | vmx_caps.cr0_fixed0) & vmx_caps.cr0_fixed1);
	write_cr4((read_cr4() | vmx_caps.cr4_fixed0 | CR4_VMXE) &
		  vmx_caps.cr4_fixed1);
	if (!this_cpu()->cpu_id) {	/* shared by every CPU: set once */
		init_bitmaps();
		init_preempt_timer();
	}
	*(uint32_t *)region = vmx_caps.revision;
	return vmxon(virt_to_maddr(region)) ? 0 : -EIO;
}

void vmx_vmwrite_failed(uint32_t field, uint64_t value)
{
	panic("vmx: VMWRITE of %#lx to field %#x failed (error %lu)", value,
	      field, vmread(VM_INSN_ERROR));
}

void vmx_vcpu_load(struct vcpu *v)
{
	struct vmx_vcpu *x = v->hvm;
	unsigned int cpu = this_cpu()->cpu_id;

	if (current_vmcs[cpu] == x->vmcs_pa)
		return;
	if (!vmptrld(x->vmcs_pa))
		panic("vmx: VMPTRLD %#lx failed", x->vmcs_pa);
	current_vmcs[cpu] = x->vmcs_pa;
	if (x->host_cpu != cpu) {
		vmx_write_host_state();
		x->host_cpu = cpu;
	}
}

void vmx_vcpu_put(struct vcpu *v)
{
	struct vmx_vcpu *x = v->hvm;
	struct percpu *me = this_cpu();

	/* VMCLEAR writes back whatever the CPU cached of the VMCS. */
	if (!vmclear(x->vmcs_pa))
		panic("vmx: VMCLEAR of %#lx failed", x->vmcs_pa);
	x->launched = false;
	if (current_vmcs[me->cpu_id] == x->vmcs_pa)
		current_vmcs[me->cpu_id] = 0;
	/*
	 * Back here later, it finds its MSRs gone and the EPT stale.  The
	 * guest's SWAPGS changes KERNEL_GS_BASE with no exit: keep what it
	 * holds now, not the value last written.
	 */
	if (me->last_entered == v) {
		x->msrs[VMX_MSR_KERNEL_GS_BASE] =
			rdmsr(vmx_guest_msr_index[VMX_MSR_KERNEL_GS_BASE]);
		me->last_entered = NULL;
	}
}

void vmx_forget_everywhere(struct vcpu *v)
{
	unsigned int cpu;

	for (cpu = 0; cpu < smp_cpus_online(); cpu++)
		if (per_cpu(cpu)->last_entered == v)
			per_cpu(cpu)->last_entered = NULL;
}

void vmx_invept(uint64_t eptp)
{
	struct {
		uint64_t eptp, reserved;
	} desc = { eptp, 0 };
	uint64_t type = vmx_caps.invept_single ? INVEPT_SINGLE : INVEPT_ALL;
	bool fail;

	__asm__ volatile("invept %1, %2; setbe %0"
			 : "=qm"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	if (fail)
		panic("vmx: INVEPT of %#lx failed", eptp);
}

void vmx_invvpid(uint16_t vpid)
{
	struct {
		uint64_t vpid, linear;
	} desc = { vpid, 0 };
	uint64_t type = INVVPID_SINGLE;
	bool fail;

	if (!vpid)
		return;
	__asm__ volatile("invvpid %1, %2; setbe %0"
			 : "=qm"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	if (fail)
		panic("vmx: INVVPID of %u failed", vpid);
}

static const char *insn_error_name(uint64_t err)
{
	static const char *const names[] = {
		[2] = "VMCLEAR with invalid address",
		[4] = "VMLAUNCH with non-clear VMCS",
		[5] = "VMRESUME with non-launched VMCS",
		[7] = "invalid control field(s)",
		[8] = "invalid host-state field(s)",
		[26] = "blocked by MOV SS",
	};

	return err < ARRAY_SIZE(names) && names[err] ? names[err] : "?";
}

/*
 * A VM entry that the CPU refused before loading any guest state.  It can
 * only come from a VMCS this back end wrote, but the guest's register
 * values (rip, rflags) are in it too, so the domain goes, not the host.
 */
static void entry_failed(struct vcpu *v, int rc)
{
	uint64_t err;

	if (rc == VMX_FAIL_INVALID) {
		domain_crash(v->domain, "VM entry failed: no current VMCS");
		return;
	}
	err = vmread(VM_INSN_ERROR);
	domain_crash(v->domain, "VM entry failed: VM-instruction error %lu (%s)",
		     err, insn_error_name(err));
}

/* Loads what the VMCS does not switch when a different vCPU comes in. */
static void switch_to(struct vcpu *v, struct vmx_vcpu *x)
{
	unsigned int i;

	for (i = 0; i < VMX_NR_GUEST_MSRS; i++)
		wrmsr(vmx_guest_msr_index[i], x->msrs[i]);
	vmx_invept(x->eptp);
	vmx_invvpid(x->vpid);
	x->flush_vpid = false;
	this_cpu()->last_entered = v;
}

static void vmx_vcpu_run(struct vcpu *v)
{
	struct vmx_vcpu *x = v->hvm;
	bool injected;
	int rc;

	vmx_vcpu_load(v);
	if (this_cpu()->last_entered != v)
		switch_to(v, x);
	else if (x->p2m_changes != v->domain->p2m.changes)
		vmx_invept(x->eptp);	/* an entry went: drop its translations */
	x->p2m_changes = v->domain->p2m.changes;
	if (x->flush_vpid) {
		vmx_invvpid(x->vpid);
		x->flush_vpid = false;
	}
	vmwrite(GUEST_RIP, v->regs.rip);
	vmwrite(GUEST_RSP, v->regs.rsp);
	vmwrite(GUEST_RFLAGS, v->regs.rflags);
	if (vmx_caps.pin & PIN_PREEMPT_TIMER)
		vmwrite(GUEST_PREEMPT_TIMER, vmx_caps.preempt_timer);
	vmwrite(GUEST_DR7, hvm_dr7_armed(v));
	vmwrite(GUEST_DEBUGCTL, v->cpustate.debugctl);
	if (v->regs.rflags & X86_EFLAGS_TF)
		vmx_shadow_step_check(v);
	injected = vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID;
	hvm_guest_enter(v);
	for (;;) {
		__asm__ volatile("mov %0, %%cr2" : : "r"(x->cr2) : "memory");
		rc = vmx_enter(&v->regs, x->launched);
		__asm__ volatile("mov %%cr2, %0" : "=r"(x->cr2));
		if (rc != VMX_ENTERED)
			break;
		x->launched = true;
		v->regs.rip = vmread(GUEST_RIP);
		v->regs.rsp = vmread(GUEST_RSP);
		v->regs.rflags = vmread(GUEST_RFLAGS);
		v->cpustate.dr6 = read_dr6();	/* a #DB in the guest may have set it */
		/* The exit fast path (asm/hvm.h): the exit done, enter again. */
		if (injected || !vmx_fast_exit(v))
			break;
		vmwrite(GUEST_RIP, v->regs.rip);
		vmwrite(GUEST_DEBUGCTL, v->cpustate.debugctl);	/* a WRMSR */
	}
	hvm_guest_exit();
	if (rc != VMX_ENTERED) {
		entry_failed(v, rc);
		return;
	}
	vmx_handle_exit(v);
}

static void vmx_get_cpu_state(struct vcpu *v, struct hvm_cpu_state *st)
{
	uint64_t cs_ar;

	vmx_vcpu_load(v);
	st->cr0 = vmx_guest_cr0();
	st->cr3 = vmread(GUEST_CR3);
	st->cr4 = vmx_guest_cr4();
	st->efer = vmread(GUEST_EFER);
	st->cpl = AR_DPL(vmread(GUEST_SS_AR));
	cs_ar = vmread(GUEST_CS_AR);
	st->long_mode = (st->efer & EFER_LMA) && (cs_ar & AR_L);
	st->cs_db = cs_ar & AR_DB;
}

static void vmx_get_seg_bases(struct vcpu *v, uint64_t base[6])
{
	unsigned int i;

	vmx_vcpu_load(v);
	for (i = 0; i < 6; i++)
		base[i] = vmread(GUEST_ES_BASE + 2 * i);
}

static void vmx_inject_page_fault(struct vcpu *v, uint64_t addr, uint32_t err)
{
	((struct vmx_vcpu *)v->hvm)->cr2 = addr;
	vmx_inject_exception(v, X86_EXC_PF, (int)err);
}

static void vmx_dump(struct vcpu *v)
{
	const struct guest_regs *r = &v->regs;

	vmx_vcpu_load(v);
	printk("d%uv%u rip %016lx rsp %016lx rflags %08lx cpl %lu\n",
	       v->domain->domain_id, v->vcpu_id, r->rip, r->rsp, r->rflags,
	       AR_DPL(vmread(GUEST_SS_AR)));
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax,
	       r->rbx, r->rcx, r->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", r->rsi,
	       r->rdi, r->rbp, r->r8);
	printk("  cr0 %08lx (real %08lx) cr3 %016lx cr4 %08lx (real %08lx)\n",
	       vmx_guest_cr0(), vmread(GUEST_CR0), vmread(GUEST_CR3),
	       vmx_guest_cr4(), vmread(GUEST_CR4));
	printk("  efer %08lx cs %04lx/%05lx entry controls %08lx\n",
	       vmread(GUEST_EFER), vmread(GUEST_CS_SEL), vmread(GUEST_CS_AR),
	       vmread(ENTRY_CONTROLS));
	printk("  exit %#lx qualification %#lx gpa %#lx intr %#lx idt-vec %#lx\n",
	       vmread(EXIT_REASON), vmread(EXIT_QUALIFICATION),
	       vmread(GUEST_PHYS_ADDR), vmread(EXIT_INTR_INFO),
	       vmread(IDT_VECTORING_INFO));
}

static const struct hvm_ops vmx_ops = {
	.name = "vmx",
	.p2m_format = &ept_format,
	.cpu_up = vmx_cpu_up,
	.vcpu_create = vmx_vcpu_create,
	.vcpu_destroy = vmx_vcpu_destroy,
	.vcpu_run = vmx_vcpu_run,
	.vcpu_put = vmx_vcpu_put,
	.get_cpu_state = vmx_get_cpu_state,
	.get_seg_bases = vmx_get_seg_bases,
	.load_state = vmx_load_state,
	.end_shadow = vmx_end_shadow,
	.inject_exception = vmx_inject_exception,
	.inject_page_fault = vmx_inject_page_fault,
	.request_interrupt = vmx_request_interrupt,
	.request_nmi = vmx_request_nmi,
	.dump = vmx_dump,
	.exit_name = vmx_exit_name,
	.hypercall_insn = { 0x0f, 0x01, 0xc1 },	/* vmcall */
};

const struct hvm_ops *vmx_probe(void)
{
	uint32_t a, b, c, d;
	uint64_t basic, fc;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID1_ECX_VMX))
		return NULL;
	fc = rdmsr(MSR_FEATURE_CONTROL);
	if ((fc & FEATURE_CONTROL_LOCK) && !(fc & FEATURE_CONTROL_VMX_NO_SMX)) {
		printk("vmx: VT-x is disabled by the firmware\n");
		return NULL;
	}
	basic = rdmsr(MSR_VMX_BASIC);
	if (BASIC_VMCS_SIZE(basic) > PAGE_SIZE ||
	    BASIC_MEMTYPE(basic) != MEMTYPE_WB) {
		printk("vmx: unusable VMCS layout (basic %#lx)\n", basic);
		return NULL;
	}
	vmx_caps.revision = (uint32_t)basic & 0x7fffffff;
	if (!derive_controls(basic) || !check_ept())
		return NULL;
	printk("vmx: %s\n", vmx_caps.proc2 & PROC2_VPID
		       ? "VPIDs tag the guests' TLB entries"
		       : "no VPIDs: every VM entry and exit flushes the TLB");
	vmx_caps.cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
	vmx_caps.cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
	vmx_caps.cr4_fixed0 = rdmsr(MSR_VMX_CR4_FIXED0);
	vmx_caps.cr4_fixed1 = rdmsr(MSR_VMX_CR4_FIXED1);
	vmx_caps.cr0_mask = (vmx_caps.cr0_fixed0 & ~(uint64_t)CR0_PE) |
			    (uint32_t)~vmx_caps.cr0_fixed1 | CR0_PG |
			    CR0_CACHE_BITS;
	vmx_caps.cr4_mask = vmx_caps.cr4_fixed0 | ~vmx_caps.cr4_fixed1 |
			    CR4_PAE;
	return &vmx_ops;
}
