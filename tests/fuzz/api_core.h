/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets of xapid's core share: the core set up as xapid
 * sets it up, without a front or a Dom0 (tests/fuzz/api_*_fuzz.c).
 */
#ifndef TESTS_FUZZ_API_CORE_H
#define TESTS_FUZZ_API_CORE_H

/*
 * Sets up the tasks, a VM database and a users file in a new directory
 * BUILD/api-fuzz/NAME.XXXXXX (BUILD from the binary's own path, which is
 * BUILD/tests/THIS), XenAPI and the REST routes with the checkout's
 * OpenAPI document.  With admin_password, a user "admin" has it.  Aborts
 * on any failure (a fuzz target cannot run without its core).
 */
void api_core_setup(const char *name, const char *admin_password);

#endif
