/* SPDX-License-Identifier: MIT */
/*
 * The domctl hypercall: Dom0 creates, inspects, pauses and destroys
 * domains.  Table-driven: each row names the command, its handler and
 * whether it acts on an existing domain (looked up once, before the
 * handler runs) and whether the structure goes back to the caller.
 */
#include <errno.h>
#include <string.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xenolith/domctl.h>
#include <asm/hvm.h>
#include <asm/hvm/context.h>
#include <hv/credit.h>
#include <hv/dma.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/evtchn.h>
#include <hv/gnttab.h>
#include <hv/param.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/vcpu.h>
#include <xrt/exitname.h>

#define CPUMAP_MAX_BYTES	512	/* 4096 CPUs, Xen's largest NR_CPUS */
#define SUPPORTED_CDF		(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | \
				 XEN_DOMCTL_CDF_xs_domain)

struct domctl_row {
	long (*fn)(struct vcpu *v, struct xen_domctl *op, struct domain *d);
	bool needs_domain;	/* op->domain must name a live domain */
	bool copy_back;		/* the handler fills OUT fields */
};

void domctl_get_info(const struct domain *d,
		     struct xen_domctl_getdomaininfo *info)
{
	uint64_t cpu_time = 0;
	unsigned int i, online = 0;
	bool running = false, blocked = true;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];

		cpu_time += sched_cpu_time(v);
		online += v->state != VCPU_DOWN;
		running |= v->running;
		blocked &= v->state != VCPU_RUNNABLE;
	}
	info->domain = d->domain_id;
	info->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap |
		      (d->paused ? XEN_DOMINF_paused : 0) |
		      (running ? XEN_DOMINF_running : 0) |
		      (blocked && online && d->state == DOMAIN_RUNNING ?
			       XEN_DOMINF_blocked : 0);
	if (d->state == DOMAIN_SHUTDOWN)
		info->flags |= XEN_DOMINF_shutdown |
			       (d->shutdown_reason << XEN_DOMINF_shutdownshift);
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->cpu_time = cpu_time;
	info->nr_online_vcpus = online;
	info->max_vcpu_id = d->max_vcpus - 1;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->gpaddr_bits = 48;
}

static long create(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	struct domain_config cfg = {
		.name = "", .paused = true, .mem_bytes = 0,
		.max_vcpus = c->max_vcpus, .handle = c->handle,
		.max_evtchn_port = c->max_evtchn_port,
		.domid = op->domain < DOMID_FIRST_RESERVED ? op->domain : 0,
	};
	int rc;

	(void)v;
	(void)d;
	if ((c->flags & (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap)) !=
		    (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap) ||
	    (c->flags & ~SUPPORTED_CDF) || c->iommu_opts || c->vmtrace_size)
		return -EINVAL;
	d = domain_create(&cfg, &rc);
	if (!d)
		return rc;
	op->domain = d->domain_id;
	return 0;
}

static long destroy(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	(void)op;
	if (d == v->domain)
		return -EINVAL;
	domain_destroy(d);
	return 0;
}

static long pause(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	if (d == v->domain)
		return -EINVAL;
	if (op->cmd == XEN_DOMCTL_pausedomain)
		domain_pause(d);
	else
		domain_unpause(d);
	return 0;
}

static long get_info(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	(void)v;
	domctl_get_info(d, &op->u.getdomaininfo);
	return 0;
}

static long max_mem(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

	(void)v;
	if (pages > (MAX_DOMAIN_MEM >> PAGE_SHIFT))
		return -EINVAL;
	d->max_pages = (unsigned long)pages;
	return 0;
}

/*
 * The vCPU's start state, checked as VCPUOP_initialise checks it
 * (asm/hvm/context.h): 32-bit or 64-bit mode, nothing a VM entry would
 * refuse.
 */
static long set_context(struct vcpu *v, struct xen_domctl *op,
			struct domain *d)
{
	struct vcpu_hvm_context ctx;
	struct hvm_vcpu_state st;
	struct guest_regs regs;
	struct vcpu *target;
	long rc;

	if (op->u.vcpucontext.vcpu >= d->max_vcpus)
		return -EINVAL;
	target = d->vcpu[op->u.vcpucontext.vcpu];
	if (copy_from_guest(v, &ctx, guest_handle_addr(op->u.vcpucontext.ctxt),
			    sizeof(ctx)))
		return -EFAULT;
	rc = hvm_context_check(&ctx, &regs, &st);
	if (rc)
		return rc;
	if (target->state != VCPU_DOWN)
		return -EBUSY;
	vcpu_set_start(target, &regs, &st);
	sched_wake(target);	/* runs once the domain is unpaused */
	return 0;
}

/* Credit scheduler parameters: weight and cap, as xl sched-credit sets. */
static long scheduler_op(struct vcpu *v, struct xen_domctl *op,
			 struct domain *d)
{
	struct xen_domctl_scheduler_op *so = &op->u.scheduler_op;

	(void)v;
	if (so->sched_id != XEN_SCHEDULER_CREDIT)
		return -EINVAL;
	switch (so->cmd) {
	case XEN_DOMCTL_SCHEDOP_putinfo:
		return credit_set(d, so->u.credit.weight, so->u.credit.cap);
	case XEN_DOMCTL_SCHEDOP_getinfo:
		so->u.credit.weight = d->sched.weight;
		so->u.credit.cap = d->sched.cap;
		return 0;
	default:
		return -EINVAL;
	}
}

/* The online CPUs as a mask, bit n for CPU n. */
static uint64_t online_mask(void)
{
	unsigned int n = smp_cpus_online();

	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/*
 * A guest cpumap (xenctl_bitmap) as a mask: bits past the 64 Xenolith
 * can hold are ignored, as Xen ignores bits past its CPU count.
 */
static int read_cpumap(struct vcpu *v, const struct xenctl_bitmap *map,
		       uint64_t *mask)
{
	uint8_t bytes[sizeof(*mask)] = { 0 };
	size_t n = MIN((map->nr_bits + 7) / 8, sizeof(bytes)), i;

	if (copy_from_guest(v, bytes, guest_handle_addr(map->bitmap), n))
		return -EFAULT;
	*mask = 0;
	for (i = 0; i < n; i++)
		*mask |= (uint64_t)bytes[i] << (8 * i);
	if (map->nr_bits < 64)
		*mask &= (1ULL << map->nr_bits) - 1;
	return 0;
}

/* Writes mask into a guest cpumap; its bytes past ours become 0. */
static int write_cpumap(struct vcpu *v, const struct xenctl_bitmap *map,
			uint64_t mask)
{
	uint8_t bytes[CPUMAP_MAX_BYTES] = { 0 };
	size_t n = (map->nr_bits + 7) / 8, i;

	if (n > sizeof(bytes))
		return -EINVAL;
	for (i = 0; i < sizeof(mask); i++)
		bytes[i] = (uint8_t)(mask >> (8 * i));
	return copy_to_guest(v, guest_handle_addr(map->bitmap), bytes, n);
}

/*
 * XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity: hard affinity only.  Soft
 * affinity (a preference) is not kept, so asking for it is refused.
 */
static long vcpu_affinity(struct vcpu *v, struct xen_domctl *op,
			  struct domain *d)
{
	struct xen_domctl_vcpuaffinity *va = &op->u.vcpuaffinity;
	struct vcpu *target;
	uint64_t mask;
	int rc;

	if (va->vcpu >= d->max_vcpus)
		return -EINVAL;
	if (va->flags & ~XEN_VCPUAFFINITY_HARD || !va->flags)
		return -EOPNOTSUPP;
	target = d->vcpu[va->vcpu];
	if (op->cmd == XEN_DOMCTL_setvcpuaffinity) {
		rc = read_cpumap(v, &va->cpumap_hard, &mask);
		if (!rc)
			rc = sched_set_affinity(target, mask);
		if (rc)
			return rc;
	}
	return write_cpumap(v, &va->cpumap_hard, target->affinity & online_mask());
}

static long vcpu_info(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	struct xen_domctl_getvcpuinfo *vi = &op->u.getvcpuinfo;
	const struct vcpu *t;

	(void)v;
	if (vi->vcpu >= d->max_vcpus)
		return -EINVAL;
	t = d->vcpu[vi->vcpu];
	vi->online = t->state != VCPU_DOWN;
	vi->blocked = t->state == VCPU_BLOCKED;
	vi->running = t->running;
	vi->cpu_time = sched_cpu_time(t);
	vi->cpu = t->processor;
	return 0;
}

/* XENOLITH_DOMCTL_get_exit_counts (see <xenolith/domctl.h>).  Toolstacks
 * name the codes with <xrt/exitname.h>, whose back end values are ours. */
_Static_assert(XENOLITH_HVM_VMX == EXITNAME_VMX &&
		       XENOLITH_HVM_SVM == EXITNAME_SVM,
	       "exit name back ends");
static long exit_counts(struct vcpu *v, struct xen_domctl *op,
			struct domain *d)
{
	struct xenolith_domctl_exit_counts ec;
	struct xenolith_exit_count e = { 0 };
	const struct vcpu *t;
	uint32_t i;

	_Static_assert(sizeof(ec) <= sizeof(op->u), "fits the domctl union");
	memcpy(&ec, &op->u, sizeof(ec));
	if (ec.vcpu >= d->max_vcpus)
		return -EINVAL;
	t = d->vcpu[ec.vcpu];
	ec.nr = MIN(ec.nr, t->nr_exit_kinds);
	for (i = 0; i < ec.nr; i++) {
		e.reason = t->exits[i].reason;
		e.count = t->exits[i].count;
		if (copy_to_guest(v, ec.buffer + i * sizeof(e), &e, sizeof(e)))
			return -EFAULT;
	}
	ec.backend = strcmp(hvm_ops->name, "vmx") ? XENOLITH_HVM_SVM
						   : XENOLITH_HVM_VMX;
	ec.nr_kinds = t->nr_exit_kinds;
	ec.other = t->exits_other;
	memcpy(&op->u, &ec, sizeof(ec));
	return 0;
}

static const struct domctl_row exit_counts_row = { exit_counts, true, true };

/* XENOLITH_DOMCTL_dma_region (see <xenolith/domctl.h>, hv/dma.h). */
static long dma(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	struct xenolith_domctl_dma_region r;
	long rc;

	(void)v;
	_Static_assert(sizeof(r) <= sizeof(op->u), "fits the domctl union");
	memcpy(&r, &op->u, sizeof(r));
	rc = dma_region(d, &r);
	memcpy(&op->u, &r, sizeof(r));
	return rc;
}

static const struct domctl_row dma_row = { dma, true, true };

/* XENOLITH_DOMCTL_get_usage (see <xenolith/domctl.h>). */
static long usage(struct vcpu *v, struct xen_domctl *op, struct domain *d)
{
	struct xenolith_domctl_usage u;
	struct gnttab_usage g;

	(void)v;
	_Static_assert(sizeof(u) <= sizeof(op->u), "fits the domctl union");
	memcpy(&u, &op->u, sizeof(u));
	if (u.flags)
		return -EINVAL;
	gnttab_usage(d, &g);
	u = (struct xenolith_domctl_usage){
		.evtchn_ports = evtchn_ports_in_use(d),
		.evtchn_max = evtchn_max_ports(d),
		.grant_frames = g.frames,
		.grant_entries = g.entries,
		.grant_entries_mapped = g.entries_mapped,
		.grant_maps = g.maps,
	};
	memcpy(&op->u, &u, sizeof(u));
	return 0;
}

static const struct domctl_row usage_row = { usage, true, true };

static const struct domctl_row table[] = {
	[XEN_DOMCTL_createdomain] = { create, false, true },
	[XEN_DOMCTL_destroydomain] = { destroy, true, false },
	[XEN_DOMCTL_pausedomain] = { pause, true, false },
	[XEN_DOMCTL_unpausedomain] = { pause, true, false },
	[XEN_DOMCTL_getdomaininfo] = { get_info, true, true },
	[XEN_DOMCTL_max_mem] = { max_mem, true, false },
	[XEN_DOMCTL_setvcpucontext] = { set_context, true, false },
	[XEN_DOMCTL_scheduler_op] = { scheduler_op, true, true },
	[XEN_DOMCTL_setvcpuaffinity] = { vcpu_affinity, true, true },
	[XEN_DOMCTL_getvcpuaffinity] = { vcpu_affinity, true, true },
	[XEN_DOMCTL_getvcpuinfo] = { vcpu_info, true, true },
};

long do_domctl(struct vcpu *v, const unsigned long *args)
{
	struct xen_domctl op;
	const struct domctl_row *row;
	struct domain *d = NULL;
	long rc;

	if (copy_from_guest(v, &op, args[0], sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd == XENOLITH_DOMCTL_get_exit_counts)
		row = &exit_counts_row;
	else if (op.cmd == XENOLITH_DOMCTL_dma_region)
		row = &dma_row;
	else if (op.cmd == XENOLITH_DOMCTL_get_usage)
		row = &usage_row;
	else if (op.cmd < ARRAY_SIZE(table) && table[op.cmd].fn)
		row = &table[op.cmd];
	else
		return -ENOSYS;
	/* Check the answer can be written before acting (nothing half-done). */
	if (row->copy_back && copy_to_guest(v, args[0], &op, sizeof(op)))
		return -EFAULT;
	if (row->needs_domain) {
		d = domain_by_id(op.domain);
		if (!d)
			return -ESRCH;
	}
	rc = row->fn(v, &op, d);
	if (!rc && row->copy_back)
		rc = copy_to_guest(v, args[0], &op, sizeof(op));
	return rc;
}
