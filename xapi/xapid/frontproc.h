/* SPDX-License-Identifier: MIT */
/*
 * The front process, seen from the core: its listening sockets, its start
 * (fork, then exec of this binary as `xapid front`, front.h), the
 * socketpair to it, and its restart when it dies.
 *
 * The core binds the listening sockets once and keeps them, so a new
 * front serves the same ports and clients that connect while none runs
 * wait in the kernel's backlog.  The child keeps only what it needs, as
 * fixed descriptors: 0 /dev/null, 1 and 2 the log, 3 the socketpair, 4
 * the HTTPS socket, 5 the plain HTTP socket (when configured); every other
 * descriptor (the channel to Dom0, the local sockets, the database) is
 * closed before the exec, and the exec leaves none of the core's memory
 * (users, tokens, VM definitions) in it.
 */
#ifndef XAPID_FRONTPROC_H
#define XAPID_FRONTPROC_H

#include <event2/buffer.h>
#include <event2/event.h>

#include "frontmsg.h"

struct http_config;

/* What the core does with the front's messages. */
struct frontproc_ops {
	/* A message (REQUEST or CLOSED); -errno if it was bad, and the
	 * front, which sent it, is killed and restarted. */
	int (*message)(struct frontmsg_in *m);
	/* The front is gone (before a new one starts). */
	void (*lost)(void);
};

/*
 * Binds the listeners of cfg (-EPERM for a plain HTTP address that is not
 * loopback) and starts the front.  *https_port, *http_port get the ports
 * bound.  0 or -errno.
 */
int frontproc_start(struct event_base *base, const struct http_config *cfg,
		    const struct frontproc_ops *ops, unsigned *https_port,
		    unsigned *http_port);
/* Stops the front (SIGTERM, then waits for it) and closes the sockets. */
void frontproc_stop(void);
/* The buffer that goes to the front, NULL while none runs. */
struct evbuffer *frontproc_out(void);
/* The front's pid, 0 while none runs. */
int frontproc_pid(void);
/* Fronts started after the first. */
unsigned long frontproc_restarts(void);

#endif
