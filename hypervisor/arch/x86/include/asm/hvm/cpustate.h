/* SPDX-License-Identifier: MIT */
/*
 * CPU state a PVH guest sees as on Xen, kept per vCPU in software: the
 * debug registers DR0-DR7, MSR_DEBUGCTL and the MTRRs.  (PAT is the
 * hardware's: the VMCS / VMCB switch it; VMX checks the guest's writes,
 * the svm back end checks them with hvm_pat_valid(), since a bad G_PAT
 * would make VMRUN fail.)
 *
 * Debug registers: every MOV to or from DRn exits (svm DR intercepts,
 * vmx MOV-DR exiting) and lands in hvm_dr_access(); the values live here,
 * so they follow the vCPU across CPUs and switches.  DR6 and DR7 keep
 * their architectural fixed bits (DR6 reads 0xffff0ff0 plus B0-B3, BD, BS,
 * BT; DR7 reads bit 10 set, bits 11, 12, 14, 15 clear), a value above 32
 * bits in either is #GP, DR4/DR5 alias DR6/DR7 unless CR4.DE (then #UD),
 * and any access from CPL > 0 is #GP.  The breakpoints are armed: DR0-DR3
 * and DR6 are in the CPU while the vCPU runs (loaded at switch-in and when
 * written; the hypervisor sets none), DR7 is entered by the back end
 * (hvm_dr7_armed(): the VMCB's or the VMCS's DR7), so a breakpoint that
 * hits raises #DB in the guest, which the CPU delivers through the
 * guest's IDT (not intercepted), DR6 saying which.  The back end copies
 * the guest's DR6 back into dr6 after each exit.  DR7.GD alone is
 * recorded, not armed (MOV DR is emulated).
 *
 * MSRs (as Xen 4.17 gives an HVM/PVH guest): DEBUGCTL reads 0 until
 * written and accepts LBR and BTF only (other bits #GP), armed on vmx
 * (the VMCS's guest DEBUGCTL), recorded only on svm (which would need LBR
 * virtualisation); MTRRcap reads 0x508 (8 variable ranges, fixed ranges, WC);
 * MTRRdefType, the 11 fixed-range and 8 variable-range pairs read back
 * what was written, with #GP for an invalid memory type or a reserved bit
 * (above the CPU's physical address width included).  TSC_AUX exists
 * when CPUID offers RDTSCP or RDPID (else #GP): it reads back the 32 bits
 * written (#GP for more) and is this vCPU's, loaded into the CPU's MSR
 * when the vCPU is switched in, so that RDTSCP and RDPID return it.  On an
 * AMD CPU, SYSCFG reads MtrrFixDramEn (bit 18) alone, TOP_MEM1, TOP_MEM2,
 * VM_CR and EX_CFG read 0, and writes to the five are dropped; on Intel
 * they are #GP (Xen's svm and generic MSR code).  Every other MSR the back
 * end does not own still raises #GP.
 *
 * Context: exit handling of v, on its CPU, hv_lock held.
 */
#ifndef ASM_HVM_CPUSTATE_H
#define ASM_HVM_CPUSTATE_H

#include <hv/types.h>

struct vcpu;

#define MTRR_VAR_RANGES		8
#define MTRR_FIXED_MSRS		11

struct hvm_cpustate {
	uint64_t dr[4];			/* DR0-DR3 */
	uint64_t dr6, dr7;
	uint64_t debugctl;
	uint64_t mtrr_def_type;
	uint64_t mtrr_fixed[MTRR_FIXED_MSRS];
	uint64_t mtrr_var[2 * MTRR_VAR_RANGES];	/* base, mask, base, ... */
	uint32_t tsc_aux;
};

/* The power-on state: DR6 0xffff0ff0, DR7 0x400, MTRRs as Xen sets them. */
void hvm_cpustate_init(struct hvm_cpustate *cs);

/*
 * v is switched in on this CPU: loads what of the state above the CPU
 * holds while v runs (TSC_AUX, DR0-DR3, DR6).
 */
void hvm_cpustate_load(struct vcpu *v);

/* The DR7 the back end enters v with: the guest's, GD left out. */
uint64_t hvm_dr7_armed(const struct vcpu *v);

/*
 * RDMSR / WRMSR of the MSRs above.  Returns 0 when done, -1 for #GP, or
 * 1 when msr is not one of them (the caller carries on).
 */
int hvm_cpustate_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int hvm_cpustate_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

/* A PAT value with a valid memory type (UC WC WT WP WB UC-) in each byte. */
bool hvm_pat_valid(uint64_t pat);

/* DR6 status bits of the causes of #DB the hypervisor raises itself. */
#define DR6_BD			(1u << 13)	/* general detect (a fault) */
#define DR6_BS			(1u << 14)	/* single step (a trap) */

/*
 * Raises #DB in v for cause (DR6_BD or DR6_BS): v's DR6 records it as
 * the CPU would, Xen's way (x86_merge_dr6: the breakpoint bits B0-B3 are
 * replaced, here cleared, the others accumulate until the guest clears
 * them), and #DB is queued for the next entry.
 */
void hvm_debug_exception(struct vcpu *v, uint64_t cause);

/*
 * MOV to (write) or from DRn with general-purpose register gpr (0-15).
 * Completes it (hvm_retire() with insn_len), or injects #GP / #UD, or
 * #DB with DR6.BD when DR7.GD is set.
 */
void hvm_dr_access(struct vcpu *v, unsigned int dr, unsigned int gpr,
		   bool write, unsigned int insn_len);

#endif
