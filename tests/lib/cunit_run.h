/* SPDX-License-Identifier: MIT */
/*
 * The one CUnit runner every unit test binary uses.
 *
 * A test binary registers its suites with CUnit (CU_add_suite, CU_add_test)
 * and then calls cunit_run().  The runner prints one line per test,
 * "PASS <suite>/<test>" or "FAIL <suite>/<test>: file:line: assertion",
 * which tests/run-tests.sh counts, and CUnit's own summary at the end.
 */
#ifndef TESTS_CUNIT_RUN_H
#define TESTS_CUNIT_RUN_H

/*
 * Runs every registered suite, prints the per-test lines and cleans the
 * registry up.  Returns the process exit status: 0 when every test passed,
 * 1 when any failed or CUnit itself reported an error.
 */
int cunit_run(void);

#endif
