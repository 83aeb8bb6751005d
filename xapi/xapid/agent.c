/* SPDX-License-Identifier: MIT */
/*
 * The agent's calls (agent.h): request ids, timeouts, typed replies, the
 * hello handshake and the events Dom0 sends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event2/event.h>
#include <stdint.h>
#include <xen/sched.h>
#include "agent.h"
#include "channel.h"
#include "log.h"

enum link { LINK_DOWN, LINK_HELLO, LINK_READY };

struct call;
/* Turns the reply (NULL with r->err set for xapid's own errors) into the callback. */
typedef void decode_fn(struct call *c, const struct agent_result *r,
		       const struct frame *f);

struct call {
	uint32_t id;
	uint16_t op;
	decode_fn *decode;
	void *fn;
	void *arg;
	struct event *timer;
	struct call *next;
};

static struct event_base *base;
static enum link link_state;
static struct call *calls;
static uint32_t next_id = 1;
static struct event *hello_timer;
static struct agent_watch *watches;
static void (*xs_data_fn)(uint32_t chan, const void *data, size_t len);

/* The consoles being streamed: a domain and who hears it. */
struct console {
	uint32_t domid;
	struct agent_console c;
	struct console *next;
};
static struct console *consoles;

static struct console *find_console(uint32_t domid)
{
	struct console *k;

	for (k = consoles; k && k->domid != domid; k = k->next)
		;
	return k;
}

/* Forgets domid's console and tells its listener why. */
static void console_ended(uint32_t domid, int err)
{
	struct console **p, *k;

	for (p = &consoles; *p && (*p)->domid != domid; p = &(*p)->next)
		;
	if (!(k = *p))
		return;
	*p = k->next;
	k->c.closed(err, k->c.arg);
	free(k);
}

static void consoles_ended(int err)
{
	while (consoles)
		console_ended(consoles->domid, err);
}

static void unlink_call(struct call *c)
{
	struct call **p;

	for (p = &calls; *p && *p != c; p = &(*p)->next)
		;
	if (*p)
		*p = c->next;
	event_free(c->timer);
	free(c);
}

static void finish(struct call *c, const struct agent_result *r,
		   const struct frame *f)
{
	/* Unlinked first: the callback may start new calls or cancel. */
	struct call **p;

	for (p = &calls; *p && *p != c; p = &(*p)->next)
		;
	if (*p)
		*p = c->next;
	c->decode(c, r, f);
	event_free(c->timer);
	free(c);
}

static void fail_all(int err, const char *text)
{
	struct agent_result r = { err, text };

	while (calls)
		finish(calls, &r, NULL);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct agent_result r = { -ETIMEDOUT, "Dom0 did not answer in time" };

	(void)fd;
	(void)what;
	log_warn("agent: request %u (op %u) timed out", ((struct call *)arg)->id,
		 ((struct call *)arg)->op);
	finish(arg, &r, NULL);
}

static int start_call(uint16_t op, uint32_t chan, const void *payload,
		      uint32_t len, decode_fn *decode, void *fn, void *arg)
{
	struct timeval tv = { AGENT_TIMEOUT_S, 0 };
	struct call *c;
	int rc;

	if (link_state != LINK_READY && op != OP_HELLO)
		return -ENOTCONN;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->timer = evtimer_new(base, on_timeout, c);
	if (!c->timer) {
		free(c);
		return -ENOMEM;
	}
	if (!next_id)
		next_id = 1;	/* 0 is the events' id */
	c->id = next_id++;
	c->op = op;
	c->decode = decode;
	c->fn = fn;
	c->arg = arg;
	rc = channel_send(op, 0, c->id, chan, payload, len);
	if (rc) {
		event_free(c->timer);
		free(c);
		return rc;
	}
	evtimer_add(c->timer, &tv);
	c->next = calls;
	calls = c;
	return 0;
}

/* A reply's error payload, or a parse failure, as a result. */
static const struct agent_result *result_of(const struct agent_result *r,
					    const struct frame *f,
					    struct msg_error *e,
					    struct agent_result *out)
{
	struct msg_rd rd;

	if (!f || !(f->flags & FRAME_ERROR))
		return r;
	msg_rd_init(&rd, f->payload, f->len);
	if (msg_get_error(&rd, e)) {
		out->err = -EBADMSG;
		out->text = "Dom0 sent an error reply that does not parse";
	} else {
		out->err = e->err;
		out->text = e->text;
	}
	return out;
}

static const struct agent_result bad_reply = { -EBADMSG, "Dom0's reply does not parse" };
static const struct agent_result ok = { 0, "" };

#define RESULT(r, f)                                  \
	struct msg_error e_;                          \
	struct agent_result o_;                       \
	r = result_of(r, f, &e_, &o_)

static void decode_done(struct call *c, const struct agent_result *r,
			const struct frame *f)
{
	RESULT(r, f);
	((agent_done_fn *)c->fn)(r, c->arg);
}

static void decode_raw(struct call *c, const struct agent_result *r,
		       const struct frame *f)
{
	((agent_raw_fn *)c->fn)(f ? &ok : r, f, c->arg);
}

/* A reply that is a list: count, then items read by get (size bytes each). */
static void *decode_list(const struct frame *f, size_t size,
			 int (*get)(struct msg_rd *, void *), unsigned int *n)
{
	struct msg_rd rd;
	uint8_t *items;
	uint32_t i, count;

	msg_rd_init(&rd, f->payload, f->len);
	count = msg_get_u32(&rd);
	if (rd.err || count > f->len)
		return NULL;
	items = calloc(count ? count : 1, size);
	if (!items)
		return NULL;
	for (i = 0; i < count; i++)
		get(&rd, items + i * size);
	if (msg_rd_end(&rd)) {
		free(items);
		return NULL;
	}
	*n = count;
	return items;
}

static int get_dominfo(struct msg_rd *r, void *m) { return msg_get_dominfo(r, m); }
static int get_vcpuinfo(struct msg_rd *r, void *m) { return msg_get_vcpuinfo(r, m); }
static int get_exit(struct msg_rd *r, void *m) { return msg_get_exit(r, m); }

static void decode_dominfos(struct call *c, const struct agent_result *r,
			    const struct frame *f)
{
	struct msg_dominfo *d = NULL;
	unsigned int n = 0;

	RESULT(r, f);
	if (!r->err && !(d = decode_list(f, sizeof(*d), get_dominfo, &n)))
		r = &bad_reply;
	((agent_list_fn *)c->fn)(r, d, n, c->arg);
	free(d);
}

static void decode_vcpus(struct call *c, const struct agent_result *r,
			 const struct frame *f)
{
	struct msg_vcpuinfo *v = NULL;
	unsigned int n = 0;

	RESULT(r, f);
	if (!r->err && !(v = decode_list(f, sizeof(*v), get_vcpuinfo, &n)))
		r = &bad_reply;
	((agent_vcpus_fn *)c->fn)(r, v, n, c->arg);
	free(v);
}

static void decode_exits(struct call *c, const struct agent_result *r,
			 const struct frame *f)
{
	struct msg_exit *x = NULL;
	unsigned int n = 0;

	RESULT(r, f);
	if (!r->err && !(x = decode_list(f, sizeof(*x), get_exit, &n)))
		r = &bad_reply;
	((agent_exits_fn *)c->fn)(r, x, n, c->arg);
	free(x);
}

static void decode_usage(struct call *c, const struct agent_result *r,
			 const struct frame *f)
{
	struct msg_usage m = { 0 };
	struct msg_rd rd;

	RESULT(r, f);
	if (!r->err) {
		msg_rd_init(&rd, f->payload, f->len);
		if (msg_get_usage(&rd, &m))
			r = &bad_reply;
	}
	((agent_usage_fn *)c->fn)(r, &m, c->arg);
}

static void decode_info(struct call *c, const struct agent_result *r,
			const struct frame *f)
{
	struct msg_physinfo m = { 0 };
	struct msg_rd rd;

	RESULT(r, f);
	if (!r->err) {
		msg_rd_init(&rd, f->payload, f->len);
		if (msg_get_physinfo(&rd, &m))
			r = &bad_reply;
	}
	((agent_info_fn *)c->fn)(r, &m, c->arg);
}

static void decode_sched(struct call *c, const struct agent_result *r,
			 const struct frame *f)
{
	struct msg_sched m = { 0 };
	struct msg_rd rd;

	RESULT(r, f);
	if (!r->err) {
		msg_rd_init(&rd, f->payload, f->len);
		if (msg_get_sched(&rd, &m))
			r = &bad_reply;
	}
	((agent_sched_fn *)c->fn)(r, &m, c->arg);
}

static void decode_text(struct call *c, const struct agent_result *r,
			const struct frame *f)
{
	RESULT(r, f);
	((agent_text_fn *)c->fn)(r, r->err ? "" : (const char *)f->payload,
				 r->err ? 0 : f->len, c->arg);
}

static void link_changed(bool up)
{
	struct agent_watch *w, *next;

	for (w = watches; w; w = next) {
		next = w->next;
		if (w->link)
			w->link(up, w->arg);
	}
}

static void decode_hello(struct call *c, const struct agent_result *r,
			 const struct frame *f)
{
	struct msg_hello h;
	struct msg_rd rd;

	(void)c;
	if (!f || (f->flags & FRAME_ERROR) || link_state != LINK_HELLO)
		return;	/* the hello timer tries again */
	msg_rd_init(&rd, f->payload, f->len);
	if (msg_get_hello(&rd, &h)) {
		log_error("agent: Dom0's hello does not parse");
		return;
	}
	(void)r;
	link_state = LINK_READY;
	evtimer_del(hello_timer);
	log_info("agent: Dom0's agent is up (%s, protocol %u)", h.agent, h.version);
	link_changed(true);
}

static void send_hello(evutil_socket_t fd, short what, void *arg)
{
	struct msg_hello h = { .version = MSG_PROTO_VERSION };
	struct timeval tv = { 1, 0 };
	uint8_t buf[128];
	struct msg_buf b;

	(void)fd;
	(void)what;
	(void)arg;
	if (link_state != LINK_HELLO)
		return;
	snprintf(h.agent, sizeof(h.agent), "xapid");
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_hello(&b, &h);
	start_call(OP_HELLO, 0, buf, (uint32_t)b.len, decode_hello, NULL, NULL);
	evtimer_add(hello_timer, &tv);
}

static void on_up(void)
{
	link_state = LINK_HELLO;
	send_hello(-1, 0, NULL);
}

static void on_down(void)
{
	bool was_ready = link_state == LINK_READY;

	link_state = LINK_DOWN;
	evtimer_del(hello_timer);
	fail_all(-ECONNRESET, "the channel to Dom0 dropped (QEMU stopped?)");
	consoles_ended(-ECONNRESET);
	if (was_ready)
		link_changed(false);
}

static void on_event(const struct frame *f)
{
	struct agent_watch *w, *next;
	struct console *k;
	struct msg_dominfo d;
	struct msg_rd rd;
	uint32_t domid;

	msg_rd_init(&rd, f->payload, f->len);
	switch (f->op) {
	case OP_HELLO:
		/* Dom0's agent (re)started: what was in flight is lost. */
		if (link_state == LINK_READY) {
			log_warn("agent: Dom0 restarted");
			link_state = LINK_HELLO;
			fail_all(-ECONNRESET, "Dom0 restarted");
			consoles_ended(-ECONNRESET);
			link_changed(false);
			send_hello(-1, 0, NULL);
		}
		break;
	case OP_EV_DOMAIN:
		if (msg_get_dominfo(&rd, &d) || msg_rd_end(&rd))
			break;
		for (w = watches; w; w = next) {
			next = w->next;
			if (w->domain)
				w->domain(&d, w->arg);
		}
		break;
	case OP_EV_GONE:
		domid = msg_get_u32(&rd);
		if (msg_rd_end(&rd))
			break;
		for (w = watches; w; w = next) {
			next = w->next;
			if (w->gone)
				w->gone(domid, w->arg);
		}
		break;
	case OP_EV_CONSOLE:
		k = find_console(f->chan);
		if (k)
			k->c.out(f->payload, f->len, k->c.arg);
		break;
	case OP_CONSOLE_CLOSE:
		console_ended(f->chan, -ESRCH);
		break;
	default:
		log_debug("agent: event %u ignored", f->op);
	}
}

static void on_frame(const struct frame *f)
{
	struct call *c;

	if (f->flags & FRAME_EVENT) {
		on_event(f);
		return;
	}
	if (!(f->flags & FRAME_REPLY)) {
		if (f->op == OP_XS_DATA && xs_data_fn)
			xs_data_fn(f->chan, f->payload, f->len);
		return;
	}
	for (c = calls; c && c->id != f->id; c = c->next)
		;
	if (!c) {
		log_debug("agent: reply %u to nothing in flight", f->id);
		return;
	}
	if (c->op != f->op) {
		log_warn("agent: reply %u is for op %u, not %u", f->id, f->op, c->op);
		return;
	}
	finish(c, &ok, f);
}

int agent_init(struct event_base *b, const char *path)
{
	static const struct channel_hooks hooks = { on_up, on_down, on_frame };

	base = b;
	hello_timer = evtimer_new(base, send_hello, NULL);
	if (!hello_timer)
		return -ENOMEM;
	return channel_init(base, path, &hooks);
}

void agent_fini(void)
{
	link_state = LINK_DOWN;
	fail_all(-ECONNRESET, "xapid is stopping");
	channel_fini();
	if (hello_timer)
		event_free(hello_timer);
	hello_timer = NULL;
}

bool agent_connected(void)
{
	return link_state == LINK_READY;
}

void agent_cancel(void *arg)
{
	struct call *c, *next;

	for (c = calls; c; c = next) {
		next = c->next;
		if (c->arg == arg)
			unlink_call(c);
	}
}

int agent_forward(uint16_t op, uint32_t chan, const void *payload,
		  uint32_t len, agent_raw_fn *fn, void *arg)
{
	if (op == OP_HELLO)
		return -EINVAL;
	return start_call(op, chan, payload, len, decode_raw, fn, arg);
}

int agent_send_oneway(uint16_t op, uint32_t chan, const void *payload,
		      uint32_t len)
{
	if (link_state != LINK_READY)
		return -ENOTCONN;
	return channel_send(op, 0, 0, chan, payload, len);
}

void agent_on_xs_data(void (*fn)(uint32_t chan, const void *data, size_t len))
{
	xs_data_fn = fn;
}

/* A call whose request is one message written by put. */
#define CALL(op, put, msg, decode, fn, arg)                              \
	({                                                               \
		uint8_t buf_[512];                                       \
		struct msg_buf b_;                                       \
		msg_buf_init(&b_, buf_, sizeof(buf_));                   \
		put(&b_, msg);                                           \
		b_.err ? b_.err : start_call(op, 0, buf_, (uint32_t)b_.len, \
					      decode, (void *)fn, arg);  \
	})

int agent_list(agent_list_fn *fn, void *arg)
{
	return start_call(OP_LIST, 0, NULL, 0, decode_dominfos, (void *)fn, arg);
}

int agent_info(agent_info_fn *fn, void *arg)
{
	return start_call(OP_INFO, 0, NULL, 0, decode_info, (void *)fn, arg);
}

int agent_domain_op(enum agent_domop op, uint32_t domid, agent_done_fn *fn,
		    void *arg)
{
	struct msg_domid d = { domid };
	struct msg_shutdown s = { domid, SHUTDOWN_poweroff };

	switch (op) {
	case AGENT_DESTROY:
		return CALL(OP_DESTROY, msg_put_domid, &d, decode_done, fn, arg);
	case AGENT_PAUSE:
		return CALL(OP_PAUSE, msg_put_domid, &d, decode_done, fn, arg);
	case AGENT_UNPAUSE:
		return CALL(OP_UNPAUSE, msg_put_domid, &d, decode_done, fn, arg);
	case AGENT_REBOOT:
		s.reason = SHUTDOWN_reboot;
		/* fall through */
	case AGENT_POWEROFF:
		return CALL(OP_SHUTDOWN, msg_put_shutdown, &s, decode_done, fn, arg);
	}
	return -EINVAL;
}

int agent_mem_set(uint32_t domid, uint64_t kib, agent_done_fn *fn, void *arg)
{
	struct msg_mem m = { domid, kib };

	return CALL(OP_MEM_SET, msg_put_mem, &m, decode_done, fn, arg);
}

int agent_mem_max(uint32_t domid, uint64_t kib, agent_done_fn *fn, void *arg)
{
	struct msg_mem m = { domid, kib };

	return CALL(OP_MEM_MAX, msg_put_mem, &m, decode_done, fn, arg);
}

int agent_vcpu_list(uint32_t domid, agent_vcpus_fn *fn, void *arg)
{
	struct msg_domid d = { domid };

	return CALL(OP_VCPU_LIST, msg_put_domid, &d, decode_vcpus, fn, arg);
}

int agent_vcpu_pin(uint32_t domid, uint32_t vcpu, uint64_t mask,
		   agent_done_fn *fn, void *arg)
{
	struct msg_vcpu_pin m = { domid, vcpu, mask };

	return CALL(OP_VCPU_PIN, msg_put_vcpu_pin, &m, decode_done, fn, arg);
}

int agent_sched_get(uint32_t domid, agent_sched_fn *fn, void *arg)
{
	struct msg_domid d = { domid };

	return CALL(OP_SCHED_GET, msg_put_domid, &d, decode_sched, fn, arg);
}

int agent_sched_set(const struct msg_sched *s, agent_done_fn *fn, void *arg)
{
	return CALL(OP_SCHED_SET, msg_put_sched, s, decode_done, fn, arg);
}

int agent_dmesg(agent_text_fn *fn, void *arg)
{
	return start_call(OP_DMESG, 0, NULL, 0, decode_text, (void *)fn, arg);
}

int agent_exits(uint32_t domid, agent_exits_fn *fn, void *arg)
{
	struct msg_domid d = { domid };

	return CALL(OP_EXITS, msg_put_domid, &d, decode_exits, fn, arg);
}

int agent_usage(uint32_t domid, agent_usage_fn *fn, void *arg)
{
	struct msg_domid d = { domid };

	return CALL(OP_USAGE, msg_put_domid, &d, decode_usage, fn, arg);
}

int agent_rename(uint32_t domid, const char *name, agent_done_fn *fn,
		 void *arg)
{
	struct msg_rename m = { .domid = domid };

	if (strlen(name) >= sizeof(m.name))
		return -EINVAL;
	strcpy(m.name, name);
	return CALL(OP_RENAME, msg_put_rename, &m, decode_done, fn, arg);
}

void agent_watch_add(struct agent_watch *w)
{
	w->next = watches;
	watches = w;
}

void agent_watch_remove(struct agent_watch *w)
{
	struct agent_watch **p;

	for (p = &watches; *p && *p != w; p = &(*p)->next)
		;
	if (*p)
		*p = w->next;
}

static void console_opened(const struct agent_result *r, const struct frame *f,
			   void *arg)
{
	struct console *k = arg;

	if (!f || (f->flags & FRAME_ERROR))
		console_ended(k->domid, f ? -ENOENT : r->err);
}

int agent_console_open(uint32_t domid, const struct agent_console *c)
{
	struct console *k;
	int rc;

	if (find_console(domid))
		return -EBUSY;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->domid = domid;
	k->c = *c;
	rc = start_call(OP_CONSOLE_OPEN, domid, NULL, 0, decode_raw,
			(void *)console_opened, k);
	if (rc) {
		free(k);
		return rc;
	}
	k->next = consoles;
	consoles = k;
	return 0;
}

int agent_console_write(uint32_t domid, const void *data, size_t len)
{
	if (!find_console(domid))
		return -ENOENT;
	return agent_send_oneway(OP_CONSOLE_WRITE, domid, data, (uint32_t)len);
}

static void ignore(const struct agent_result *r, const struct frame *f, void *arg)
{
	(void)r;
	(void)f;
	(void)arg;
}

void agent_console_close(uint32_t domid)
{
	struct console **p, *k;

	for (p = &consoles; *p && (*p)->domid != domid; p = &(*p)->next)
		;
	if (!(k = *p))
		return;
	*p = k->next;
	agent_cancel(k);
	start_call(OP_CONSOLE_CLOSE, domid, NULL, 0, decode_raw, (void *)ignore, NULL);
	free(k);
}
