/* SPDX-License-Identifier: MIT */
/*
 * The shared_info page and each vCPU's vcpu_info: the memory a domain and
 * the hypervisor both write.  Each domain owns one shared_info page,
 * allocated by the hypervisor (owner DOMID_XEN) when the domain is created
 * and freed when it is destroyed; it holds the event-channel pending and
 * mask bitmaps, the wall clock and the vcpu_info of vCPUs 0 to
 * XEN_LEGACY_MAX_VCPUS - 1 until they register their own.
 *
 * The guest sees the page once it asks for it with XENMEM_add_to_physmap
 * (XENMAPSPACE_shared_info, idx 0) at a gfn of its choice; the RAM frame
 * that was there is given back to the free pool (as Xen does), and asking
 * again moves the page (the old gfn becomes a hole).
 *
 * VCPUOP_register_vcpu_info moves a vCPU's vcpu_info into a page of the
 * guest's own RAM, at an offset that keeps the 64-byte structure inside
 * that page.  The hypervisor keeps a pointer to it from then on.
 */
#ifndef HV_SHARED_INFO_H
#define HV_SHARED_INFO_H

#include <xen/xen.h>
#include <xen/vcpu.h>
#include <hv/types.h>

struct domain;
struct vcpu;

/* Allocates d's shared_info page.  0, or -ENOMEM. */
int shared_info_domain_init(struct domain *d);

/* Unmaps and frees d's page (safe when it was never allocated). */
void shared_info_domain_destroy(struct domain *d);

/*
 * XENMAPSPACE_shared_info: maps d's page at gfn, replacing (and freeing)
 * the RAM frame there and unmapping it from its previous gfn.  Returns 0,
 * -EINVAL for a gfn outside the guest-physical space or one that holds a
 * frame the domain does not own (hypercall page aside, nothing is there
 * but RAM or holes), or -ENOMEM.
 */
int shared_info_map(struct domain *d, uint64_t gfn);

/*
 * VCPUOP_register_vcpu_info for target, asked by a vCPU of the same
 * domain.  Copies the current contents over and marks every event
 * selector pending so that nothing signalled meanwhile is lost.  Returns
 * 0, or -EINVAL when the offset would cross the page, the gfn is not the
 * domain's RAM, the vCPU already registered one, or target is another vCPU
 * that is up.
 */
int shared_info_register_vcpu_info(struct vcpu *caller, struct vcpu *target,
				   const struct vcpu_register_vcpu_info *r);

/*
 * The hypervisor's pointer to the page at gfn when it is d's own RAM,
 * mapped readable and writable, else NULL: where a guest may ask the
 * hypervisor to write (vcpu_info, FIFO control blocks, runstate areas).
 */
void *shared_info_guest_page(struct domain *d, uint64_t gfn);

/* d's shared_info page, as the hypervisor sees it. */
struct shared_info *shared_info_of(const struct domain *d);

/* v's vcpu_info, or NULL (a vCPU beyond the legacy 32 that registered none). */
struct vcpu_info *vcpu_info_of(const struct vcpu *v);

/*
 * True when the frame at maddr holds a vcpu_info one of d's vCPUs
 * registered, or a FIFO control block or event array page
 * (evtchn_fifo.h): the hypervisor writes there at any time, so the frame
 * must not leave d's physmap (memory.c refuses to free it, -EBUSY).
 */
bool shared_info_frame_in_use(const struct domain *d, paddr_t maddr);

#endif
