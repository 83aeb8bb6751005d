/* SPDX-License-Identifier: MIT */
/*
 * The p2m: a domain's guest-physical to machine table, walked by the
 * hardware as EPT (VT-x) or nested page tables (AMD-V).  Both are four-level
 * radix trees of 512 eight-byte entries with the address in bits 12..51; they
 * differ only in how an entry spells "present, writable, executable", which
 * the back end supplies as a struct p2m_format.  Only 4 KiB leaves are used.
 *
 * Table frames come from the frame allocator, owned by DOMID_XEN, and are
 * freed by p2m_destroy(); the frames a p2m maps belong to the domain and
 * are not touched by it.
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <hv/types.h>

#define P2M_READ	1u
#define P2M_WRITE	2u
#define P2M_EXEC	4u
#define P2M_RWX		(P2M_READ | P2M_WRITE | P2M_EXEC)
#define P2M_UNCACHED	8u	/* device memory: leaf is uncached, not a right */

#define P2M_ADDR_MASK	0x000ffffffffff000ULL

struct p2m_format {
	const char *name;
	/* Encodes an entry pointing at maddr; leaf entries carry perms. */
	uint64_t (*make)(paddr_t maddr, unsigned int perms, bool leaf);
	/* The P2M_* rights an entry grants; 0 for a not-present entry. */
	unsigned int (*perms)(uint64_t entry);
	/* A present entry has one of these bits: perms(e) != 0 iff so. */
	uint64_t present;
};

struct p2m {
	const struct p2m_format *fmt;
	paddr_t root;			/* machine address of the top table */
	unsigned long nr_tables;	/* table frames in use, root included */
	/*
	 * Bumped whenever a present leaf is changed or removed: a back end
	 * that sees it move flushes the guest's TLB before the next entry,
	 * since translations of the old entry may be cached.
	 */
	uint64_t changes;
	/* Bumped whenever a table frame is freed: see p2m_entry_slot(). */
	uint64_t tables_freed;
	/*
	 * The leaf table the last lookup reached, for gfns hint_index << 9
	 * to +511, taken again while tables_freed is still hint_freed: a
	 * grant copy looks up the same two frames each time.  NULL: none.
	 */
	uint64_t *hint_table;
	uint64_t hint_index, hint_freed;
};

/*
 * Allocates an empty top-level table.  Returns 0, or -ENOMEM.
 */
int p2m_init(struct p2m *p2m, const struct p2m_format *fmt);

/*
 * Maps guest frame gfn to machine address maddr (page aligned) with perms,
 * allocating intermediate tables as needed; perms 0 removes the mapping
 * (and frees the leaf table when that was its last entry).
 * Replacing or removing a present entry bumps p2m->changes.
 * Returns 0, -EINVAL for a gfn beyond 48 bits or an unaligned maddr, or
 * -ENOMEM (the p2m is left as it was, apart from empty tables).
 */
int p2m_set(struct p2m *p2m, uint64_t gfn, paddr_t maddr, unsigned int perms);

/*
 * Looks gfn up.  Returns 0 and fills *maddr and *perms, or -ENOENT when it is
 * not mapped.
 */
int p2m_get(const struct p2m *p2m, uint64_t gfn, paddr_t *maddr,
	    unsigned int *perms);

/*
 * The machine address of gfn's frame, or 0 when it is not mapped: p2m_get()
 * for a caller that needs no rights (a grant copy's two frames), without
 * decoding them.
 */
paddr_t p2m_frame(const struct p2m *p2m, uint64_t gfn);

/*
 * Where gfn's entry lives, for a caller that remembers it to look gfn up
 * again cheaply (the guest page-table walk): NULL when gfn has no leaf
 * table.  The pointer stays valid while p2m->tables_freed does not move;
 * what it points to is read with p2m_entry_decode() each time.
 */
const uint64_t *p2m_entry_slot(const struct p2m *p2m, uint64_t gfn);

/* The permissions of entry e (0: not mapped) and its frame in *maddr. */
unsigned int p2m_entry_decode(const struct p2m *p2m, uint64_t e,
			      paddr_t *maddr);

/*
 * Called by p2m_set() after it changed or removed a present entry, before
 * its caller can free what the old entry mapped: the hvm layer makes every
 * other CPU running a vCPU on this p2m leave guest mode, so that none keeps
 * using the old translation (the SMP TLB shootdown; the flush itself
 * happens at the next entry, as p2m->changes moved).  NULL when nothing
 * needs telling (the host unit tests).
 */
extern void (*p2m_changed_hook)(struct p2m *p2m);

/*
 * Every translation of p2m cached in a TLB goes: bumps p2m->changes (so
 * each vCPU on it flushes its guest's TLB before its next entry, linear
 * translations included) and calls the hook (so none running elsewhere
 * keeps using them).  p2m_set() calls it for a changed entry;
 * HVMOP_flush_tlbs for a guest's own request.
 */
void p2m_flush(struct p2m *p2m);

/* Frees every table frame; the p2m must not be in use by any CPU. */
void p2m_destroy(struct p2m *p2m);

#endif
