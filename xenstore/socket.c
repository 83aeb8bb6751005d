/* SPDX-License-Identifier: MIT */
/* UNIX socket transport: one conn per client, over libevent. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "conn.h"
#include "socket.h"
#include "store.h"

struct socket_client {
	struct socket_client *next;
	struct socket_server *srv;
	struct bufferevent *bev;
	struct conn *conn;
};

struct socket_server {
	struct store *store;
	struct evconnlistener *listener;
	struct socket_client *clients;
	char *path;
};

static void socket_flush(struct socket_client *cl)
{
	const void *data;
	size_t len;

	for (;;) {
		conn_output(cl->conn, &data, &len);
		if (!len)
			break;
		if (bufferevent_write(cl->bev, data, len)) {
			store_log(cl->srv->store, "socket: write failed");
			break;
		}
		conn_output_done(cl->conn, len);
	}
}

static void socket_drop(struct socket_client *cl, bool destroy_conn)
{
	struct socket_client **pp;

	for (pp = &cl->srv->clients; *pp; pp = &(*pp)->next) {
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	}
	if (destroy_conn)
		conn_destroy(cl->conn);
	bufferevent_free(cl->bev);
	free(cl);
}

/*
 * Socket clients are Dom0 and have no quotas, but one that sends requests
 * without reading the replies must not grow the daemon without bound: past
 * SOCKET_OUT_MAX bytes of unsent output its requests wait (reading stops)
 * until the output drains below SOCKET_OUT_LOW.
 */
#define SOCKET_OUT_MAX (4u << 20)
#define SOCKET_OUT_LOW (1u << 20)

static bool socket_backlogged(struct socket_client *cl)
{
	return evbuffer_get_length(bufferevent_get_output(cl->bev)) >
	       SOCKET_OUT_MAX;
}

static void socket_read(struct bufferevent *bev, void *arg)
{
	struct socket_client *cl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len, used;
	unsigned char *p;

	while ((len = evbuffer_get_contiguous_space(in))) {
		if (socket_backlogged(cl)) {
			bufferevent_disable(bev, EV_READ);
			return;
		}
		p = evbuffer_pullup(in, (ev_ssize_t)len);
		used = conn_feed(cl->conn, p, len);
		evbuffer_drain(in, used);
		socket_flush(cl);
		if (used < len)
			break; /* stalled: never for Dom0, kept for symmetry */
	}
}

/* Output fell below SOCKET_OUT_LOW: take requests again. */
static void socket_write(struct bufferevent *bev, void *arg)
{
	if (bufferevent_get_enabled(bev) & EV_READ)
		return;
	bufferevent_enable(bev, EV_READ);
	socket_read(bev, arg);
}

static void socket_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		socket_drop(arg, true);
}

static void socket_conn_notify(struct conn *c)
{
	socket_flush(c->opaque);
}

static void socket_conn_closed(struct conn *c)
{
	socket_drop(c->opaque, false);
}

static const struct conn_ops socket_conn_ops = {
    .notify = socket_conn_notify,
    .closed = socket_conn_closed,
};

static void socket_accept(struct evconnlistener *l, evutil_socket_t fd,
			  struct sockaddr *addr, int alen, void *arg)
{
	struct socket_server *srv = arg;
	struct socket_client *cl;

	(void)l;
	(void)addr;
	(void)alen;
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		goto err_close;
	cl->srv = srv;
	cl->bev = bufferevent_socket_new(evconnlistener_get_base(l), fd,
					 BEV_OPT_CLOSE_ON_FREE);
	if (!cl->bev)
		goto err_free;
	cl->conn = conn_create(srv->store, 0, &socket_conn_ops, cl);
	if (!cl->conn)
		goto err_free_bev;
	bufferevent_setcb(cl->bev, socket_read, socket_write, socket_event, cl);
	bufferevent_setwatermark(cl->bev, EV_WRITE, SOCKET_OUT_LOW, 0);
	if (bufferevent_enable(cl->bev, EV_READ | EV_WRITE))
		goto err_destroy_conn;
	cl->next = srv->clients;
	srv->clients = cl;
	return;

err_destroy_conn:
	conn_destroy(cl->conn);
err_free_bev:
	bufferevent_free(cl->bev);
	free(cl);
	store_log(srv->store, "socket: cannot accept a client");
	return;
err_free:
	free(cl);
err_close:
	store_log(srv->store, "socket: cannot accept a client");
	close(fd);
}

/*
 * Binds and listens under a temporary name, then renames the socket into
 * place: a client that sees @path can connect at once, with no window
 * between bind() and listen() where it would be refused.
 */
struct socket_server *socket_listen(struct store *s, struct event_base *base,
				    const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct socket_server *srv;
	int len, err;

	len = snprintf(sun.sun_path, sizeof(sun.sun_path), "%s.%ld.tmp", path,
		       (long)getpid());
	if (len < 0 || (size_t)len >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return NULL;
	srv->store = s;
	srv->path = strdup(path);
	if (!srv->path)
		goto err_free_srv;
	unlink(sun.sun_path);
	srv->listener = evconnlistener_new_bind(
	    base, socket_accept, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 64,
	    (struct sockaddr *)&sun, sizeof(sun));
	if (!srv->listener)
		goto err_free_path;
	if (rename(sun.sun_path, path))
		goto err_free_listener;
	return srv;

err_free_listener:
	err = errno;
	evconnlistener_free(srv->listener);
	unlink(sun.sun_path);
	errno = err;
err_free_path:
	err = errno;
	free(srv->path);
	errno = err;
err_free_srv:
	err = errno;
	free(srv);
	errno = err;
	return NULL;
}

void socket_close(struct socket_server *srv)
{
	while (srv->clients)
		socket_drop(srv->clients, true);
	evconnlistener_free(srv->listener);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
