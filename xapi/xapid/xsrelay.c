/* SPDX-License-Identifier: MIT */
/* The xenstore relay (xsrelay.h): socket clients as Dom0 store connections. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>
#include "agent.h"
#include "listen.h"
#include "log.h"
#include "xsrelay.h"
#include "wire.h" /* xenstore/: the type names */

#define HDR	sizeof(struct xsd_sockmsg)

/* Where one direction of a client's stream stands in Xen's framing. */
struct wire_pos {
	uint8_t hdr[HDR];
	size_t have;		/* header bytes seen of the current message */
	uint32_t left;		/* payload bytes still to come */
};

struct client {
	uint32_t chan;
	struct bufferevent *bev;
	unsigned int outstanding;	/* requests sent, not answered */
	bool stalled;			/* at the bound (logged once) */
	struct wire_pos up, down;	/* to Dom0, from Dom0 */
	struct client *next;
};

static struct evconnlistener *listener;
static char *sock_path;
static struct client *clients;
static uint32_t next_chan = 1;
static struct agent_watch link_watch;

static struct client *find(uint32_t chan)
{
	struct client *c;

	for (c = clients; c && c->chan != chan; c = c->next)
		;
	return c;
}

static void close_client(struct client *c, const char *why)
{
	struct client **p;

	log_debug("xsrelay: client %u closed (%s)", c->chan, why);
	for (p = &clients; *p != c; p = &(*p)->next)
		;
	*p = c->next;
	agent_cancel(c);
	agent_send_oneway(OP_XS_CLOSE, c->chan, NULL, 0);
	bufferevent_free(c->bev);
	free(c);
}

/*
 * Advances pos over n bytes of one direction; returns the bytes that
 * complete the current message's header or payload (at most n), and sets
 * *hdr_done when a header became whole (its fields in pos->hdr).
 */
static size_t wire_step(struct wire_pos *pos, const uint8_t *p, size_t n,
			bool *hdr_done)
{
	size_t take;

	*hdr_done = false;
	if (pos->have < HDR) {
		take = HDR - pos->have < n ? HDR - pos->have : n;
		memcpy(pos->hdr + pos->have, p, take);
		pos->have += take;
		if (pos->have == HDR) {
			*hdr_done = true;
			pos->left = ((struct xsd_sockmsg *)pos->hdr)->len;
			if (!pos->left)
				pos->have = 0;
		}
		return take;
	}
	take = pos->left < n ? pos->left : n;
	pos->left -= take;
	if (!pos->left)
		pos->have = 0;
	return take;
}

/* Forwards what the client sent, stopping when it has too much in flight. */
/* Requests relayed, by type; the last slot counts unknown types. */
static unsigned long ops[XS_TYPE_COUNT + 1];

void xsrelay_ops_each(void (*fn)(const char *type, unsigned long n, void *arg),
		      void *arg)
{
	for (unsigned t = 0; t <= XS_TYPE_COUNT; t++)
		if (ops[t])
			fn(t < XS_TYPE_COUNT ? wire_type_name(t) : "XS_?",
			   ops[t], arg);
}

static void pump(struct client *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	uint8_t buf[4096 + HDR];
	size_t n, len = 0, step;
	bool hdr_done;
	const struct xsd_sockmsg *m;

	while (evbuffer_get_length(in) && len < sizeof(buf)) {
		if (c->up.have == 0 && c->outstanding >= XSRELAY_MAX_OUTSTANDING) {
			if (!c->stalled)
				log_debug("xsrelay: client %u has %u requests in flight: "
					  "holding the rest until replies come", c->chan,
					  c->outstanding);
			c->stalled = true;
			break;	/* resumes when a reply comes */
		}
		c->stalled = false;
		n = evbuffer_copyout(in, buf + len, sizeof(buf) - len);
		step = wire_step(&c->up, buf + len, n, &hdr_done);
		evbuffer_drain(in, step);
		len += step;
		if (hdr_done) {
			m = (const struct xsd_sockmsg *)c->up.hdr;
			if (m->len > XENSTORE_PAYLOAD_MAX) {
				close_client(c, "a request over the payload maximum");
				return;
			}
			c->outstanding++;
			ops[m->type < XS_TYPE_COUNT ? m->type : XS_TYPE_COUNT]++;
		}
	}
	if (len && agent_send_oneway(OP_XS_DATA, c->chan, buf, (uint32_t)len))
		close_client(c, "the channel to Dom0 is down");
}

static void on_read(struct bufferevent *b, void *arg)
{
	(void)b;
	pump(arg);
}

static void on_event(struct bufferevent *b, short what, void *arg)
{
	(void)b;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		close_client(arg, "it hung up");
}

/* XS_DATA from Dom0: replies and watch events for one client. */
static void from_dom0(uint32_t chan, const void *data, size_t len)
{
	struct client *c = find(chan);
	const uint8_t *p = data;
	size_t done = 0;
	bool hdr_done;

	if (!c)
		return;
	while (done < len) {
		done += wire_step(&c->down, p + done, len - done, &hdr_done);
		if (hdr_done && ((struct xsd_sockmsg *)c->down.hdr)->type != XS_WATCH_EVENT &&
		    c->outstanding)
			c->outstanding--;
	}
	bufferevent_write(c->bev, data, len);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) > XSRELAY_MAX_QUEUED) {
		close_client(c, "it does not read its replies");
		return;
	}
	pump(c);
}

static void opened(const struct agent_result *r, const struct frame *f, void *arg)
{
	struct client *c = arg;

	if (r->err || (f->flags & FRAME_ERROR))
		close_client(c, "Dom0 refused the connection");
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct client *c;

	(void)l;
	(void)sa;
	(void)salen;
	(void)arg;
	if (!agent_connected()) {
		log_warn("xsrelay: a client refused: Dom0 is not connected");
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->bev = bufferevent_socket_new(evconnlistener_get_base(listener),
						     fd, BEV_OPT_CLOSE_ON_FREE))) {
		free(c);
		close(fd);
		return;
	}
	c->chan = next_chan++;
	if (agent_forward(OP_XS_OPEN, c->chan, NULL, 0, opened, c)) {
		bufferevent_free(c->bev);
		free(c);
		return;
	}
	c->next = clients;
	clients = c;
	/* Reading stops while 64 KiB wait unforwarded: the socket pushes back. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, 64 * 1024);
	bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	log_debug("xsrelay: client %u connected", c->chan);
}

static void on_link(bool up, void *arg)
{
	(void)arg;
	if (up)
		return;
	while (clients)
		close_client(clients, "the channel to Dom0 went down");
}

int xsrelay_init(struct event_base *base, const char *path)
{
	int err;

	sock_path = strdup(path);
	if (!sock_path)
		return -ENOMEM;
	listener = listen_unix_on(base, path, on_accept, NULL, &err);
	if (!listener) {
		free(sock_path);
		sock_path = NULL;
		return err;
	}
	link_watch.link = on_link;
	agent_watch_add(&link_watch);
	agent_on_xs_data(from_dom0);
	return 0;
}

void xsrelay_fini(void)
{
	while (clients)
		close_client(clients, "xapid is stopping");
	listen_close(listener, sock_path);
	listener = NULL;
	free(sock_path);
	sock_path = NULL;
	agent_watch_remove(&link_watch);
}
