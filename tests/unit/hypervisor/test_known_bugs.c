/* SPDX-License-Identifier: MIT */
/*
 * Cases that fail against the hypervisor as it is, one per bug reported.
 * They run only with UNIT_KNOWN_BUGS=1 in the environment, so that make
 * test stays green until the fix lands; the fix moves its case into the
 * suite it belongs to.
 */
#include <stdlib.h>
#include <string.h>

#include <asm/boot.h>

#include "harness.h"

/*
 * asm/boot.h: CR0_PG is (1 << 31), which overflows int (UB in C11, caught
 * by UBSan in guest_access.c) and sign-extends wherever it meets a 64-bit
 * value: (uint64_t)CR0_PG is 0xffffffff80000000.
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
	const char *on = getenv("UNIT_KNOWN_BUGS");

	if (on && !strcmp(on, "1"))
		harness_add_suite("known_bugs", tests, ARRAY_SIZE(tests));
}
