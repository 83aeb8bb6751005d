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
 *
 * Layout: the page and the vcpu_infos are in the native (x86-64) layout
 * until the domain latches the i386 one (<hv/compat.h>), as Xen's
 * has_32bit_shinfo: Xen samples the guest's mode at the first calls PV
 * drivers make (writing the hypercall page MSR, setting
 * HVM_PARAM_CALLBACK_IRQ) and so does Xenolith.  The two layouts agree on
 * the upcall flags and the time info, and on where the event bitmaps
 * start; they differ in the selector's width and place, the mask's place
 * and the wall clock's.
 */
#ifndef HV_SHARED_INFO_H
#define HV_SHARED_INFO_H

#include <xen/xen.h>
#include <xen/event_channel.h>
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

/*
 * Latches d's layout: the i386 one when compat (the caller, a vCPU of d,
 * is not in 64-bit mode), else the native one.  On a change the wall
 * clock is written again in the new layout; nothing else is carried over
 * (as on Xen: an event pending in one layout is not moved to the other).
 */
void shared_info_set_layout(struct domain *d, bool compat);

/*
 * The 2-level event bitmaps of d's page, pending or mask, in d's layout.
 * Port n is bit n % 8 of byte n / 8 in both layouts (little-endian words
 * of 32 or 64 bits), so the caller may use 64-bit words on either, for
 * ports below evtchn_max_ports(d) (1,024 in the i386 layout, 4,096 in
 * the native one).
 */
xen_ulong_t *shared_info_evtchn_pending(const struct domain *d);
xen_ulong_t *shared_info_evtchn_mask(const struct domain *d);

/*
 * Sets the selector bit of port's word in v's vcpu_info (port / 32 in the
 * i386 layout, port / 64 in the native one).  Returns true when it was set
 * already, or when v has no vcpu_info.
 */
bool vcpu_info_select(struct vcpu *v, evtchn_port_t port);

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
