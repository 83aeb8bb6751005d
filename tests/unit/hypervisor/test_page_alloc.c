/* SPDX-License-Identifier: MIT */
/* Unit tests of the frame allocator (hypervisor/page_alloc.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cunit_run.h>

#include "harness.h"

#define RAM_END		(HARNESS_RAM_BASE + HARNESS_RAM_SIZE)
#define FRAME(i)	(HARNESS_RAM_BASE + ((paddr_t)(i) << PAGE_SHIFT))

static bool all_bytes(const void *p, int c, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (uint8_t)c)
			return false;
	return true;
}

static void init_reserves_everything(void)
{
	paddr_t m = 0;

	harness_ram_reset();
	page_alloc_init();
	CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
	CU_ASSERT_EQUAL(page_alloc(1, &m), -ENOMEM);
	CU_ASSERT_EQUAL(page_owner(FRAME(0)), FRAME_RESERVED);
	CU_ASSERT_EQUAL(page_owner(0), FRAME_RESERVED);
}

static void add_free_takes_whole_frames_only(void)
{
	page_alloc_init();
	page_alloc_add_free(FRAME(0) + 100, FRAME(3) + 5);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 2);
	CU_ASSERT_EQUAL(page_owner(FRAME(0)), FRAME_RESERVED);
	CU_ASSERT_EQUAL(page_owner(FRAME(1)), FRAME_FREE);
	CU_ASSERT_EQUAL(page_owner(FRAME(2)), FRAME_FREE);
	CU_ASSERT_EQUAL(page_owner(FRAME(3)), FRAME_RESERVED);
}

static void add_free_twice_counts_once(void)
{
	page_alloc_init();
	page_alloc_add_free(FRAME(0), FRAME(8));
	page_alloc_add_free(FRAME(4), FRAME(12));
	CU_ASSERT_EQUAL(page_alloc_free_count(), 12);
}

static void add_free_clamps_at_max_phys_addr(void)
{
	page_alloc_init();
	page_alloc_add_free(MAX_PHYS_ADDR - 2 * PAGE_SIZE,
			    MAX_PHYS_ADDR + 16 * PAGE_SIZE);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 2);
	CU_ASSERT_EQUAL(page_owner(MAX_PHYS_ADDR), FRAME_RESERVED);
	page_alloc_reserve(MAX_PHYS_ADDR - PAGE_SIZE, MAX_PHYS_ADDR + PAGE_SIZE);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 1);
	page_alloc_reserve(MAX_PHYS_ADDR + PAGE_SIZE, MAX_PHYS_ADDR + 4 * PAGE_SIZE);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 1);
}

static void reserve_takes_touched_frames(void)
{
	harness_ram_reset();
	page_alloc_reserve(FRAME(1) + 1, FRAME(2) + 1);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 2);
	CU_ASSERT_EQUAL(page_owner(FRAME(0)), FRAME_FREE);
	CU_ASSERT_EQUAL(page_owner(FRAME(1)), FRAME_RESERVED);
	CU_ASSERT_EQUAL(page_owner(FRAME(2)), FRAME_RESERVED);
	CU_ASSERT_EQUAL(page_owner(FRAME(3)), FRAME_FREE);
	page_alloc_reserve(FRAME(1), FRAME(3));
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 2);
}

static void alloc_zeroes_and_owns(void)
{
	paddr_t m = 0;

	harness_ram_reset();
	CU_ASSERT_EQUAL(page_alloc(3, &m), 0);
	CU_ASSERT_TRUE(harness_ram_contains(m, PAGE_SIZE));
	CU_ASSERT_EQUAL(m & (PAGE_SIZE - 1), 0);
	CU_ASSERT_EQUAL(page_owner(m), 3);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 1);
	CU_ASSERT_TRUE(all_bytes(maddr_to_virt(m), 0, PAGE_SIZE));
}

static void alloc_until_exhausted(void)
{
	static bool seen[HARNESS_RAM_FRAMES];
	unsigned long i, dup = 0, outside = 0;
	paddr_t m;

	harness_ram_reset();
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < HARNESS_RAM_FRAMES; i++) {
		CU_ASSERT_EQUAL_FATAL(page_alloc(DOMID_XEN, &m), 0);
		if (!harness_ram_contains(m, PAGE_SIZE)) {
			outside++;
			continue;
		}
		dup += seen[(m - HARNESS_RAM_BASE) >> PAGE_SHIFT];
		seen[(m - HARNESS_RAM_BASE) >> PAGE_SHIFT] = true;
	}
	CU_ASSERT_EQUAL(dup, 0);
	CU_ASSERT_EQUAL(outside, 0);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 0);
	m = 0x1234;
	CU_ASSERT_EQUAL(page_alloc(1, &m), -ENOMEM);
	CU_ASSERT_EQUAL(m, 0x1234);
	page_free(FRAME(7));
	CU_ASSERT_EQUAL(page_alloc(1, &m), 0);
	CU_ASSERT_EQUAL(m, FRAME(7));
}

static void reserved_frames_never_handed_out(void)
{
	paddr_t m;

	harness_ram_reset();
	page_alloc_reserve(FRAME(10), FRAME(20));
	while (page_alloc(1, &m) == 0)
		CU_ASSERT_FALSE(m >= FRAME(10) && m < FRAME(20));
	CU_ASSERT_EQUAL(page_owner(FRAME(15)), FRAME_RESERVED);
}

static void free_scrubs(void)
{
	paddr_t m;

	harness_ram_reset();
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m), 0);
	memset(maddr_to_virt(m), 0x5a, PAGE_SIZE);
	page_free(m);
	CU_ASSERT_TRUE(all_bytes(maddr_to_virt(m), 0, PAGE_SIZE));
	CU_ASSERT_EQUAL(page_owner(m), FRAME_FREE);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES);
}

/*
 * A freed frame is handed out again before frames never used, the lowest
 * first; it comes back zeroed (by page_free), as fresh frames (the
 * harness fills them with 0xa5) are zeroed when first taken.
 */
static void freed_frames_reused_first(void)
{
	paddr_t m[4], again;
	unsigned int i;

	harness_ram_reset();
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m[i]), 0);
	memset(maddr_to_virt(m[1]), 0x5a, PAGE_SIZE);
	memset(maddr_to_virt(m[2]), 0x5a, PAGE_SIZE);
	page_free(m[2]);
	page_free(m[1]);
	CU_ASSERT_EQUAL(page_alloc(2, &again), 0);
	CU_ASSERT_EQUAL(again, m[1]);
	CU_ASSERT_TRUE(all_bytes(maddr_to_virt(again), 0, PAGE_SIZE));
	CU_ASSERT_EQUAL(page_alloc(2, &again), 0);
	CU_ASSERT_EQUAL(again, m[2]);
	CU_ASSERT_TRUE(all_bytes(maddr_to_virt(again), 0, PAGE_SIZE));
	CU_ASSERT_EQUAL(page_alloc(2, &again), 0);
	CU_ASSERT_FALSE(again == m[0] || again == m[3]);
	CU_ASSERT_TRUE(all_bytes(maddr_to_virt(again), 0, PAGE_SIZE));
}

static void free_all_frees_one_owner(void)
{
	paddr_t m1[10], m2[5];
	unsigned int i;

	harness_ram_reset();
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(page_alloc(1, &m1[i]), 0);
	for (i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(page_alloc(2, &m2[i]), 0);
		memset(maddr_to_virt(m2[i]), 0x77, PAGE_SIZE);
	}
	for (i = 0; i < 10; i++)
		memset(maddr_to_virt(m1[i]), 0x66, PAGE_SIZE);
	CU_ASSERT_EQUAL(page_free_all(1), 10);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 5);
	for (i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(page_owner(m1[i]), FRAME_FREE);
		CU_ASSERT_TRUE(all_bytes(maddr_to_virt(m1[i]), 0, PAGE_SIZE));
	}
	for (i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(page_owner(m2[i]), 2);
		CU_ASSERT_TRUE(all_bytes(maddr_to_virt(m2[i]), 0x77, PAGE_SIZE));
	}
	CU_ASSERT_EQUAL(page_free_all(1), 0);
	CU_ASSERT_EQUAL(page_free_all(2), 5);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES);
}

/* Random alloc/free against a model of who holds what. */
static void free_count_exact_after_cycles(void)
{
	static paddr_t held[HARNESS_RAM_FRAMES];
	unsigned long n = 0, i, j, bad = 0;
	paddr_t m;

	harness_ram_reset();
	srand(42);
	for (i = 0; i < 20000; i++) {
		if (n && (rand() % 3 == 0 || n == HARNESS_RAM_FRAMES)) {
			j = (unsigned long)rand() % n;
			page_free(held[j]);
			held[j] = held[--n];
		} else {
			CU_ASSERT_EQUAL_FATAL(page_alloc((domid_t)(1 + i % 4),
							 &m), 0);
			held[n++] = m;
		}
		bad += page_alloc_free_count() != HARNESS_RAM_FRAMES - n;
	}
	CU_ASSERT_EQUAL(bad, 0);
	for (j = 1; j <= 4; j++)
		page_free_all((domid_t)j);
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES);
}

/* The RAM given at boot: moved by add_free and reserve, not by alloc/free. */
static void total_count(void)
{
	paddr_t m;

	page_alloc_init();
	CU_ASSERT_EQUAL(page_alloc_total_count(), 0);
	page_alloc_add_free(FRAME(0), FRAME(100));
	page_alloc_add_free(FRAME(50), FRAME(120));
	CU_ASSERT_EQUAL(page_alloc_total_count(), 120);
	page_alloc_reserve(FRAME(10), FRAME(20));
	page_alloc_reserve(FRAME(500), FRAME(600));
	CU_ASSERT_EQUAL(page_alloc_total_count(), 110);
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m), 0);
	CU_ASSERT_EQUAL(page_alloc_total_count(), 110);
	page_free(m);
	CU_ASSERT_EQUAL(page_alloc_total_count(), 110);
	CU_ASSERT_EQUAL(page_alloc_free_count(), 110);
}

static void do_free(void *arg)
{
	page_free(*(paddr_t *)arg);
}

static void do_alloc(void *arg)
{
	paddr_t m;

	page_alloc(*(domid_t *)arg, &m);
}

static void bad_free_panics(void)
{
	static const struct {
		const char *what;
		paddr_t maddr;
	} cases[] = {
		{ "free frame", FRAME(100) },
		{ "reserved frame", FRAME(0) },
		{ "unaligned", FRAME(101) + 8 },
		{ "beyond MAX_PHYS_ADDR", MAX_PHYS_ADDR },
	};
	paddr_t m, arg;
	unsigned int i;

	harness_ram_reset();
	page_alloc_reserve(FRAME(0), FRAME(1));
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m), 0);	/* FRAME(1) */
	page_free(m);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		arg = cases[i].maddr;
		if (!harness_expect_panic(do_free, &arg))
			CU_FAIL(cases[i].what);
	}
	/* The classic: a double free. */
	CU_ASSERT_EQUAL_FATAL(page_alloc(1, &m), 0);
	page_free(m);
	CU_ASSERT_TRUE(harness_expect_panic(do_free, &m));
	CU_ASSERT_PTR_NOT_NULL(strstr(harness_panic_msg, "BUG_ON"));
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES - 1);
}

static void alloc_for_non_owner_panics(void)
{
	domid_t free_id = FRAME_FREE, reserved_id = FRAME_RESERVED;

	harness_ram_reset();
	CU_ASSERT_TRUE(harness_expect_panic(do_alloc, &free_id));
	CU_ASSERT_TRUE(harness_expect_panic(do_alloc, &reserved_id));
	CU_ASSERT_EQUAL(page_alloc_free_count(), HARNESS_RAM_FRAMES);
}

static const struct harness_test tests[] = {
	{ "init_reserves_everything", init_reserves_everything },
	{ "add_free_takes_whole_frames_only", add_free_takes_whole_frames_only },
	{ "add_free_twice_counts_once", add_free_twice_counts_once },
	{ "add_free_clamps_at_max_phys_addr", add_free_clamps_at_max_phys_addr },
	{ "reserve_takes_touched_frames", reserve_takes_touched_frames },
	{ "alloc_zeroes_and_owns", alloc_zeroes_and_owns },
	{ "alloc_until_exhausted", alloc_until_exhausted },
	{ "reserved_frames_never_handed_out", reserved_frames_never_handed_out },
	{ "free_scrubs", free_scrubs },
	{ "freed_frames_reused_first", freed_frames_reused_first },
	{ "free_all_frees_one_owner", free_all_frees_one_owner },
	{ "free_count_exact_after_cycles", free_count_exact_after_cycles },
	{ "total_count", total_count },
	{ "bad_free_panics", bad_free_panics },
	{ "alloc_for_non_owner_panics", alloc_for_non_owner_panics },
};

void suite_page_alloc(void)
{
	harness_add_suite("page_alloc", tests, ARRAY_SIZE(tests));
}

int main(void)
{
	if (harness_init())
		return 1;
	suite_page_alloc();
	return cunit_run();
}
