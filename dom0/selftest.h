/* SPDX-License-Identifier: MIT */
/*
 * Dom0's selftests, run by the kernel's selftest after its own: the
 * foreign map (of the page the first DomU offers when it runs `selftest
 * foreignprobe`, pv/selftest_foreign.c: up to 60 s for the offer, then
 * until that DomU is gone; with bad arguments), the domain list, and the
 * store through Dom0's own connection (entries, permissions, errors).
 */
#ifndef DOM0_SELFTEST_H
#define DOM0_SELFTEST_H

/* The suite for selftest_add(). */
void dom0_selftest(void);

#endif
