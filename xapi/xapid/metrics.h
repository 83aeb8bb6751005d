/* SPDX-License-Identifier: MIT */
/*
 * GET /metrics: Prometheus text format (version 0.0.4).  Per domain: state,
 * CPU time, memory, vCPUs, VM exits by reason (read from Dom0 every
 * METRICS_EXITS_PERIOD seconds); for xapid: API requests by route and
 * status, sessions, event-stream subscribers.
 */
#ifndef XAPID_METRICS_H
#define XAPID_METRICS_H

struct event_base;

/* How often the VM exit counters of running domains are read from Dom0. */
#define METRICS_EXITS_PERIOD 5

/* Adds the /metrics route and starts reading exit counters.  0 or -errno. */
int metrics_init(struct event_base *base);
/* Stops the exit counter reads. */
void metrics_fini(void);

#endif
