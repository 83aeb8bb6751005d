/* SPDX-License-Identifier: MIT */
/*
 * Dom0's window on other domains' pages: foreign_map() asks the hypervisor
 * to put a frame of another domain at one of the guest-physical frames of a
 * window above any RAM Dom0 can have (its slots, a table grown as pages are
 * mapped) (XENMEM_add_to_physmap_batch,
 * XENMAPSPACE_gmfn_foreign; the hypervisor wants a hole there) and maps it
 * in the kernel's page tables at the same address.  The page stays
 * readable and writable until foreign_unmap(); when its owner dies the
 * hypervisor removes it from Dom0's physmap, so after the death of a
 * domain (VIRQ_DOM_EXC, or a failed getdomaininfo) Dom0 must stop reading
 * its pages and unmap them.
 *
 * Not locked: only cooperative threads call it.
 */
#ifndef DOM0_FOREIGN_H
#define DOM0_FOREIGN_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

/* First gfn of the window: 2 GiB, the largest RAM a domain may have. */
#define FOREIGN_BASE_GFN	0x80000ul
#define FOREIGN_MAX_SLOTS	(1u << 20)	/* the window: 4 GiB of pages */

/*
 * Maps frame gfn of domain domid.  Returns the kernel's pointer to it, or
 * NULL with *err set: -ENOSPC (the window is full), -ENOMEM, or the hypervisor's
 * per-entry error (-EINVAL: not that domain's RAM; -ESRCH: no such domain;
 * -EPERM: not Dom0).
 */
void *foreign_map(domid_t domid, uint64_t gfn, int *err);

/* Unmaps a page foreign_map() returned.  0, or -EINVAL for another pointer. */
int foreign_unmap(void *page);

/*
 * Copies n bytes to guest-physical gpa of domain domid, up to 64 pages
 * mapped in one hypercall, then unmapped in one multicall.  0, or
 * foreign_map()'s error (*gfn_out: the frame it failed on).
 */
int foreign_write(domid_t domid, uint64_t gpa, const void *src, uint64_t n,
		  uint64_t *gfn_out);

/*
 * Maps the page domain domid granted with reference ref (read-write) at
 * one of the same slots, for a backend's shared ring.  Returns the
 * kernel's pointer and the grant handle in *handle, or NULL with *err set:
 * -ENOSPC, or gnttab_map()'s error (-EINVAL for a bad reference, -ESRCH,
 * -EPERM for a read-only grant).
 */
void *foreign_grant_map(domid_t domid, grant_ref_t ref,
			grant_handle_t *handle, int *err);

/*
 * foreign_grant_map() of n references (refs[0..n-1]) at n consecutive
 * pages, for a multi-page ring: returns the first page, handles[i] for
 * refs[i]; or NULL with *err as foreign_grant_map() (-EINVAL for n 0),
 * nothing left mapped.
 */
void *foreign_grant_map_n(domid_t domid, const grant_ref_t *refs,
			  unsigned int n, grant_handle_t *handles, int *err);

/*
 * Unmaps a page foreign_grant_map() returned with handle.  0, -EINVAL for
 * another pointer, or gnttab_unmap()'s error (the slot is freed anyway).
 */
int foreign_grant_unmap(void *page, grant_handle_t handle);

/* Unmaps the n pages foreign_grant_map_n() returned; the first error. */
int foreign_grant_unmap_n(void *pages, const grant_handle_t *handles,
			  unsigned int n);

#endif
