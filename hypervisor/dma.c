/* SPDX-License-Identifier: MIT */
/* DMA regions: machine-contiguous RAM mapped 1:1 into Dom0's physmap. */
#include <errno.h>
#include <asm/p2m.h>
#include <hv/console.h>
#include <hv/dma.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/param.h>

static unsigned long dma_pages;	/* given to Dom0 this boot */

long dma_region(struct domain *d, struct xenolith_domctl_dma_region *r)
{
	unsigned long i, n = r->nr_pages;
	unsigned int perms;
	paddr_t base, m;

	if (d->domain_id != 0 || !d->is_privileged || !n ||
	    n > XENOLITH_DMA_MAX_PAGES)
		return -EINVAL;
	if (dma_pages + n > XENOLITH_DMA_MAX_PAGES)
		return -ENOMEM;
	/* Above Dom0's RAM, so that gfn == mfn meets none of its own gfns. */
	if (page_alloc_contig(d->domain_id, n, d->mem_bytes, &base))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!p2m_get(&d->p2m, (base >> PAGE_SHIFT) + i, &m, &perms))
			goto err_free;
	for (i = 0; i < n; i++)
		if (p2m_set(&d->p2m, (base >> PAGE_SHIFT) + i,
			    base + i * PAGE_SIZE, P2M_READ | P2M_WRITE))
			goto err_unmap;
	d->tot_pages += n;
	dma_pages += n;
	r->base = base;
	printk("d%u: DMA region %#lx-%#lx\n", d->domain_id, base,
	       base + n * PAGE_SIZE - 1);
	return 0;

err_unmap:
	while (i--)
		p2m_set(&d->p2m, (base >> PAGE_SHIFT) + i, 0, 0);
err_free:
	for (i = 0; i < n; i++)
		page_free(base + i * PAGE_SIZE);
	return -ENOMEM;
}
