/* SPDX-License-Identifier: MIT */
/*
 * The hvm_op hypercall: HVM parameters, the upcall vector, TLB flushes.
 * Which parameter a domain may
 * read or write of its own follows Xen's hvm_allow_{get,set}_param(); the
 * rest belong to the toolstack (Dom0), which may touch any domain's.
 */
#include <errno.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/hypercall.h>

static bool guest_may_set(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_VM86_TSS:
	case HVM_PARAM_VM86_TSS_SIZED:
	case HVM_PARAM_ACPI_IOPORTS_LOCATION:
	case HVM_PARAM_VM_GENERATION_ID_ADDR:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_EVTCHN:
	case HVM_PARAM_X87_FIP_WIDTH:
		return true;
	default:
		return false;
	}
}

static bool guest_may_get(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_ALTP2M:
		return true;
	default:
		return guest_may_set(index);
	}
}

/* Decodes and checks a xen_hvm_param request; *target is its domain. */
static long param_check(struct vcpu *v, unsigned long arg,
			struct xen_hvm_param *p, struct domain **target,
			bool set)
{
	struct domain *d;

	if (copy_from_guest(v, p, arg, sizeof(*p)))
		return -EFAULT;
	if (p->index >= HVM_NR_PARAMS)
		return -EINVAL;
	d = p->domid == DOMID_SELF ? v->domain : domain_by_id(p->domid);
	if (!d)
		return -ESRCH;
	if (d != v->domain && !v->domain->is_privileged)
		return -EPERM;
	if (d == v->domain && !v->domain->is_privileged &&
	    !(set ? guest_may_set(p->index) : guest_may_get(p->index)))
		return -EPERM;
	*target = d;
	return 0;
}

/* A per-vCPU callback vector, preferred to HVM_PARAM_CALLBACK_IRQ. */
static long set_upcall_vector(struct vcpu *v, unsigned long arg)
{
	struct xen_hvm_evtchn_upcall_vector uv;
	struct domain *d = v->domain;

	if (copy_from_guest(v, &uv, arg, sizeof(uv)))
		return -EFAULT;
	if (uv.vector < 0x10)	/* exception vectors */
		return -EINVAL;
	if (uv.vcpu >= d->max_vcpus || !d->vcpu[uv.vcpu])
		return -ENOENT;
	d->vcpu[uv.vcpu]->evtchn.upcall_vector = uv.vector;
	return 0;
}

/*
 * Xen acts on it only for shadow paging; with hardware paging (ours) it
 * answers -EINVAL, and Linux then stops asking.
 */
static long pagetable_dying(struct vcpu *v, unsigned long arg)
{
	struct xen_hvm_pagetable_dying a;
	struct domain *d;

	if (copy_from_guest(v, &a, arg, sizeof(a)))
		return -EFAULT;
	d = a.domid == DOMID_SELF ? v->domain : domain_by_id(a.domid);
	if (!d)
		return -ESRCH;
	return d == v->domain ? -EINVAL : -EOPNOTSUPP;
}

/*
 * Flushes the TLBs of every vCPU of the caller (Linux PVH's flush of all
 * CPUs).  Xen takes no argument: a non-NULL one is -EINVAL.
 */
static long flush_tlbs(struct vcpu *v, unsigned long arg)
{
	if (arg)
		return -EINVAL;
	p2m_flush(&v->domain->p2m);
	return 0;
}

long do_hvm_op(struct vcpu *v, const unsigned long *args)
{
	struct xen_hvm_param p;
	struct domain *d;
	long rc;

	switch (args[0]) {
	case HVMOP_set_param:
		rc = param_check(v, args[1], &p, &d, true);
		if (rc)
			return rc;
		d->hvm_param[p.index] = p.value;
		if (p.index == HVM_PARAM_CALLBACK_IRQ && d == v->domain)
			hvm_latch_shinfo_layout(v);
		return 0;
	case HVMOP_get_param:
		rc = param_check(v, args[1], &p, &d, false);
		if (rc)
			return rc;
		p.value = d->hvm_param[p.index];
		return copy_to_guest(v, args[1], &p, sizeof(p)) ? -EFAULT : 0;
	case HVMOP_set_evtchn_upcall_vector:
		return set_upcall_vector(v, args[1]);
	case HVMOP_pagetable_dying:
		return pagetable_dying(v, args[1]);
	case HVMOP_flush_tlbs:
		return flush_tlbs(v, args[1]);
	default:
		return -ENOSYS;
	}
}
