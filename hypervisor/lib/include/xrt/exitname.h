/* SPDX-License-Identifier: MIT */
/*
 * The names of VM exit reasons, one table for the hypervisor (its crash
 * dumps and exit counts) and the host's toolstack (xapid's metrics and its
 * REST exits route), which reads raw codes through
 * XENOLITH_DOMCTL_get_exit_counts.  Freestanding: no libc needed.
 */
#ifndef XRT_EXITNAME_H
#define XRT_EXITNAME_H

#include <stdint.h>

/* The back ends, with the values of XENOLITH_HVM_VMX / XENOLITH_HVM_SVM. */
#define EXITNAME_VMX 1
#define EXITNAME_SVM 2

/*
 * The name of an exit code: for EXITNAME_VMX a VMX exit reason (its basic
 * part, Intel SDM vol. 3 appendix C), for EXITNAME_SVM an SVM exit code
 * (AMD APM vol. 2 appendix C), e.g. "HLT", "CPUID", "NPF".  Codes in a
 * range share a name ("EXCEPTION", "DR_READ"); unknown codes and back ends
 * are "OTHER".  Never NULL.
 */
const char *exitname(unsigned backend, uint32_t code);

#endif
