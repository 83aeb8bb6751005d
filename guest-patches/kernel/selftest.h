/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel selftest: every service the running build has, exercised
 * and reported as "PASS name" / "FAIL name: why" lines, then a summary line
 * "SELFTEST n passed, m failed" that tests/system/guest-*.sh read.  The
 * kernel core tests itself here; platform_selftest() adds the native or
 * paravirtual pieces.
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

/*
 * Records one result: prints "PASS name" when ok, else "FAIL name: " and
 * the formatted reason.
 */
void selftest_check(const char *name, bool ok, const char *why, ...)
	__attribute__((format(printf, 3, 4)));

#define SELFTEST_MAX_EXTRA	4	/* suites selftest_add() may add */

/*
 * Adds a suite (a function making selftest_check() calls) that
 * selftest_run() runs after the core's and the platform's: a kernel with
 * more services (Dom0) adds its own.  Returns 0, or -ENOSPC.
 */
int selftest_add(void (*suite)(void));

/*
 * Runs every test and prints the summary.  Must run in a thread other than
 * the idle thread (the tests sleep and switch threads).  Returns the number
 * of failures.
 */
unsigned int selftest_run(void);

#endif
