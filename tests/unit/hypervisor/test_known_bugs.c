/* SPDX-License-Identifier: MIT */
/*
 * Regression cases, one per bug found by these tests and fixed since, so
 * that it cannot come back.
 */

#include <asm/boot.h>

#include "harness.h"

/*
 * asm/boot.h: CR0_PG was (1 << 31), which overflows int (UB in C11, caught
 * by UBSan in guest_access.c) and sign-extended wherever it met a 64-bit
 * value: (uint64_t)CR0_PG was 0xffffffff80000000.
 */
static void cr0_pg_is_an_unsigned_bit_31(void)
{
	uint64_t pg = CR0_PG;

	CU_ASSERT_EQUAL(pg, 0x80000000ULL);
}

static const struct harness_test tests[] = {
	{ "cr0_pg_is_an_unsigned_bit_31", cr0_pg_is_an_unsigned_bit_31 },
};

void suite_known_bugs(void)
{
	harness_add_suite("regressions", tests, ARRAY_SIZE(tests));
}
