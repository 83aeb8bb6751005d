/* SPDX-License-Identifier: MIT */
/*
 * xapid's HTTP(S) server, the core's side.  The network is served by the
 * front process (front.h: libevent's evhttp, TLS through
 * bufferevent_openssl, and the XML-RPC, JSON-RPC and JSON decoders), which
 * holds no channel to Dom0 and no state; it forwards each request as a
 * typed message (frontmsg.h) on a socketpair.  This side starts the front,
 * restarts it when it dies, and serves what it forwards.
 *
 * Every URL is served from route tables that the API modules register
 * (REST, XenAPI, the web page).  A row names the methods, a path pattern
 * and who may call it; the check is made here, once, before the handler
 * runs (401 without a valid bearer token, 403 for a read-only user on an
 * HTTP_ADMIN route).  Handlers reply through http_reply_*() / http_error(),
 * now or later (a reply may wait on an event): the struct http_req lives
 * until it is answered, and is freed by the reply.
 *
 * Limits: request bodies over HTTP_BODY_MAX and headers over
 * HTTP_HEADERS_MAX bytes are refused by the front's evhttp (413 / 400),
 * more than FRONTMSG_HEADERS header fields by the front itself (431); a
 * connection idle for the configured timeout (a slow client) is closed.
 *
 * When the front dies (a crash in a parser, or a kill), its clients'
 * connections go with it; nothing else does.  Streams it carried are
 * closed (their on_close runs), requests still being served finish and
 * their answers are dropped, and a new front is started on the same
 * listening sockets, which the core keeps: clients that connect meanwhile
 * wait in the kernel's backlog.
 */
#ifndef XAPID_HTTP_H
#define XAPID_HTTP_H

#include <stddef.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "auth.h"
#include "frontmsg.h"

#define HTTP_BODY_MAX (1024 * 1024)
#define HTTP_HEADERS_MAX (16 * 1024)
#define HTTP_ARGS_MAX 4

/* Who may call a route. */
enum http_access {
	HTTP_PUBLIC, /* anyone: health, login, the page, XenAPI (own auth) */
	HTTP_READ,   /* any logged-in user */
	HTTP_ADMIN,  /* admin users only */
};

struct http_req;

/* One row of a route table. */
struct http_route {
	int methods;	      /* EVHTTP_REQ_GET | ... */
	const char *pattern; /* "/api/v1/domains/STAR": a STAR ('*') segment
				is captured into args; a final "**" captures
				the rest of the path */
	enum http_access access;
	void (*handler)(struct http_req *r);
	const char *name; /* for metrics: "GET /api/v1/domains/{id}" */
};

/* A request being served. */
struct http_req {
	uint64_t id;		/* the front's number for it */
	int method;		/* EVHTTP_REQ_GET, ... */
	const struct http_route *route;
	const struct auth_session *session; /* NULL on public routes */
	char *args[HTTP_ARGS_MAX];	    /* captured, percent-decoded */
	struct evkeyvalq query;
	struct evkeyvalq headers;	/* the request's */
	struct evkeyvalq out;		/* the answer's */
	char peer[64];
	/* the body, as the front decoded it (frontmsg.h) */
	enum frontmsg_body kind;
	json_t *json;		/* FM_BODY_JSON: the value; RPC: params */
	char *call;		/* FM_BODY_RPC: the method */
	int bad_status;		/* FM_BODY_BAD: the answer's parts */
	char *bad_code, *bad_message;
	json_t *bad_details;
	int streaming;		/* http_stream_start() was called */
	int gone;		/* its front died: answers are dropped */
	void (*on_close)(struct http_req *r, void *arg); /* streams */
	void *close_arg;
	struct http_req *next, *prev; /* every request being served */
};

/* Server settings. */
struct http_config {
	const char *https_addr; /* "0.0.0.0" */
	unsigned https_port;	/* 0: any free port */
	const char *http_addr;	/* plain HTTP, loopback only; NULL: none */
	unsigned http_port;
	unsigned timeout;	/* seconds before a slow client is dropped */
	const char *cert, *key;	/* the TLS pair the front loads */
};

/*
 * Binds the listening sockets and starts the front on them (fork and exec
 * of this binary as `xapid front`).  Refuses (-EPERM) a plain HTTP address
 * that is not loopback.  The ports actually bound are returned in
 * *https_port and *http_port.  0 or -errno.
 */
int http_start(struct event_base *base, const struct http_config *cfg,
	       unsigned *https_port, unsigned *http_port);
/* Stops the front, closes the listeners, ends every request. */
void http_stop(void);

/*
 * Serves one message the front sent (frontmsg.h): a REQUEST is read field
 * by field with bounds checks and routed, a CLOSED ends a stream.  Returns
 * 0, or -EPROTO for a message that breaks a rule (the caller restarts the
 * front).  The front's link calls it; so does the fuzz target.
 */
int http_message(struct frontmsg_in *m);

/* The front's process id (0 while none runs), for tests and metrics. */
int http_front_pid(void);
/* How many times the front was restarted, and requests in service. */
void http_front_stats(unsigned long *restarts, unsigned long *pending);

/* Adds n routes (kept by reference: a static table).  0 or -ENOMEM. */
int http_routes_add(const struct http_route *routes, size_t n);

/*
 * The JSON body the front decoded (a new reference).  When it was not
 * JSON, answers 400 "malformed_json" (with the line and column the
 * decoder gave) and returns NULL: r is gone then.
 */
json_t *http_json(struct http_req *r);
/*
 * The XenAPI call the front decoded: its method, and *params (borrowed).
 * NULL when the front could not decode it, with *code and *message
 * saying why (XenAPI's error name and a sentence).
 */
const char *http_rpc_call(struct http_req *r, json_t **params,
			  const char **code, const char **message);
/* Answers a XenAPI call (value, or error when value is NULL: references
 * taken), for the front to encode in the call's transport.  Frees r. */
void http_reply_rpc(struct http_req *r, int status, json_t *value,
		    json_t *error);
/* A request header, or NULL. */
const char *http_header(struct http_req *r, const char *name);
/* A query parameter, or NULL. */
const char *http_query(struct http_req *r, const char *name);

/* Replies with a JSON body (takes the reference to body).  Frees r. */
void http_reply_json(struct http_req *r, int status, json_t *body);
/* Replies with raw bytes of a content type.  Frees r. */
void http_reply(struct http_req *r, int status, const char *content_type,
		const void *body, size_t len);
/* Adds a response header; call before replying. */
void http_set_header(struct http_req *r, const char *name, const char *value);
/*
 * Replies {"error":{"code":code,"message":...,"details":details}} with an
 * HTTP status (takes the reference to details, which may be NULL).  Frees r.
 */
void http_error(struct http_req *r, int status, const char *code,
		json_t *details, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The same for a negative errno from the core, mapped to a status. */
void http_error_errno(struct http_req *r, int err, const char *what);

/*
 * Starts a streamed reply (server-sent events); on_close runs when the
 * client goes away or http_stream_end() is called, after which r is gone.
 */
void http_stream_start(struct http_req *r, const char *content_type,
		       void (*on_close)(struct http_req *r, void *arg),
		       void *arg);
/* Sends a chunk.  -EPIPE if the client is gone or too far behind. */
int http_stream_send(struct http_req *r, const char *buf, size_t len);
/* Ends the stream (runs on_close) and frees r. */
void http_stream_end(struct http_req *r);

/* Calls fn for each route added so far. */
void http_routes_each(void (*fn)(const struct http_route *r, void *arg),
		      void *arg);

/* Calls fn for each (route name, status, count) served so far (metrics). */
void http_counts_each(void (*fn)(const char *route, int status,
				 unsigned long count, void *arg),
		      void *arg);

#endif
