/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the guest page-table walker and copy_{from,to}_guest
 * (hypervisor/arch/x86/hvm/guest_access.c).  Each test builds a fake
 * domain whose RAM is mapped through a real NPT p2m, writes the guest's
 * page tables into that RAM for one paging mode, picks the vCPU's control
 * registers and checks what the walker makes of them.
 */
#include <errno.h>
#include <string.h>

#include <cunit_run.h>

#include "harness.h"

#define CR0_PE		0x1ULL
#define CR0_PG		0x80000000ULL
#define CR4_PSE		0x10ULL
#define CR4_PAE		0x20ULL
#define EFER_LME	0x100ULL
#define EFER_LMA	0x400ULL

#define P		0x1ULL
#define W		0x2ULL
#define U		0x4ULL
#define PS		0x80ULL
#define NX		(1ULL << 63)

#define RAM_PAGES	64		/* guest RAM: gpa [0, 256 KiB) */
#define TABLES_GPA	0x20000		/* guest page tables from here up */
#define DATA_GPA	0x5000		/* a page of known bytes */

enum mode { PAGING_OFF, LONG_MODE, PAE, PLAIN32, PLAIN32_PSE };

static struct harness_guest g;
static uint64_t next_table;
static uint64_t root;	/* CR3 */

/* A byte that depends on every bit of its address (PSE-36 needs the top). */
static uint8_t pattern(uint64_t gpa)
{
	return (uint8_t)((gpa * 0x9e3779b97f4a7c15ULL) >> 56);
}

/* Fills the guest page at gpa with pattern(). */
static void fill(uint64_t gpa)
{
	uint8_t *p = harness_gpa(&g, gpa);
	unsigned int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = pattern(gpa + i);
}

static uint64_t new_table(void)
{
	uint64_t gpa = next_table;

	next_table += PAGE_SIZE;
	memset(harness_gpa(&g, gpa), 0, PAGE_SIZE);
	return gpa;
}

static uint64_t *pte64(uint64_t table, unsigned int idx)
{
	return (uint64_t *)harness_gpa(&g, table) + idx;
}

static uint32_t *pte32(uint64_t table, unsigned int idx)
{
	return (uint32_t *)harness_gpa(&g, table) + idx;
}

static void setup(enum mode mode)
{
	CU_ASSERT_FATAL(harness_guest_create(&g, 1, false, RAM_PAGES));
	next_table = TABLES_GPA;
	fill(DATA_GPA);
	fill(DATA_GPA + PAGE_SIZE);
	g.cpu.cr0 = CR0_PE | 0x10;
	switch (mode) {
	case PAGING_OFF:
		return;
	case LONG_MODE:
		root = new_table();
		g.cpu.cr4 = CR4_PAE;
		g.cpu.efer = EFER_LME | EFER_LMA;
		g.cpu.long_mode = true;
		break;
	case PAE:
		/* A PDPT is 32 bytes and only 32-byte aligned. */
		root = new_table() + 0x40;
		g.cpu.cr4 = CR4_PAE;
		break;
	case PLAIN32:
		root = new_table();
		break;
	case PLAIN32_PSE:
		root = new_table();
		g.cpu.cr4 = CR4_PSE;
		break;
	}
	g.cpu.cr0 |= CR0_PG;
	g.cpu.cr3 = root;
}

static void teardown(void)
{
	harness_guest_destroy(&g);
}

/* Long mode: the entry for va at level (3: PML4 ... 0: PT), made if absent. */
static uint64_t *lm_entry(uint64_t va, unsigned int level)
{
	uint64_t t = root, *e;
	unsigned int l;

	for (l = 3;; l--) {
		e = pte64(t, (va >> (12 + 9 * l)) & 511);
		if (l == level)
			return e;
		if (!(*e & P))
			*e = new_table() | P | W | U;
		t = *e & 0x000ffffffffff000ULL;
	}
}

static void lm_map(uint64_t va, uint64_t gpa, uint64_t flags)
{
	*lm_entry(va, 0) = gpa | flags;
}

/* PAE: PDPT entries have only P (and cache bits), no W/U. */
static uint64_t *pae_entry(uint64_t va, unsigned int level)
{
	uint64_t *e = (uint64_t *)harness_gpa(&g, root) + ((va >> 30) & 3);
	uint64_t t;

	if (level == 2)
		return e;
	if (!(*e & P))
		*e = new_table() | P;
	t = *e & 0x000ffffffffff000ULL;
	e = pte64(t, (va >> 21) & 511);
	if (level == 1)
		return e;
	if (!(*e & P))
		*e = new_table() | P | W | U;
	return pte64(*e & 0x000ffffffffff000ULL, (va >> 12) & 511);
}

static uint32_t *plain_entry(uint64_t va, unsigned int level)
{
	uint32_t *e = pte32(root, (va >> 22) & 1023);

	if (level == 1)
		return e;
	if (!(*e & P))
		*e = (uint32_t)(new_table() | P | W | U);
	return pte32(*e & 0xfffff000u, (va >> 12) & 1023);
}

/* copy_from_guest of len bytes at va must give the bytes at gpa. */
static void expect_reads(uint64_t va, uint64_t gpa, size_t len)
{
	uint8_t buf[64];
	size_t i, bad = 0;

	CU_ASSERT_FATAL(len <= sizeof(buf));
	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(copy_from_guest(&g.v, buf, va, len), 0);
	for (i = 0; i < len; i++)
		bad += buf[i] != pattern(gpa + i);
	CU_ASSERT_EQUAL(bad, 0);
}

static int read8(uint64_t va)
{
	uint64_t x;

	return copy_from_guest(&g.v, &x, va, sizeof(x));
}

static int write8(uint64_t va)
{
	uint64_t x = 0x1122334455667788ULL;

	return copy_to_guest(&g.v, va, &x, sizeof(x));
}

static void paging_off(void)
{
	setup(PAGING_OFF);
	expect_reads(DATA_GPA + 0x10, DATA_GPA + 0x10, 16);
	/* 32-bit code: the address is 32 bits wide. */
	expect_reads((1ULL << 32) + DATA_GPA, DATA_GPA, 8);
	CU_ASSERT_EQUAL(read8(RAM_PAGES * PAGE_SIZE), -EFAULT);
	CU_ASSERT_EQUAL(read8(RAM_PAGES * PAGE_SIZE - 4), -EFAULT);
	CU_ASSERT_EQUAL(read8(0xfffffff8), -EFAULT);
	CU_ASSERT_EQUAL(write8(DATA_GPA), 0);
	CU_ASSERT_EQUAL(*(uint64_t *)harness_gpa(&g, DATA_GPA),
			0x1122334455667788ULL);
	teardown();
}

static void long_mode_4k(void)
{
	setup(LONG_MODE);
	lm_map(0x400000, DATA_GPA, P | W);
	lm_map(0xffff800000001000ULL, DATA_GPA + PAGE_SIZE, P | NX);
	lm_map(0x7ffffffff000ULL, DATA_GPA, P | U);
	expect_reads(0x400010, DATA_GPA + 0x10, 32);
	expect_reads(0xffff800000001ff8ULL, DATA_GPA + PAGE_SIZE + 0xff8, 8);
	expect_reads(0x7ffffffffff8ULL, DATA_GPA + 0xff8, 8);
	CU_ASSERT_EQUAL(read8(0x401000), -EFAULT);
	teardown();
}

static void long_mode_2m(void)
{
	setup(LONG_MODE);
	/* Bit 12 of a large-page entry is PAT, not address. */
	*lm_entry(0x40000000, 1) = 0x200000 | P | W | PS | (1ULL << 12);
	harness_guest_map(&g, 0x205, P2M_RWX);
	fill(0x205000);
	expect_reads(0x40005010, 0x205010, 16);
	CU_ASSERT_EQUAL(read8(0x40006000), -EFAULT);	/* gfn 0x206 not in p2m */
	teardown();
}

static void long_mode_1g(void)
{
	setup(LONG_MODE);
	*lm_entry(0x80000000ULL, 2) = 0x40000000 | P | W | PS;
	harness_guest_map(&g, 0x40123, P2M_RWX);
	fill(0x40123000);
	expect_reads(0x80123ff0ULL, 0x40123ff0, 16);
	teardown();
}

static void long_mode_not_present(void)
{
	unsigned int level;
	uint64_t va = 0x0000123456789000ULL;
	char what[32];

	for (level = 0; level < 4; level++) {
		setup(LONG_MODE);
		lm_map(va, DATA_GPA, P | W);
		CU_ASSERT_EQUAL(read8(va), 0);
		*lm_entry(va, level) &= ~P;
		if (read8(va) != -EFAULT) {
			snprintf(what, sizeof(what), "level %u not present", level);
			CU_FAIL(what);
		}
		teardown();
	}
}

static void long_mode_non_canonical(void)
{
	static const uint64_t bad[] = {
		0x0000800000000000ULL, 0x0000800000001000ULL,
		0xffff7ffffffff000ULL, 0x8000000000000000ULL,
		0x00ff800000001000ULL,
	};
	unsigned int i;

	setup(LONG_MODE);
	/* The PML4 slots these alias are mapped: only the check refuses them. */
	lm_map(0xffff800000001000ULL, DATA_GPA, P | W);
	lm_map(0xffff800000000000ULL, DATA_GPA, P | W);
	lm_map(0x00007ffffffff000ULL, DATA_GPA, P | W);
	CU_ASSERT_EQUAL(read8(0xffff800000001000ULL), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CU_ASSERT_EQUAL(read8(bad[i]), -EFAULT);
	teardown();
}

static void long_mode_read_only(void)
{
	unsigned int level;
	uint64_t va = 0x600000;

	for (level = 0; level < 4; level++) {
		setup(LONG_MODE);
		lm_map(va, DATA_GPA, P | W);
		*lm_entry(va, level) &= ~W;
		CU_ASSERT_EQUAL(read8(va), 0);
		CU_ASSERT_EQUAL(write8(va), -EFAULT);
		CU_ASSERT_EQUAL(*(uint8_t *)harness_gpa(&g, DATA_GPA),
				pattern(DATA_GPA));
		teardown();
	}
}

/* A table or a leaf naming guest-physical memory the p2m does not map. */
static void long_mode_outside_p2m(void)
{
	setup(LONG_MODE);
	lm_map(0x400000, 0x7000000, P | W);		/* leaf outside */
	CU_ASSERT_EQUAL(read8(0x400000), -EFAULT);
	*lm_entry(0x800000, 1) = 0x8000000 | P | W;	/* table outside */
	CU_ASSERT_EQUAL(read8(0x800000), -EFAULT);
	g.cpu.cr3 = 0x9000000;				/* CR3 outside */
	CU_ASSERT_EQUAL(read8(0x400000), -EFAULT);
	teardown();
}

static void p2m_read_only_frame(void)
{
	paddr_t m;

	setup(LONG_MODE);
	m = harness_guest_map(&g, 0x100, P2M_READ | P2M_EXEC);
	CU_ASSERT_FATAL(m != 0);
	lm_map(0x400000, 0x100000, P | W);
	CU_ASSERT_EQUAL(read8(0x400000), 0);
	CU_ASSERT_EQUAL(write8(0x400000), -EFAULT);
	teardown();

	setup(PAGING_OFF);
	harness_guest_map(&g, 0x100, P2M_READ);
	CU_ASSERT_EQUAL(read8(0x100000), 0);
	CU_ASSERT_EQUAL(write8(0x100000), -EFAULT);
	CU_ASSERT_EQUAL(copy_to_guest_phys(&g.d, 0x100000, "x", 1), -EFAULT);
	CU_ASSERT_EQUAL(copy_to_guest_phys(&g.d, DATA_GPA, "x", 1), 0);
	teardown();
}

/* Two virtual pages in a row, backed by guest frames in the other order. */
static void copy_across_pages(void)
{
	uint8_t out[48], in[48];
	unsigned int i;

	setup(LONG_MODE);
	lm_map(0x400000, DATA_GPA + PAGE_SIZE, P | W);
	lm_map(0x401000, DATA_GPA, P | W);
	expect_reads(0x400ff0, DATA_GPA + PAGE_SIZE + 0xff0, 16);
	expect_reads(0x401000, DATA_GPA, 16);
	memset(in, 0, sizeof(in));
	CU_ASSERT_EQUAL(copy_from_guest(&g.v, in, 0x400fe8, 48), 0);
	CU_ASSERT_EQUAL(memcmp(in, harness_gpa(&g, DATA_GPA + PAGE_SIZE + 0xfe8),
			       24), 0);
	CU_ASSERT_EQUAL(memcmp(in + 24, harness_gpa(&g, DATA_GPA), 24), 0);

	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(0xc0 + i);
	CU_ASSERT_EQUAL(copy_to_guest(&g.v, 0x400fe8, out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(memcmp(harness_gpa(&g, DATA_GPA + PAGE_SIZE + 0xfe8),
			       out, 24), 0);
	CU_ASSERT_EQUAL(memcmp(harness_gpa(&g, DATA_GPA), out + 24, 24), 0);

	/* The second page missing or read-only fails the whole copy. */
	CU_ASSERT_EQUAL(copy_from_guest(&g.v, in, 0x401ff8, 16), -EFAULT);
	*lm_entry(0x401000, 0) &= ~W;
	CU_ASSERT_EQUAL(copy_to_guest(&g.v, 0x400ff8, out, 16), -EFAULT);
	CU_ASSERT_EQUAL(copy_from_guest(&g.v, in, 0x400ff8, 16), 0);
	/* Nothing is copied for length 0, wherever it points. */
	CU_ASSERT_EQUAL(copy_from_guest(&g.v, in, 0x0000800000000000ULL, 0), 0);
	teardown();
}

static void copy_many_pages(void)
{
	static uint8_t buf[3 * 4096 + 100];
	uint64_t va;
	unsigned int i, bad = 0;

	setup(PAGING_OFF);
	for (i = 0; i < 5; i++)
		fill(0x8000 + i * PAGE_SIZE);
	CU_ASSERT_EQUAL(copy_from_guest(&g.v, buf, 0x8010, sizeof(buf)), 0);
	for (va = 0; va < sizeof(buf); va++)
		bad += buf[va] != pattern(0x8010 + va);
	CU_ASSERT_EQUAL(bad, 0);
	teardown();
}

static void pae_walk(void)
{
	setup(PAE);
	*pae_entry(0xc0001000, 0) = DATA_GPA | P | W;
	*pae_entry(0x00401000, 0) = (DATA_GPA + PAGE_SIZE) | P | NX;
	expect_reads(0xc0001010, DATA_GPA + 0x10, 16);
	expect_reads(0x00401ff0, DATA_GPA + PAGE_SIZE + 0xff0, 16);
	CU_ASSERT_EQUAL(write8(0x00401000), -EFAULT);	/* read-only PTE */
	CU_ASSERT_EQUAL(write8(0xc0001000), 0);
	/* A 2 MiB page. */
	*pae_entry(0x80200000, 1) = 0x200000 | P | W | PS;
	harness_guest_map(&g, 0x203, P2M_RWX);
	fill(0x203000);
	expect_reads(0x80203008, 0x203008, 8);
	teardown();
}

static void pae_not_present(void)
{
	unsigned int level;
	char what[32];

	for (level = 0; level < 3; level++) {
		setup(PAE);
		*pae_entry(0x40001000, 0) = DATA_GPA | P | W;
		CU_ASSERT_EQUAL(read8(0x40001000), 0);
		*pae_entry(0x40001000, level) &= ~P;
		if (read8(0x40001000) != -EFAULT) {
			snprintf(what, sizeof(what), "level %u not present", level);
			CU_FAIL(what);
		}
		teardown();
	}
}

static void plain32_walk(void)
{
	setup(PLAIN32);
	*plain_entry(0x00401000, 0) = DATA_GPA | P | W;
	*plain_entry(0xfffff000, 0) = (DATA_GPA + PAGE_SIZE) | P;
	expect_reads(0x00401234, DATA_GPA + 0x234, 16);
	expect_reads(0xfffffff0, DATA_GPA + PAGE_SIZE + 0xff0, 16);
	CU_ASSERT_EQUAL(write8(0xfffff000), -EFAULT);
	CU_ASSERT_EQUAL(write8(0x00401000), 0);
	*plain_entry(0x00401000, 1) &= ~W;
	CU_ASSERT_EQUAL(write8(0x00401000), -EFAULT);
	*plain_entry(0x00401000, 0) &= ~P;
	CU_ASSERT_EQUAL(read8(0x00401000), -EFAULT);
	*plain_entry(0x00401000, 1) &= ~P;
	CU_ASSERT_EQUAL(read8(0x00401000), -EFAULT);
	teardown();
}

/* Without CR4.PSE the PS bit of a PDE means nothing: it names a table. */
static void plain32_ps_without_pse(void)
{
	setup(PLAIN32);
	*plain_entry(0x00c01000, 0) = DATA_GPA | P | W;
	*plain_entry(0x00c01000, 1) |= PS;
	expect_reads(0x00c01100, DATA_GPA + 0x100, 16);
	teardown();
}

static void plain32_pse_4m(void)
{
	setup(PLAIN32_PSE);
	*plain_entry(0x00c00000, 1) = 0x00400000 | P | W | PS;
	harness_guest_map(&g, 0x401, P2M_RWX);
	fill(0x401000);
	expect_reads(0x00c01234, 0x401234, 16);
	/* PSE-36: PDE bits 13..20 are physical address bits 32..39. */
	*plain_entry(0x01000000, 1) = 0x00400000 | (0x01ULL << 13) | P | PS;
	harness_guest_map(&g, 0x100401, P2M_RWX);
	fill(0x100401000ULL);
	expect_reads(0x01001234, 0x100401234ULL, 16);
	CU_ASSERT_EQUAL(write8(0x01001234), -EFAULT);
	teardown();
}

static const struct harness_test tests[] = {
	{ "paging_off", paging_off },
	{ "long_mode_4k", long_mode_4k },
	{ "long_mode_2m", long_mode_2m },
	{ "long_mode_1g", long_mode_1g },
	{ "long_mode_not_present", long_mode_not_present },
	{ "long_mode_non_canonical", long_mode_non_canonical },
	{ "long_mode_read_only", long_mode_read_only },
	{ "long_mode_outside_p2m", long_mode_outside_p2m },
	{ "p2m_read_only_frame", p2m_read_only_frame },
	{ "copy_across_pages", copy_across_pages },
	{ "copy_many_pages", copy_many_pages },
	{ "pae_walk", pae_walk },
	{ "pae_not_present", pae_not_present },
	{ "plain32_walk", plain32_walk },
	{ "plain32_ps_without_pse", plain32_ps_without_pse },
	{ "plain32_pse_4m", plain32_pse_4m },
};

void suite_guest_access(void)
{
	harness_add_suite("guest_access", tests, ARRAY_SIZE(tests));
}

int main(void)
{
	if (harness_init())
		return 1;
	suite_guest_access();
	return cunit_run();
}
