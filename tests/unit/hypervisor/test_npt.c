/* SPDX-License-Identifier: MIT */
/*
 * The NPT entry format (hypervisor/arch/x86/hvm/svm/npt.c) against the AMD
 * APM: nested page tables are ordinary long-mode page tables walked as user
 * accesses, so every present entry has P (bit 0) and U/S (bit 2); R/W is
 * bit 1, NX bit 63, the frame address bits 12..51, and PS (bit 7) must be
 * clear in a 4 KiB leaf.
 */
#include <svm/svm.h>

#include "harness.h"

#define NPT_P		(1ULL << 0)
#define NPT_RW		(1ULL << 1)
#define NPT_US		(1ULL << 2)
#define NPT_PWT		(1ULL << 3)
#define NPT_PCD		(1ULL << 4)
#define NPT_PS		(1ULL << 7)
#define NPT_NX		(1ULL << 63)

#define SOME_MADDR	0x000abcdef1234000ULL

static int use_npt(void)
{
	p2m_test_fmt = &npt_format;
	return 0;
}

static void leaf_bits(void)
{
	static const struct {
		unsigned int perms;
		uint64_t bits;
	} cases[] = {
		{ P2M_READ, NPT_P | NPT_US | NPT_NX },
		{ P2M_READ | P2M_WRITE, NPT_P | NPT_US | NPT_RW | NPT_NX },
		{ P2M_READ | P2M_EXEC, NPT_P | NPT_US },
		{ P2M_RWX, NPT_P | NPT_US | NPT_RW },
	};
	unsigned int i;
	uint64_t e;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		e = npt_format.make(SOME_MADDR, cases[i].perms, true);
		CU_ASSERT_EQUAL(e & P2M_ADDR_MASK, SOME_MADDR);
		CU_ASSERT_EQUAL(e & ~P2M_ADDR_MASK, cases[i].bits);
		CU_ASSERT_EQUAL(npt_format.perms(e), cases[i].perms);
	}
}

static void table_bits(void)
{
	uint64_t e = npt_format.make(SOME_MADDR, P2M_RWX, false);

	CU_ASSERT_EQUAL(e, SOME_MADDR | NPT_P | NPT_RW | NPT_US);
	CU_ASSERT_EQUAL(e & (NPT_PS | NPT_PWT | NPT_PCD | NPT_NX), 0);
}

static void decode(void)
{
	CU_ASSERT_EQUAL(npt_format.perms(0), 0);
	CU_ASSERT_EQUAL(npt_format.perms(SOME_MADDR | NPT_RW | NPT_US), 0);
	CU_ASSERT_EQUAL(npt_format.perms(NPT_P), P2M_READ | P2M_EXEC);
	CU_ASSERT_EQUAL(npt_format.perms(NPT_P | NPT_NX), P2M_READ);
	CU_ASSERT_EQUAL(npt_format.perms(NPT_P | NPT_RW), P2M_RWX);
}

/* The entries p2m_set leaves in a real tree, level by level. */
static void tree_entries(void)
{
	struct p2m p2m;
	uint64_t gfn = 0x123456789ULL, *e;
	unsigned int level;

	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(p2m_init(&p2m, &npt_format), 0);
	CU_ASSERT_EQUAL(p2m_set(&p2m, gfn, HARNESS_RAM_BASE, P2M_READ), 0);
	for (level = 3; level > 0; level--) {
		e = p2m_test_entry(&p2m, gfn, level);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL(*e & ~P2M_ADDR_MASK, NPT_P | NPT_RW | NPT_US);
	}
	e = p2m_test_entry(&p2m, gfn, 0);
	CU_ASSERT_EQUAL(*e, HARNESS_RAM_BASE | NPT_P | NPT_US | NPT_NX);
	p2m_destroy(&p2m);
}

static const struct harness_test tests[] = {
	{ "npt_leaf_bits", leaf_bits },
	{ "npt_table_bits", table_bits },
	{ "npt_decode", decode },
	{ "npt_tree_entries", tree_entries },
};

void suite_npt(void)
{
	p2m_add_format_suite("p2m_npt", use_npt, tests, ARRAY_SIZE(tests));
}
