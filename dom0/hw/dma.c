/* SPDX-License-Identifier: MIT */
/* Dom0's DMA pool: the hypervisor's 1:1 region, handed out by pages. */
#include <errno.h>
#include <string.h>
#include <xen/domctl.h>
#include "../../guest-patches/kernel/paging.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/pv/hypercall.h"
#include "../../hypervisor/include/xenolith/domctl.h"
#include "dma.h"

#define PAGE	4096u

static uint8_t *pool;		/* NULL until the region is had */
static uint8_t used[DMA_POOL_PAGES / 8];
static int failed;		/* the hypervisor's answer when it refused */

static int get_region(void)
{
	struct xen_domctl op;
	struct xenolith_domctl_dma_region *r;
	unsigned int i;
	long rc;

	memset(&op, 0, sizeof(op));
	op.cmd = XENOLITH_DOMCTL_dma_region;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = 0;
	r = (struct xenolith_domctl_dma_region *)&op.u;
	r->nr_pages = DMA_POOL_PAGES;
	rc = hypercall_raw(__HYPERVISOR_domctl, (unsigned long)&op, 0, 0, 0, 0);
	if (rc)
		return (int)rc;
	for (i = 0; i < DMA_POOL_PAGES; i++) {
		rc = paging_map(r->base + i * PAGE, r->base + i * PAGE,
				PAGING_WRITE);
		if (rc)
			return (int)rc;
	}
	pool = (uint8_t *)(uintptr_t)r->base;
	return 0;
}

static int bit(size_t i)
{
	return used[i / 8] & (1u << (i % 8));
}

void *dma_alloc(size_t n, uint64_t *bus)
{
	size_t i, run = 0;

	if (!pool && !failed) {
		failed = get_region();
		if (failed)
			kprintf("dma: no region from the hypervisor: error %d\n",
				failed);
	}
	if (!pool || !n)
		return NULL;
	for (i = 0; i < DMA_POOL_PAGES; i++) {
		run = bit(i) ? 0 : run + 1;
		if (run < n)
			continue;
		for (i = i + 1 - n, run = 0; run < n; run++, i++)
			used[i / 8] |= (uint8_t)(1u << (i % 8));
		memset(pool + (i - n) * PAGE, 0, n * PAGE);
		*bus = (uint64_t)(uintptr_t)(pool + (i - n) * PAGE);
		return pool + (i - n) * PAGE;
	}
	return NULL;
}

void dma_free(void *p, size_t n)
{
	size_t i = (size_t)((uint8_t *)p - pool) / PAGE;

	for (; n; n--, i++)
		used[i / 8] &= (uint8_t)~(1u << (i % 8));
}
