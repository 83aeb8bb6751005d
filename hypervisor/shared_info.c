/* SPDX-License-Identifier: MIT */
/* The shared_info page of each domain and the vcpu_info of each vCPU. */
#include <errno.h>
#include <string.h>
#include <stddef.h>
#include <asm/hvm.h>
#include <hv/compat.h>
#include <hv/domain.h>
#include <hv/evtchn_fifo.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <hv/shared_info.h>
#include <hv/time.h>

#define NO_GFN		(~0ULL)
#define GFN_LIMIT	(1ULL << 36)	/* 48-bit guest-physical addresses */

_Static_assert(sizeof(struct shared_info) <= PAGE_SIZE, "shared_info page");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info is 64 bytes");
_Static_assert(offsetof(struct compat_vcpu_info, time) ==
	       offsetof(struct vcpu_info, time), "time info at 32 in both");
_Static_assert(offsetof(struct compat_shared_info, evtchn_pending) ==
	       offsetof(struct shared_info, evtchn_pending), "pending at 2048");

int shared_info_domain_init(struct domain *d)
{
	int rc = page_alloc(DOMID_XEN, &d->shared_info_maddr);

	if (rc) {
		d->shared_info_maddr = 0;
		return rc;
	}
	d->shared_info_gfn = NO_GFN;
	time_update_wallclock(d);
	return 0;
}

void shared_info_domain_destroy(struct domain *d)
{
	if (!d->shared_info_maddr)
		return;
	/* The p2m goes with the domain; only the frame is ours to free. */
	page_free(d->shared_info_maddr);
	d->shared_info_maddr = 0;
	d->shared_info_gfn = NO_GFN;
}

struct shared_info *shared_info_of(const struct domain *d)
{
	return maddr_to_virt(d->shared_info_maddr);
}

struct vcpu_info *vcpu_info_of(const struct vcpu *v)
{
	if (v->vcpu_info)
		return v->vcpu_info;
	if (v->vcpu_id >= XEN_LEGACY_MAX_VCPUS || !v->domain->shared_info_maddr)
		return NULL;
	return &shared_info_of(v->domain)->vcpu_info[v->vcpu_id];
}

void shared_info_set_layout(struct domain *d, bool compat)
{
	if (d->shinfo_32 == compat)
		return;
	d->shinfo_32 = compat;
	time_update_wallclock(d);
}

xen_ulong_t *shared_info_evtchn_pending(const struct domain *d)
{
	return shared_info_of(d)->evtchn_pending;
}

xen_ulong_t *shared_info_evtchn_mask(const struct domain *d)
{
	struct compat_shared_info *c = (void *)shared_info_of(d);

	return d->shinfo_32 ? (xen_ulong_t *)c->evtchn_mask
			    : shared_info_of(d)->evtchn_mask;
}

bool vcpu_info_select(struct vcpu *v, evtchn_port_t port)
{
	struct vcpu_info *vi = vcpu_info_of(v);
	struct compat_vcpu_info *c = (void *)vi;
	uint32_t m32 = 1u << (port / 32);
	xen_ulong_t m = 1UL << (port / 64);

	if (!vi)
		return true;
	if (v->domain->shinfo_32)
		return __atomic_fetch_or(&c->evtchn_pending_sel, m32,
					 __ATOMIC_SEQ_CST) & m32;
	return __atomic_fetch_or(&vi->evtchn_pending_sel, m, __ATOMIC_SEQ_CST) & m;
}

/* Every selector bit of vi, in d's layout: the guest rescans all words. */
static void select_all(const struct domain *d, struct vcpu_info *vi)
{
	struct compat_vcpu_info *c = (void *)vi;

	if (d->shinfo_32)
		__atomic_store_n(&c->evtchn_pending_sel, ~0u, __ATOMIC_SEQ_CST);
	else
		__atomic_store_n(&vi->evtchn_pending_sel, ~0UL,
				 __ATOMIC_SEQ_CST);
}

int shared_info_map(struct domain *d, uint64_t gfn)
{
	int rc;

	if (gfn >= GFN_LIMIT)
		return -EINVAL;
	if (d->shared_info_gfn == gfn)
		return 0;
	/*
	 * Only the domain's own RAM may be replaced, and a frame of it that
	 * another domain has mapped through a grant must outlive the
	 * replacement: memory.c knows both rules.
	 */
	rc = memory_clear_gfn(d, gfn);
	if (rc)
		return rc == -EBUSY ? -EINVAL : rc;
	rc = p2m_set(&d->p2m, gfn, d->shared_info_maddr,
		     P2M_READ | P2M_WRITE);
	if (rc)
		return rc;
	if (d->shared_info_gfn != NO_GFN)
		p2m_set(&d->p2m, d->shared_info_gfn, 0, 0);
	d->shared_info_gfn = gfn;
	return 0;
}

void *shared_info_guest_page(struct domain *d, uint64_t gfn)
{
	paddr_t maddr;
	unsigned int perms;

	if (gfn >= GFN_LIMIT || p2m_get(&d->p2m, gfn, &maddr, &perms) ||
	    (perms & (P2M_READ | P2M_WRITE)) != (P2M_READ | P2M_WRITE) ||
	    page_owner(maddr) != d->domain_id)
		return NULL;
	return maddr_to_virt(maddr);
}

/* Checks that r names a place in d's own RAM; its hypervisor pointer. */
static struct vcpu_info *check_place(struct domain *d,
				     const struct vcpu_register_vcpu_info *r)
{
	char *page;

	if (r->offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return NULL;
	page = shared_info_guest_page(d, r->mfn);
	return page ? (struct vcpu_info *)(page + r->offset) : NULL;
}

int shared_info_register_vcpu_info(struct vcpu *caller, struct vcpu *target,
				   const struct vcpu_register_vcpu_info *r)
{
	struct vcpu_info *new, *old;

	if (target->vcpu_info)
		return -EINVAL;
	if (target != caller && target->state != VCPU_DOWN)
		return -EINVAL;
	new = check_place(target->domain, r);
	if (!new)
		return -EINVAL;

	old = vcpu_info_of(target);
	if (old)
		memcpy(new, old, sizeof(*new));
	else
		memset(new, 0, sizeof(*new));
	target->vcpu_info = new;
	/* Make the guest rescan everything: nothing pending may be missed. */
	select_all(target->domain, new);
	__atomic_store_n(&new->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
	time_update_vcpu(target);
	return 0;
}

bool shared_info_frame_in_use(const struct domain *d, paddr_t maddr)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]->vcpu_info &&
		    ALIGN_DOWN(virt_to_maddr(d->vcpu[i]->vcpu_info),
			       PAGE_SIZE) == maddr)
			return true;
	return evtchn_fifo_frame_in_use(d, maddr);
}
