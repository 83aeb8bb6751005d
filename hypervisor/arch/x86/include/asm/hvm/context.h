/* SPDX-License-Identifier: MIT */
/*
 * The state a vCPU starts from, whichever way it is started:
 *  - VCPUOP_initialise with Xen's struct vcpu_hvm_context (32-bit or
 *    64-bit mode), checked as Xen's arch_set_info_hvm_guest() checks it,
 *    plus what VM entry would refuse on either back end;
 *  - a startup IPI: real mode at CS = vector << 8, IP 0, the reset state
 *    Xen's hvm_vcpu_reset_state() gives.
 * The back end loads a checked state with hvm_ops->load_state() (asm/hvm.h)
 * on the vCPU's own CPU, right before its next entry.
 */
#ifndef ASM_HVM_CONTEXT_H
#define ASM_HVM_CONTEXT_H

#include <hv/types.h>

struct guest_regs;
struct vcpu_hvm_context;

/*
 * One segment register.  ar: the attributes in Xen's (and the VMCB's)
 * 12-bit form: type 0-3, S 4, DPL 5-6, P 7, AVL 8, L 9, D/B 10, G 11;
 * 0 is an unusable (null) segment.  limit is in bytes.
 */
struct hvm_seg {
	uint16_t sel;
	uint16_t ar;
	uint32_t limit;
	uint64_t base;
};

/* Segment registers in their encoding order, then LDTR and TR. */
enum hvm_seg_reg {
	HVM_SEG_ES, HVM_SEG_CS, HVM_SEG_SS, HVM_SEG_DS, HVM_SEG_FS, HVM_SEG_GS,
	HVM_SEG_LDTR, HVM_SEG_TR, HVM_NR_SEGS,
};

#define HVM_AR_S	(1u << 4)
#define HVM_AR_P	(1u << 7)
#define HVM_AR_L	(1u << 9)
#define HVM_AR_DB	(1u << 10)
#define HVM_AR_G	(1u << 11)
#define HVM_AR_DPL(ar)	(((ar) >> 5) & 3)

/*
 * Everything of a vCPU's control state that a start sets.  Consistent
 * by construction: efer.LMA is set exactly when LME and CR0.PG are.
 */
struct hvm_vcpu_state {
	uint64_t cr0, cr3, cr4, efer;
	struct hvm_seg seg[HVM_NR_SEGS];
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
};

/*
 * Checks ctx and translates it into *regs and *st.  Nothing is written
 * when it fails.  Returns 0, or -EINVAL for a bad context: a non-zero pad,
 * an unknown mode, a segment Xen refuses (null CS/SS/TR, TR not a busy
 * TSS, a system segment for CS/SS/DS/ES, a non-present one, CS not code,
 * SS not writable data, DS/ES execute-only), EIP beyond the CS limit,
 * SS.DPL != CS.DPL, DS/ES.DPL > CS.DPL, EFER.LMA without LME, a
 * non-canonical RIP or a 64-bit start without PG, PAE and LME; and what
 * VM entry would refuse: reserved CR0/CR4/EFER/RFLAGS bits, CR0.PG
 * without PE, NW without CD, LME+PG without PAE, a limit that the G bit
 * cannot express, CPL 3 or virtual-8086 mode, PAE paging outside long
 * mode (neither back end runs it).
 */
int hvm_context_check(const struct vcpu_hvm_context *ctx,
		      struct guest_regs *regs, struct hvm_vcpu_state *st);

/*
 * The state a startup IPI with vector gives a vCPU that waits for it:
 * real mode, CS selector vector << 8 and base vector << 12, IP 0, flat
 * 64 KiB data segments, CR0 = ET, EDX = 0xf00, everything else 0.
 */
void hvm_context_sipi(uint8_t vector, struct guest_regs *regs,
		      struct hvm_vcpu_state *st);

/* CR4 bits a guest may hold: those its CPUID offers (no VMXE, SMXE, LA57). */
uint64_t hvm_cr4_guest_valid(void);

#endif
