/* SPDX-License-Identifier: MIT */
/*
 * Console streams for the host (`xl console`): CONSOLE_OPEN (chan = the
 * domain) sends what the domain wrote recently and then its output as it
 * comes, as EV_CONSOLE events; CONSOLE_WRITE types into it; CONSOLE_CLOSE
 * ends it, and an event CONSOLE_CLOSE tells the host when the domain's
 * console went.  The console backend's tap fills a buffer per stream in
 * the service thread; the agent's thread sends it (one writer on the
 * channel).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../drivers/backend/consback.h"
#include "agent.h"

#define STREAM_BUF	16384	/* output waiting for the agent's thread */

struct stream {
	domid_t domid;
	char buf[STREAM_BUF];
	size_t len;
	unsigned long dropped;	/* bytes lost while the host lagged */
	struct stream *next;
};

static struct stream *streams;

static struct stream *find(domid_t domid)
{
	struct stream *s;

	for (s = streams; s && s->domid != domid; s = s->next)
		;
	return s;
}

/* Service thread (the tap) and the agent's (history): buffer only. */
static void tap(domid_t domid, const char *data, size_t len)
{
	struct stream *s = find(domid);
	size_t take;

	if (!s)
		return;
	take = STREAM_BUF - s->len < len ? STREAM_BUF - s->len : len;
	memcpy(s->buf + s->len, data, take);
	s->len += take;
	s->dropped += len - take;
}

static void drop(struct stream *s)
{
	struct stream **p;

	for (p = &streams; *p != s; p = &(*p)->next)
		;
	*p = s->next;
	free(s);
	if (!streams)
		consback_tap(NULL);
}

static void send_output(domid_t domid, const char *data, size_t len)
{
	size_t off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < 4096 ? len - off : 4096;
		agent_send(OP_EV_CONSOLE, FRAME_EVENT, 0, domid, data + off, (uint32_t)n);
	}
}

bool agent_console_flush(void)
{
	struct stream *s, *next;

	for (s = streams; s; s = next) {
		next = s->next;
		send_output(s->domid, s->buf, s->len);
		s->len = 0;
		if (!consback_connected(s->domid)) {
			agent_send(OP_CONSOLE_CLOSE, FRAME_EVENT, 0, s->domid, NULL, 0);
			drop(s);
		}
	}
	return streams != NULL;
}

void agent_console_reset(void)
{
	while (streams)
		drop(streams);
}

static int op_open(struct agent_call *c)
{
	domid_t domid = (domid_t)c->frame->chan;
	struct stream *s;

	if (msg_rd_end(c->r) || c->frame->chan >= DOMID_FIRST_RESERVED)
		return -EBADMSG;
	if (!consback_connected(domid)) {
		agent_why(c, "domain %u has no console ring Dom0 serves", domid);
		return -ENOENT;
	}
	if (find(domid)) {
		agent_why(c, "domain %u's console is streamed already", domid);
		return -EBUSY;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->domid = domid;
	s->next = streams;
	streams = s;
	/* What it wrote recently comes first, sent from here (the agent's thread). */
	consback_history(domid, send_output);
	consback_tap(tap);
	return 0;
}

static int op_write(struct agent_call *c)
{
	long rc = consback_type((domid_t)c->frame->chan,
				(const char *)c->frame->payload, c->frame->len);

	return rc < 0 ? (int)rc : 0;
}

static int op_close(struct agent_call *c)
{
	struct stream *s = find((domid_t)c->frame->chan);

	if (!s) {
		agent_why(c, "domain %u's console is not streamed", c->frame->chan);
		return -ENOENT;
	}
	drop(s);
	return 0;
}

const struct agent_op agent_console_ops[] = {
	{ OP_CONSOLE_OPEN, op_open, 1 },
	{ OP_CONSOLE_WRITE, op_write, 0 },
	{ OP_CONSOLE_CLOSE, op_close, 1 },
};
const unsigned int agent_nr_console_ops =
	sizeof(agent_console_ops) / sizeof(agent_console_ops[0]);
