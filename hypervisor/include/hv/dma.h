/* SPDX-License-Identifier: MIT */
/*
 * DMA regions for the hardware domain (XENOLITH_DOMCTL_dma_region in
 * <xenolith/domctl.h>): machine-contiguous RAM that Dom0 sees at its
 * machine address, so that the addresses it gives devices are right.
 * Called under the hypervisor lock.
 */
#ifndef HV_DMA_H
#define HV_DMA_H

#include <xenolith/domctl.h>

struct domain;

/*
 * Gives d (which must be Dom0) r->nr_pages contiguous frames at the same
 * guest-physical address, above its RAM; fills r->base.  0, -EINVAL
 * (not Dom0, nr_pages 0 or too many), -ENOMEM (no run free, the limit
 * reached, or the p2m could not grow; nothing is left allocated).
 */
long dma_region(struct domain *d, struct xenolith_domctl_dma_region *r);

#endif
