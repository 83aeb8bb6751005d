/* SPDX-License-Identifier: MIT */
/*
 * Persistent grants (xen/io/blkif.h's feature-persistent): the pages of
 * one frontend that its backend keeps mapped from first use until the
 * device disconnects, so that a request's data moves with one memcpy
 * instead of a GNTTABOP_copy hypercall through a bounce page.
 *
 * At most PGRANT_MAX references per table are mapped.  A reference that
 * does not map read-write (not granted, granted read-only, a reserved
 * one, no room in Dom0's window or maptrack) is remembered as unmapped
 * and is moved with GNTTABOP_copy ever after, which still checks it, so
 * a frontend can cost itself speed, never correctness: a reference past
 * the limit is simply copied.  A frontend cannot end a grant while it is
 * mapped (the hypervisor refuses), and when it dies the hypervisor puts
 * a scratch page under Dom0's mapping until pgrant_destroy() unmaps it.
 *
 * Not locked: Dom0's cooperative threads.
 */
#ifndef DRIVERS_PGRANT_H
#define DRIVERS_PGRANT_H

#include <xen/xen.h>
#include <xen/grant_table.h>

#define PGRANT_MAX	1056	/* references mapped per table, Linux's figure */

struct pgrant_table;

/* An empty table for frontend domain fe, or NULL (no memory). */
struct pgrant_table *pgrant_create(domid_t fe);

/*
 * The page of reference ref, mapped read-write (now, or when first asked
 * for), or NULL: that reference is to be moved with GNTTABOP_copy.
 */
void *pgrant_page(struct pgrant_table *t, grant_ref_t ref);

/* How many references t holds mapped. */
unsigned int pgrant_mapped(const struct pgrant_table *t);

/* Unmaps every page of t and frees it; t may be NULL. */
void pgrant_destroy(struct pgrant_table *t);

#endif
