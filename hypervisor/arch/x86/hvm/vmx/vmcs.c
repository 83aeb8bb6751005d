/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's VMCS: allocated, cleared and filled with the controls vmx_probe()
 * derived, the host state this CPU returns to on every exit, and the PVH
 * start state of the guest (32-bit protected mode, paging off, flat 4 GiB
 * segments, CR0 = PE|ET, EFER = 0).
 *
 * CR0 and CR4 are split between what the guest sees and what the CPU
 * runs with.  The bits VMX forces (CR0.NE; CR4.VMXE) and the bits the CPU
 * cannot hold are in the guest/host masks: the real registers keep what
 * VMX needs, the read shadows show what the guest wrote, and a write that
 * changes a masked bit exits to exit.c.  CR0.PG is masked too, so that
 * exit.c sees paging go on and off and can switch long mode with it,
 * CR0.CD/NW because the guest must not change the real ones (vmx.h), and
 * CR4.PAE so that PAE paging outside long mode is noticed.
 */
#include <string.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm/context.h>
#include <asm/hvm/tlbtag.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include "vmcs.h"
#include "vmx.h"

/* Access rights: type, S, DPL 0, P, D/B, G (SDM 24.4.1). */
#define AR_CODE32		0xc09b	/* execute/read, accessed */
#define AR_DATA32		0xc093	/* read/write, accessed */
#define AR_TSS32_BUSY		0x008b
#define POWER_ON_PAT		0x0007040600070406ULL

enum seg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

static void set_seg(enum seg s, uint16_t sel, uint32_t limit, uint32_t ar)
{
	vmwrite(GUEST_ES_SEL + 2 * s, sel);
	vmwrite(GUEST_ES_BASE + 2 * s, 0);
	vmwrite(GUEST_ES_LIMIT + 2 * s, limit);
	vmwrite(GUEST_ES_AR + 2 * s, ar);
}

static void init_guest_state(void)
{
	uint64_t cr0_forced = vmx_caps.cr0_fixed0 & ~(uint64_t)(CR0_PE | CR0_PG);
	enum seg s;

	set_seg(SEG_CS, 0x10, 0xffffffff, AR_CODE32);
	for (s = SEG_ES; s <= SEG_GS; s++)
		if (s != SEG_CS)
			set_seg(s, 0x18, 0xffffffff, AR_DATA32);
	set_seg(SEG_LDTR, 0, 0, AR_UNUSABLE);
	set_seg(SEG_TR, 0x20, 0x67, AR_TSS32_BUSY);
	vmwrite(GUEST_GDTR_BASE, 0);
	vmwrite(GUEST_GDTR_LIMIT, 0xffff);
	vmwrite(GUEST_IDTR_BASE, 0);
	vmwrite(GUEST_IDTR_LIMIT, 0xffff);

	vmwrite(GUEST_CR0, CR0_PE | CR0_ET | cr0_forced);
	vmwrite(CR0_READ_SHADOW, CR0_PE | CR0_ET);
	vmwrite(GUEST_CR3, 0);
	vmwrite(GUEST_CR4, vmx_caps.cr4_fixed0);
	vmwrite(CR4_READ_SHADOW, 0);
	vmwrite(GUEST_EFER, 0);
	vmwrite(GUEST_PAT, POWER_ON_PAT);
	vmwrite(GUEST_DR7, 0x400);
	vmwrite(GUEST_DEBUGCTL, 0);
	vmwrite(GUEST_SYSENTER_CS, 0);
	vmwrite(GUEST_SYSENTER_ESP, 0);
	vmwrite(GUEST_SYSENTER_EIP, 0);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	vmwrite(GUEST_ACTIVITY, 0);
	vmwrite(GUEST_PENDING_DBG, 0);
	vmwrite(VMCS_LINK_POINTER, ~0ULL);
}

static void init_controls(struct vmx_vcpu *x, bool dom0)
{
	vmwrite(PIN_CONTROLS, vmx_caps.pin);
	x->procs = vmx_caps.proc;
	vmwrite(PROC_CONTROLS, x->procs);
	/* No tag left: VPID 0, which only VPIDs off allows. */
	vmwrite(PROC_CONTROLS2, x->vpid ? vmx_caps.proc2
				       : vmx_caps.proc2 & ~PROC2_VPID);
	vmwrite(EXIT_CONTROLS, vmx_caps.exit);
	vmwrite(ENTRY_CONTROLS, vmx_caps.entry);
	vmwrite(EXCEPTION_BITMAP, 0);
	vmwrite(PF_ERROR_MASK, 0);
	vmwrite(PF_ERROR_MATCH, 0);
	vmwrite(CR3_TARGET_COUNT, 0);
	vmwrite(EXIT_MSR_STORE_COUNT, 0);
	vmwrite(EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(ENTRY_INTR_INFO, 0);
	vmwrite(IO_BITMAP_A, virt_to_maddr(dom0 ? vmx_io_bitmap_dom0[0]
					       : vmx_io_bitmap_domu[0]));
	vmwrite(IO_BITMAP_B, virt_to_maddr(dom0 ? vmx_io_bitmap_dom0[1]
					       : vmx_io_bitmap_domu[1]));
	vmwrite(MSR_BITMAP, virt_to_maddr(vmx_msr_bitmap));
	vmwrite(TSC_OFFSET, 0);
	vmwrite(EPT_POINTER, x->eptp);
	if (x->vpid)	/* the field exists only where VPIDs do */
		vmwrite(VIRTUAL_PROCESSOR_ID, x->vpid);
	vmwrite(CR0_GUEST_HOST_MASK, vmx_caps.cr0_mask);
	vmwrite(CR4_GUEST_HOST_MASK, vmx_caps.cr4_mask);
}

static uint64_t tss_base(uint64_t gdt_base, uint16_t tr)
{
	const uint64_t *desc = (const uint64_t *)(gdt_base + (tr & ~7u));

	return ((desc[0] >> 16) & 0xffffff) | ((desc[0] >> 56) << 24) |
	       (desc[1] << 32);
}

/* What this CPU runs with now is what every exit returns to. */
void vmx_write_host_state(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed gdtr, idtr;
	uint16_t cs, ss, ds, es, fs, gs, tr;

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	__asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2"
			 : "=r"(cs), "=r"(ss), "=r"(ds));
	__asm__ volatile("mov %%es, %0; mov %%fs, %1; mov %%gs, %2; str %3"
			 : "=r"(es), "=r"(fs), "=r"(gs), "=r"(tr));
	vmwrite(HOST_CR0, read_cr0());
	vmwrite(HOST_CR3, read_cr3());
	vmwrite(HOST_CR4, read_cr4());
	vmwrite(HOST_CS_SEL, cs);
	vmwrite(HOST_SS_SEL, ss);
	vmwrite(HOST_DS_SEL, ds);
	vmwrite(HOST_ES_SEL, es);
	vmwrite(HOST_FS_SEL, fs);
	vmwrite(HOST_GS_SEL, gs);
	vmwrite(HOST_TR_SEL, tr);
	vmwrite(HOST_FS_BASE, rdmsr(0xc0000100));
	vmwrite(HOST_GS_BASE, rdmsr(0xc0000101));
	vmwrite(HOST_TR_BASE, tss_base(gdtr.base, tr));
	vmwrite(HOST_GDTR_BASE, gdtr.base);
	vmwrite(HOST_IDTR_BASE, idtr.base);
	vmwrite(HOST_SYSENTER_CS, rdmsr(0x174));
	vmwrite(HOST_SYSENTER_ESP, rdmsr(0x175));
	vmwrite(HOST_SYSENTER_EIP, rdmsr(0x176));
	vmwrite(HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(HOST_PAT, rdmsr(0x277));
	/* HOST_RSP and HOST_RIP are written by vmx_enter() on every entry. */
}

int vmx_vcpu_create(struct vcpu *v)
{
	struct vmx_vcpu *x;
	paddr_t pa;
	int rc;

	/* One frame holds the small vmx_vcpu; a second is the VMCS. */
	rc = page_alloc(DOMID_XEN, &pa);
	if (rc)
		return rc;
	x = maddr_to_virt(pa);
	rc = page_alloc(DOMID_XEN, &x->vmcs_pa);
	if (rc) {
		page_free(pa);
		return rc;
	}
	*(uint32_t *)maddr_to_virt(x->vmcs_pa) = vmx_caps.revision;
	if (!vmclear(x->vmcs_pa))
		panic("vmx: VMCLEAR of a new VMCS failed");
	x->eptp = ept_pointer(v->domain->p2m.root);
	x->vpid = vmx_caps.proc2 & PROC2_VPID ? (uint16_t)tlbtag_alloc(0x10000)
						: 0;
	v->hvm = x;
	x->host_cpu = NO_CPU;
	vmx_vcpu_load(v);
	init_controls(x, v->domain->is_privileged);
	init_guest_state();
	/* The p2m root may be a frame an earlier domain's EPT used. */
	vmx_invept(x->eptp);
	/* Active nowhere until a CPU schedules it (see vmx.h). */
	vmx_vcpu_put(v);
	return 0;
}

void vmx_vcpu_destroy(struct vcpu *v)
{
	struct vmx_vcpu *x = v->hvm;

	if (!x)
		return;
	/* Switched out already: the VMCS is in memory, active on no CPU. */
	vmx_forget_everywhere(v);
	tlbtag_free(x->vpid);
	page_free(x->vmcs_pa);
	page_free(virt_to_maddr(x));
	v->hvm = NULL;
}

/* Xen's 12-bit attributes to VMX access rights (0: unusable). */
static uint32_t vmx_ar(uint16_t ar)
{
	return ar ? (ar & 0xffu) | ((ar & 0xf00u) << 4) : AR_UNUSABLE;
}

void vmx_load_state(struct vcpu *v, const struct hvm_vcpu_state *st)
{
	struct vmx_vcpu *x = v->hvm;
	uint64_t cr0_forced = vmx_caps.cr0_fixed0 & ~(uint64_t)(CR0_PE | CR0_PG);
	uint64_t entry;
	enum seg s;

	vmx_vcpu_load(v);
	/* enum seg and enum hvm_seg_reg share the order ES .. GS, LDTR, TR. */
	for (s = SEG_ES; s <= SEG_TR; s++) {
		vmwrite(GUEST_ES_SEL + 2 * s, st->seg[s].sel);
		vmwrite(GUEST_ES_BASE + 2 * s, st->seg[s].base);
		vmwrite(GUEST_ES_LIMIT + 2 * s, st->seg[s].limit);
		vmwrite(GUEST_ES_AR + 2 * s, vmx_ar(st->seg[s].ar));
	}
	vmwrite(GUEST_GDTR_BASE, st->gdtr_base);
	vmwrite(GUEST_GDTR_LIMIT, st->gdtr_limit);
	vmwrite(GUEST_IDTR_BASE, st->idtr_base);
	vmwrite(GUEST_IDTR_LIMIT, st->idtr_limit);
	vmwrite(GUEST_CR0, (st->cr0 | cr0_forced) & ~(uint64_t)CR0_CACHE_BITS);
	vmwrite(CR0_READ_SHADOW, st->cr0);
	vmwrite(GUEST_CR3, st->cr3);
	vmwrite(GUEST_CR4, st->cr4 | vmx_caps.cr4_fixed0);
	vmwrite(CR4_READ_SHADOW, st->cr4);
	vmwrite(GUEST_EFER, st->efer);
	entry = vmread(ENTRY_CONTROLS) & ~(uint64_t)ENTRY_IA32E_GUEST;
	vmwrite(ENTRY_CONTROLS, st->efer & EFER_LMA ? entry | ENTRY_IA32E_GUEST
						    : entry);
	vmwrite(ENTRY_INTR_INFO, 0);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	x->nmi_blocked = false;
	vmwrite(GUEST_ACTIVITY, 0);
	vmwrite(GUEST_PENDING_DBG, 0);
	x->cr2 = 0;
	vmx_invept(x->eptp);
	x->flush_vpid = true;	/* new paging: drop its tag's translations */
}
