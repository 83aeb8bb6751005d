/* SPDX-License-Identifier: MIT */
/*
 * The pages this domain shares with the hypervisor: shared_info (the
 * event-channel pending and mask bitmaps, the wall clock) and this vCPU's
 * vcpu_info (the event selector and upcall flags, the vcpu_time_info of
 * the PV clock).  Both live in the kernel's own .bss, identity mapped, as
 * Mini-OS keeps them: XENMEM_add_to_physmap(XENMAPSPACE_shared_info) puts
 * the hypervisor's page at the gfn of a page-aligned .bss array (the RAM
 * frame that was there goes back to the hypervisor), and
 * VCPUOP_register_vcpu_info places vcpu_info inside another .bss page.
 */
#ifndef PV_SHARED_INFO_H
#define PV_SHARED_INFO_H

#include <xen/xen.h>

/* The mapped shared_info page; valid after shared_info_init() succeeded. */
extern struct shared_info *shared_info;

/*
 * This vCPU's vcpu_info: the registered one, or, when the hypervisor does
 * not offer VCPUOP_register_vcpu_info, the legacy slot in shared_info.
 * Valid after shared_info_init() succeeded.
 */
extern struct vcpu_info *vcpu_info;

/*
 * Maps shared_info and registers vcpu_info.  Called once by
 * platform_init() when the hypervisor offers event channels, before the
 * event channels and the PV clock start.  Returns 0 or the hypervisor's
 * negative errno (-EINVAL for a vCPU with no legacy slot and no
 * registration either).
 */
int shared_info_init(void);

#endif
