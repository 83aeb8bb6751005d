/* SPDX-License-Identifier: MIT */
/*
 * The PV layer's selftests, one function per service, each printing its
 * PASS/FAIL lines through selftest_check() (kernel/selftest.h).
 * platform_selftest() (pv/selftest.c) runs them all, every service's own
 * only when the hypervisor offers it and the layer started it; a service
 * offered but not started is a FAIL.  Run from a thread, interrupts on.
 */
#ifndef PV_SELFTEST_H
#define PV_SELFTEST_H

/* shared_info and event channels (pv/selftest_evtchn.c). */
void selftest_evtchn(void);

#endif
