/* SPDX-License-Identifier: MIT */
/*
 * The table of live domains: pointers in domid order, in frames the
 * hypervisor takes as the table grows (doubling) and gives back as it
 * shrinks, so that what memory allows, not a constant, bounds how many
 * domains live.  Lookups are binary searches, after a look at the domain
 * found last (a grant copy asks for the same granter each time).
 */
#include <errno.h>
#include <string.h>
#include <hv/domain.h>
#include <hv/mm.h>

#define PTRS_PER_PAGE	(PAGE_SIZE / sizeof(struct domain *))

static struct domain **table;
static unsigned long table_pages;	/* frames the table holds */
static unsigned int nr_live;
static struct domain *last_found;	/* live, or NULL */

/* The index of the first domain with an id >= id (nr_live if none). */
static unsigned int lower_bound(domid_t id)
{
	unsigned int lo = 0, hi = nr_live, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (table[mid]->domain_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Moves the table into pages frames (enough for nr_live; none when it is
 * empty, so that the hypervisor ends with every frame it booted with).
 * 0 or -ENOMEM.
 */
static int resize(unsigned long pages)
{
	struct domain **bigger = NULL;
	paddr_t maddr;
	unsigned long i;
	int rc = pages ? page_alloc_contig(DOMID_XEN, pages, 0, &maddr) : 0;

	if (rc)
		return rc;
	if (pages)
		bigger = maddr_to_virt(maddr);
	if (nr_live)
		memcpy(bigger, table, nr_live * sizeof(*table));
	for (i = 0; i < table_pages; i++)
		page_free(virt_to_maddr(table) + i * PAGE_SIZE);
	table = bigger;
	table_pages = pages;
	return 0;
}

int domain_table_add(struct domain *d)
{
	unsigned int i;
	int rc;

	if (nr_live == table_pages * PTRS_PER_PAGE) {
		rc = resize(table_pages ? 2 * table_pages : 1);
		if (rc)
			return rc;
	}
	i = lower_bound(d->domain_id);
	memmove(&table[i + 1], &table[i], (nr_live - i) * sizeof(*table));
	table[i] = d;
	nr_live++;
	return 0;
}

void domain_table_remove(struct domain *d)
{
	unsigned int i = lower_bound(d->domain_id);

	if (i == nr_live || table[i] != d)
		return;
	if (last_found == d)
		last_found = NULL;
	memmove(&table[i], &table[i + 1], (nr_live - i - 1) * sizeof(*table));
	nr_live--;
	/* A quarter full: half the frames do (failing to move is harmless). */
	if (!nr_live)
		resize(0);
	else if (table_pages > 1 && nr_live <= table_pages * PTRS_PER_PAGE / 4)
		resize(table_pages / 2);
}

struct domain *domain_by_id(domid_t id)
{
	unsigned int i;

	if (last_found && last_found->domain_id == id)
		return last_found;
	i = lower_bound(id);
	if (i == nr_live || table[i]->domain_id != id)
		return NULL;
	last_found = table[i];
	return last_found;
}

struct domain *domain_next(domid_t id)
{
	unsigned int i = lower_bound(id);

	return i < nr_live ? table[i] : NULL;
}

unsigned int domain_count(void)
{
	return nr_live;
}
