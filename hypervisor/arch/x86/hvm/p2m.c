/* SPDX-License-Identifier: MIT */
/*
 * The p2m tree (see <asm/p2m.h>): four levels of 512 entries, indexed by
 * gfn bits 35..27, 26..18, 17..9, 8..0.  The encoding of each entry is the
 * back end's (EPT or NPT); the walk is the same for both.
 */
#include <errno.h>
#include <string.h>
#include <asm/p2m.h>
#include <hv/mm.h>
#include <hv/param.h>

#define LEVELS		4
#define ENTRIES		512
#define GFN_BITS	36	/* 48-bit guest-physical addresses */

static unsigned int index_at(uint64_t gfn, unsigned int level)
{
	return (unsigned int)(gfn >> (9 * level)) & (ENTRIES - 1);
}

static uint64_t *table(paddr_t maddr)
{
	return maddr_to_virt(maddr);
}

int p2m_init(struct p2m *p2m, const struct p2m_format *fmt)
{
	int rc;

	p2m->fmt = fmt;
	p2m->nr_tables = 0;
	p2m->hint_table = NULL;
	rc = page_alloc(DOMID_XEN, &p2m->root);
	if (rc)
		return rc;
	p2m->nr_tables = 1;
	return 0;
}

/*
 * Walks to the leaf table of gfn, creating tables when create is set.  A
 * leaf table stays where it is until it is freed, which bumps
 * tables_freed, so the one the last walk reached is kept (the callers
 * hold hv_lock, as for every use of a p2m).
 */
static uint64_t *leaf_table(struct p2m *p2m, uint64_t gfn, bool create)
{
	uint64_t *t, *e;
	paddr_t next;
	unsigned int level;

	if (p2m->hint_table && p2m->hint_index == gfn >> 9 &&
	    p2m->hint_freed == p2m->tables_freed)
		return p2m->hint_table;
	t = table(p2m->root);
	for (level = LEVELS - 1; level > 0; level--) {
		e = &t[index_at(gfn, level)];
		if (!p2m->fmt->perms(*e)) {
			if (!create || page_alloc(DOMID_XEN, &next))
				return NULL;
			p2m->nr_tables++;
			*e = p2m->fmt->make(next, P2M_RWX, false);
		}
		t = table(*e & P2M_ADDR_MASK);
	}
	p2m->hint_table = t;
	p2m->hint_index = gfn >> 9;
	p2m->hint_freed = p2m->tables_freed;
	return t;
}

void (*p2m_changed_hook)(struct p2m *p2m);

void p2m_flush(struct p2m *p2m)
{
	p2m->changes++;
	if (p2m_changed_hook)
		p2m_changed_hook(p2m);
}

/*
 * Gives back the leaf table of gfn once its last entry is gone, so that a
 * range mapped for a while (Dom0's window of foreign pages, grown for many
 * domains) does not keep its tables.  The entry above it goes first and
 * every CPU on this p2m is flushed (the hook) before the frame is freed.
 */
static void free_leaf_if_empty(struct p2m *p2m, uint64_t gfn)
{
	uint64_t *t = table(p2m->root), *e = NULL;
	unsigned int level, i;
	paddr_t leaf;

	for (level = LEVELS - 1; level > 0; level--) {
		e = &t[index_at(gfn, level)];
		if (!p2m->fmt->perms(*e))
			return;
		t = table(*e & P2M_ADDR_MASK);
	}
	for (i = 0; i < ENTRIES; i++)
		if (t[i])
			return;
	leaf = *e & P2M_ADDR_MASK;
	*e = 0;
	p2m->tables_freed++;
	p2m_flush(p2m);
	page_free(leaf);
	p2m->nr_tables--;
}

int p2m_set(struct p2m *p2m, uint64_t gfn, paddr_t maddr, unsigned int perms)
{
	uint64_t *t, old;

	if (gfn >> GFN_BITS || maddr & (PAGE_SIZE - 1) || maddr & ~P2M_ADDR_MASK)
		return -EINVAL;
	t = leaf_table(p2m, gfn, perms != 0);
	if (!t)
		return perms ? -ENOMEM : 0;
	old = t[index_at(gfn, 0)];
	t[index_at(gfn, 0)] = perms ? p2m->fmt->make(maddr, perms, true) : 0;
	if (p2m->fmt->perms(old)) {
		p2m_flush(p2m);
		if (!perms)
			free_leaf_if_empty(p2m, gfn);
	}
	return 0;
}

int p2m_get(const struct p2m *p2m, uint64_t gfn, paddr_t *maddr,
	    unsigned int *perms)
{
	uint64_t e;
	uint64_t *t;

	if (gfn >> GFN_BITS)
		return -ENOENT;
	t = leaf_table((struct p2m *)p2m, gfn, false);
	if (!t)
		return -ENOENT;
	e = t[index_at(gfn, 0)];
	*perms = p2m->fmt->perms(e);
	if (!*perms)
		return -ENOENT;
	*maddr = e & P2M_ADDR_MASK;
	return 0;
}

paddr_t p2m_frame(const struct p2m *p2m, uint64_t gfn)
{
	const uint64_t *t;
	uint64_t e;

	if (gfn >> GFN_BITS)
		return 0;
	t = leaf_table((struct p2m *)p2m, gfn, false);
	if (!t)
		return 0;
	e = t[index_at(gfn, 0)];
	return e & p2m->fmt->present ? e & P2M_ADDR_MASK : 0;
}

const uint64_t *p2m_entry_slot(const struct p2m *p2m, uint64_t gfn)
{
	uint64_t *t;

	if (gfn >> GFN_BITS)
		return NULL;
	t = leaf_table((struct p2m *)p2m, gfn, false);
	return t ? &t[index_at(gfn, 0)] : NULL;
}

unsigned int p2m_entry_decode(const struct p2m *p2m, uint64_t e,
			      paddr_t *maddr)
{
	*maddr = e & P2M_ADDR_MASK;
	return p2m->fmt->perms(e);
}

static void free_tree(const struct p2m *p2m, paddr_t maddr, unsigned int level)
{
	uint64_t *t = table(maddr);
	unsigned int i;

	if (level > 0)
		for (i = 0; i < ENTRIES; i++)
			if (p2m->fmt->perms(t[i]))
				free_tree(p2m, t[i] & P2M_ADDR_MASK, level - 1);
	page_free(maddr);
}

void p2m_destroy(struct p2m *p2m)
{
	free_tree(p2m, p2m->root, LEVELS - 1);
	p2m->root = 0;
	p2m->nr_tables = 0;
	p2m->tables_freed++;
}
