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

/* The PV clock and the one-shot timer (pv/selftest_time.c). */
void selftest_time(void);

/* The grant-table client (pv/selftest_gnttab.c). */
void selftest_gnttab(void);

/*
 * The xenbus client (pv/selftest_xenbus.c), in a DomU with a store ring.
 * Waits up to 10 s for Dom0's xenstored to bind the store port and runs
 * nothing (saying so) when none does: a Dom0 without xenstored (the bare
 * guest-pv.elf as Dom0) serves no store.  The system tests expect its
 * PASS lines only from DomUs of the Dom0 kernel (dom0.elf).
 */
void selftest_xenbus(void);

/*
 * The DomU's half of Dom0's foreign-map test (pv/selftest_foreign.c), run
 * after selftest_xenbus() when the command line says `foreignprobe`: a
 * page of ours offered to Dom0 in data/foreign/ must hold, in our own
 * view, what Dom0 wrote through its foreign mapping.  Waits up to 60 s for
 * Dom0's selftest (dom0/selftest.c) to take the offer.
 */
void selftest_foreign(void);

#endif
