// SPDX-License-Identifier: MIT
// The HTTP(S) listeners, the route tables and the replies.
#include "http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include <event2/buffer.h>

#include "frontproc.h"

#define ROUTE_TABLES_MAX 16
#define SEGMENTS_MAX FRONTMSG_SEGMENTS

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
static struct count *counts;
static size_t ncounts;
static struct http_req *live; /* every request being served */
static unsigned long nlive;

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
	if (r->prev)
		r->prev->next = r->next;
	else if (live == r)
		live = r->next;
	if (r->next)
		r->next->prev = r->prev;
	nlive--;
	for (int i = 0; i < HTTP_ARGS_MAX; i++)
		free(r->args[i]);
	evhttp_clear_headers(&r->query);
	evhttp_clear_headers(&r->headers);
	evhttp_clear_headers(&r->out);
	json_decref(r->json);
	free(r->call);
	free(r->bad_code);
	free(r->bad_message);
	json_decref(r->bad_details);
	free(r);
}

json_t *http_json(struct http_req *r)
{
	if (r->kind == FM_BODY_JSON)
		return json_incref(r->json);
	if (r->kind == FM_BODY_BAD)
		http_error(r, r->bad_status, r->bad_code,
			   json_incref(r->bad_details), "%s", r->bad_message);
	else
		http_error(r, 400, "malformed_json", NULL,
			   "malformed JSON: not a JSON body");
	return NULL;
}

const char *http_rpc_call(struct http_req *r, json_t **params,
			  const char **code, const char **message)
{
	if (r->kind == FM_BODY_RPC) {
		*params = r->json;
		return r->call;
	}
	*code = r->bad_code ? r->bad_code : "XMLRPC_UNMARSHAL_FAILURE";
	*message = r->bad_message ? r->bad_message : "not a XenAPI call";
	return NULL;
}

const char *http_header(struct http_req *r, const char *name)
{
	return evhttp_find_header(&r->headers, name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return evhttp_find_header(&r->query, name);
}

void http_set_header(struct http_req *r, const char *name, const char *value)
{
	evhttp_add_header(&r->out, name, value);
}

static void put_headers(struct frontmsg_out *m, const struct evkeyvalq *h)
{
	const struct evkeyval *kv;
	uint32_t n = 0;

	TAILQ_FOREACH(kv, h, next)
		n++;
	frontmsg_put_u32(m, n);
	TAILQ_FOREACH(kv, h, next) {
		frontmsg_put_cstr(m, kv->key);
		frontmsg_put_cstr(m, kv->value);
	}
}

/* Sends a message about r to the front (none if r's front is gone). */
static int to_front(struct http_req *r, struct frontmsg_out *m, int type)
{
	struct evbuffer *out = frontproc_out();

	if (r->gone || !out) {
		evbuffer_free(m->payload);
		return -EPIPE;
	}
	return frontmsg_send(m, out, type, r->id);
}

void http_reply(struct http_req *r, int status, const char *content_type,
		const void *body, size_t len)
{
	struct frontmsg_out m;
	int rc;

	http_set_header(r, "Content-Type", content_type);
	count(r->route, status);
	rc = frontmsg_begin(&m);
	if (!rc) {
		frontmsg_put_u32(&m, (uint32_t)status);
		put_headers(&m, &r->out);
		frontmsg_put_str(&m, body, len);
		rc = to_front(r, &m, FM_REPLY);
	}
	if (rc == -E2BIG || rc == -ENOMEM) {
		static const char big[] =
			"{\"error\":{\"code\":\"internal\",\"message\":"
			"\"the answer is too large\",\"details\":null}}";

		evhttp_clear_headers(&r->out);
		http_reply(r, 500, "application/json", big, sizeof(big) - 1);
		return;
	}
	req_free(r);
}

void http_reply_rpc(struct http_req *r, int status, json_t *value,
		    json_t *error)
{
	struct frontmsg_out m;
	int rc;

	count(r->route, status);
	rc = frontmsg_begin(&m);
	if (!rc) {
		frontmsg_put_u32(&m, (uint32_t)status);
		frontmsg_put_u32(&m, value != NULL);
		frontmsg_put_u32(&m, error != NULL);
		if (value)
			frontmsg_put_tree(&m, value);
		if (error)
			frontmsg_put_tree(&m, error);
		rc = to_front(r, &m, FM_RESULT);
	}
	json_decref(value);
	json_decref(error);
	if (rc == -E2BIG || rc == -ENOMEM) {
		http_reply_rpc(r, 500, NULL,
			       json_pack("[ss]", "INTERNAL_ERROR",
					 "the answer is too large"));
		return;
	}
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

void http_stream_start(struct http_req *r, const char *content_type,
		       void (*on_close)(struct http_req *, void *), void *arg)
{
	struct frontmsg_out m;

	r->on_close = on_close;
	r->close_arg = arg;
	r->streaming = 1;
	http_set_header(r, "Content-Type", content_type);
	http_set_header(r, "Cache-Control", "no-cache");
	count(r->route, 200);
	if (!frontmsg_begin(&m)) {
		frontmsg_put_u32(&m, 200);
		put_headers(&m, &r->out);
		to_front(r, &m, FM_STREAM);
	}
}

int http_stream_send(struct http_req *r, const char *buf, size_t len)
{
	struct frontmsg_out m;

	if (r->gone)
		return -EPIPE;
	if (frontmsg_begin(&m))
		return -ENOMEM;
	frontmsg_put_str(&m, buf, len);
	return to_front(r, &m, FM_CHUNK);
}

void http_stream_end(struct http_req *r)
{
	struct frontmsg_out m;

	if (!frontmsg_begin(&m))
		to_front(r, &m, FM_END);
	if (r->on_close)
		r->on_close(r, r->close_arg);
	req_free(r);
}

/* Splits a route pattern into segments in place; the count or -1. */
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

/* Matches decoded segments against a pattern; fills caps with captured
 * segments (a "**" capture joins the rest with '/').  1 on a match. */
static int match(const char *pattern, char *const *seg, int nseg, char **caps,
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

static const struct http_route *find_route(char *const *seg, int nseg,
					   int method, char **caps, int *ncaps,
					   char *rest, size_t restsz,
					   int *path_known)
{
	*path_known = 0;
	for (size_t t = 0; t < ntables; t++)
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct http_route *rt = &tables[t].routes[i];

			if (!match(rt->pattern, seg, nseg, caps, ncaps, rest,
				   restsz))
				continue;
			*path_known = 1;
			if (rt->methods & method) {
				/* caps point into seg and rest: copy them */
				for (int c = 0; c < *ncaps; c++)
					caps[c] = strdup(caps[c]);
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

/*
 * Routes r, whose path the front split and decoded (seg[0..nseg)), or
 * split only (uri FRONTMSG_URI_BAD): a malformed path or query is a bad
 * request (400) on a route, and no route (404) like any unknown path.
 */
static void route(struct http_req *r, char *const *seg, int nseg,
		  uint32_t uri)
{
	char *caps[HTTP_ARGS_MAX] = { 0 }, rest[4096], path[4096];
	int ncaps = 0, known = 0, bad = 0;
	size_t off = 0;

	for (int i = 0; i < nseg && off < sizeof(path); i++)
		off += (size_t)snprintf(path + off, sizeof(path) - off, "/%s",
					seg[i]);
	if (!nseg)
		strcpy(path, uri == FRONTMSG_URI_LONG ? "/..." : "/");
	r->route = uri == FRONTMSG_URI_LONG
			   ? NULL
			   : find_route(seg, nseg, r->method, caps, &ncaps,
					rest, sizeof(rest), &known);
	for (int i = 0; i < ncaps; i++) {
		r->args[i] = caps[i];
		if (!caps[i])
			bad = 1;
	}
	if (bad || (uri == FRONTMSG_URI_BAD && (r->route || known))) {
		r->route = NULL; /* counted as unmatched */
		http_error(r, 400, "bad_request", NULL,
			   "malformed path or query string");
		return;
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
	/* a body of a type no route takes, whether or not this one reads
	 * its body */
	if (r->kind == FM_BODY_BAD && r->bad_status == 415) {
		http_error(r, 415, r->bad_code, json_incref(r->bad_details),
			   "%s", r->bad_message);
		return;
	}
	r->route->handler(r);
}

/* The body of a REQUEST, by its kind. */
static void read_body(struct frontmsg_in *m, struct http_req *r)
{
	r->kind = frontmsg_get_u32(m);
	switch (r->kind) {
	case FM_BODY_JSON:
		r->json = frontmsg_get_tree(m);
		break;
	case FM_BODY_RPC:
		r->call = frontmsg_get_cstr(m);
		r->json = frontmsg_get_tree(m);
		if (!m->err && !json_is_array(r->json))
			m->err = -EPROTO;
		break;
	case FM_BODY_BAD:
		r->bad_status = (int)frontmsg_get_u32(m);
		r->bad_code = frontmsg_get_cstr(m);
		r->bad_message = frontmsg_get_cstr(m);
		r->bad_details = frontmsg_get_tree(m);
		if (r->bad_status < 400 || r->bad_status > 499)
			m->err = -EPROTO;
		break;
	default:
		m->err = -EPROTO;
	}
}

/* Pairs of strings into q: 0, or -1 when one is refused (CR or LF in it). */
static int get_pairs(struct frontmsg_in *m, uint32_t max, struct evkeyvalq *q)
{
	uint32_t n = frontmsg_get_u32(m);
	int rc = 0;

	if (n > max)
		m->err = -EPROTO;
	for (uint32_t i = 0; !m->err && i < n; i++) {
		char *k = frontmsg_get_cstr(m), *v = frontmsg_get_cstr(m);

		if (k && v && evhttp_add_header(q, k, v))
			rc = -1;
		free(k);
		free(v);
	}
	return rc;
}

/* A REQUEST from the front: checked whole before it is served. */
static int request(struct frontmsg_in *m)
{
	struct http_req *r = calloc(1, sizeof(*r));
	char *seg[SEGMENTS_MAX] = { 0 }, *peer;
	uint32_t nseg = 0, uri;

	if (!r)
		return -ENOMEM;
	r->id = m->id;
	TAILQ_INIT(&r->query);
	TAILQ_INIT(&r->headers);
	TAILQ_INIT(&r->out);
	r->next = live;
	if (live)
		live->prev = r;
	live = r;
	nlive++;
	r->method = (int)frontmsg_get_u32(m);
	uri = frontmsg_get_u32(m);
	nseg = frontmsg_get_u32(m);
	if (uri > FRONTMSG_URI_BAD || nseg > SEGMENTS_MAX ||
	    (uri == FRONTMSG_URI_LONG && nseg))
		m->err = -EPROTO;
	for (uint32_t i = 0; !m->err && i < nseg; i++)
		seg[i] = frontmsg_get_cstr(m);
	/* a query value the core's lists refuse (CR, LF) is a bad query */
	if (get_pairs(m, uri == FRONTMSG_URI_OK ? FRONTMSG_PAIRS : 0,
		      &r->query))
		uri = FRONTMSG_URI_BAD;
	peer = frontmsg_get_cstr(m);
	snprintf(r->peer, sizeof(r->peer), "%s", peer ? peer : "?");
	if (get_pairs(m, FRONTMSG_HEADERS, &r->headers))
		m->err = -EPROTO; /* evhttp let no such header in */
	read_body(m, r);
	if (!m->err && m->left)
		m->err = -EPROTO;
	if (!m->err)
		route(r, seg, (int)nseg, uri);
	else
		req_free(r);
	for (uint32_t i = 0; i < nseg && i < SEGMENTS_MAX; i++)
		free(seg[i]);
	free(peer);
	return m->err;
}

/* The client of a stream went away. */
static void closed(uint64_t id)
{
	for (struct http_req *r = live; r; r = r->next)
		if (r->id == id && r->streaming && !r->gone) {
			if (r->on_close)
				r->on_close(r, r->close_arg);
			req_free(r);
			return;
		}
}

int http_message(struct frontmsg_in *m)
{
	switch (m->type) {
	case FM_REQUEST:
		return request(m);
	case FM_CLOSED:
		closed(m->id);
		return m->left ? -EPROTO : 0;
	}
	return -EPROTO; /* the front sends nothing else */
}

/* The front died: its streams end, answers to its requests are dropped. */
static void lost(void)
{
	struct http_req *r = live, *next;

	for (; r; r = next) {
		next = r->next;
		r->gone = 1;
		if (r->streaming) {
			if (r->on_close)
				r->on_close(r, r->close_arg);
			req_free(r);
		}
	}
}

int http_start(struct event_base *base, const struct http_config *cfg,
	       unsigned *https_port, unsigned *http_port)
{
	static const struct frontproc_ops ops = { http_message, lost };

	return frontproc_start(base, cfg, &ops, https_port, http_port);
}

void http_stop(void)
{
	frontproc_stop();
	lost();
	free(counts);
	counts = NULL;
	ncounts = 0;
}

int http_front_pid(void)
{
	return frontproc_pid();
}

void http_front_stats(unsigned long *restarts, unsigned long *pending)
{
	*restarts = frontproc_restarts();
	*pending = nlive;
}
