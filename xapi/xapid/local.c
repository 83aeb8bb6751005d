/* SPDX-License-Identifier: MIT */
/* xapid's local socket (local.h): clients' frames relayed to Dom0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include "agent.h"
#include "listen.h"
#include "local.h"
#include "log.h"

struct request;

struct client {
	struct bufferevent *bev;
	struct frame_decoder dec;
	uint8_t *dec_buf;
	struct request *requests;	/* in flight to Dom0 */
	struct watched *consoles;	/* the consoles it streams */
	struct client *next;
};

/* A console a client streams (agent_console_open()'s listener). */
struct watched {
	struct client *client;
	uint32_t domid;
	struct watched *next;
};

struct request {
	struct client *client;
	uint32_t id;			/* the client's */
	uint16_t op;
	struct request *next;
};

/* What a client may ask Dom0 through here. */
static const uint16_t relayed[] = {
	OP_LIST, OP_INFO, OP_DESTROY, OP_PAUSE, OP_UNPAUSE, OP_SHUTDOWN,
	OP_MEM_SET, OP_MEM_MAX, OP_VCPU_LIST, OP_VCPU_PIN, OP_SCHED_GET,
	OP_SCHED_SET, OP_DMESG, OP_EXITS, OP_USAGE, OP_RENAME, OP_BLOCK_ATTACH,
	OP_BLOCK_DETACH, OP_BLOCK_LIST, OP_NET_ATTACH, OP_NET_DETACH, OP_NET_LIST,
};

static struct evconnlistener *listener;
static char *sock_path;
static struct client *clients;

static void send_frame_chan(struct client *c, uint16_t op, uint16_t flags,
			    uint32_t id, uint32_t chan, const void *payload,
			    uint32_t len)
{
	uint8_t *buf = malloc(FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE);
	long n;

	if (!buf)
		return;
	n = frame_encode(buf, op, flags, id, chan, payload, len);
	if (n > 0)
		bufferevent_write(c->bev, buf, (size_t)n);
	free(buf);
}

static void send_frame(struct client *c, uint16_t op, uint16_t flags,
		       uint32_t id, const void *payload, uint32_t len)
{
	send_frame_chan(c, op, flags, id, 0, payload, len);
}

static void send_error(struct client *c, uint16_t op, uint32_t id, int err,
		       const char *text)
{
	struct msg_error e = { .err = err };
	uint8_t buf[MSG_TEXT_MAX + 8];
	struct msg_buf b;

	snprintf(e.text, sizeof(e.text), "%s", text);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_error(&b, &e);
	send_frame(c, op, FRAME_REPLY | FRAME_ERROR, id, buf, (uint32_t)b.len);
}

static void forget(struct request *q)
{
	struct request **p;

	if (q->client) {
		for (p = &q->client->requests; *p != q; p = &(*p)->next)
			;
		*p = q->next;
	}
	free(q);
}

static void relayed_reply(const struct agent_result *r, const struct frame *f,
			  void *arg)
{
	struct request *q = arg;

	if (!f)
		send_error(q->client, q->op, q->id, r->err, r->text);
	else
		send_frame(q->client, f->op, f->flags, q->id, f->payload, f->len);
	forget(q);
}

static void create_done(const struct agent_result *r, uint32_t domid, void *arg)
{
	struct request *q = arg;
	struct msg_domid m = { domid };
	uint8_t buf[8];
	struct msg_buf b;

	if (q->client && r->err) {
		send_error(q->client, OP_CREATE, q->id, r->err, r->text);
	} else if (q->client) {
		msg_buf_init(&b, buf, sizeof(buf));
		msg_put_domid(&b, &m);
		send_frame(q->client, OP_CREATE, FRAME_REPLY, q->id, buf, (uint32_t)b.len);
	}
	forget(q);
}

/* CREATE from a client: the spec and host paths; xapid uploads the images. */
static void create(struct client *c, const struct frame *f)
{
	struct msg_create *m = malloc(sizeof(*m));
	struct config *cfg = malloc(sizeof(*cfg));
	struct request *q = calloc(1, sizeof(*q));
	char why[MSG_TEXT_MAX] = "";
	struct msg_rd r;
	int rc = -ENOMEM;

	if (!m || !cfg || !q) {
		send_error(c, f->op, f->id, rc, "xapid is out of memory");
		goto out;
	}
	msg_rd_init(&r, f->payload, f->len);
	if (msg_get_create(&r, m)) {
		send_error(c, f->op, f->id, -EBADMSG, "create: the request does not parse");
		goto out;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->spec = m->spec;
	snprintf(cfg->kernel, sizeof(cfg->kernel), "%s", m->kernel);
	snprintf(cfg->ramdisk, sizeof(cfg->ramdisk), "%s", m->ramdisk);
	q->client = c;
	q->id = f->id;
	q->op = f->op;
	rc = agent_create(cfg, create_done, q, why, sizeof(why));
	if (rc) {
		send_error(c, f->op, f->id, rc, why);
		goto out;
	}
	q->next = c->requests;
	c->requests = q;
	q = NULL;
out:
	free(q);
	free(cfg);
	free(m);
}

static void console_out(const void *data, size_t len, void *arg)
{
	struct watched *w = arg;

	send_frame_chan(w->client, OP_EV_CONSOLE, FRAME_EVENT, 0, w->domid, data,
			(uint32_t)len);
}

static void unwatch(struct watched *w)
{
	struct watched **p;

	for (p = &w->client->consoles; *p != w; p = &(*p)->next)
		;
	*p = w->next;
	free(w);
}

static void console_closed(int err, void *arg)
{
	struct watched *w = arg;
	struct msg_error e = { .err = err ? err : -ESRCH };
	uint8_t buf[MSG_TEXT_MAX + 8];
	struct msg_buf b;

	snprintf(e.text, sizeof(e.text), "%s", err == -ENOENT ?
		 "the domain has no console ring Dom0 serves" :
		 err == -ECONNRESET ? "the channel to Dom0 dropped" :
		 "the domain is gone");
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_error(&b, &e);
	send_frame_chan(w->client, OP_CONSOLE_CLOSE, FRAME_EVENT, 0, w->domid, buf,
			(uint32_t)b.len);
	unwatch(w);
}

/* CONSOLE_OPEN, _WRITE and _CLOSE from a client (chan: the domain). */
static void console(struct client *c, const struct frame *f)
{
	struct agent_console ac = { console_out, console_closed, NULL };
	struct watched *w;
	int rc;

	for (w = c->consoles; w && w->domid != f->chan; w = w->next)
		;
	if (f->op == OP_CONSOLE_WRITE) {
		if (w)
			agent_console_write(f->chan, f->payload, f->len);
		return;
	}
	if (f->op == OP_CONSOLE_CLOSE) {
		if (w) {
			agent_console_close(f->chan);
			unwatch(w);
		}
		send_frame(c, f->op, FRAME_REPLY, f->id, NULL, 0);
		return;
	}
	if (w || !(w = calloc(1, sizeof(*w)))) {
		send_error(c, f->op, f->id, w ? -EBUSY : -ENOMEM,
			   w ? "this client streams that console already" :
			   "xapid is out of memory");
		return;
	}
	w->client = c;
	w->domid = f->chan;
	ac.arg = w;
	rc = agent_console_open(f->chan, &ac);
	if (rc) {
		free(w);
		send_error(c, f->op, f->id, rc, rc == -EBUSY ?
			   "another client has that console" :
			   "xapid has no channel to Dom0");
		return;
	}
	w->next = c->consoles;
	c->consoles = w;
	send_frame(c, f->op, FRAME_REPLY, f->id, NULL, 0);
}

static void hello(struct client *c, const struct frame *f)
{
	struct msg_hello h = { .version = MSG_PROTO_VERSION };
	uint8_t buf[128];
	struct msg_buf b;

	snprintf(h.agent, sizeof(h.agent), "xapid, %s",
		 agent_connected() ? "Dom0 connected" : "no channel to Dom0");
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_hello(&b, &h);
	send_frame(c, OP_HELLO, FRAME_REPLY, f->id, buf, (uint32_t)b.len);
}

static void request(struct client *c, const struct frame *f)
{
	struct request *q;
	unsigned int i;
	int rc;

	if (f->flags) {
		send_error(c, f->op, f->id, -EINVAL, "clients send requests only");
		return;
	}
	if (f->op == OP_HELLO) {
		hello(c, f);
		return;
	}
	if (f->op == OP_CREATE) {
		create(c, f);
		return;
	}
	if (f->op == OP_CONSOLE_OPEN || f->op == OP_CONSOLE_WRITE ||
	    f->op == OP_CONSOLE_CLOSE) {
		console(c, f);
		return;
	}
	for (i = 0; i < sizeof(relayed) / sizeof(relayed[0]) && relayed[i] != f->op; i++)
		;
	if (i == sizeof(relayed) / sizeof(relayed[0])) {
		send_error(c, f->op, f->id, -ENOSYS, "xapid does not relay this operation");
		return;
	}
	q = calloc(1, sizeof(*q));
	if (!q) {
		send_error(c, f->op, f->id, -ENOMEM, "xapid is out of memory");
		return;
	}
	q->client = c;
	q->id = f->id;
	q->op = f->op;
	rc = agent_forward(f->op, 0, f->payload, f->len, relayed_reply, q);
	if (rc) {
		send_error(c, f->op, f->id, rc, rc == -ENOTCONN ?
			   "xapid has no channel to Dom0 (is Xenolith running? `make run`)" :
			   "xapid could not send the request to Dom0");
		free(q);
		return;
	}
	q->next = c->requests;
	c->requests = q;
}

static void close_client(struct client *c)
{
	struct client **p;

	while (c->requests) {
		struct request *q = c->requests;

		c->requests = q->next;
		/* A create goes on (Dom0 must not be left half-way): it forgets q itself. */
		if (q->op == OP_CREATE) {
			q->client = NULL;
			continue;
		}
		agent_cancel(q);
		free(q);
	}
	while (c->consoles) {
		agent_console_close(c->consoles->domid);
		unwatch(c->consoles);
	}
	for (p = &clients; *p != c; p = &(*p)->next)
		;
	*p = c->next;
	bufferevent_free(c->bev);
	free(c->dec_buf);
	free(c);
}

static void on_read(struct bufferevent *b, void *arg)
{
	struct client *c = arg;
	struct evbuffer *in = bufferevent_get_input(b);
	uint8_t chunk[4096];
	size_t pos, used;
	struct frame f;
	int n, rc;

	while ((n = evbuffer_remove(in, chunk, sizeof(chunk))) > 0) {
		for (pos = 0; pos < (size_t)n; pos += used) {
			rc = frame_decode(&c->dec, chunk + pos, (size_t)n - pos, &used, &f);
			if (rc == 1)
				request(c, &f);
			else if (rc < 0)
				log_warn("local: a client's frame refused (%s)",
					 strerror(-rc));
		}
	}
}

static void on_event(struct bufferevent *b, short what, void *arg)
{
	(void)b;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		close_client(arg);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct client *c = calloc(1, sizeof(*c));

	(void)sa;
	(void)salen;
	(void)arg;
	if (!c || !(c->dec_buf = malloc(FRAME_MAX_SIZE)) ||
	    !(c->bev = bufferevent_socket_new(evconnlistener_get_base(l), fd,
					      BEV_OPT_CLOSE_ON_FREE))) {
		if (c)
			free(c->dec_buf);
		free(c);
		close(fd);
		return;
	}
	frame_decoder_init(&c->dec, c->dec_buf);
	c->next = clients;
	clients = c;
	bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

int local_init(struct event_base *base, const char *path)
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
	return 0;
}

void local_fini(void)
{
	while (clients)
		close_client(clients);
	listen_close(listener, sock_path);
	listener = NULL;
	free(sock_path);
	sock_path = NULL;
}
