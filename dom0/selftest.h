/* SPDX-License-Identifier: MIT */
/*
 * Dom0's selftests, run by the kernel's selftest after its own: the
 * foreign map (on the first DomU, with bad arguments), the domain list,
 * and the store through Dom0's own connection (entries, permissions,
 * errors).
 */
#ifndef DOM0_SELFTEST_H
#define DOM0_SELFTEST_H

/* The suite for selftest_add(). */
void dom0_selftest(void);

#endif
