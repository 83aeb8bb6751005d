/* SPDX-License-Identifier: MIT */
/*
 * The host's xenstore connections: each chan of XS_OPEN is a privileged
 * connection to Dom0's store; XS_DATA carries Xen's wire protocol both
 * ways, unchanged.  The store frames the messages; this file only moves
 * bytes.  xapid bounds what one host client may have outstanding.
 */
#include <errno.h>
#include <stdlib.h>
#include "../xenstore/conn.h"
#include "agent.h"
#include "xenstored.h"

struct xs_client {
	uint32_t chan;
	struct conn *conn;
	struct xs_client *next;
};

static struct xs_client *clients;

static struct xs_client *find(uint32_t chan)
{
	struct xs_client *x;

	for (x = clients; x && x->chan != chan; x = x->next)
		;
	return x;
}

static void unlink_client(struct xs_client *x)
{
	struct xs_client **p;

	for (p = &clients; *p != x; p = &(*p)->next)
		;
	*p = x->next;
	free(x);
}

/* The store destroyed the connection itself (it is being torn down). */
static void closed(struct conn *c)
{
	unlink_client(c->opaque);
}

static const struct conn_ops ops = { .closed = closed };

static int op_open(struct agent_call *c)
{
	struct xs_client *x;

	if (msg_rd_end(c->r))
		return -EBADMSG;
	if (find(c->frame->chan)) {
		agent_why(c, "xenstore connection %u is open already", c->frame->chan);
		return -EEXIST;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->chan = c->frame->chan;
	x->conn = xenstored_connect(&ops, x);
	if (!x->conn) {
		free(x);
		return -ENOMEM;
	}
	x->next = clients;
	clients = x;
	return 0;
}

static int op_data(struct agent_call *c)
{
	struct xs_client *x = find(c->frame->chan);

	/* Bytes for a connection that is not open are dropped (it closed). */
	if (x)
		conn_feed(x->conn, c->frame->payload, c->frame->len);
	return 0;
}

static int op_close(struct agent_call *c)
{
	struct xs_client *x = find(c->frame->chan);

	if (!x) {
		agent_why(c, "no xenstore connection %u", c->frame->chan);
		return -ENOENT;
	}
	conn_destroy(x->conn);
	unlink_client(x);
	return 0;
}

void agent_xs_flush(void)
{
	struct xs_client *x;
	const void *data;
	size_t len;

	for (x = clients; x; x = x->next) {
		for (;;) {
			conn_output(x->conn, &data, &len);
			if (!len)
				break;
			if (len > FRAME_MAX_PAYLOAD)
				len = FRAME_MAX_PAYLOAD;
			agent_send(OP_XS_DATA, 0, 0, x->chan, data, (uint32_t)len);
			conn_output_done(x->conn, len);
		}
	}
}

void agent_xs_reset(void)
{
	while (clients) {
		conn_destroy(clients->conn);
		unlink_client(clients);
	}
}

const struct agent_op agent_xs_ops[] = {
	{ OP_XS_OPEN, op_open, 1 },
	{ OP_XS_DATA, op_data, 0 },
	{ OP_XS_CLOSE, op_close, 1 },
};
const unsigned int agent_nr_xs_ops = sizeof(agent_xs_ops) / sizeof(agent_xs_ops[0]);
