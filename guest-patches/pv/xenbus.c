/* SPDX-License-Identifier: MIT */
/* The xenbus client: requests, replies and watch events over the store ring. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../kernel/thread.h"
#include "evtchn.h"
#include "xenbus.h"

/* A piece of a request's payload. */
struct part {
	const void *p;
	size_t len;
};

/* A registered watch; tokens are unique in the list. */
struct watch {
	struct watch *next;
	char *path, *token;
	xenbus_watch_fn *fn;
	void *data;
};

/* A queued watch event: path and token, each NUL-terminated, in text. */
struct event {
	struct event *next;
	const char *token;
	char text[];
};

static struct {
	struct xenstore_domain_interface *intf;
	evtchn_port_t port;
	bool ready, broken;
	struct thread_waitq wq; /* woken by the port and by our own changes */
	bool busy;		/* a request is in flight */
	uint32_t next_id;
	uint32_t want_id; /* the request in flight's id */
	bool answered;
	struct xsd_sockmsg reply_hdr;
	char reply[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg in_hdr; /* the message being read */
	uint32_t in_got;	   /* its bytes so far, header included */
	char in[XENSTORE_PAYLOAD_MAX + 1];
	struct watch *watches;
	struct event *ev_head, *ev_tail;
	unsigned int nr_events;
	unsigned long dropped;
} xb;

static void ring_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	thread_wake(&xb.wq);
}

/* The store's indexes are only trusted to be at most a ring apart. */
static bool ring_sane(XENSTORE_RING_IDX prod, XENSTORE_RING_IDX cons)
{
	return prod - cons <= XENSTORE_RING_SIZE;
}

/* Copies up to len bytes of payload into req[]; returns how many. */
static size_t ring_put(const char *p, size_t len)
{
	struct xenstore_domain_interface *intf = xb.intf;
	XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
	size_t n = 0;

	if (!ring_sane(prod, cons)) {
		xb.broken = true;
		return 0;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (n < len && prod - cons < XENSTORE_RING_SIZE)
		intf->req[MASK_XENSTORE_IDX(prod++)] = p[n++];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	intf->req_prod = prod;
	return n;
}

/*
 * Writes all of p into req[], waiting for room while the ring is full;
 * the store is signalled only then (it must drain the ring): the caller
 * signals once the whole request is in.
 */
static int send_bytes(const void *p, size_t len)
{
	const char *c = p;
	uint32_t seen;
	size_t n;

	while (len) {
		seen = thread_wait_count(&xb.wq);
		n = ring_put(c, len);
		if (xb.broken)
			return -EIO;
		c += n;
		len -= n;
		if (n)
			continue;
		evtchn_send(xb.port);
		thread_wait(&xb.wq, seen);
	}
	return 0;
}

static void queue_event(void)
{
	const char *path = xb.in, *token;
	size_t plen = strnlen(path, xb.in_hdr.len);
	struct event *e;

	if (plen + 1 >= xb.in_hdr.len || xb.in[xb.in_hdr.len - 1])
		return; /* not two strings: dropped */
	if (xb.nr_events >= XENBUS_MAX_EVENTS) {
		xb.dropped++;
		return;
	}
	e = malloc(sizeof(*e) + xb.in_hdr.len);
	if (!e) {
		xb.dropped++;
		return;
	}
	memcpy(e->text, xb.in, xb.in_hdr.len);
	token = e->text + plen + 1;
	e->token = token;
	e->next = NULL;
	if (xb.ev_tail)
		xb.ev_tail->next = e;
	else
		xb.ev_head = e;
	xb.ev_tail = e;
	xb.nr_events++;
}

/* A whole message arrived: an event to queue or the awaited reply. */
static void dispatch(void)
{
	xb.in[xb.in_hdr.len] = '\0';
	if (xb.in_hdr.type == XS_WATCH_EVENT) {
		queue_event();
		thread_wake(&xb.wq);
		return;
	}
	if (!xb.busy || xb.answered || xb.in_hdr.req_id != xb.want_id)
		return; /* nobody asked: dropped */
	xb.reply_hdr = xb.in_hdr;
	memcpy(xb.reply, xb.in, xb.in_hdr.len + 1);
	xb.answered = true;
	thread_wake(&xb.wq); /* the xenwatch thread may have read it */
}

/* Takes bytes of the current message from rsp[]; returns how many. */
static size_t ring_take(XENSTORE_RING_IDX *cons, XENSTORE_RING_IDX prod)
{
	uint32_t want = sizeof(xb.in_hdr), n = 0;
	char *dst = (char *)&xb.in_hdr + xb.in_got;

	if (xb.in_got >= sizeof(xb.in_hdr)) {
		want += xb.in_hdr.len;
		dst = xb.in + (xb.in_got - sizeof(xb.in_hdr));
	}
	while (xb.in_got + n < want && *cons != prod)
		dst[n++] = xb.intf->rsp[MASK_XENSTORE_IDX((*cons)++)];
	xb.in_got += n;
	return n;
}

/*
 * Reads every byte the store produced, dispatching each whole message.
 * Checks the indexes and each header's length before trusting them.
 */
static void poll_ring(void)
{
	struct xenstore_domain_interface *intf = xb.intf;
	XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
	XENSTORE_RING_IDX was = cons;

	if (xb.broken || !ring_sane(prod, cons)) {
		xb.broken = true;
		return;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (cons != prod) {
		ring_take(&cons, prod);
		if (xb.in_got < sizeof(xb.in_hdr))
			continue;
		if (xb.in_hdr.len > XENSTORE_PAYLOAD_MAX) {
			xb.broken = true;
			return;
		}
		if (xb.in_got == sizeof(xb.in_hdr) + xb.in_hdr.len) {
			dispatch();
			xb.in_got = 0;
		}
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	intf->rsp_cons = cons;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/*
	 * Only a store that found rsp[] full waits for room, so only then is
	 * it signalled (as Linux's xenbus does): its producer index, read
	 * after ours moved, is a whole ring past where we started.  Any
	 * other signal would wake Dom0 for nothing once per reply.
	 */
	if (cons != was && intf->rsp_prod - was >= XENSTORE_RING_SIZE)
		evtchn_send(xb.port);
}

/* Waits until the request in flight has its answer. */
static int await_reply(void)
{
	uint32_t seen;

	for (;;) {
		seen = thread_wait_count(&xb.wq);
		poll_ring();
		if (xb.broken)
			return -EIO;
		if (xb.answered)
			return 0;
		thread_wait(&xb.wq, seen);
	}
}

static void lock(void)
{
	uint32_t seen;

	for (;;) {
		seen = thread_wait_count(&xb.wq);
		if (!xb.busy)
			break;
		thread_wait(&xb.wq, seen);
	}
	xb.busy = true;
}

static void unlock(void)
{
	xb.busy = false;
	thread_wake(&xb.wq);
}

/* An XS_ERROR reply's string as a negative errno. */
static int reply_errno(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(s, xsd_errors[i].errstring))
			return -xsd_errors[i].errnum;
	return -EIO;
}

/* Sends one request, header then parts, without waiting for its answer. */
static int send_request(uint32_t type, uint32_t txn, const struct part *parts,
			unsigned int n)
{
	struct xsd_sockmsg hdr = { .type = type, .tx_id = txn };
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++)
		hdr.len += (uint32_t)parts[i].len;
	hdr.req_id = xb.want_id = ++xb.next_id;
	xb.answered = false;
	rc = send_bytes(&hdr, sizeof(hdr));
	for (i = 0; !rc && i < n; i++)
		rc = send_bytes(parts[i].p, parts[i].len);
	if (!rc)
		evtchn_send(xb.port); /* one signal for the whole request */
	return rc;
}

/*
 * One request and its answer: the reply's payload is left in xb.reply
 * (NUL-terminated after reply_hdr.len bytes) for the caller, who holds
 * the client until it calls unlock().  On error the client is released.
 */
static int request(uint32_t type, uint32_t txn, const struct part *parts,
		   unsigned int n)
{
	size_t total = 0;
	unsigned int i;
	int rc;

	if (!xb.ready)
		return -ENODEV;
	for (i = 0; i < n; i++)
		total += parts[i].len;
	if (total > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	lock();
	rc = send_request(type, txn, parts, n);
	if (!rc)
		rc = await_reply();
	if (!rc && xb.reply_hdr.type == XS_ERROR)
		rc = reply_errno(xb.reply);
	else if (!rc && xb.reply_hdr.type != type)
		rc = -EIO;
	if (rc)
		unlock();
	return rc;
}

/* A request whose reply carries nothing the caller wants. */
static int request_simple(uint32_t type, uint32_t txn, const struct part *parts,
			  unsigned int n)
{
	int rc = request(type, txn, parts, n);

	if (!rc)
		unlock();
	return rc;
}

/* A request on one path, its reply's payload copied into buf. */
static int request_path(uint32_t type, uint32_t txn, const char *path,
			char *buf, size_t size, uint32_t *len)
{
	struct part p = { path, strlen(path) + 1 };
	int rc = request(type, txn, &p, 1);

	if (rc)
		return rc;
	*len = xb.reply_hdr.len;
	if (*len >= size)
		rc = -ENOBUFS;
	else
		memcpy(buf, xb.reply, *len + 1);
	unlock();
	return rc;
}

/* Counts the NUL-terminated strings of a list reply; -EIO if malformed. */
static int count_strings(const char *buf, uint32_t len)
{
	uint32_t i;
	int n = 0;

	if (len && buf[len - 1])
		return -EIO;
	for (i = 0; i < len; i++)
		n += !buf[i];
	return n;
}

int xenbus_read(uint32_t txn, const char *path, char *buf, size_t size)
{
	uint32_t len;
	int rc = request_path(XS_READ, txn, path, buf, size, &len);

	return rc ? rc : (int)len;
}

int xenbus_directory(uint32_t txn, const char *path, char *buf, size_t size)
{
	uint32_t len;
	int rc = request_path(XS_DIRECTORY, txn, path, buf, size, &len);

	return rc ? rc : count_strings(buf, len);
}

int xenbus_get_perms(uint32_t txn, const char *path, char *buf, size_t size)
{
	uint32_t len;
	int rc = request_path(XS_GET_PERMS, txn, path, buf, size, &len);

	return rc ? rc : count_strings(buf, len);
}

int xenbus_write(uint32_t txn, const char *path, const char *value)
{
	struct part p[2] = { { path, strlen(path) + 1 },
			     { value, strlen(value) } };

	return request_simple(XS_WRITE, txn, p, 2);
}

int xenbus_mkdir(uint32_t txn, const char *path)
{
	struct part p = { path, strlen(path) + 1 };

	return request_simple(XS_MKDIR, txn, &p, 1);
}

int xenbus_rm(uint32_t txn, const char *path)
{
	struct part p = { path, strlen(path) + 1 };

	return request_simple(XS_RM, txn, &p, 1);
}

int xenbus_set_perms(uint32_t txn, const char *path, const char *const perms[],
		     unsigned int n)
{
	struct part p[1 + XENBUS_MAX_PERMS];
	unsigned int i;

	if (!n || n > XENBUS_MAX_PERMS)
		return -EINVAL;
	p[0] = (struct part){ path, strlen(path) + 1 };
	for (i = 0; i < n; i++)
		p[1 + i] = (struct part){ perms[i], strlen(perms[i]) + 1 };
	return request_simple(XS_SET_PERMS, txn, p, n + 1);
}

int xenbus_transaction_start(uint32_t *txn)
{
	struct part p = { "", 1 };
	char *end;
	int rc = request(XS_TRANSACTION_START, XENBUS_NO_TXN, &p, 1);

	if (rc)
		return rc;
	*txn = (uint32_t)strtoul(xb.reply, &end, 10);
	if (end == xb.reply || *end || !*txn)
		rc = -EIO;
	unlock();
	return rc;
}

int xenbus_transaction_end(uint32_t txn, bool commit)
{
	struct part p = { commit ? "T" : "F", 2 };

	return request_simple(XS_TRANSACTION_END, txn, &p, 1);
}

int xenbus_transaction(int (*fn)(uint32_t txn, void *arg), void *arg)
{
	unsigned int i;
	uint32_t txn;
	int rc = -EAGAIN;

	for (i = 0; i < XENBUS_TXN_TRIES && rc == -EAGAIN; i++) {
		rc = xenbus_transaction_start(&txn);
		if (rc)
			return rc;
		rc = fn(txn, arg);
		if (rc) {
			xenbus_transaction_end(txn, false);
			return rc;
		}
		rc = xenbus_transaction_end(txn, true);
	}
	return rc;
}

static struct watch **find_watch(const char *token)
{
	struct watch **w;

	for (w = &xb.watches; *w; w = &(*w)->next)
		if (!strcmp((*w)->token, token))
			return w;
	return w;
}

static char *copy_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);

	if (c)
		memcpy(c, s, n);
	return c;
}

static void free_watch(struct watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xenbus_watch(const char *path, const char *token, xenbus_watch_fn *fn,
		 void *data)
{
	struct part p[2] = { { path, strlen(path) + 1 },
			     { token, strlen(token) + 1 } };
	struct watch *w, **slot = find_watch(token);
	int rc;

	if (*slot)
		return -EEXIST;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->path = copy_string(path)) ||
	    !(w->token = copy_string(token))) {
		if (w)
			free_watch(w);
		return -ENOMEM;
	}
	w->fn = fn;
	w->data = data;
	*slot = w; /* before the request: the store fires at once */
	rc = request_simple(XS_WATCH, XENBUS_NO_TXN, p, 2);
	if (rc) {
		*find_watch(token) = w->next;
		free_watch(w);
	}
	return rc;
}

int xenbus_unwatch(const char *path, const char *token)
{
	struct part p[2] = { { path, strlen(path) + 1 },
			     { token, strlen(token) + 1 } };
	struct watch **slot = find_watch(token), *w = *slot;

	if (!w || strcmp(w->path, path))
		return -ENOENT;
	*slot = w->next;
	free_watch(w);
	return request_simple(XS_UNWATCH, XENBUS_NO_TXN, p, 2);
}

static struct event *take_event(void)
{
	struct event *e = xb.ev_head;

	if (!e)
		return NULL;
	xb.ev_head = e->next;
	if (!xb.ev_head)
		xb.ev_tail = NULL;
	xb.nr_events--;
	return e;
}

void xenbus_deliver(void)
{
	struct watch *w;
	struct event *e;

	if (!xb.ready)
		return;
	poll_ring();
	while ((e = take_event())) {
		w = *find_watch(e->token);
		if (w)
			w->fn(e->text, e->token, w->data);
		free(e);
	}
}

unsigned long xenbus_dropped_events(void)
{
	return xb.dropped;
}

static void xenwatch_thread(void *arg)
{
	uint32_t seen;

	(void)arg;
	for (;;) {
		seen = thread_wait_count(&xb.wq);
		xenbus_deliver();
		thread_wait(&xb.wq, seen);
	}
}

bool xenbus_ready(void)
{
	return xb.ready;
}

int xenbus_init(struct xenstore_domain_interface *intf, evtchn_port_t port)
{
	int rc;

	if (!ring_sane(intf->req_prod, intf->req_cons) ||
	    !ring_sane(intf->rsp_prod, intf->rsp_cons))
		return -EIO;
	xb.intf = intf;
	xb.port = port;
	rc = evtchn_attach(port, ring_event, NULL);
	if (rc)
		return rc;
	rc = thread_create("xenwatch", xenwatch_thread, NULL);
	if (rc < 0)
		return rc;
	xb.ready = true;
	return 0;
}
