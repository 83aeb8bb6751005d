/* SPDX-License-Identifier: MIT */
/*
 * Xenolith's own additions to Xen's domctl ABI, for toolstacks.  Their
 * numbers lie far above Xen's so that they never collide; the structure
 * travels in struct xen_domctl's union like Xen's own, with
 * interface_version XEN_DOMCTL_INTERFACE_VERSION.  Dom0 only.
 */
#ifndef XENOLITH_DOMCTL_H
#define XENOLITH_DOMCTL_H

#include <stdint.h>

/*
 * XENOLITH_DOMCTL_get_exit_counts: how many VM exits of each reason one
 * vCPU of the domain has taken (what the hypervisor prints when the domain
 * ends, read while it runs).  Reasons are the back end's own codes: VMX
 * basic exit reasons, or SVM exit codes; `backend` says which.
 *   -EINVAL  vcpu beyond the domain's vCPUs
 *   -EFAULT  buffer not writable for nr entries
 */
#define XENOLITH_DOMCTL_get_exit_counts	0x4000

#define XENOLITH_HVM_VMX		1
#define XENOLITH_HVM_SVM		2

struct xenolith_exit_count {
	uint32_t reason;
	uint32_t pad;
	uint64_t count;
};

struct xenolith_domctl_exit_counts {
	uint32_t vcpu;		/* IN */
	uint32_t nr;		/* IN: entries buffer has room for; OUT: copied */
	uint32_t backend;	/* OUT: XENOLITH_HVM_VMX or XENOLITH_HVM_SVM */
	uint32_t nr_kinds;	/* OUT: kinds counted (may exceed nr) */
	uint64_t buffer;	/* IN: guest address of struct xenolith_exit_count[nr] */
	uint64_t other;		/* OUT: exits of kinds beyond what is counted */
};

#endif
