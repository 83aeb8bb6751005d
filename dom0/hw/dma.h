/* SPDX-License-Identifier: MIT */
/*
 * Memory that devices may read and write (DMA).  Dom0's RAM is not
 * machine-contiguous and its guest-physical addresses are not machine
 * addresses, so a device given a pointer into it would reach someone
 * else's memory.  The hypervisor instead gives Dom0 one region of
 * machine-contiguous RAM mapped at its machine address
 * (XENOLITH_DOMCTL_dma_region); everything a device touches (virtqueues,
 * buffers) is allocated here, and its bus address is its address.
 *
 * Page-granular, first fit over a bitmap.  Not locked: only cooperative
 * threads call it.
 */
#ifndef DOM0_HW_DMA_H
#define DOM0_HW_DMA_H

#include <stddef.h>
#include <stdint.h>

#define DMA_POOL_PAGES	1024	/* 4 MiB asked of the hypervisor at first use */

/*
 * n zeroed, contiguous pages a device can reach; *bus gets the address to
 * give the device.  NULL when the pool is exhausted or the hypervisor
 * refused the region (the first call asks for it).
 */
void *dma_alloc(size_t n, uint64_t *bus);

/* Returns n pages from dma_alloc() (n as allocated). */
void dma_free(void *p, size_t n);

#endif
