/* SPDX-License-Identifier: MIT */
/* Dom0's service thread: woken by ring events and VIRQ_DOM_EXC. */
#include "../drivers/backend/blkback.h"
#include "../drivers/backend/consback.h"
#include "../drivers/backend/netback.h"
#include "../drivers/backend/xenbus_back.h"
#include "../guest-patches/kernel/args.h"
#include "../guest-patches/kernel/boot.h"
#include "../guest-patches/kernel/clock.h"
#include "../guest-patches/kernel/power.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/thread.h"
#include "../guest-patches/pv/evtchn.h"
#include "guest.h"
#include "service.h"
#include "xenstored.h"

static struct thread_waitq service_waitq;
static volatile bool scan_due = true;	/* VIRQ_DOM_EXC came: scan */

/*
 * The hypervisor raises VIRQ_DOM_EXC when a domain shuts down (or
 * crashes) and when one is destroyed, as Xen does.  A fallback scan once a
 * second still catches what a lost wake-up would miss (a domain the
 * builder made, a port that could not be bound); an idle Dom0 wakes once a
 * second, not 100 times.
 */
static uint64_t scan_period = SERVICE_SCAN_NS;

/* Interrupt context. */
static void dom_exc(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	scan_due = true;
	thread_wake(&service_waitq);
}

void service_wake(void)
{
	thread_wake(&service_waitq);
}

static void service_thread(void *arg)
{
	bool exit_when_alone = args_has(boot_info.cmdline, "exit-when-alone");
	uint64_t next_scan = 0, stats_due;
	uint32_t seen;

	(void)arg;
	for (;;) {
		/* Read before looking: a wake-up from here on is not lost. */
		seen = thread_wait_count(&service_waitq);
		if (scan_due || clock_ns() >= next_scan) {
			scan_due = false;
			next_scan = clock_ns() + scan_period;
			guest_scan();
		}
		/* Test boots end by themselves once every DomU has ended. */
		if (exit_when_alone && guest_all_gone())
			power_off();
		xenstored_poll();
		consback_poll();
		xenbus_back_poll();
		blkback_poll();
		netback_poll();
		/*
		 * Counters held back by the once-a-second rule are written
		 * by the next pass: there is one within that second even
		 * when no event comes (device interrupts, not polls, wake
		 * Dom0's threads now).
		 */
		stats_due = clock_ns() + XENBUS_BACK_STATS_NS;
		thread_wait_until(&service_waitq, seen,
				  next_scan < stats_due ? next_scan : stats_due);
	}
}

int service_start(void)
{
	int rc = evtchn_bind_virq(VIRQ_DOM_EXC, dom_exc, NULL);

	if (rc < 0) {
		kprintf("service: VIRQ_DOM_EXC: error %d, the domain list is "
			"polled every %lu ms\n", rc,
			(unsigned long)(SERVICE_POLL_NS / 1000000));
		scan_period = SERVICE_POLL_NS;
	}
	rc = thread_create("service", service_thread, NULL);
	return rc < 0 ? rc : 0;
}
