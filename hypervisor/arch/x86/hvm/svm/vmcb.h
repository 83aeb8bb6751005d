/* SPDX-License-Identifier: MIT */
/*
 * The VMCB (AMD APM vol. 2, appendix B): a 4 KiB page, the control area at
 * offset 0 and the guest state-save area at 0x400.  Only the fields
 * Xenolith uses are named; the rest is padding at the right offsets,
 * checked by the static assertions below.
 */
#ifndef SVM_VMCB_H
#define SVM_VMCB_H

#include <stddef.h>
#include <hv/types.h>

struct vmcb_seg {
	uint16_t sel;
	uint16_t attrib;	/* descriptor bits 40..47, then 52..55 */
	uint32_t limit;
	uint64_t base;
} __packed;

struct vmcb {
	/* Control area. */
	uint32_t cr_intercepts;		/* 0x000: reads 0..15, writes 16..31 */
	uint32_t dr_intercepts;		/* 0x004 */
	uint32_t exception_intercepts;	/* 0x008 */
	uint32_t intercepts1;		/* 0x00c: INTR, CPUID, HLT, ... */
	uint32_t intercepts2;		/* 0x010: VMRUN, VMMCALL, ... */
	uint8_t pad0[0x040 - 0x014];
	uint64_t iopm_base_pa;		/* 0x040 */
	uint64_t msrpm_base_pa;		/* 0x048 */
	uint64_t tsc_offset;		/* 0x050 */
	uint32_t asid;			/* 0x058 */
	uint8_t tlb_control;		/* 0x05c */
	uint8_t pad1[3];
	uint64_t vintr;			/* 0x060: V_TPR, V_IRQ, V_INTR_MASKING */
	uint64_t interrupt_shadow;	/* 0x068 */
	uint64_t exitcode;		/* 0x070 */
	uint64_t exitinfo1;		/* 0x078 */
	uint64_t exitinfo2;		/* 0x080 */
	uint64_t exitintinfo;		/* 0x088 */
	uint64_t np_enable;		/* 0x090 */
	uint8_t pad2[0x0a8 - 0x098];
	uint64_t eventinj;		/* 0x0a8 */
	uint64_t n_cr3;			/* 0x0b0 */
	uint64_t lbr_virt;		/* 0x0b8 */
	uint32_t clean_bits;		/* 0x0c0 */
	uint32_t pad3;
	uint64_t next_rip;		/* 0x0c8 */
	uint8_t pad4[0x400 - 0x0d0];

	/* State-save area. */
	struct vmcb_seg es, cs, ss, ds, fs, gs;	/* 0x400 */
	struct vmcb_seg gdtr, ldtr, idtr, tr;	/* 0x460 */
	uint8_t pad5[0x4cb - 0x4a0];
	uint8_t cpl;			/* 0x4cb */
	uint32_t pad6;
	uint64_t efer;			/* 0x4d0 */
	uint8_t pad7[0x548 - 0x4d8];
	uint64_t cr4;			/* 0x548 */
	uint64_t cr3;			/* 0x550 */
	uint64_t cr0;			/* 0x558 */
	uint64_t dr7;			/* 0x560 */
	uint64_t dr6;			/* 0x568 */
	uint64_t rflags;		/* 0x570 */
	uint64_t rip;			/* 0x578 */
	uint8_t pad8[0x5d8 - 0x580];
	uint64_t rsp;			/* 0x5d8 */
	uint8_t pad9[0x5f8 - 0x5e0];
	uint64_t rax;			/* 0x5f8 */
	uint64_t star, lstar, cstar, sfmask;	/* 0x600 */
	uint64_t kernel_gs_base;	/* 0x620 */
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;	/* 0x628 */
	uint64_t cr2;			/* 0x640 */
	uint8_t pad10[0x668 - 0x648];
	uint64_t g_pat;			/* 0x668 */
	uint8_t pad11[0x1000 - 0x670];
} __packed;

_Static_assert(offsetof(struct vmcb, exitcode) == 0x070, "vmcb exitcode");
_Static_assert(offsetof(struct vmcb, n_cr3) == 0x0b0, "vmcb n_cr3");
_Static_assert(offsetof(struct vmcb, es) == 0x400, "vmcb es");
_Static_assert(offsetof(struct vmcb, tr) == 0x490, "vmcb tr");
_Static_assert(offsetof(struct vmcb, efer) == 0x4d0, "vmcb efer");
_Static_assert(offsetof(struct vmcb, rip) == 0x578, "vmcb rip");
_Static_assert(offsetof(struct vmcb, rax) == 0x5f8, "vmcb rax");
_Static_assert(offsetof(struct vmcb, g_pat) == 0x668, "vmcb g_pat");
_Static_assert(sizeof(struct vmcb) == 0x1000, "vmcb size");

/* intercepts1 */
#define CR_INTERCEPT_WRITE(n)	(1u << (16 + (n)))	/* cr_intercepts */
#define INTERCEPT_INTR		(1u << 0)
#define INTERCEPT_NMI		(1u << 1)
#define INTERCEPT_SMI		(1u << 2)
#define INTERCEPT_INIT		(1u << 3)
#define INTERCEPT_VINTR		(1u << 4)
#define INTERCEPT_CPUID		(1u << 18)
#define INTERCEPT_IRET		(1u << 20)
#define INTERCEPT_INVD		(1u << 22)
#define INTERCEPT_HLT		(1u << 24)
#define INTERCEPT_INVLPGA	(1u << 26)
#define INTERCEPT_IOIO		(1u << 27)
#define INTERCEPT_MSR		(1u << 28)
#define INTERCEPT_TASK_SWITCH	(1u << 29)
#define INTERCEPT_SHUTDOWN	(1u << 31)
/* intercepts2 */
#define INTERCEPT_VMRUN		(1u << 0)
#define INTERCEPT_VMMCALL	(1u << 1)
#define INTERCEPT_VMLOAD	(1u << 2)
#define INTERCEPT_VMSAVE	(1u << 3)
#define INTERCEPT_STGI		(1u << 4)
#define INTERCEPT_CLGI		(1u << 5)
#define INTERCEPT_SKINIT	(1u << 6)
#define INTERCEPT_XSETBV	(1u << 13)

#define VINTR_MASKING		(1ULL << 24)
#define VINTR_IRQ		(1ULL << 8)	/* a virtual interrupt is pending */
#define VINTR_PRIO_SHIFT	16
#define VINTR_PRIO_MASK		(0xfULL << VINTR_PRIO_SHIFT)
#define VINTR_IGN_TPR		(1ULL << 20)
#define VINTR_VECTOR_SHIFT	32	/* V_INTR_VECTOR, the byte at 0x064 */
#define VINTR_VECTOR_MASK	(0xffULL << VINTR_VECTOR_SHIFT)
#define INTERRUPT_SHADOW	(1ULL << 0)

#define EVENTINJ_VALID		(1ULL << 31)
#define EVENTINJ_ERR_VALID	(1ULL << 11)
#define EVENTINJ_TYPE_EXC	(3ULL << 8)
#define EVENTINJ_TYPE_INTR	(0ULL << 8)
#define EVENTINJ_TYPE_NMI	(2ULL << 8)
#define EVENTINJ_TYPE_MASK	(7ULL << 8)

/* Exit codes. */
#define SVM_EXIT_EXCP_BASE	0x040
#define SVM_EXIT_INTR		0x060
#define SVM_EXIT_NMI		0x061
#define SVM_EXIT_SMI		0x062
#define SVM_EXIT_INIT		0x063
#define SVM_EXIT_VINTR		0x064
#define SVM_EXIT_CPUID		0x072
#define SVM_EXIT_IRET		0x074
#define SVM_EXIT_INVD		0x076
#define SVM_EXIT_HLT		0x078
#define SVM_EXIT_WRITE_CR4	0x014
#define SVM_EXIT_READ_DR0	0x020	/* to 0x02f */
#define SVM_EXIT_WRITE_DR0	0x030	/* to 0x03f */
#define SVM_EXIT_INVLPGA	0x07a
#define SVM_EXIT_IOIO		0x07b
/* EXITINFO1 of an IOIO exit; the port is in bits 31:16. */
#define IOIO_TYPE_IN		(1u << 0)
#define IOIO_STR		(1u << 2)
#define IOIO_SZ16		(1u << 5)
#define IOIO_SZ32		(1u << 6)
#define SVM_EXIT_MSR		0x07c
#define SVM_EXIT_TASK_SWITCH	0x07d
#define SVM_EXIT_SHUTDOWN	0x07f
#define SVM_EXIT_VMRUN		0x080
#define SVM_EXIT_VMMCALL	0x081
#define SVM_EXIT_VMLOAD		0x082
#define SVM_EXIT_VMSAVE		0x083
#define SVM_EXIT_STGI		0x084
#define SVM_EXIT_CLGI		0x085
#define SVM_EXIT_SKINIT		0x086
#define SVM_EXIT_XSETBV		0x08d
#define SVM_EXIT_NPF		0x400
/* exitinfo1 of SVM_EXIT_NPF: a #PF-style error code for the nested walk. */
#define NPF_PRESENT		(1u << 0)
#define NPF_WRITE		(1u << 1)
#define SVM_EXIT_INVALID	0xffffffffu

#endif
