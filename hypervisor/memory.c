/* SPDX-License-Identifier: MIT */
/*
 * The memory_op hypercall.  The foundation answers a domain's questions
 * about its own memory; populate/decrease_reservation come with issue 4.
 */
#include <errno.h>
#include <xen/memory.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/shared_info.h>

/* Xen packs the start extent of a continuation above the command's 6 bits. */
#define MEMOP_CMD_MASK	0x3f

#define E820_RAM	1

/* An entry of XENMEM_memory_map's buffer: the BIOS E820 layout, 20 bytes. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __packed;

static long memory_map(struct vcpu *v, unsigned long arg)
{
	struct xen_memory_map map;
	struct e820_entry ram = { 0, v->domain->mem_bytes, E820_RAM };

	if (copy_from_guest(v, &map, arg, sizeof(map)))
		return -EFAULT;
	if (map.nr_entries < 1)
		return -EINVAL;
	map.nr_entries = 1;
	if (copy_to_guest(v, guest_handle_addr(map.buffer), &ram, sizeof(ram)) ||
	    copy_to_guest(v, arg, &map, sizeof(map)))
		return -EFAULT;
	return 0;
}

/* XENMEM_{current,maximum}_reservation: arg names a domid_t. */
static long reservation(struct vcpu *v, unsigned long arg, bool maximum)
{
	domid_t id;
	struct domain *d;

	if (copy_from_guest(v, &id, arg, sizeof(id)))
		return -EFAULT;
	if (id == DOMID_SELF || id == v->domain->domain_id)
		d = v->domain;
	else if (!v->domain->is_privileged)
		return -EPERM;
	else if (!(d = domain_by_id(id)))
		return -ESRCH;
	return (long)(maximum ? d->mem_bytes >> PAGE_SHIFT : d->tot_pages);
}

/* XENMEM_add_to_physmap: the spaces the domain itself may map. */
static long add_to_physmap(struct vcpu *v, unsigned long arg)
{
	struct xen_add_to_physmap xatp;
	struct domain *d;

	if (copy_from_guest(v, &xatp, arg, sizeof(xatp)))
		return -EFAULT;
	if (xatp.domid == DOMID_SELF || xatp.domid == v->domain->domain_id)
		d = v->domain;
	else if (!v->domain->is_privileged)
		return -EPERM;
	else if (!(d = domain_by_id(xatp.domid)))
		return -ESRCH;
	switch (xatp.space) {
	case XENMAPSPACE_shared_info:
		if (xatp.idx != 0)
			return -EINVAL;
		return shared_info_map(d, xatp.gpfn);
	default:
		return -ENOSYS;
	}
}

long do_memory_op(struct vcpu *v, const unsigned long *args)
{
	switch (args[0] & MEMOP_CMD_MASK) {
	case XENMEM_memory_map:
		return memory_map(v, args[1]);
	case XENMEM_current_reservation:
		return reservation(v, args[1], false);
	case XENMEM_maximum_reservation:
		return reservation(v, args[1], true);
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, args[1]);
	default:
		return -ENOSYS;
	}
}
