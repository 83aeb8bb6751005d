/* SPDX-License-Identifier: MIT */
/*
 * The sysctl hypercall: what Dom0's toolstack asks of the whole machine —
 * the console ring (xl dmesg), physical information (xl info) and the
 * list of domains (xl list).
 */
#include <errno.h>
#include <string.h>
#include <asm/apic.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/smp.h>

#define READCONSOLE_CHUNK	256

static long read_console(struct vcpu *v, struct xen_sysctl_readconsole *rc)
{
	char buf[READCONSOLE_CHUNK];
	uint64_t index = rc->index;
	bool from_index = rc->incremental;	/* else from the oldest byte */
	uint32_t done = 0;
	size_t n;

	do {
		n = console_ring_read(buf, MIN(sizeof(buf), rc->count - done),
				      &index, from_index, false);
		from_index = true;	/* the next chunk goes on from this one */
		if (n && copy_to_guest(v, guest_handle_addr(rc->buffer) + done,
				       buf, n))
			return -EFAULT;
		done += (uint32_t)n;
	} while (n && done < rc->count);
	if (rc->clear)
		console_ring_read(buf, 0, &index, true, true);
	rc->count = done;
	rc->index = (uint32_t)index;
	return 0;
}

static long physinfo(struct xen_sysctl_physinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = 1;
	pi->nr_cpus = smp_cpus_online();
	pi->max_cpu_id = MAX_CPUS - 1;
	pi->nr_nodes = 1;
	pi->cpu_khz = (uint32_t)tsc_per_ms;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap;
	pi->total_pages = page_alloc_total_count();
	pi->free_pages = page_alloc_free_count();
	pi->max_mfn = MAX_FRAMES - 1;
	return 0;
}

static long domain_list(struct vcpu *v, struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	struct domain *d;
	uint32_t n = 0;
	domid_t next = l->first_domain;

	while (n < l->max_domains && next < DOMID_FIRST_RESERVED &&
	       (d = domain_next(next))) {
		domctl_get_info(d, &info);
		if (copy_to_guest(v, guest_handle_addr(l->buffer) + n * sizeof(info),
				  &info, sizeof(info)))
			return -EFAULT;
		n++;
		next = d->domain_id + 1;
	}
	l->num_domains = n;
	return 0;
}

long do_sysctl(struct vcpu *v, const unsigned long *args)
{
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(v, &op, args[0], sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (copy_to_guest(v, args[0], &op, sizeof(op)))
		return -EFAULT;	/* the answer could not be written back */
	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		if (op.u.readconsole.incremental > 1 || op.u.readconsole.clear > 1)
			return -EINVAL;
		rc = read_console(v, &op.u.readconsole);
		break;
	case XEN_SYSCTL_physinfo:
		rc = physinfo(&op.u.physinfo);
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = domain_list(v, &op.u.getdomaininfolist);
		break;
	default:
		return -ENOSYS;
	}
	if (!rc)
		rc = copy_to_guest(v, args[0], &op, sizeof(op));
	return rc;
}
