// SPDX-License-Identifier: MIT
// The front process: TLS, HTTP and the decoders, forwarding to the core.
#include "front.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/queue.h>
#include <sys/resource.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <libxml/parser.h>

#include "frontmsg.h"
#include "http.h"
#include "jsonrpc.h"
#include "log.h"
#include "tls.h"
#include "xlcfg.h"
#include "xmlrpc.h"

#define LINK_FD 3
#define HTTPS_FD 4
#define HTTP_FD 5
#define STREAM_BACKLOG_MAX (1024 * 1024)
#define STREAM_TIMEOUT 3600
#define BUCKETS 256

/* How a request's answer is encoded. */
enum transport { T_PLAIN, T_XMLRPC, T_JSONRPC };

struct freq {
	uint64_t id;
	struct evhttp_request *ev;
	enum transport t;
	struct jsonrpc_req jr; /* T_JSONRPC: the id and version to answer */
	int jcode;	       /* T_JSONRPC: the decode error, else 0 */
	int create;	       /* POST /api/v1/domains: xl.cfg text is taken */
	char why[160];
	struct freq *next;
};

static struct event_base *base;
static struct bufferevent *core;
static struct freq *table[BUCKETS];
static uint64_t next_id;

static void freq_add(struct freq *f)
{
	f->next = table[f->id % BUCKETS];
	table[f->id % BUCKETS] = f;
}

/* Finds the request with this id, and takes it out if take is set. */
static struct freq *freq_find(uint64_t id, int take)
{
	struct freq **pp = &table[id % BUCKETS], *f;

	for (; (f = *pp); pp = &f->next)
		if (f->id == id) {
			if (take)
				*pp = f->next;
			return f;
		}
	return NULL;
}

static void freq_free(struct freq *f)
{
	jsonrpc_req_free(&f->jr);
	free(f);
}

/* Whether path is exactly /api/v1/domains (repeated slashes aside): the
 * create route, the only one that takes xl.cfg text. */
static int is_create_path(const char *path)
{
	static const char *const want[] = { "api", "v1", "domains" };

	for (size_t i = 0; i < 3; i++) {
		size_t n;

		path += strspn(path, "/");
		n = strcspn(path, "/");
		if (n != strlen(want[i]) || strncmp(path, want[i], n))
			return 0;
		path += n;
	}
	return !path[strspn(path, "/")];
}

/* The transport a POST to path speaks, by its one segment. */
static enum transport transport_of(const char *path)
{
	size_t n;

	path += strspn(path, "/");
	n = strcspn(path, "/");
	if (path[n + strspn(path + n, "/")])
		return T_PLAIN;
	if (n == 0 || (n == 4 && !strncmp(path, "RPC2", 4)) ||
	    (n == 6 && !strncmp(path, "xmlrpc", 6)))
		return T_XMLRPC;
	if (n == 7 && !strncmp(path, "jsonrpc", 7))
		return T_JSONRPC;
	return T_PLAIN;
}

static void put_bad(struct frontmsg_out *m, unsigned status, const char *code,
		    const char *message, json_t *details)
{
	frontmsg_put_u32(m, FM_BODY_BAD);
	frontmsg_put_u32(m, status);
	frontmsg_put_cstr(m, code);
	frontmsg_put_cstr(m, message);
	frontmsg_put_tree(m, details);
	json_decref(details);
}

/* The body, decoded here so that the core never parses it. */
static void put_body(struct frontmsg_out *m, struct freq *f, const char *body,
		     size_t len, const char *type)
{
	json_error_t err;
	char *method;
	json_t *j;

	switch (f->t) {
	case T_XMLRPC:
		if (xmlrpc_decode(body, len, &method, &j, f->why,
				  sizeof(f->why))) {
			put_bad(m, 400, "XMLRPC_UNMARSHAL_FAILURE", f->why, NULL);
			return;
		}
		frontmsg_put_u32(m, FM_BODY_RPC);
		frontmsg_put_cstr(m, method);
		frontmsg_put_tree(m, j);
		free(method);
		json_decref(j);
		return;
	case T_JSONRPC:
		f->jcode = jsonrpc_decode(body, len, &f->jr, f->why,
					  sizeof(f->why));
		if (f->jcode) {
			put_bad(m, 400, "JSONRPC_PARSE_ERROR", f->why, NULL);
			return;
		}
		frontmsg_put_u32(m, FM_BODY_RPC);
		frontmsg_put_cstr(m, f->jr.method);
		frontmsg_put_tree(m, f->jr.params);
		return;
	case T_PLAIN:
		break;
	}
	if (type && !strncasecmp(type, "text/plain", 10) && !f->create) {
		put_bad(m, 415, "unsupported_media_type",
			"xl.cfg text (text/plain) goes to POST "
			"/api/v1/domains only; this route takes "
			"application/json",
			NULL);
		return;
	}
	if (type && !strncasecmp(type, "text/plain", 10)) {
		json_t *lines;

		/* xl.cfg, the only text the API takes */
		j = xlcfg_to_json(body, len, &lines);
		if (!j) {
			put_bad(m, 400, "invalid_config",
				lines ? "the xl.cfg text has errors"
				      : "out of memory reading the xl.cfg text",
				json_pack("{s:o}", "messages",
					  lines ? lines : json_array()));
			return;
		}
		frontmsg_put_u32(m, FM_BODY_JSON);
		frontmsg_put_tree(m, j);
		json_decref(j);
		return;
	}
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		char msg[200];

		snprintf(msg, sizeof(msg), "malformed JSON: %s", err.text);
		put_bad(m, 400, "malformed_json", msg,
			json_pack("{s:i,s:i}", "line", err.line, "column",
				  err.column));
		return;
	}
	frontmsg_put_u32(m, FM_BODY_JSON);
	frontmsg_put_tree(m, j);
	json_decref(j);
}

/*
 * The path's segments and the query's pairs, percent-decoded here
 * (libevent's evhttp_uridecode and evhttp_parse_query_str) so that the
 * core gets them as plain strings.  When either is malformed, too long,
 * or a segment holds an encoded NUL, the core gets FRONTMSG_URI_BAD and
 * the raw segments (to tell a bad request on a route from no route), or
 * FRONTMSG_URI_LONG and none past FRONTMSG_SEGMENTS (no route is as
 * long); no query either way.
 */
static void put_uri(struct frontmsg_out *m, const char *path,
		    const char *query)
{
	char *copy = strdup(path), *raw = strdup(path), *save = NULL;
	char *seg[FRONTMSG_SEGMENTS];
	struct evkeyvalq q;
	struct evkeyval *kv;
	uint32_t n = 0, nq = 0;
	uint32_t ok = copy && raw ? FRONTMSG_URI_OK : FRONTMSG_URI_LONG;

	TAILQ_INIT(&q);
	for (char *s = ok ? strtok_r(copy, "/", &save) : NULL; s;
	     s = strtok_r(NULL, "/", &save)) {
		size_t len;

		if (n == FRONTMSG_SEGMENTS) {
			ok = FRONTMSG_URI_LONG;
			break;
		}
		seg[n] = evhttp_uridecode(s, 0, &len);
		if (!seg[n]) {
			ok = FRONTMSG_URI_LONG; /* out of memory */
			break;
		}
		if (strlen(seg[n++]) != len && ok == FRONTMSG_URI_OK)
			ok = FRONTMSG_URI_BAD;
	}
	if (ok == FRONTMSG_URI_OK && query && *query &&
	    evhttp_parse_query_str(query, &q))
		ok = FRONTMSG_URI_BAD;
	TAILQ_FOREACH(kv, &q, next)
		nq++;
	if (nq > FRONTMSG_PAIRS && ok == FRONTMSG_URI_OK)
		ok = FRONTMSG_URI_BAD;
	frontmsg_put_u32(m, ok);
	if (ok == FRONTMSG_URI_BAD) { /* the raw segments */
		frontmsg_put_u32(m, n);
		save = NULL;
		for (char *s = strtok_r(raw, "/", &save); s;
		     s = strtok_r(NULL, "/", &save))
			frontmsg_put_cstr(m, s);
	} else {
		frontmsg_put_u32(m, ok == FRONTMSG_URI_OK ? n : 0);
		for (uint32_t i = 0; ok == FRONTMSG_URI_OK && i < n; i++)
			frontmsg_put_cstr(m, seg[i]);
	}
	for (uint32_t i = 0; i < n; i++)
		free(seg[i]);
	free(raw);
	frontmsg_put_u32(m, ok == FRONTMSG_URI_OK ? nq : 0);
	TAILQ_FOREACH(kv, &q, next)
		if (ok == FRONTMSG_URI_OK) {
			frontmsg_put_cstr(m, kv->key);
			frontmsg_put_cstr(m, kv->value);
		}
	evhttp_clear_headers(&q);
	free(copy);
}

/* An answer the front gives itself, in the API's error format. */
static void front_error(struct evhttp_request *ev, int status,
			const char *code, const char *message)
{
	json_t *j = json_pack("{s:{s:s,s:s,s:n}}", "error", "code", code,
			      "message", message, "details");
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	struct evbuffer *out = s ? evbuffer_new() : NULL;

	if (!out) {
		evhttp_send_error(ev, status, NULL);
	} else {
		evbuffer_add(out, s, strlen(s));
		evhttp_add_header(evhttp_request_get_output_headers(ev),
				  "Content-Type", "application/json");
		evhttp_send_reply(ev, status, NULL, out);
		evbuffer_free(out);
	}
	free(s);
	json_decref(j);
}

static void on_request(struct evhttp_request *ev, void *arg)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	struct evhttp_connection *evcon = evhttp_request_get_connection(ev);
	struct evkeyvalq *hdrs = evhttp_request_get_input_headers(ev);
	struct evbuffer *in = evhttp_request_get_input_buffer(ev);
	int method = (int)evhttp_request_get_command(ev);
	struct freq *f = calloc(1, sizeof(*f));
	size_t len = evbuffer_get_length(in);
	const char *body = (const char *)evbuffer_pullup(in, -1);
	struct frontmsg_out m;
	struct evkeyval *kv;
	char *addr = NULL;
	ev_uint16_t port;
	uint32_t n = 0;

	(void)arg;
	if (!f || frontmsg_begin(&m)) {
		free(f);
		evhttp_send_error(ev, 500, NULL);
		return;
	}
	f->id = ++next_id;
	f->ev = ev;
	if (!path || !*path)
		path = "/";
	f->t = method == EVHTTP_REQ_POST ? transport_of(path) : T_PLAIN;
	f->create = method == EVHTTP_REQ_POST && is_create_path(path);
	if (evcon)
		evhttp_connection_get_peer(evcon, &addr, &port);
	frontmsg_put_u32(&m, (uint32_t)method);
	put_uri(&m, path, query);
	frontmsg_put_cstr(&m, addr ? addr : "?");
	TAILQ_FOREACH(kv, hdrs, next)
		n++;
	if (n > FRONTMSG_HEADERS) { /* evhttp's byte limit lets more in */
		evbuffer_free(m.payload);
		free(f);
		char msg[64];

		snprintf(msg, sizeof(msg), "more than %u header fields",
			 FRONTMSG_HEADERS);
		front_error(ev, 431, "headers_too_many", msg);
		return;
	}
	frontmsg_put_u32(&m, n);
	TAILQ_FOREACH(kv, hdrs, next) {
		frontmsg_put_cstr(&m, kv->key);
		frontmsg_put_cstr(&m, kv->value);
	}
	put_body(&m, f, body ? body : "", body ? len : 0,
		 evhttp_find_header(hdrs, "Content-Type"));
	if (frontmsg_send(&m, bufferevent_get_output(core), FM_REQUEST,
			  f->id)) {
		freq_free(f);
		evhttp_send_error(ev, 413, NULL);
		return;
	}
	freq_add(f);
}

static void get_headers(struct frontmsg_in *m, struct evhttp_request *ev)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(ev);
	uint32_t n = frontmsg_get_u32(m);

	for (uint32_t i = 0; !m->err && i < n; i++) {
		char *k = frontmsg_get_cstr(m), *v = frontmsg_get_cstr(m);

		if (k && v)
			evhttp_add_header(out, k, v);
		free(k);
		free(v);
	}
}

static void reply(struct frontmsg_in *m, struct freq *f)
{
	int status = (int)frontmsg_get_u32(m);
	struct evbuffer *out = evbuffer_new();
	const void *body;
	size_t len;

	get_headers(m, f->ev);
	body = frontmsg_get_bytes(m, &len);
	if (out && body)
		evbuffer_add(out, body, len);
	evhttp_send_reply(f->ev, m->err ? 500 : status, NULL, out);
	if (out)
		evbuffer_free(out);
	freq_free(f);
}

/* A XenAPI answer, in the request's transport. */
static void result(struct frontmsg_in *m, struct freq *f)
{
	int status = (int)frontmsg_get_u32(m);
	int has_value = (int)frontmsg_get_u32(m), has_error;
	json_t *value = NULL, *error = NULL;
	struct evbuffer *out = evbuffer_new();
	const char *type = "application/json";
	size_t len = 0;
	char *s = NULL;

	has_error = (int)frontmsg_get_u32(m);
	if (has_value)
		value = frontmsg_get_tree(m);
	if (has_error)
		error = frontmsg_get_tree(m);
	if (f->t == T_XMLRPC) {
		type = "text/xml";
		s = xmlrpc_encode(value, error, &len);
	} else if (f->jcode) {
		json_t *res = json_pack("{s:s,s:{s:i,s:s},s:n}", "jsonrpc",
					"2.0", "error", "code", f->jcode,
					"message", f->why, "id");

		s = res ? json_dumps(res, JSON_COMPACT) : NULL;
		json_decref(res);
	} else {
		s = jsonrpc_encode(&f->jr, value, error);
	}
	if (s && f->t != T_XMLRPC)
		len = strlen(s);
	json_decref(value);
	json_decref(error);
	evhttp_add_header(evhttp_request_get_output_headers(f->ev),
			  "Content-Type", type);
	if (out && s)
		evbuffer_add(out, s, len);
	evhttp_send_reply(f->ev, s && !m->err ? status : 500, NULL, out);
	free(s);
	if (out)
		evbuffer_free(out);
	freq_free(f);
}

static void tell_closed(uint64_t id)
{
	struct frontmsg_out m;

	if (!frontmsg_begin(&m))
		frontmsg_send(&m, bufferevent_get_output(core), FM_CLOSED, id);
}

/* A stream's client went away. */
static void stream_closed(struct evhttp_connection *evcon, void *arg)
{
	struct freq *f = freq_find((uint64_t)(uintptr_t)arg, 1);

	(void)evcon;
	if (!f)
		return;
	tell_closed(f->id);
	/* A request still unfinished when its connection failed was
	 * detached from it by evhttp and is ours to free. */
	if (!evhttp_request_get_connection(f->ev))
		evhttp_request_free(f->ev);
	freq_free(f);
}

static void stream(struct frontmsg_in *m, struct freq *f)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(f->ev);
	int status = (int)frontmsg_get_u32(m);

	get_headers(m, f->ev);
	evhttp_send_reply_start(f->ev, status, "OK");
	if (evcon) {
		evhttp_connection_set_timeout(evcon, STREAM_TIMEOUT);
		evhttp_connection_set_closecb(evcon, stream_closed,
					      (void *)(uintptr_t)f->id);
	}
}

static void chunk(struct frontmsg_in *m, struct freq *f)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(f->ev);
	struct evbuffer *out;
	const void *p;
	size_t len;

	p = frontmsg_get_bytes(m, &len);
	if (!p || !evcon)
		return;
	/* A client that does not read is dropped, not buffered forever. */
	out = bufferevent_get_output(evhttp_connection_get_bufferevent(evcon));
	if (evbuffer_get_length(out) > STREAM_BACKLOG_MAX) {
		evhttp_connection_free(evcon); /* stream_closed tells the core */
		return;
	}
	out = evbuffer_new();
	if (!out)
		return;
	evbuffer_add(out, p, len);
	evhttp_send_reply_chunk(f->ev, out);
	evbuffer_free(out);
}

static void end(struct freq *f)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(f->ev);

	if (evcon)
		evhttp_connection_set_closecb(evcon, NULL, NULL);
	evhttp_send_reply_end(f->ev);
	freq_free(f);
}

static void on_core(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	struct frontmsg_in m;
	unsigned char *buf;
	struct freq *f;
	int rc;

	(void)arg;
	while ((rc = frontmsg_next(in, &m, &buf)) == 1) {
		int last = m.type != FM_STREAM && m.type != FM_CHUNK;

		f = freq_find(m.id, last);
		if (f) {
			switch (m.type) {
			case FM_REPLY: reply(&m, f); break;
			case FM_RESULT: result(&m, f); break;
			case FM_STREAM: stream(&m, f); break;
			case FM_CHUNK: chunk(&m, f); break;
			case FM_END: end(f); break;
			default: rc = -EPROTO;
			}
		}
		free(buf);
		if (rc < 0)
			break;
	}
	if (rc < 0) {
		log_error("xapid front: a bad message from the core");
		event_base_loopbreak(base);
	}
}

static void on_core_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		event_base_loopbreak(base); /* the core is gone: so are we */
}

static struct bufferevent *tls_bev(struct event_base *b, void *arg)
{
	SSL *ssl = SSL_new(arg);
	struct bufferevent *bev;

	if (!ssl)
		return NULL;
	bev = bufferevent_openssl_socket_new(b, -1, ssl,
					     BUFFEREVENT_SSL_ACCEPTING,
					     BEV_OPT_CLOSE_ON_FREE);
	if (bev)
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static struct evhttp *serve(int fd, unsigned timeout, SSL_CTX *tls)
{
	struct evhttp *srv = evhttp_new(base);

	if (!srv)
		return NULL;
	evhttp_set_max_body_size(srv, HTTP_BODY_MAX);
	evhttp_set_max_headers_size(srv, HTTP_HEADERS_MAX);
	evhttp_set_timeout(srv, (int)timeout);
	evhttp_set_allowed_methods(srv, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
						EVHTTP_REQ_PUT |
						EVHTTP_REQ_DELETE |
						EVHTTP_REQ_HEAD);
	evhttp_set_gencb(srv, on_request, NULL);
	if (tls)
		evhttp_set_bevcb(srv, tls_bev, tls);
	evutil_make_socket_nonblocking(fd);
	if (evhttp_accept_socket(srv, fd)) {
		evhttp_free(srv);
		return NULL;
	}
	return srv;
}

/* What the front gives up once its key is read (front.h). */
static int drop_privileges(void)
{
	struct passwd *nobody;

	if (chdir("/"))
		return -errno;
	if (getuid() == 0 || geteuid() == 0) {
		nobody = getpwnam("nobody");
		if (!nobody || setgroups(0, NULL) ||
		    setresgid(nobody->pw_gid, nobody->pw_gid, nobody->pw_gid) ||
		    setresuid(nobody->pw_uid, nobody->pw_uid, nobody->pw_uid))
			return -EPERM;
	}
	if (prctl(PR_SET_DUMPABLE, 0) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	/* no processes of its own: a parser bug cannot start a shell */
	if (setrlimit(RLIMIT_NPROC, &(struct rlimit){ 0, 0 }))
		return -errno;
	return 0;
}

int front_main(int argc, char **argv)
{
	struct evhttp *https = NULL, *http = NULL;
	enum log_level level = LOGL_INFO;
	unsigned long timeout;
	SSL_CTX *tls;

	if (argc != 6) {
		fprintf(stderr, "xapid front: started by xapid only\n");
		return 2;
	}
	log_parse_level(argv[4], &level);
	log_init(stderr, level);
	timeout = strtoul(argv[1], NULL, 10);
	xmlInitParser();
	tls = tls_server_ctx(argv[2], argv[3], 0);
	base = event_base_new();
	if (!tls || !base || drop_privileges()) {
		log_error("xapid front: cannot start");
		return 1;
	}
	core = bufferevent_socket_new(base, LINK_FD, BEV_OPT_CLOSE_ON_FREE);
	https = serve(HTTPS_FD, (unsigned)timeout, tls);
	if (!strcmp(argv[5], "http"))
		http = serve(HTTP_FD, (unsigned)timeout, NULL);
	if (!core || !https || (!strcmp(argv[5], "http") && !http)) {
		log_error("xapid front: cannot serve its sockets");
		return 1;
	}
	evutil_make_socket_nonblocking(LINK_FD);
	bufferevent_setcb(core, on_core, NULL, on_core_event, NULL);
	bufferevent_enable(core, EV_READ | EV_WRITE);
	log_debug("xapid front: serving");
	event_base_dispatch(base);
	/* the core is gone: the process ends, and its connections with it */
	return 0;
}
