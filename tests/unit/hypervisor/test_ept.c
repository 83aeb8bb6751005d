/* SPDX-License-Identifier: MIT */
/*
 * The EPT entry format (hypervisor/arch/x86/hvm/vmx/ept.c) against the
 * Intel SDM (29.3.2, 25.6.11): bits 0..2 grant read, write, execute; a
 * leaf's bits 5:3 are its memory type (WB = 6) and bit 7 must be clear in
 * a 4 KiB leaf; a non-leaf entry has bits 7:3 reserved (zero); the EPT
 * pointer holds the memory type of the tables in bits 2:0 (WB = 6) and the
 * walk length minus one in bits 5:3 (3 for four levels).
 */
#include <vmx/vmx.h>

#include "harness.h"

#define EPT_R		(1ULL << 0)
#define EPT_W		(1ULL << 1)
#define EPT_X		(1ULL << 2)
#define EPT_MT(e)	(((e) >> 3) & 7)
#define EPT_MT_WB	6
#define EPT_IPAT	(1ULL << 6)
#define EPT_PS		(1ULL << 7)

#define SOME_MADDR	0x000abcdef1234000ULL

static int use_ept(void)
{
	p2m_test_fmt = &ept_format;
	return 0;
}

static void leaf_bits(void)
{
	static const struct {
		unsigned int perms;
		uint64_t rwx;
	} cases[] = {
		{ P2M_READ, EPT_R },
		{ P2M_READ | P2M_WRITE, EPT_R | EPT_W },
		{ P2M_READ | P2M_EXEC, EPT_R | EPT_X },
		{ P2M_RWX, EPT_R | EPT_W | EPT_X },
	};
	unsigned int i;
	uint64_t e;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		e = ept_format.make(SOME_MADDR, cases[i].perms, true);
		CU_ASSERT_EQUAL(e & P2M_ADDR_MASK, SOME_MADDR);
		CU_ASSERT_EQUAL(e & 7, cases[i].rwx);
		CU_ASSERT_EQUAL(EPT_MT(e), EPT_MT_WB);
		CU_ASSERT_EQUAL(e & EPT_PS, 0);
		/* Nothing above the address: no suppress-#VE, no SPP. */
		CU_ASSERT_EQUAL(e & ~P2M_ADDR_MASK & ~0xfffULL, 0);
		CU_ASSERT_EQUAL(ept_format.perms(e), cases[i].perms);
	}
}

static void table_bits(void)
{
	uint64_t e = ept_format.make(SOME_MADDR, P2M_RWX, false);

	CU_ASSERT_EQUAL(e & P2M_ADDR_MASK, SOME_MADDR);
	CU_ASSERT_EQUAL(e & 7, EPT_R | EPT_W | EPT_X);
	CU_ASSERT_EQUAL(e & 0xf8, 0);	/* bits 7:3 reserved */
	CU_ASSERT_EQUAL(e & ~P2M_ADDR_MASK & ~0xfffULL, 0);
}

static void decode(void)
{
	CU_ASSERT_EQUAL(ept_format.perms(0), 0);
	/* Memory type and address alone do not make an entry present. */
	CU_ASSERT_EQUAL(ept_format.perms(SOME_MADDR | (6 << 3) | EPT_IPAT), 0);
	CU_ASSERT_EQUAL(ept_format.perms(EPT_R), P2M_READ);
	CU_ASSERT_EQUAL(ept_format.perms(EPT_R | EPT_X), P2M_READ | P2M_EXEC);
	CU_ASSERT_EQUAL(ept_format.perms(EPT_R | EPT_W | EPT_X), P2M_RWX);
}

static void pointer_bits(void)
{
	uint64_t eptp = ept_pointer(SOME_MADDR);

	CU_ASSERT_EQUAL(eptp & P2M_ADDR_MASK, SOME_MADDR);
	CU_ASSERT_EQUAL(eptp & 7, 6);		/* WB */
	CU_ASSERT_EQUAL((eptp >> 3) & 7, 3);	/* 4-level walk */
	CU_ASSERT_EQUAL(eptp & 0xf80, 0);	/* bits 11:7 reserved */
}

static void tree_entries(void)
{
	struct p2m p2m;
	uint64_t gfn = 0x123456789ULL, *e;
	unsigned int level;

	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(p2m_init(&p2m, &ept_format), 0);
	CU_ASSERT_EQUAL(p2m_set(&p2m, gfn, HARNESS_RAM_BASE,
				P2M_READ | P2M_WRITE), 0);
	for (level = 3; level > 0; level--) {
		e = p2m_test_entry(&p2m, gfn, level);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL(*e & ~P2M_ADDR_MASK, EPT_R | EPT_W | EPT_X);
	}
	e = p2m_test_entry(&p2m, gfn, 0);
	CU_ASSERT_EQUAL(*e, HARNESS_RAM_BASE | EPT_R | EPT_W |
			    (EPT_MT_WB << 3));
	p2m_destroy(&p2m);
}

static const struct harness_test tests[] = {
	{ "ept_leaf_bits", leaf_bits },
	{ "ept_table_bits", table_bits },
	{ "ept_decode", decode },
	{ "ept_pointer_bits", pointer_bits },
	{ "ept_tree_entries", tree_entries },
};

void suite_ept(void)
{
	p2m_add_format_suite("p2m_ept", use_ept, tests, ARRAY_SIZE(tests));
}
