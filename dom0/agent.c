/* SPDX-License-Identifier: MIT */
/* The management agent's thread: transport, frames, dispatch, replies. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "../guest-patches/kernel/clock.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/thread.h"
#include "agent.h"
#include "mgmt.h"

/*
 * The thread sleeps in the transport until bytes come, or, while a host
 * is connected, until the next look at the domain list (for the events)
 * is due; with nobody connected Dom0 stays idle.  The device's port names
 * arrive shortly after boot: the transport is looked for OPEN_TRIES
 * times, first after OPEN_RETRY_NS, then twice as long each time (a Dom0
 * without the device gives up after about 6 s, having woken 6 times).
 */
#define WATCH_NS	250000000ULL	/* the domain list, for events */
#define CONSOLE_NS	20000000ULL	/* console output, while streamed */
#define IDLE_NS		5000000000ULL	/* no host: only the device wakes us */
#define OPEN_RETRY_NS	100000000ULL	/* 0.1 s */
#define OPEN_TRIES	7

static const struct mgmt_transport *const transports[] = { &mgmt_vcons };
static const struct mgmt_transport *mgmt;
static uint8_t dec_buf[FRAME_MAX_SIZE], tx_buf[FRAME_MAX_SIZE];
static uint8_t reply_buf[FRAME_MAX_PAYLOAD];
static struct frame_decoder dec;

int agent_send(uint16_t op, uint16_t flags, uint32_t id, uint32_t chan,
	       const void *payload, uint32_t len)
{
	long n = frame_encode(tx_buf, op, flags, id, chan, payload, len);

	if (n < 0)
		return (int)n;
	mgmt->write(tx_buf, (size_t)n);
	return 0;
}

void agent_why(struct agent_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, c->why_size, fmt, ap);
	va_end(ap);
}

static void reply_error(const struct frame *f, int err, const char *why)
{
	struct msg_error e = { .err = err };
	struct msg_buf b;

	if (why[0])
		snprintf(e.text, sizeof(e.text), "%s", why);
	else
		snprintf(e.text, sizeof(e.text), "operation %u failed: error %d",
			 f->op, err);
	msg_buf_init(&b, reply_buf, sizeof(reply_buf));
	msg_put_error(&b, &e);
	agent_send(f->op, FRAME_REPLY | FRAME_ERROR, f->id, f->chan, reply_buf,
		   (uint32_t)b.len);
}

static const struct agent_op *find_op(uint16_t op)
{
	unsigned int i;

	for (i = 0; i < agent_nr_ops; i++)
		if (agent_ops[i].op == op)
			return &agent_ops[i];
	for (i = 0; i < agent_nr_xs_ops; i++)
		if (agent_xs_ops[i].op == op)
			return &agent_xs_ops[i];
	for (i = 0; i < agent_nr_build_ops; i++)
		if (agent_build_ops[i].op == op)
			return &agent_build_ops[i];
	for (i = 0; i < agent_nr_console_ops; i++)
		if (agent_console_ops[i].op == op)
			return &agent_console_ops[i];
	for (i = 0; i < agent_nr_dev_ops; i++)
		if (agent_dev_ops[i].op == op)
			return &agent_dev_ops[i];
	return NULL;
}

static void dispatch(const struct frame *f)
{
	const struct agent_op *row;
	char why[MSG_TEXT_MAX] = "";
	struct msg_buf out;
	struct msg_rd r;
	struct agent_call c = { f, &r, &out, why, sizeof(why) };
	int rc;

	if (f->flags & (FRAME_REPLY | FRAME_EVENT))
		return;		/* the host sends requests only */
	row = find_op(f->op);
	if (!row) {
		reply_error(f, -ENOSYS, "unknown operation");
		return;
	}
	msg_rd_init(&r, f->payload, f->len);
	msg_buf_init(&out, reply_buf, sizeof(reply_buf));
	rc = row->fn(&c);
	if (!rc && out.err) {
		rc = out.err;
		snprintf(why, sizeof(why), "the reply does not fit in a frame");
	}
	if (!row->reply)
		return;
	if (rc)
		reply_error(f, rc, why);
	else
		agent_send(f->op, FRAME_REPLY, f->id, f->chan, reply_buf,
			   (uint32_t)out.len);
}

void agent_input(const uint8_t *in, size_t n)
{
	size_t pos = 0, used;
	struct frame f;
	int rc;

	while (pos < n) {
		rc = frame_decode(&dec, in + pos, n - pos, &used, &f);
		pos += used;
		if (rc == 1)
			dispatch(&f);
	}
}

void agent_attach(const struct mgmt_transport *t)
{
	mgmt = t;
	frame_decoder_init(&dec, dec_buf);
}

/* Takes what the transport has; true when there was something. */
static bool receive(void)
{
	static uint8_t in[4096];	/* a device buffer's worth */
	size_t n = mgmt->read(in, sizeof(in));

	agent_input(in, n);
	return n > 0;
}

static void hello(void)
{
	struct msg_hello h = { .version = MSG_PROTO_VERSION };
	struct msg_buf b;

	snprintf(h.agent, sizeof(h.agent), "xenolith-dom0 (%s)", mgmt->name);
	msg_buf_init(&b, reply_buf, sizeof(reply_buf));
	msg_put_hello(&b, &h);
	agent_send(OP_HELLO, FRAME_EVENT, 0, 0, reply_buf, (uint32_t)b.len);
}

static const struct mgmt_transport *find_transport(void)
{
	uint64_t delay = OPEN_RETRY_NS;
	unsigned int i, try;

	for (try = 0; try < OPEN_TRIES; try++, delay *= 2) {
		for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
			if (!transports[i]->open())
				return transports[i];
		if (try + 1 < OPEN_TRIES)
			thread_sleep(delay);
	}
	return NULL;
}

static void agent_thread(void *arg)
{
	const struct mgmt_transport *t;
	uint64_t next_watch = 0, now;

	(void)arg;
	t = find_transport();
	if (!t) {
		kprintf("agent: no management channel (no virtio-console port "
			"`mgmt'): the toolstack cannot reach this Dom0\n");
		thread_exit();
	}
	kprintf("agent: management channel on %s\n", t->name);
	agent_attach(t);
	hello();
	for (;;) {
		while (receive())
			;
		agent_xs_flush();
		now = clock_ns();
		if (!mgmt->connected()) {
			mgmt->wait(now + IDLE_NS);
			continue;
		}
		if (now >= next_watch) {
			agent_watch_domains();
			next_watch = now + WATCH_NS;
		}
		/* Console output is gathered by another thread: look often. */
		if (agent_console_flush() && now + CONSOLE_NS < next_watch)
			mgmt->wait(now + CONSOLE_NS);
		else
			mgmt->wait(next_watch);
	}
}

int agent_start(void)
{
	int rc = thread_create("agent", agent_thread, NULL);

	return rc < 0 ? rc : 0;
}
