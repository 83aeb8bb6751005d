// SPDX-License-Identifier: MIT
// One-shot xenstore requests through xapid's relay socket.
#include "xsclient.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <xen/io/xs_wire.h>

#define XS_TIMEOUT 10

struct xsreq {
	struct bufferevent *bev;
	xsclient_fn *fn;
	void *arg;
};

static struct event_base *evbase;
static char *relay;

int xsclient_init(struct event_base *base, const char *relay_path)
{
	evbase = base;
	relay = relay_path ? strdup(relay_path) : NULL;
	return relay || !relay_path ? 0 : -ENOMEM;
}

void xsclient_fini(void)
{
	free(relay);
	relay = NULL;
}

static void finish(struct xsreq *q, int err, const char *data, size_t len)
{
	bufferevent_free(q->bev);
	q->fn(err, data, len, q->arg);
	free(q);
}

/* XS_ERROR's payload is an errno name ("ENOENT"): back to -errno. */
static int error_of(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (strlen(xsd_errors[i].errstring) + 1 == len &&
		    !memcmp(xsd_errors[i].errstring, name, len))
			return -xsd_errors[i].errnum;
	return -EIO;
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct xsreq *q = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct xsd_sockmsg h;
	char *body;

	if (evbuffer_get_length(in) < sizeof(h))
		return;
	evbuffer_copyout(in, &h, sizeof(h));
	if (h.len > XENSTORE_PAYLOAD_MAX) {
		finish(q, -EPROTO, NULL, 0);
		return;
	}
	if (evbuffer_get_length(in) < sizeof(h) + h.len)
		return;
	evbuffer_drain(in, sizeof(h));
	body = (char *)evbuffer_pullup(in, h.len);
	if (h.type == XS_ERROR)
		finish(q, error_of(body, h.len), NULL, 0);
	else
		finish(q, 0, body ? body : "", h.len);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
		finish(arg, what & BEV_EVENT_TIMEOUT ? -ETIMEDOUT : -ENOTCONN,
		       NULL, 0);
}

int xsclient_request(unsigned type, const char *path, const char *value,
		     xsclient_fn *fn, void *arg)
{
	struct xsd_sockmsg h = { .type = type, .req_id = 1 };
	struct timeval tv = { XS_TIMEOUT, 0 };
	size_t plen = strlen(path) + 1, vlen = value ? strlen(value) : 0;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct xsreq *q;

	if (!relay)
		return -ENOTCONN;
	if (plen + vlen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if (strlen(relay) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, relay);
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->fn = fn;
	q->arg = arg;
	q->bev = bufferevent_socket_new(evbase, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!q->bev) {
		free(q);
		return -ENOMEM;
	}
	bufferevent_setcb(q->bev, on_read, NULL, on_event, q);
	bufferevent_set_timeouts(q->bev, &tv, &tv);
	if (bufferevent_socket_connect(q->bev, (struct sockaddr *)&sun,
				       sizeof(sun))) {
		bufferevent_free(q->bev);
		free(q);
		return -ENOTCONN;
	}
	h.len = (uint32_t)(plen + vlen);
	bufferevent_write(q->bev, &h, sizeof(h));
	bufferevent_write(q->bev, path, plen);
	if (vlen)
		bufferevent_write(q->bev, value, vlen);
	bufferevent_enable(q->bev, EV_READ);
	return 0;
}
