/* SPDX-License-Identifier: MIT */
/*
 * The management agent: Dom0's end of the channel to the host's xapid
 * (docs/xapi-protocol.md).  A thread of its own polls the transport
 * (mgmt.h) and sleeps in it between bytes, decodes frames (xapi/proto/), runs each request through the
 * tables of operations (agent_ops.c: domains, memory, vCPUs, scheduler,
 * console ring, exit counters; agent_xs.c: the host's xenstore
 * connections; agent_build.c: the domain builder, builder/; agent_dev.c:
 * disks and vifs of running domains) and writes
 * one reply per request.  It also watches the
 * domain list and sends an event for each domain that changes or goes.
 *
 * Every request is hostile input: a frame that does not decode is dropped
 * (the decoder resynchronises), a payload that does not parse, an unknown
 * operation or a refused argument gets an error reply, never more.
 */
#ifndef DOM0_AGENT_H
#define DOM0_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../xapi/proto/frame.h"
#include "../xapi/proto/msg.h"

/*
 * Starts the agent's thread, which opens the first transport present
 * (waiting a while for the device's ports to be named) and serves it.
 * Without one it says so and ends; Dom0 runs as before.  0 or -errno.
 */
int agent_start(void);

/*
 * One operation's handler: reads its request from r, writes its reply
 * payload to out.  Returns 0, or -errno with a sentence in why (what failed
 * and why, for the user; the agent writes a generic one if left empty).
 */
struct agent_call {
	const struct frame *frame;
	struct msg_rd *r;
	struct msg_buf *out;
	char *why;
	size_t why_size;
};
typedef int agent_handler(struct agent_call *c);

/* A row of the operations table: a handler, and whether it is answered. */
struct agent_op {
	uint16_t op;
	agent_handler *fn;
	int reply;	/* 0 for XS_DATA and CONSOLE_WRITE: no reply */
};

/* The tables of agent_ops.c and agent_xs.c. */
extern const struct agent_op agent_ops[];
extern const unsigned int agent_nr_ops;
extern const struct agent_op agent_xs_ops[];
extern const unsigned int agent_nr_xs_ops;
extern const struct agent_op agent_build_ops[];	/* agent_build.c */
extern const unsigned int agent_nr_build_ops;
extern const struct agent_op agent_console_ops[];	/* agent_console.c */
extern const unsigned int agent_nr_console_ops;
extern const struct agent_op agent_dev_ops[];	/* agent_dev.c: disks, vifs */
extern const unsigned int agent_nr_dev_ops;

/* Sends the console output gathered for the host; true while any stream is open. */
bool agent_console_flush(void);

/* Ends every console stream (a new xapid said hello). */
void agent_console_reset(void);

struct mgmt_transport;

/*
 * Serves the host through t from now on, with a fresh frame decoder
 * (agent_start()'s thread calls it once it found a transport; the host
 * build of the dispatch, tests/fuzz/dispatch_fuzz.c, with a model one).
 */
void agent_attach(const struct mgmt_transport *t);

/*
 * Decodes n bytes that came from the host, in any pieces, and answers every
 * request completed by them through the transport.  Agent's thread only.
 */
void agent_input(const uint8_t *in, size_t n);

/* Sends one frame to the host (events and XS_DATA).  0 or -EMSGSIZE. */
int agent_send(uint16_t op, uint16_t flags, uint32_t id, uint32_t chan,
	       const void *payload, uint32_t len);

/* Writes why for a failed call: printf-style. */
void agent_why(struct agent_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sends what the host's xenstore connections have queued (agent_xs.c). */
void agent_xs_flush(void);

/* Closes every host xenstore connection (a new xapid said hello). */
void agent_xs_reset(void);

/* Compares the domain list with the last one; events for changes (agent_ops.c). */
void agent_watch_domains(void);

#endif
