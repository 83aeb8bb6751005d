/* SPDX-License-Identifier: MIT */
/* Dom0's sysctl, domctl and hvm_op calls, with Xen's structures. */
#include <errno.h>
#include <string.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/hvm/hvm_op.h>
#include "../guest-patches/pv/hypercall.h"
#include "ctl.h"

#define LIST_CHUNK	8	/* getdomaininfo records per sysctl */

static void decode(const struct xen_domctl_getdomaininfo *in,
		   struct ctl_dominfo *out)
{
	out->domid = in->domain;
	out->dying = in->flags & XEN_DOMINF_dying;
	out->shutdown = in->flags & XEN_DOMINF_shutdown;
	out->paused = in->flags & XEN_DOMINF_paused;
	out->running = in->flags & XEN_DOMINF_running;
	out->blocked = in->flags & XEN_DOMINF_blocked;
	out->shutdown_reason = (in->flags >> XEN_DOMINF_shutdownshift) &
			       XEN_DOMINF_shutdownmask;
	out->tot_pages = in->tot_pages;
	out->max_pages = in->max_pages;
	out->nr_vcpus = in->max_vcpu_id + 1;
	out->cpu_time_ns = in->cpu_time;
}

static long sysctl(struct xen_sysctl *op)
{
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall_raw(__HYPERVISOR_sysctl, (unsigned long)op, 0, 0, 0, 0);
}

static long domctl(struct xen_domctl *op)
{
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return hypercall_raw(__HYPERVISOR_domctl, (unsigned long)op, 0, 0, 0, 0);
}

int ctl_domain_list(domid_t first, struct ctl_dominfo *info, unsigned int max)
{
	struct xen_domctl_getdomaininfo buf[LIST_CHUNK];
	struct xen_sysctl op;
	unsigned int n = 0, i;
	long rc;

	while (n < max) {
		memset(&op, 0, sizeof(op));
		op.cmd = XEN_SYSCTL_getdomaininfolist;
		op.u.getdomaininfolist.first_domain = first;
		op.u.getdomaininfolist.max_domains =
			max - n < LIST_CHUNK ? max - n : LIST_CHUNK;
		set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
		rc = sysctl(&op);
		if (rc)
			return (int)rc;
		if (!op.u.getdomaininfolist.num_domains)
			break;
		for (i = 0; i < op.u.getdomaininfolist.num_domains; i++)
			decode(&buf[i], &info[n++]);
		first = (domid_t)(info[n - 1].domid + 1);
	}
	return (int)n;
}

int ctl_domain_info(domid_t domid, struct ctl_dominfo *info)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_getdomaininfo;
	op.domain = domid;
	rc = domctl(&op);
	if (rc)
		return (int)rc;
	if (op.u.getdomaininfo.domain != domid)
		return -ESRCH;	/* Xen answers with the next domain up */
	decode(&op.u.getdomaininfo, info);
	return 0;
}

int ctl_hvm_param(domid_t domid, unsigned int param, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = domid, .index = param };
	long rc = hypercall_hvm_op(HVMOP_get_param, &p);

	if (rc)
		return (int)rc;
	*value = p.value;
	return 0;
}

const char *ctl_state_name(const struct ctl_dominfo *info)
{
	if (info->dying)
		return "dying";
	if (info->shutdown)
		return "shutdown";
	if (info->paused)
		return "paused";
	if (info->running)
		return "running";
	return "blocked";
}
