/* SPDX-License-Identifier: MIT */
/*
 * Xenolith's own additions to Xen's domctl ABI, for toolstacks.  Their
 * numbers lie far above Xen's so that they never collide; the structure
 * travels in struct xen_domctl's union like Xen's own, with
 * interface_version XEN_DOMCTL_INTERFACE_VERSION.  Dom0 only.
 */
#ifndef XENOLITH_DOMCTL_H
#define XENOLITH_DOMCTL_H

#include <stdint.h>

/*
 * XENOLITH_DOMCTL_get_exit_counts: how many VM exits of each reason one
 * vCPU of the domain has taken (what the hypervisor prints when the domain
 * ends, read while it runs).  Reasons are the back end's own codes: VMX
 * basic exit reasons, or SVM exit codes; `backend` says which.
 *   -EINVAL  vcpu beyond the domain's vCPUs
 *   -EFAULT  buffer not writable for nr entries
 */
#define XENOLITH_DOMCTL_get_exit_counts	0x4000

#define XENOLITH_HVM_VMX		1
#define XENOLITH_HVM_SVM		2

struct xenolith_exit_count {
	uint32_t reason;
	uint32_t pad;
	uint64_t count;
};

struct xenolith_domctl_exit_counts {
	uint32_t vcpu;		/* IN */
	uint32_t nr;		/* IN: entries buffer has room for; OUT: copied */
	uint32_t backend;	/* OUT: XENOLITH_HVM_VMX or XENOLITH_HVM_SVM */
	uint32_t nr_kinds;	/* OUT: kinds counted (may exceed nr) */
	uint64_t buffer;	/* IN: guest address of struct xenolith_exit_count[nr] */
	uint64_t other;		/* OUT: exits of kinds beyond what is counted */
};

/*
 * XENOLITH_DOMCTL_dma_region: gives the hardware domain (Dom0, the only
 * domain allowed) nr_pages of machine-contiguous RAM mapped in its physmap
 * at the same address (guest-physical == machine), above its own RAM: the
 * addresses Dom0 writes into a device's DMA descriptors are then the ones
 * the device uses.  Dom0's other RAM is not machine-contiguous and must not
 * be handed to devices; drivers place rings and bounce buffers here (as
 * Linux's swiotlb-xen does for a PV Dom0).  The frames are Dom0's until it
 * ends.
 *   -EINVAL  domain is not Dom0, or nr_pages is 0 or above the limit
 *   -ENOMEM  no contiguous run free, or DMA pages of Dom0 at their limit
 */
#define XENOLITH_DOMCTL_dma_region	0x4001

#define XENOLITH_DMA_MAX_PAGES		4096	/* per boot: 16 MiB */

struct xenolith_domctl_dma_region {
	uint32_t nr_pages;	/* IN */
	uint32_t pad;
	uint64_t base;		/* OUT: guest-physical and machine address */
};

/*
 * XENOLITH_DOMCTL_get_usage: what of its event channel and grant tables a
 * domain uses now, for a toolstack's metrics.  A port is in use when it is
 * not free (unbound, interdomain, VIRQ, IPI or PIRQ; port 0, reserved, is
 * not counted).  A grant entry is in use when the domain's guest has
 * written a grant into it (its type is not GTF_invalid); some of those are
 * mapped by another domain now.  Mappings are the domain's own, of other
 * domains' grants (its maptrack handles in use).
 *   -EINVAL  flags not 0
 */
#define XENOLITH_DOMCTL_get_usage	0x4002

struct xenolith_domctl_usage {
	uint32_t flags;			/* IN: 0 */
	uint32_t evtchn_ports;		/* OUT: ports in use */
	uint32_t evtchn_max;		/* OUT: ports its table can hold now */
	uint32_t grant_frames;		/* OUT: frames of its grant table */
	uint32_t grant_entries;		/* OUT: its entries that grant access */
	uint32_t grant_entries_mapped;	/* OUT: of those, mapped by another now */
	uint32_t grant_maps;		/* OUT: its mappings of others' grants */
	uint32_t pad;
};

#endif
