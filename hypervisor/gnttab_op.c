/* SPDX-License-Identifier: MIT */
/*
 * The grant_table_op hypercall: copies each operation in, hands it to
 * gnttab.c and copies its status out.  Batches run whole (no continuations
 * yet), so their length is capped at GNTTAB_MAX_BATCH.
 */
#include <errno.h>
#include <string.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>

union gnttab_any_op {
	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	struct gnttab_copy copy;
	struct gnttab_swap_grant_ref swap;
};

static void map_one(struct domain *ld, void *op)
{
	gnttab_map(ld, op);
}

static void unmap_one(struct domain *ld, void *op)
{
	gnttab_unmap(ld, op);
}

static void copy_one(struct domain *ld, void *op)
{
	gnttab_copy(ld, op);
}

static void swap_one(struct domain *ld, void *op)
{
	gnttab_swap(ld, op);
}

long gnttab_op_batch(struct vcpu *v, unsigned long uop, unsigned long count,
		     size_t size, gnttab_one_fn fn)
{
	struct p2m *p2m = &v->domain->p2m;
	union gnttab_any_op op;
	unsigned long i;
	uint64_t changes, gpa;
	void *p;

	if (count > GNTTAB_MAX_BATCH)
		return -EINVAL;
	BUG_ON(size > sizeof(op));
	for (i = 0; i < count; i++, uop += size) {
		changes = p2m->changes;
		p = guest_window(v, uop, size, &gpa);
		if (p) {
			memcpy(&op, p, size);
			fn(v->domain, &op);
			if (p2m->changes != changes)
				p = guest_phys_window(v->domain, gpa);
			if (!p)
				return -EFAULT;
			memcpy(p, &op, size);
			continue;
		}
		if (copy_from_guest(v, &op, uop, size) ||
		    copy_to_guest(v, uop, &op, size))
			return -EFAULT;
		fn(v->domain, &op);
		if (copy_to_guest(v, uop, &op, size))
			return -EFAULT;
	}
	return 0;
}

void gnttab_op_setup_table(struct vcpu *v, struct gnttab_setup_table *op,
			   const struct guest_ulongs *frames)
{
	struct domain *d;
	unsigned int i;

	gnttab_setup(v->domain, op, &d);
	for (i = 0; d && i < op->nr_frames; i++) {
		if (guest_ulongs_put(v, frames, i, gnttab_frame_gfn(d, i))) {
			op->status = GNTST_bad_virt_addr;
			break;
		}
	}
}

static long setup_table(struct vcpu *v, unsigned long uop)
{
	struct gnttab_setup_table op;
	struct guest_ulongs frames;

	if (copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	frames = (struct guest_ulongs){ guest_handle_addr(op.frame_list), 8 };
	gnttab_op_setup_table(v, &op, &frames);
	return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* The domain a size or version query names, with Xen's permission rule. */
static struct domain *query_target(struct vcpu *v, domid_t dom, int16_t *st)
{
	struct domain *d = dom == DOMID_SELF ? v->domain : domain_by_id(dom);

	*st = GNTST_okay;
	if (!d)
		*st = GNTST_bad_domain;
	else if (d != v->domain && !v->domain->is_privileged)
		*st = GNTST_permission_denied;
	return *st == GNTST_okay ? d : NULL;
}

static long query_size(struct vcpu *v, unsigned long uop)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	d = query_target(v, op.dom, &op.status);
	if (d) {
		op.nr_frames = d->gnttab.nr_frames;
		op.max_nr_frames = MAX_GRANT_FRAMES;
	}
	return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Only version 1 exists here: as Xen booted with gnttab=max-ver:1. */
static long set_version(struct vcpu *v, unsigned long uop)
{
	struct gnttab_set_version op;
	long rc = 0;

	if (copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version == 2)
		rc = -ENOSYS;
	else if (op.version != 1)
		rc = -EINVAL;
	op.version = 1;
	return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(struct vcpu *v, unsigned long uop)
{
	struct gnttab_get_version op;
	int16_t st;

	if (copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	if (!query_target(v, op.dom, &st))
		return st == GNTST_bad_domain ? -ESRCH : -EPERM;
	op.version = 1;
	return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

long do_grant_table_op(struct vcpu *v, const unsigned long *args)
{
	unsigned long uop = args[1], count = args[2];

	switch (args[0]) {
	case GNTTABOP_map_grant_ref:
		return gnttab_op_batch(v, uop, count,
				       sizeof(struct gnttab_map_grant_ref), map_one);
	case GNTTABOP_unmap_grant_ref:
		return gnttab_op_batch(v, uop, count,
				       sizeof(struct gnttab_unmap_grant_ref),
				       unmap_one);
	case GNTTABOP_copy:
		return gnttab_op_batch(v, uop, count, sizeof(struct gnttab_copy),
				       copy_one);
	case GNTTABOP_swap_grant_ref:
		return gnttab_op_batch(v, uop, count,
				       sizeof(struct gnttab_swap_grant_ref),
				       swap_one);
	case GNTTABOP_setup_table:
		return count != 1 ? -EINVAL : setup_table(v, uop);
	case GNTTABOP_query_size:
		return count != 1 ? -EINVAL : query_size(v, uop);
	case GNTTABOP_set_version:
		return count != 1 ? -EINVAL : set_version(v, uop);
	case GNTTABOP_get_version:
		return count != 1 ? -EINVAL : get_version(v, uop);
	default:
		return -ENOSYS;
	}
}
