/* SPDX-License-Identifier: MIT */
/* Internal interface of the svm back end (not used outside hvm/svm/). */
#ifndef SVM_SVM_H
#define SVM_SVM_H

#include <asm/hvm.h>
#include <asm/p2m.h>
#include <hv/vcpu.h>

/* Nested page table entry format (npt.c). */
extern const struct p2m_format npt_format;

/*
 * Runs the guest once (entry.S): saves the host's VMSAVE state to host_pa,
 * loads v's GPRs, VMRUNs vmcb_pa, stores the GPRs back and restores the
 * host.  GIF is clear from before VMLOAD until after VMSAVE, with host IF
 * set so that a physical interrupt exits the guest (V_INTR_MASKING).
 */
void svm_enter(struct guest_regs *regs, paddr_t vmcb_pa, paddr_t host_pa);

#endif
