/* SPDX-License-Identifier: MIT */
/*
 * GET /metrics: Prometheus text format (version 0.0.4).  Per domain: state,
 * CPU time, memory, vCPUs; and, read from Dom0 every METRICS_PERIOD
 * seconds while the domain runs, its VM exits by reason name, its event
 * channel ports and grant entries in use, its grant mappings and the
 * requests Dom0's xenstored served for it (OP_USAGE); for xapid: API requests by route and
 * status, xenstore requests by type (xsrelay.h), sessions, event-stream
 * subscribers, front process restarts and requests in service.
 */
#ifndef XAPID_METRICS_H
#define XAPID_METRICS_H

#include <stdint.h>

struct event_base;

/* How often the counters of running domains are read from Dom0. */
#define METRICS_PERIOD 5

/* Adds the /metrics route and starts reading Dom0's counters.  0 or -errno. */
int metrics_init(struct event_base *base);
/* The name of a VM exit reason on this host's back end ("HLT", "NPF",
 * <xrt/exitname.h>), or NULL until Dom0 has said which back end runs. */
const char *metrics_exit_name(uint32_t reason);
/* Stops the counter reads. */
void metrics_fini(void);

#endif
