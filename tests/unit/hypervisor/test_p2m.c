/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the p2m tree (hypervisor/arch/x86/hvm/p2m.c), run once per
 * entry format: NPT always, EPT once the vmx back end provides it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <cunit_run.h>

#include "harness.h"

#define GFN_LIMIT	(1ULL << 36)	/* 48-bit guest-physical addresses */

const struct p2m_format *p2m_test_fmt;

uint64_t *p2m_test_entry(const struct p2m *p2m, uint64_t gfn,
			 unsigned int level)
{
	uint64_t *t = maddr_to_virt(p2m->root);
	unsigned int l;

	for (l = 3;; l--) {
		uint64_t *e = &t[(gfn >> (9 * l)) & 511];

		if (l == level)
			return e;
		if (!p2m_test_fmt->perms(*e))
			return NULL;
		t = maddr_to_virt(*e & P2M_ADDR_MASK);
	}
}

/* A fresh allocator and an empty p2m over it. */
static void fresh(struct p2m *p2m)
{
	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(p2m_init(p2m, p2m_test_fmt), 0);
}

/* A frame of domain 1's, for the p2m to point at. */
static paddr_t frame(void)
{
	paddr_t m = 0;

	CU_ASSERT_EQUAL(page_alloc(1, &m), 0);
	return m;
}

static void init_allocates_root(void)
{
	struct p2m p2m;
	uint64_t *t;
	unsigned int i, nonzero = 0;

	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(p2m_init(&p2m, p2m_test_fmt), 0);
	CU_ASSERT_EQUAL(p2m.nr_tables, 1);
	CU_ASSERT_PTR_EQUAL(p2m.fmt, p2m_test_fmt);
	CU_ASSERT_EQUAL(page_owner(p2m.root), DOMID_XEN);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 1);
	t = maddr_to_virt(p2m.root);
	for (i = 0; i < 512; i++)
		nonzero += t[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	p2m_destroy(&p2m);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES);
}

static void init_without_memory(void)
{
	struct p2m p2m;
	paddr_t m;

	harness_ram_reset();
	while (page_alloc(1, &m) == 0)
		;
	CU_ASSERT_EQUAL(p2m_init(&p2m, p2m_test_fmt), -ENOMEM);
	CU_ASSERT_EQUAL(p2m.nr_tables, 0);
}

static void set_get_round_trip(void)
{
	static const struct {
		uint64_t gfn;
		unsigned int perms;
	} cases[] = {
		{ 0, P2M_RWX },
		{ 1, P2M_READ },
		{ 0x1ff, P2M_READ | P2M_WRITE },
		{ 0x200, P2M_READ | P2M_EXEC },
		{ 0x3ffff, P2M_RWX },
		{ 0x40000, P2M_READ },
		{ 0x8000000, P2M_READ | P2M_WRITE },
		{ GFN_LIMIT - 1, P2M_RWX },
	};
	paddr_t m[ARRAY_SIZE(cases)], got;
	unsigned int i, perms;
	struct p2m p2m;

	fresh(&p2m);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		m[i] = frame();
		CU_ASSERT_EQUAL(p2m_set(&p2m, cases[i].gfn, m[i],
					cases[i].perms), 0);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = 0;
		perms = 0;
		CU_ASSERT_EQUAL(p2m_get(&p2m, cases[i].gfn, &got, &perms), 0);
		CU_ASSERT_EQUAL(got, m[i]);
		CU_ASSERT_EQUAL(perms, cases[i].perms);
		CU_ASSERT_EQUAL(p2m_frame(&p2m, cases[i].gfn), m[i]);
	}
	/* Neighbours stay unmapped; p2m_frame() says so with 0. */
	CU_ASSERT_EQUAL(p2m_frame(&p2m, 2), 0);
	CU_ASSERT_EQUAL(p2m_frame(&p2m, 0x201), 0);
	CU_ASSERT_EQUAL(p2m_frame(&p2m, 0x123456), 0);
	CU_ASSERT_EQUAL(p2m_frame(&p2m, GFN_LIMIT), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 2, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x201, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, GFN_LIMIT - 2, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x123456, &got, &perms), -ENOENT);
	/* A removed entry is gone for both lookups. */
	CU_ASSERT_EQUAL(p2m_set(&p2m, 1, 0, 0), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 1, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_frame(&p2m, 1), 0);
	CU_ASSERT_EQUAL(p2m_frame(&p2m, 0), m[0]);
	p2m_destroy(&p2m);
}

static void overwrite_and_change_perms(void)
{
	struct p2m p2m;
	paddr_t a, b, got;
	unsigned int perms;
	unsigned long tables;

	fresh(&p2m);
	a = frame();
	b = frame();
	CU_ASSERT_EQUAL(p2m_set(&p2m, 7, a, P2M_RWX), 0);
	tables = p2m.nr_tables;
	CU_ASSERT_EQUAL(p2m_set(&p2m, 7, b, P2M_READ), 0);
	CU_ASSERT_EQUAL(p2m.nr_tables, tables);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 7, &got, &perms), 0);
	CU_ASSERT_EQUAL(got, b);
	CU_ASSERT_EQUAL(perms, P2M_READ);
	p2m_destroy(&p2m);
}

static void remove_mapping(void)
{
	struct p2m p2m;
	paddr_t m, got;
	unsigned int perms;
	unsigned long tables, free_before;

	fresh(&p2m);
	m = frame();
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x1234, m, P2M_RWX), 0);
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x1235, m, P2M_RWX), 0);
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x1234, 0, 0), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x1234, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(*p2m_test_entry(&p2m, 0x1234, 0), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x1235, &got, &perms), 0);
	/* Removing where no table exists allocates nothing. */
	tables = p2m.nr_tables;
	free_before = page_alloc_free_count();
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x7654321, 0, 0), 0);
	CU_ASSERT_EQUAL(p2m.nr_tables, tables);
	CU_ASSERT_EQUAL(page_alloc_free_count(), free_before);
	/* The last entry of a leaf table gone, the table goes too. */
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x1235, 0, 0), 0);
	CU_ASSERT_EQUAL(p2m.nr_tables, tables - 1);
	CU_ASSERT_EQUAL(page_alloc_free_count(), free_before + 1);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x1235, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x1235, m, P2M_RWX), 0);
	CU_ASSERT_EQUAL(p2m.nr_tables, tables);
	/* The domain's frame is not the p2m's to free. */
	p2m_destroy(&p2m);
	CU_ASSERT_EQUAL(page_owner(m), 1);
}

static void invalid_arguments(void)
{
	static const struct {
		const char *name;
		uint64_t gfn;
		paddr_t maddr;
	} cases[] = {
		{ "gfn 2^36", GFN_LIMIT, HARNESS_RAM_BASE },
		{ "gfn 2^40", 1ULL << 40, HARNESS_RAM_BASE },
		{ "gfn ~0", UINT64_MAX, HARNESS_RAM_BASE },
		{ "maddr + 1", 5, HARNESS_RAM_BASE + 1 },
		{ "maddr + 0x800", 5, HARNESS_RAM_BASE + 0x800 },
		{ "maddr bit 52", 5, 1ULL << 52 },
		{ "maddr bit 63", 5, 1ULL << 63 },
	};
	struct p2m p2m;
	paddr_t got;
	unsigned int i, perms;
	unsigned long free_before;

	fresh(&p2m);
	free_before = page_alloc_free_count();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (p2m_set(&p2m, cases[i].gfn, cases[i].maddr, P2M_RWX) !=
		    -EINVAL)
			CU_FAIL(cases[i].name);
	CU_ASSERT_EQUAL(p2m.nr_tables, 1);
	CU_ASSERT_EQUAL(page_alloc_free_count(), free_before);
	CU_ASSERT_EQUAL(p2m_get(&p2m, GFN_LIMIT, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, UINT64_MAX, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 5, &got, &perms), -ENOENT);
	p2m_destroy(&p2m);
}

/* Each new path through the tree costs exactly the tables it lacks. */
static void tables_counted(void)
{
	static const struct {
		uint64_t gfn;
		unsigned long new_tables;
	} cases[] = {
		{ 0, 3 },		/* L3, L2, L1 below the root */
		{ 1, 0 },		/* same leaf table */
		{ 511, 0 },
		{ 512, 1 },		/* next leaf table */
		{ 1ULL << 18, 2 },	/* next L2 slot: L1 + leaf */
		{ 1ULL << 27, 3 },	/* next root slot */
		{ (1ULL << 27) + 5, 0 },
		{ GFN_LIMIT - 1, 3 },
	};
	struct p2m p2m;
	unsigned long tables, free_before;
	unsigned int i;
	paddr_t m;

	fresh(&p2m);
	m = frame();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tables = p2m.nr_tables;
		free_before = page_alloc_free_count();
		CU_ASSERT_EQUAL(p2m_set(&p2m, cases[i].gfn, m, P2M_RWX), 0);
		CU_ASSERT_EQUAL(p2m.nr_tables - tables, cases[i].new_tables);
		CU_ASSERT_EQUAL(free_before - page_alloc_free_count(),
				cases[i].new_tables);
	}
	CU_ASSERT_EQUAL(p2m.nr_tables, 13);
	p2m_destroy(&p2m);
	CU_ASSERT_EQUAL(p2m.nr_tables, 0);
}

/* Every table frame is the hypervisor's, and the tree leads to the leaf. */
static void tree_structure(void)
{
	struct p2m p2m;
	uint64_t gfn = 0x5a5a5a5ULL, *e;
	unsigned int level;
	paddr_t m;

	fresh(&p2m);
	m = frame();
	CU_ASSERT_EQUAL(p2m_set(&p2m, gfn, m, P2M_READ), 0);
	for (level = 3; level > 0; level--) {
		e = p2m_test_entry(&p2m, gfn, level);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL(p2m_test_fmt->perms(*e), P2M_RWX);
		CU_ASSERT_EQUAL(page_owner(*e & P2M_ADDR_MASK), DOMID_XEN);
	}
	e = p2m_test_entry(&p2m, gfn, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(*e & P2M_ADDR_MASK, m);
	CU_ASSERT_EQUAL(p2m_test_fmt->perms(*e), P2M_READ);
	p2m_destroy(&p2m);
}

static void destroy_frees_every_table(void)
{
	struct p2m p2m;
	unsigned long start, i;
	paddr_t m;

	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m), 0);
	start = page_alloc_free_count();
	CU_ASSERT_EQUAL_FATAL(p2m_init(&p2m, p2m_test_fmt), 0);
	for (i = 0; i < 2000; i++)
		CU_ASSERT_EQUAL(p2m_set(&p2m, i * 0x10001ULL % GFN_LIMIT, m,
					P2M_RWX), 0);
	CU_ASSERT_EQUAL(start - page_alloc_free_count(), p2m.nr_tables);
	p2m_destroy(&p2m);
	CU_ASSERT_EQUAL(page_alloc_free_count(), start);
	CU_ASSERT_EQUAL(page_owner(m), 1);
}

static void out_of_memory(void)
{
	struct p2m p2m;
	paddr_t m, got, spare;
	unsigned int perms;
	unsigned long tables;

	fresh(&p2m);
	m = frame();
	CU_ASSERT_EQUAL(p2m_set(&p2m, 3, m, P2M_RWX), 0);
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &spare), 0);
	while (page_alloc(1, &got) == 0)
		;
	tables = p2m.nr_tables;
	CU_ASSERT_EQUAL(p2m_set(&p2m, 1ULL << 30, m, P2M_RWX), -ENOMEM);
	CU_ASSERT_EQUAL(p2m.nr_tables, tables);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 1ULL << 30, &got, &perms), -ENOENT);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 3, &got, &perms), 0);
	CU_ASSERT_EQUAL(got, m);
	/* An existing leaf table needs nothing new. */
	CU_ASSERT_EQUAL(p2m_set(&p2m, 4, m, P2M_RWX), 0);
	page_free(spare);
	CU_ASSERT_EQUAL(p2m_set(&p2m, 5 << 9, m, P2M_RWX), 0);
	p2m_destroy(&p2m);
}

/*
 * A lookup takes the leaf table the last one reached (the hint); once
 * that table is freed and its frame reused, the hint must not be taken:
 * here the frame comes back full of present entries, and the gfn whose
 * table it was must still read as unmapped.
 */
static void freed_leaf_not_hinted(void)
{
	struct p2m p2m;
	paddr_t m, leaf, got, pages[HARNESS_RAM_FRAMES];
	unsigned int perms, i, n = 0;
	uint64_t *t;

	fresh(&p2m);
	m = frame();
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x2345, m, P2M_RWX), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x2345, &got, &perms), 0);
	leaf = *p2m_test_entry(&p2m, 0x2345, 1) & P2M_ADDR_MASK;
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x2345, 0, 0), 0);	/* frees leaf */
	do {
		CU_ASSERT_EQUAL_FATAL(page_alloc(1, &pages[n]), 0);
	} while (pages[n++] != leaf && n < HARNESS_RAM_FRAMES);
	CU_ASSERT_EQUAL_FATAL(pages[n - 1], leaf);
	t = maddr_to_virt(leaf);
	for (i = 0; i < 512; i++)
		t[i] = p2m_test_fmt->make(m, P2M_RWX, true);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x2345, &got, &perms), -ENOENT);
	CU_ASSERT_PTR_NULL(p2m_entry_slot(&p2m, 0x2345));
	while (n)
		page_free(pages[--n]);
	/* A new table for the same gfns is found, and found again. */
	CU_ASSERT_EQUAL(p2m_set(&p2m, 0x2346, m, P2M_READ), 0);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x2346, &got, &perms), 0);
	CU_ASSERT_EQUAL(perms, P2M_READ);
	CU_ASSERT_EQUAL(p2m_get(&p2m, 0x2345, &got, &perms), -ENOENT);
	p2m_destroy(&p2m);
}

static const struct harness_test generic[] = {
	{ "init_allocates_root", init_allocates_root },
	{ "init_without_memory", init_without_memory },
	{ "set_get_round_trip", set_get_round_trip },
	{ "overwrite_and_change_perms", overwrite_and_change_perms },
	{ "remove_mapping", remove_mapping },
	{ "invalid_arguments", invalid_arguments },
	{ "tables_counted", tables_counted },
	{ "tree_structure", tree_structure },
	{ "destroy_frees_every_table", destroy_frees_every_table },
	{ "out_of_memory", out_of_memory },
	{ "freed_leaf_not_hinted", freed_leaf_not_hinted },
};

void p2m_add_format_suite(const char *name, CU_InitializeFunc init,
			  const struct harness_test *extra, size_t n_extra)
{
	CU_pSuite s = harness_add_suite_init(name, init, NULL, generic,
					     ARRAY_SIZE(generic));
	size_t i;

	for (i = 0; i < n_extra; i++) {
		if (!CU_add_test(s, extra[i].name, extra[i].fn)) {
			fprintf(stderr, "CU_add_test(%s): %s\n", extra[i].name,
				CU_get_error_msg());
			exit(1);
		}
	}
}

int main(void)
{
	if (harness_init())
		return 1;
	suite_npt();
	if (suite_ept)
		suite_ept();
	return cunit_run();
}
