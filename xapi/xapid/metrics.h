/* SPDX-License-Identifier: MIT */
/*
 * GET /metrics: Prometheus text format (version 0.0.4).  Per domain: state,
 * CPU time, memory, vCPUs; for xapid: API requests by route and status,
 * sessions, event-stream subscribers.
 */
#ifndef XAPID_METRICS_H
#define XAPID_METRICS_H

/* Adds the /metrics route.  0 or -errno. */
int metrics_init(void);

#endif
