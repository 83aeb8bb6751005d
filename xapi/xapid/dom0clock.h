/* SPDX-License-Identifier: MIT */
/*
 * Dom0's clock read on the host's.  Dom0 stamps the domain reports it
 * sends (msg_dominfo.seen_ns) with its system time, the hypervisor's; the
 * host maps that to its own CLOCK_MONOTONIC with an offset measured by
 * echo round trips over the same channel: once a second while the link is
 * up, an OP_INFO call whose answer carries Dom0's clock (physinfo
 * uptime_ns) gives offset = Dom0's clock - the round trip's midpoint on
 * the host, true within half the round trip.  Of the last
 * DOM0CLOCK_SAMPLES echoes the one with the shortest round trip is used
 * (the least queueing, the tightest bound).  Samples are dropped when
 * the link goes down (another Dom0 may answer next).
 */
#ifndef XAPID_DOM0CLOCK_H
#define XAPID_DOM0CLOCK_H

#include <stdint.h>

#include <event2/event.h>

#define DOM0CLOCK_SAMPLES 8

/* Starts the echoes (on base's loop).  0 or -errno. */
int dom0clock_init(struct event_base *base);
void dom0clock_fini(void);

/*
 * Dom0's time dom0_ns as the host's wall clock, seconds since the epoch;
 * 0 when no echo has come back yet.
 */
double dom0clock_epoch(uint64_t dom0_ns);

/* The round trip of the echo in use, ns (0: none yet); the bound is half. */
uint64_t dom0clock_rtt_ns(void);

#endif
