/* SPDX-License-Identifier: MIT */
/* Dom0's sysctl, domctl and hvm_op calls, with Xen's structures. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xenolith/domctl.h>
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
	memcpy(out->handle, in->handle, sizeof(out->handle));
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

int ctl_domain_list_all(domid_t first, struct ctl_dominfo **out, unsigned int *n)
{
	unsigned int cap = 64;
	struct ctl_dominfo *a;
	int rc;

	for (;;) {
		a = malloc(cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		rc = ctl_domain_list(first, a, cap);
		if (rc < 0 || (unsigned int)rc < cap)
			break;
		free(a);
		cap *= 2;
	}
	if (rc < 0) {
		free(a);
		return rc;
	}
	*out = a;
	*n = (unsigned int)rc;
	return 0;
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

/* A domctl on domid with the union left for the caller to fill. */
static void domctl_init(struct xen_domctl *op, uint32_t cmd, domid_t domid)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->domain = domid;
}

int ctl_pause(domid_t domid, bool pause)
{
	struct xen_domctl op;

	domctl_init(&op, pause ? XEN_DOMCTL_pausedomain : XEN_DOMCTL_unpausedomain,
		    domid);
	return (int)domctl(&op);
}

int ctl_destroy(domid_t domid)
{
	struct xen_domctl op;

	domctl_init(&op, XEN_DOMCTL_destroydomain, domid);
	return (int)domctl(&op);
}

int ctl_max_mem(domid_t domid, uint64_t kib)
{
	struct xen_domctl op;

	domctl_init(&op, XEN_DOMCTL_max_mem, domid);
	op.u.max_mem.max_memkb = kib;
	return (int)domctl(&op);
}

static int sched_op(domid_t domid, uint32_t cmd, uint32_t *weight, uint32_t *cap)
{
	struct xen_domctl op;
	long rc;

	domctl_init(&op, XEN_DOMCTL_scheduler_op, domid);
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = cmd;
	op.u.scheduler_op.u.credit.weight = (uint16_t)*weight;
	op.u.scheduler_op.u.credit.cap = (uint16_t)*cap;
	rc = domctl(&op);
	*weight = op.u.scheduler_op.u.credit.weight;
	*cap = op.u.scheduler_op.u.credit.cap;
	return (int)rc;
}

int ctl_sched_get(domid_t domid, uint32_t *weight, uint32_t *cap)
{
	*weight = *cap = 0;
	return sched_op(domid, XEN_DOMCTL_SCHEDOP_getinfo, weight, cap);
}

int ctl_sched_set(domid_t domid, uint32_t weight, uint32_t cap)
{
	if (weight > 0xffff || cap > 0xffff)
		return -EINVAL;
	return sched_op(domid, XEN_DOMCTL_SCHEDOP_putinfo, &weight, &cap);
}

static int affinity(domid_t domid, uint32_t vcpu, uint32_t cmd, uint64_t *mask)
{
	uint8_t bytes[8];
	struct xen_domctl op;
	unsigned int i;
	long rc;

	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(*mask >> (8 * i));
	domctl_init(&op, cmd, domid);
	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, bytes);
	rc = domctl(&op);
	*mask = 0;
	for (i = 0; i < sizeof(bytes); i++)
		*mask |= (uint64_t)bytes[i] << (8 * i);
	return (int)rc;
}

int ctl_vcpu_info(domid_t domid, uint32_t vcpu, struct ctl_vcpuinfo *info)
{
	struct xen_domctl op;
	long rc;

	domctl_init(&op, XEN_DOMCTL_getvcpuinfo, domid);
	op.u.getvcpuinfo.vcpu = vcpu;
	rc = domctl(&op);
	if (rc)
		return (int)rc;
	info->online = op.u.getvcpuinfo.online;
	info->blocked = op.u.getvcpuinfo.blocked;
	info->running = op.u.getvcpuinfo.running;
	info->cpu = op.u.getvcpuinfo.cpu;
	info->cpu_time_ns = op.u.getvcpuinfo.cpu_time;
	info->affinity = 0;
	return affinity(domid, vcpu, XEN_DOMCTL_getvcpuaffinity, &info->affinity);
}

int ctl_vcpu_pin(domid_t domid, uint32_t vcpu, uint64_t mask)
{
	return affinity(domid, vcpu, XEN_DOMCTL_setvcpuaffinity, &mask);
}

int ctl_physinfo(struct ctl_physinfo *info)
{
	struct xen_sysctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_physinfo;
	rc = sysctl(&op);
	if (rc)
		return (int)rc;
	info->nr_cpus = op.u.physinfo.nr_cpus;
	info->cpu_khz = op.u.physinfo.cpu_khz;
	info->total_pages = op.u.physinfo.total_pages;
	info->free_pages = op.u.physinfo.free_pages;
	return 0;
}

long ctl_read_console(char *buf, uint32_t size, uint32_t *index)
{
	struct xen_sysctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_readconsole;
	op.u.readconsole.incremental = 1;
	op.u.readconsole.index = *index;
	op.u.readconsole.count = size;
	set_xen_guest_handle(op.u.readconsole.buffer, buf);
	rc = sysctl(&op);
	if (rc)
		return rc;
	*index = op.u.readconsole.index;
	return op.u.readconsole.count;
}

int ctl_exit_counts(domid_t domid, uint32_t vcpu, uint32_t *reasons,
		    uint64_t *counts, unsigned int max, uint32_t *backend)
{
	struct xenolith_exit_count entries[32];
	struct xenolith_domctl_exit_counts ec = { .vcpu = vcpu };
	struct xen_domctl op;
	unsigned int i;
	long rc;

	ec.nr = max < 32 ? max : 32;
	ec.buffer = (uint64_t)(unsigned long)entries;
	domctl_init(&op, XENOLITH_DOMCTL_get_exit_counts, domid);
	memcpy(&op.u, &ec, sizeof(ec));
	rc = domctl(&op);
	if (rc)
		return (int)rc;
	memcpy(&ec, &op.u, sizeof(ec));
	if (backend)
		*backend = ec.backend;
	for (i = 0; i < ec.nr; i++) {
		reasons[i] = entries[i].reason;
		counts[i] = entries[i].count;
	}
	return (int)ec.nr;
}

int ctl_usage(domid_t domid, struct ctl_usage *u)
{
	struct xenolith_domctl_usage du = { .flags = 0 };
	struct xen_domctl op;
	long rc;

	domctl_init(&op, XENOLITH_DOMCTL_get_usage, domid);
	memcpy(&op.u, &du, sizeof(du));
	rc = domctl(&op);
	if (rc)
		return (int)rc;
	memcpy(&du, &op.u, sizeof(du));
	*u = (struct ctl_usage){ du.evtchn_ports, du.grant_entries,
				 du.grant_entries_mapped, du.grant_maps };
	return 0;
}

int ctl_create(uint32_t max_vcpus, uint32_t max_evtchn_port,
	       const uint8_t handle[16], domid_t *domid)
{
	struct xen_domctl op;
	long rc;

	domctl_init(&op, XEN_DOMCTL_createdomain, 0);
	op.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	op.u.createdomain.max_vcpus = max_vcpus;
	op.u.createdomain.max_evtchn_port = max_evtchn_port;
	memcpy(op.u.createdomain.handle, handle, 16);
	rc = domctl(&op);
	if (!rc)
		*domid = op.domain;
	return (int)rc;
}

#define POPULATE_BATCH	256	/* gfns per hypercall */

int ctl_populate(domid_t domid, uint64_t nr_pages)
{
	static xen_pfn_t gfns[POPULATE_BATCH];
	struct xen_memory_reservation r = { .domid = domid };
	uint64_t done = 0, n, i;
	long rc;

	while (done < nr_pages) {
		n = nr_pages - done < POPULATE_BATCH ? nr_pages - done : POPULATE_BATCH;
		for (i = 0; i < n; i++)
			gfns[i] = done + i;
		set_xen_guest_handle(r.extent_start, gfns);
		r.nr_extents = n;
		r.extent_order = 0;
		rc = hypercall_memory_op(XENMEM_populate_physmap, &r);
		if (rc < 0)
			return (int)rc;
		if ((uint64_t)rc != n)
			return -ENOMEM;
		done += n;
	}
	return 0;
}

int ctl_alloc_unbound(domid_t domid, domid_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = domid, .remote_dom = remote };
	long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	if (!rc)
		*port = a.port;
	return (int)rc;
}

int ctl_set_hvm_param(domid_t domid, unsigned int param, uint64_t value)
{
	struct xen_hvm_param p = { .domid = domid, .index = param, .value = value };

	return (int)hypercall_hvm_op(HVMOP_set_param, &p);
}

/* The PVH entry state's segment attributes (flat 32-bit code and data). */
#define PVH_CS_AR	0xc9b
#define PVH_DS_AR	0xc93

int ctl_set_pvh_context(domid_t domid, uint32_t vcpu, uint32_t eip, uint32_t ebx)
{
	static struct vcpu_hvm_context ctx;
	struct vcpu_hvm_x86_32 *r = &ctx.cpu_regs.x86_32;
	struct xen_domctl op;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mode = VCPU_HVM_MODE_32B;
	r->eip = eip;
	r->ebx = ebx;
	r->eflags = 0x2;
	r->cr0 = 0x1;	/* protected mode, paging off */
	r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = 0xffffffff;
	r->cs_ar = PVH_CS_AR;
	r->ds_ar = r->ss_ar = r->es_ar = PVH_DS_AR;
	r->tr_limit = 0x67;
	r->tr_ar = 0x8b;	/* a busy TSS, as libxc gives a PVH vCPU */
	domctl_init(&op, XEN_DOMCTL_setvcpucontext, domid);
	op.u.vcpucontext.vcpu = vcpu;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, (void *)&ctx);
	return (int)domctl(&op);
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
