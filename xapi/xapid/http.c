// SPDX-License-Identifier: MIT
// The HTTP(S) listeners, the route tables and the replies.
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>

#define ROUTE_TABLES_MAX 16
#define SEGMENTS_MAX 32
#define STREAM_BACKLOG_MAX (1024 * 1024)
#define STREAM_TIMEOUT 3600

struct route_table {
	const struct http_route *routes;
	size_t n;
};

struct count {
	const char *route;
	int status;
	unsigned long n;
};

static struct route_table tables[ROUTE_TABLES_MAX];
static size_t ntables;
static struct evhttp *https_srv, *http_srv;
static struct count *counts;
static size_t ncounts;

int http_routes_add(const struct http_route *routes, size_t n)
{
	if (ntables == ROUTE_TABLES_MAX)
		return -ENOMEM;
	tables[ntables].routes = routes;
	tables[ntables++].n = n;
	return 0;
}

void http_routes_each(void (*fn)(const struct http_route *, void *), void *arg)
{
	for (size_t t = 0; t < ntables; t++)
		for (size_t i = 0; i < tables[t].n; i++)
			fn(&tables[t].routes[i], arg);
}

static void count(const struct http_route *route, int status)
{
	const char *name = route ? route->name : "unmatched";
	struct count *t;

	for (size_t i = 0; i < ncounts; i++)
		if (counts[i].route == name && counts[i].status == status) {
			counts[i].n++;
			return;
		}
	t = realloc(counts, (ncounts + 1) * sizeof(*counts));
	if (!t)
		return;
	counts = t;
	counts[ncounts++] = (struct count){ name, status, 1 };
}

void http_counts_each(void (*fn)(const char *, int, unsigned long, void *),
		      void *arg)
{
	for (size_t i = 0; i < ncounts; i++)
		fn(counts[i].route, counts[i].status, counts[i].n, arg);
}

static void req_free(struct http_req *r)
{
	for (int i = 0; i < HTTP_ARGS_MAX; i++)
		free(r->args[i]);
	evhttp_clear_headers(&r->query);
	free(r);
}

char *http_body(struct http_req *r, size_t *len)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t n = evbuffer_get_length(in);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	evbuffer_copyout(in, s, n);
	s[n] = 0;
	*len = n;
	return s;
}

const char *http_header(struct http_req *r, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(r->ev),
				  name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return evhttp_find_header(&r->query, name);
}

void http_set_header(struct http_req *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), name,
			  value);
}

void http_reply(struct http_req *r, int status, const char *content_type,
		const void *body, size_t len)
{
	struct evbuffer *out = evbuffer_new();

	http_set_header(r, "Content-Type", content_type);
	if (out)
		evbuffer_add(out, body, len);
	count(r->route, status);
	evhttp_send_reply(r->ev, status, NULL, out);
	if (out)
		evbuffer_free(out);
	req_free(r);
}

void http_reply_json(struct http_req *r, int status, json_t *body)
{
	char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!s && status != 204) {
		static const char oom[] =
			"{\"error\":{\"code\":\"internal\",\"message\":"
			"\"out of memory\",\"details\":null}}";
		http_reply(r, 500, "application/json", oom, sizeof(oom) - 1);
		return;
	}
	http_reply(r, status, "application/json", s ? s : "",
		   s ? strlen(s) : 0);
	free(s);
}

void http_error(struct http_req *r, int status, const char *code,
		json_t *details, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	http_reply_json(r, status,
			json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code,
				  "message", msg, "details",
				  details ? details : json_null()));
}

void http_error_errno(struct http_req *r, int err, const char *what)
{
	switch (err) {
	case -ENOENT:
	case -ESRCH:
		http_error(r, 404, "not_found", NULL, "%s: no such object",
			   what);
		break;
	case -EEXIST:
		http_error(r, 409, "conflict", NULL, "%s: already exists",
			   what);
		break;
	case -EINVAL:
		http_error(r, 400, "invalid", NULL, "%s: invalid argument",
			   what);
		break;
	case -EBUSY:
		http_error(r, 409, "bad_state", NULL,
			   "%s: not possible in the object's current state",
			   what);
		break;
	case -ENOTCONN:
		http_error(r, 503, "dom0_unavailable", NULL,
			   "%s: the channel to Dom0 is not connected", what);
		break;
	case -EOPNOTSUPP:
		http_error(r, 501, "not_supported", NULL,
			   "%s: Dom0 cannot do this yet", what);
		break;
	case -ETIMEDOUT:
		http_error(r, 504, "dom0_timeout", NULL,
			   "%s: Dom0 did not answer in time", what);
		break;
	case -ECONNRESET:
		http_error(r, 503, "dom0_unavailable", NULL,
			   "%s: the channel to Dom0 dropped", what);
		break;
	case -EPERM:
	case -EACCES:
		http_error(r, 403, "forbidden", NULL, "%s: not permitted",
			   what);
		break;
	case -ENOMEM:
	case -ENOSPC:
		http_error(r, 507, "no_memory", NULL, "%s: out of memory",
			   what);
		break;
	default:
		http_error(r, 500, "internal", NULL, "%s: %s", what,
			   strerror(-err));
	}
}

static void stream_closed(struct evhttp_connection *evcon, void *arg)
{
	struct http_req *r = arg;

	(void)evcon;
	if (r->on_close)
		r->on_close(r, r->close_arg);
	/* A request still unfinished when its connection failed was
	 * detached from it by evhttp and is ours to free. */
	if (!evhttp_request_get_connection(r->ev))
		evhttp_request_free(r->ev);
	req_free(r);
}

void http_stream_start(struct http_req *r, const char *content_type,
		       void (*on_close)(struct http_req *, void *), void *arg)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(r->ev);

	r->on_close = on_close;
	r->close_arg = arg;
	http_set_header(r, "Content-Type", content_type);
	http_set_header(r, "Cache-Control", "no-cache");
	count(r->route, 200);
	evhttp_send_reply_start(r->ev, 200, "OK");
	if (evcon) {
		evhttp_connection_set_timeout(evcon, STREAM_TIMEOUT);
		evhttp_connection_set_closecb(evcon, stream_closed, r);
	}
}

int http_stream_send(struct http_req *r, const char *buf, size_t len)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(r->ev);
	struct evbuffer *out;

	if (!evcon)
		return -EPIPE;
	/* A client that does not read is dropped, not buffered forever. */
	out = bufferevent_get_output(evhttp_connection_get_bufferevent(evcon));
	if (evbuffer_get_length(out) > STREAM_BACKLOG_MAX)
		return -EPIPE;
	out = evbuffer_new();
	if (!out)
		return -ENOMEM;
	evbuffer_add(out, buf, len);
	evhttp_send_reply_chunk(r->ev, out);
	evbuffer_free(out);
	return 0;
}

void http_stream_end(struct http_req *r)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(r->ev);

	if (evcon)
		evhttp_connection_set_closecb(evcon, NULL, NULL);
	if (r->on_close)
		r->on_close(r, r->close_arg);
	evhttp_send_reply_end(r->ev);
	req_free(r);
}

/* Splits a raw path into segments in place; returns the count or -1. */
static int split(char *path, char **seg)
{
	int n = 0;

	for (char *p = strtok(path, "/"); p; p = strtok(NULL, "/")) {
		if (n == SEGMENTS_MAX)
			return -1;
		seg[n++] = p;
	}
	return n;
}

/* Matches segments against a pattern; fills caps with captured raw
 * segments (a "**" capture joins the rest with '/').  1 on a match. */
static int match(const char *pattern, char **seg, int nseg, char **caps,
		 int *ncaps, char *rest, size_t restsz)
{
	char pat[256], *ps[SEGMENTS_MAX];
	int np, i;

	snprintf(pat, sizeof(pat), "%s", pattern);
	np = split(pat, ps);
	*ncaps = 0;
	for (i = 0; i < np; i++) {
		if (!strcmp(ps[i], "**")) {
			size_t off = 0;

			rest[0] = 0;
			for (int j = i; j < nseg; j++)
				off += (size_t)snprintf(rest + off,
							off < restsz ? restsz - off : 0,
							"%s%s", j > i ? "/" : "",
							seg[j]);
			if (off >= restsz || *ncaps == HTTP_ARGS_MAX)
				return 0;
			caps[(*ncaps)++] = rest;
			return 1;
		}
		if (i >= nseg)
			return 0;
		if (!strcmp(ps[i], "*")) {
			if (*ncaps == HTTP_ARGS_MAX)
				return 0;
			caps[(*ncaps)++] = seg[i];
		} else if (strcmp(ps[i], seg[i])) {
			return 0;
		}
	}
	return i == nseg;
}

static const struct http_route *find_route(const char *path, int method,
					   char **caps, int *ncaps, char *rest,
					   size_t restsz, int *path_known)
{
	char buf[4096], *seg[SEGMENTS_MAX];
	int nseg;

	*path_known = 0;
	if (strlen(path) >= sizeof(buf))
		return NULL;
	for (size_t t = 0; t < ntables; t++)
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct http_route *rt = &tables[t].routes[i];

			strcpy(buf, path);
			nseg = split(buf, seg);
			if (nseg < 0 ||
			    !match(rt->pattern, seg, nseg, caps, ncaps, rest,
				   restsz))
				continue;
			*path_known = 1;
			if (rt->methods & method) {
				/* caps point into buf: copy them out now */
				for (int c = 0; c < *ncaps; c++)
					if (caps[c] != rest)
						caps[c] = strdup(caps[c]);
					else
						caps[c] = strdup(rest);
				return rt;
			}
		}
	*ncaps = 0;
	return NULL;
}

static const char *bearer(struct http_req *r)
{
	const char *h = http_header(r, "Authorization");

	/* EventSource cannot set headers: a stream may name its token in
	 * the query instead (RFC 6750, section 2.3). */
	if (!h)
		return http_query(r, "access_token");
	if (strncasecmp(h, "Bearer ", 7))
		return NULL;
	return h + 7;
}

static void dispatch(struct evhttp_request *ev, void *arg)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	struct evhttp_connection *evcon = evhttp_request_get_connection(ev);
	struct http_req *r = calloc(1, sizeof(*r));
	char *caps[HTTP_ARGS_MAX] = { 0 }, rest[4096];
	int ncaps = 0, known, bad = 0;
	char *addr = NULL;
	ev_uint16_t port;

	(void)arg;
	if (!r) {
		evhttp_send_error(ev, 500, NULL);
		return;
	}
	r->ev = ev;
	TAILQ_INIT(&r->query);
	if (evcon) {
		evhttp_connection_get_peer(evcon, &addr, &port);
		snprintf(r->peer, sizeof(r->peer), "%s", addr ? addr : "?");
	}
	if (!path || !*path)
		path = "/";
	r->route = find_route(path, (int)evhttp_request_get_command(ev), caps,
			      &ncaps, rest, sizeof(rest), &known);
	for (int i = 0; i < ncaps; i++) {
		size_t len;

		if (!caps[i]) {
			bad = 1;
			continue;
		}
		r->args[i] = evhttp_uridecode(caps[i], 0, &len);
		free(caps[i]);
		/* an encoded NUL would cut the name short: refuse it */
		if (!r->args[i] || strlen(r->args[i]) != len)
			bad = 1;
	}
	if (!r->route) {
		if (known)
			http_error(r, 405, "method_not_allowed", NULL,
				   "%s does not take this method", path);
		else
			http_error(r, 404, "not_found", NULL,
				   "no route %s", path);
		return;
	}
	if (bad || (query && evhttp_parse_query_str(query, &r->query))) {
		http_error(r, 400, "bad_request", NULL,
			   "malformed path or query string");
		return;
	}
	if (r->route->access != HTTP_PUBLIC) {
		r->session = auth_check(bearer(r));
		if (!r->session) {
			http_set_header(r, "WWW-Authenticate", "Bearer");
			http_error(r, 401, "unauthorized", NULL,
				   "a valid bearer token is required "
				   "(POST /api/v1/login)");
			return;
		}
		if (r->route->access == HTTP_ADMIN &&
		    r->session->role != AUTH_ADMIN) {
			http_error(r, 403, "forbidden", NULL,
				   "user %s is read-only", r->session->user);
			return;
		}
	}
	r->route->handler(r);
}

static struct bufferevent *tls_bev(struct event_base *base, void *arg)
{
	SSL *ssl = SSL_new(arg);
	struct bufferevent *bev;

	if (!ssl)
		return NULL;
	bev = bufferevent_openssl_socket_new(base, -1, ssl,
					     BUFFEREVENT_SSL_ACCEPTING,
					     BEV_OPT_CLOSE_ON_FREE);
	if (bev)
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static int is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, addr, &a6) == 1 &&
	       IN6_IS_ADDR_LOOPBACK(&a6);
}

static int listen_on(struct event_base *base, struct evhttp **srv,
		     const char *addr, unsigned port, unsigned timeout,
		     SSL_CTX *tls, unsigned *bound)
{
	struct evhttp_bound_socket *sock;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int one = 1;

	*srv = evhttp_new(base);
	if (!*srv)
		return -ENOMEM;
	evhttp_set_max_body_size(*srv, HTTP_BODY_MAX);
	evhttp_set_max_headers_size(*srv, HTTP_HEADERS_MAX);
	evhttp_set_timeout(*srv, (int)timeout);
	evhttp_set_allowed_methods(*srv, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
						 EVHTTP_REQ_PUT |
						 EVHTTP_REQ_DELETE |
						 EVHTTP_REQ_HEAD);
	evhttp_set_gencb(*srv, dispatch, NULL);
	if (tls)
		evhttp_set_bevcb(*srv, tls_bev, tls);
	sock = evhttp_bind_socket_with_handle(*srv, addr, (ev_uint16_t)port);
	if (!sock)
		return -EADDRINUSE;
	/* Replies leave in several writes (TLS records, headers then body):
	 * without TCP_NODELAY, which accepted sockets inherit, Nagle and the
	 * client's delayed ACK hold each reply for 40 ms. */
	setsockopt(evhttp_bound_socket_get_fd(sock), IPPROTO_TCP, TCP_NODELAY,
		   &one, sizeof(one));
	if (getsockname(evhttp_bound_socket_get_fd(sock),
			(struct sockaddr *)&ss, &sl))
		return -errno;
	*bound = ntohs(ss.ss_family == AF_INET6
			       ? ((struct sockaddr_in6 *)&ss)->sin6_port
			       : ((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

int http_start(struct event_base *base, const struct http_config *cfg,
	       unsigned *https_port, unsigned *http_port)
{
	int rc;

	*https_port = *http_port = 0;
	if (cfg->http_addr && !is_loopback(cfg->http_addr))
		return -EPERM;
	rc = listen_on(base, &https_srv, cfg->https_addr, cfg->https_port,
		       cfg->timeout, cfg->tls, https_port);
	if (!rc && cfg->http_addr)
		rc = listen_on(base, &http_srv, cfg->http_addr, cfg->http_port,
			       cfg->timeout, NULL, http_port);
	if (rc)
		http_stop();
	return rc;
}

void http_stop(void)
{
	if (https_srv)
		evhttp_free(https_srv);
	if (http_srv)
		evhttp_free(http_srv);
	https_srv = http_srv = NULL;
	free(counts);
	counts = NULL;
	ncounts = 0;
}
