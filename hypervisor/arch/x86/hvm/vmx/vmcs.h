/* SPDX-License-Identifier: MIT */
/*
 * VMCS field encodings, control bits and exit reasons (Intel SDM vol. 3,
 * appendices A-C), and the VMREAD/VMWRITE accessors.  Only the fields the
 * vmx back end uses are named.  Every accessor works on the VMCS that is
 * current on this CPU: vmx_vcpu_load() makes a vCPU's VMCS current.
 */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H

#include <hv/types.h>

/* 16-bit fields. */
#define VIRTUAL_PROCESSOR_ID	0x0000
#define GUEST_ES_SEL		0x0800	/* the other segments follow, +2 each */
#define GUEST_CS_SEL		0x0802
#define GUEST_SS_SEL		0x0804
#define GUEST_DS_SEL		0x0806
#define GUEST_FS_SEL		0x0808
#define GUEST_GS_SEL		0x080a
#define GUEST_LDTR_SEL		0x080c
#define GUEST_TR_SEL		0x080e
#define HOST_ES_SEL		0x0c00
#define HOST_CS_SEL		0x0c02
#define HOST_SS_SEL		0x0c04
#define HOST_DS_SEL		0x0c06
#define HOST_FS_SEL		0x0c08
#define HOST_GS_SEL		0x0c0a
#define HOST_TR_SEL		0x0c0c

/* 64-bit fields. */
#define IO_BITMAP_A		0x2000
#define IO_BITMAP_B		0x2002
#define MSR_BITMAP		0x2004
#define EXIT_MSR_STORE_ADDR	0x2006
#define EXIT_MSR_LOAD_ADDR	0x2008
#define ENTRY_MSR_LOAD_ADDR	0x200a
#define TSC_OFFSET		0x2010
#define EPT_POINTER		0x201a
#define GUEST_PHYS_ADDR		0x2400
#define VMCS_LINK_POINTER	0x2800
#define GUEST_DEBUGCTL		0x2802
#define GUEST_PAT		0x2804
#define GUEST_EFER		0x2806
#define GUEST_PDPTE0		0x280a
#define HOST_PAT		0x2c00
#define HOST_EFER		0x2c02

/* 32-bit fields. */
#define PIN_CONTROLS		0x4000
#define PROC_CONTROLS		0x4002
#define EXCEPTION_BITMAP	0x4004
#define PF_ERROR_MASK		0x4006
#define PF_ERROR_MATCH		0x4008
#define CR3_TARGET_COUNT	0x400a
#define EXIT_CONTROLS		0x400c
#define EXIT_MSR_STORE_COUNT	0x400e
#define EXIT_MSR_LOAD_COUNT	0x4010
#define ENTRY_CONTROLS		0x4012
#define ENTRY_MSR_LOAD_COUNT	0x4014
#define ENTRY_INTR_INFO		0x4016
#define ENTRY_EXC_ERROR		0x4018
#define ENTRY_INSN_LEN		0x401a
#define PROC_CONTROLS2		0x401e
#define VM_INSN_ERROR		0x4400
#define EXIT_REASON		0x4402
#define EXIT_INTR_INFO		0x4404
#define EXIT_INTR_ERROR		0x4406
#define IDT_VECTORING_INFO	0x4408
#define IDT_VECTORING_ERROR	0x440a
#define EXIT_INSN_LEN		0x440c
#define EXIT_INSN_INFO		0x440e
#define GUEST_ES_LIMIT		0x4800	/* +2 per segment, as the selectors */
#define GUEST_CS_LIMIT		0x4802
#define GUEST_LDTR_LIMIT	0x480c
#define GUEST_TR_LIMIT		0x480e
#define GUEST_GDTR_LIMIT	0x4810
#define GUEST_IDTR_LIMIT	0x4812
#define GUEST_ES_AR		0x4814	/* +2 per segment, as the selectors */
#define GUEST_CS_AR		0x4816
#define GUEST_SS_AR		0x4818
#define GUEST_LDTR_AR		0x4820
#define GUEST_TR_AR		0x4822
#define GUEST_INTERRUPTIBILITY	0x4824
#define GUEST_ACTIVITY		0x4826
#define GUEST_SYSENTER_CS	0x482a
#define GUEST_PREEMPT_TIMER	0x482e
#define HOST_SYSENTER_CS	0x4c00

/* Natural-width fields. */
#define CR0_GUEST_HOST_MASK	0x6000
#define CR4_GUEST_HOST_MASK	0x6002
#define CR0_READ_SHADOW		0x6004
#define CR4_READ_SHADOW		0x6006
#define EXIT_QUALIFICATION	0x6400
#define GUEST_LINEAR_ADDR	0x640a
#define GUEST_CR0		0x6800
#define GUEST_CR3		0x6802
#define GUEST_CR4		0x6804
#define GUEST_ES_BASE		0x6806	/* +2 per segment, as the selectors */
#define GUEST_CS_BASE		0x6808
#define GUEST_LDTR_BASE		0x6812
#define GUEST_TR_BASE		0x6814
#define GUEST_GDTR_BASE		0x6816
#define GUEST_IDTR_BASE		0x6818
#define GUEST_DR7		0x681a
#define GUEST_RSP		0x681c
#define GUEST_RIP		0x681e
#define GUEST_RFLAGS		0x6820
#define GUEST_PENDING_DBG	0x6822
#define GUEST_SYSENTER_ESP	0x6824
#define GUEST_SYSENTER_EIP	0x6826
#define HOST_CR0		0x6c00
#define HOST_CR3		0x6c02
#define HOST_CR4		0x6c04
#define HOST_FS_BASE		0x6c06
#define HOST_GS_BASE		0x6c08
#define HOST_TR_BASE		0x6c0a
#define HOST_GDTR_BASE		0x6c0c
#define HOST_IDTR_BASE		0x6c0e
#define HOST_SYSENTER_ESP	0x6c10
#define HOST_SYSENTER_EIP	0x6c12
#define HOST_RSP		0x6c14
#define HOST_RIP		0x6c16

/* Pin-based controls. */
#define PIN_EXT_INTR_EXIT	(1u << 0)
#define PIN_NMI_EXIT		(1u << 3)
#define PIN_VIRTUAL_NMI		(1u << 5)
#define PIN_PREEMPT_TIMER	(1u << 6)

/* Primary processor-based controls. */
#define PROC_INTR_WINDOW	(1u << 2)
#define PROC_HLT_EXIT		(1u << 7)
#define PROC_CR3_LOAD_EXIT	(1u << 15)
#define PROC_CR3_STORE_EXIT	(1u << 16)
#define PROC_CR8_LOAD_EXIT	(1u << 19)
#define PROC_CR8_STORE_EXIT	(1u << 20)
#define PROC_NMI_WINDOW		(1u << 22)
#define PROC_MOV_DR_EXIT	(1u << 23)
#define PROC_UNCOND_IO_EXIT	(1u << 24)
#define PROC_IO_BITMAPS		(1u << 25)
#define PROC_MSR_BITMAPS	(1u << 28)
#define PROC_SECONDARY		(1u << 31)

/* Secondary processor-based controls. */
#define PROC2_EPT		(1u << 1)
#define PROC2_RDTSCP		(1u << 3)
#define PROC2_VPID		(1u << 5)
#define PROC2_UNRESTRICTED	(1u << 7)
#define PROC2_INVPCID		(1u << 12)

/* VM-exit controls. */
#define EXIT_SAVE_DEBUG		(1u << 2)
#define EXIT_HOST_64BIT		(1u << 9)
#define EXIT_ACK_INTR		(1u << 15)
#define EXIT_SAVE_PAT		(1u << 18)
#define EXIT_LOAD_PAT		(1u << 19)
#define EXIT_SAVE_EFER		(1u << 20)
#define EXIT_LOAD_EFER		(1u << 21)

/* VM-entry controls. */
#define ENTRY_LOAD_DEBUG	(1u << 2)
#define ENTRY_IA32E_GUEST	(1u << 9)
#define ENTRY_LOAD_PAT		(1u << 14)
#define ENTRY_LOAD_EFER		(1u << 15)

/* Interruption information (entry injection, exit and IDT-vectoring). */
#define INTR_INFO_VALID		(1u << 31)
#define INTR_INFO_ERROR_VALID	(1u << 11)
#define INTR_TYPE_EXT_INTR	(0u << 8)
#define INTR_TYPE_NMI		(2u << 8)
#define INTR_TYPE_HW_EXC	(3u << 8)
#define INTR_TYPE_MASK		(7u << 8)
#define INTR_TYPE_SW_INT	(4u << 8)	/* INT n; 5, 6 also carry a length */
#define INTR_INFO_ENTRY_MASK	0x80000fffu	/* what entry accepts */

/* Guest interruptibility: blocking by STI and by MOV SS, (virtual) NMIs. */
#define INTERRUPTIBILITY_STI_MOVSS	3u
#define INTERRUPTIBILITY_MOVSS		(1u << 1)
#define INTERRUPTIBILITY_NMI		(1u << 3)

/* Segment access rights as the VMCS holds them. */
#define AR_UNUSABLE		(1u << 16)
#define AR_L			(1u << 13)
#define AR_DB			(1u << 14)
#define AR_DPL(ar)		(((ar) >> 5) & 3)

/* Basic exit reasons; bit 31 of EXIT_REASON marks a failed VM entry. */
#define EXIT_FAILED_ENTRY	(1u << 31)
#define EXIT_REASON_BASIC(r)	((r) & 0xffff)
enum vmx_exit {
	VMX_EXIT_EXCEPTION_NMI = 0,
	VMX_EXIT_EXT_INTR = 1,
	VMX_EXIT_TRIPLE_FAULT = 2,
	VMX_EXIT_INIT = 3,
	VMX_EXIT_SIPI = 4,
	VMX_EXIT_SMI_IO = 5,
	VMX_EXIT_SMI_OTHER = 6,
	VMX_EXIT_INTR_WINDOW = 7,
	VMX_EXIT_NMI_WINDOW = 8,
	VMX_EXIT_TASK_SWITCH = 9,
	VMX_EXIT_CPUID = 10,
	VMX_EXIT_GETSEC = 11,
	VMX_EXIT_HLT = 12,
	VMX_EXIT_INVD = 13,
	VMX_EXIT_INVLPG = 14,
	VMX_EXIT_RDPMC = 15,
	VMX_EXIT_RDTSC = 16,
	VMX_EXIT_RSM = 17,
	VMX_EXIT_VMCALL = 18,
	VMX_EXIT_VMCLEAR = 19,
	VMX_EXIT_VMLAUNCH = 20,
	VMX_EXIT_VMPTRLD = 21,
	VMX_EXIT_VMPTRST = 22,
	VMX_EXIT_VMREAD = 23,
	VMX_EXIT_VMRESUME = 24,
	VMX_EXIT_VMWRITE = 25,
	VMX_EXIT_VMXOFF = 26,
	VMX_EXIT_VMXON = 27,
	VMX_EXIT_CR_ACCESS = 28,
	VMX_EXIT_DR_ACCESS = 29,
	VMX_EXIT_IO = 30,
	VMX_EXIT_RDMSR = 31,
	VMX_EXIT_WRMSR = 32,
	VMX_EXIT_BAD_GUEST_STATE = 33,
	VMX_EXIT_BAD_MSR_LOAD = 34,
	VMX_EXIT_MWAIT = 36,
	VMX_EXIT_MTF = 37,
	VMX_EXIT_MONITOR = 39,
	VMX_EXIT_PAUSE = 40,
	VMX_EXIT_MACHINE_CHECK = 41,
	VMX_EXIT_TPR_BELOW = 43,
	VMX_EXIT_APIC_ACCESS = 44,
	VMX_EXIT_EOI = 45,
	VMX_EXIT_GDTR_IDTR = 46,
	VMX_EXIT_LDTR_TR = 47,
	VMX_EXIT_EPT_VIOLATION = 48,
	VMX_EXIT_EPT_MISCONFIG = 49,
	VMX_EXIT_INVEPT = 50,
	VMX_EXIT_RDTSCP = 51,
	VMX_EXIT_PREEMPT_TIMER = 52,
	VMX_EXIT_INVVPID = 53,
	VMX_EXIT_WBINVD = 54,
	VMX_EXIT_XSETBV = 55,
	VMX_EXIT_APIC_WRITE = 56,
	VMX_EXIT_RDRAND = 57,
	VMX_EXIT_INVPCID = 58,
	VMX_EXIT_VMFUNC = 59,
	VMX_EXIT_RDSEED = 61,
	VMX_EXIT_XSAVES = 63,
	VMX_EXIT_XRSTORS = 64,
};

/*
 * Reads a field of the current VMCS.  A failed read (no current VMCS or an
 * unsupported field) is a hypervisor bug, not a guest's doing, and yields 0.
 */
static inline uint64_t vmread(uint32_t field)
{
	uint64_t v = 0;

	__asm__ volatile("vmread %1, %0" : "+rm"(v) : "r"((uint64_t)field)
			 : "cc");
	return v;
}

/* Writes a field of the current VMCS; returns false when the CPU refused. */
static inline bool vmwrite_ok(uint32_t field, uint64_t value)
{
	bool fail;

	__asm__ volatile("vmwrite %2, %1; setbe %0"
			 : "=qm"(fail) : "r"((uint64_t)field), "rm"(value)
			 : "cc");
	return !fail;
}

/*
 * Writes a field whose encoding and value the back end chose itself, so a
 * refusal is a bug in this file's tables: vmx_vmwrite_failed() panics.
 */
void vmx_vmwrite_failed(uint32_t field, uint64_t value);
static inline void vmwrite(uint32_t field, uint64_t value)
{
	if (!vmwrite_ok(field, value))
		vmx_vmwrite_failed(field, value);
}

#endif
