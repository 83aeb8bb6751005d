// SPDX-License-Identifier: MIT
// REST: a running domain's console: its last KiB, a live stream (SSE), input.
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "console.h"
#include "vm.h"

struct tail {
	struct http_req *r;
	uint32_t domid;
	size_t max;
};

static void tail_ready(void *arg)
{
	struct tail *t = arg;
	char *buf = malloc(t->max + 1);
	size_t n;

	if (!buf) {
		http_error(t->r, 500, "internal", NULL, "out of memory");
	} else {
		n = console_tail(t->domid, buf, t->max);
		http_reply_json(t->r, 200, json_pack("{s:s%}", "text", buf, n));
	}
	free(buf);
	free(t);
}

static void console(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	const char *kib = v ? http_query(r, "kib") : NULL;
	unsigned long k = 4;
	struct tail *t;
	char *end;
	int rc;

	if (!v)
		return;
	if (kib) {
		k = strtoul(kib, &end, 10);
		if (!*kib || *end || k < 1 || k > CONSOLE_KEEP / 1024) {
			http_error(r, 400, "invalid", NULL, "kib must be 1..%d",
				   CONSOLE_KEEP / 1024);
			return;
		}
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	t->r = r;
	t->domid = (uint32_t)v->domid;
	t->max = k * 1024;
	rc = agent_connected() ? console_open(t->domid, tail_ready, t)
			       : -ENOTCONN;
	if (rc) {
		free(t);
		http_error_errno(r, rc, "console");
	}
}

/* A console as server-sent events: "event: output", data a JSON string. */
struct cstream {
	struct http_req *r;
	uint32_t domid;
	struct console_reader reader;
	int open;
};

static void cstream_out(const char *data, size_t len, void *arg)
{
	struct cstream *s = arg;
	json_t *j = json_stringn(data, len);
	char *txt;

	if (!j) /* not UTF-8: send it as Latin-1 would read */
		j = json_string("");
	txt = json_dumps(j, JSON_ENCODE_ANY);
	json_decref(j);
	if (!txt || http_stream_send(s->r, "event: output\ndata: ", 20) ||
	    http_stream_send(s->r, txt, strlen(txt)) ||
	    http_stream_send(s->r, "\n\n", 2)) {
		free(txt);
		http_stream_end(s->r);
		return;
	}
	free(txt);
}

static void cstream_closed(int err, void *arg)
{
	struct cstream *s = arg;

	(void)err;
	s->open = 0; /* the console removed the reader */
	http_stream_send(s->r, "event: closed\ndata: {}\n\n", 24);
	http_stream_end(s->r);
}

static void cstream_gone(struct http_req *r, void *arg)
{
	struct cstream *s = arg;

	(void)r;
	if (s->open)
		console_unread(s->domid, &s->reader);
	free(s);
}

static void cstream_ready(void *arg)
{
	struct cstream *s = arg;
	char *buf = malloc(CONSOLE_KEEP);
	size_t n = buf ? console_tail(s->domid, buf, CONSOLE_KEEP) : 0;

	http_stream_start(s->r, "text/event-stream", cstream_gone, s);
	s->open = !console_read(s->domid, &s->reader);
	if (n)
		cstream_out(buf, n, s);
	free(buf);
}

static void console_stream(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	struct cstream *s;
	int rc;

	if (!v)
		return;
	s = calloc(1, sizeof(*s));
	if (!s) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	s->r = r;
	s->domid = (uint32_t)v->domid;
	s->reader.out = cstream_out;
	s->reader.closed = cstream_closed;
	s->reader.arg = s;
	rc = agent_connected() ? console_open(s->domid, cstream_ready, s)
			       : -ENOTCONN;
	if (rc) {
		free(s);
		http_error_errno(r, rc, "console");
	}
}

/* Input for a console: what POST .../console types once it is open. */
struct input {
	struct http_req *r;
	uint32_t domid;
	char *text;
	size_t len;
};

static void input_ready(void *arg)
{
	struct input *in = arg;
	int rc = agent_console_write(in->domid, in->text, in->len);

	if (rc)
		http_error_errno(in->r, rc, "console");
	else
		http_reply(in->r, 204, "application/json", "", 0);
	free(in->text);
	free(in);
}

/* POST {"text": "..."}: typed into the domain's console, as `xl console`
 * would (at most REST_CONSOLE_INPUT_MAX bytes a request). */
static void console_write(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	json_t *j = v ? rest_json_body(r) : NULL;
	json_t *text = j ? json_object_get(j, "text") : NULL;
	struct input *in;
	int rc;

	if (!j)
		return;
	if (!json_is_string(text) || !json_string_length(text) ||
	    json_string_length(text) > REST_CONSOLE_INPUT_MAX ||
	    json_object_size(j) != 1) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL,
			   "text (a string of 1..%d bytes) is the only member",
			   REST_CONSOLE_INPUT_MAX);
		return;
	}
	in = calloc(1, sizeof(*in));
	if (in)
		in->text = malloc(json_string_length(text));
	if (!in || !in->text) {
		json_decref(j);
		free(in);
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	in->r = r;
	in->domid = (uint32_t)v->domid;
	in->len = json_string_length(text);
	memcpy(in->text, json_string_value(text), in->len);
	json_decref(j);
	rc = agent_connected() ? console_open(in->domid, input_ready, in)
			       : -ENOTCONN;
	if (rc) {
		free(in->text);
		free(in);
		http_error_errno(r, rc, "console");
	}
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/console", HTTP_READ,
	  console, "GET /api/v1/domains/{id}/console" },
	{ EVHTTP_REQ_POST, "/api/v1/domains/*/console", HTTP_ADMIN,
	  console_write, "POST /api/v1/domains/{id}/console" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/console/stream", HTTP_READ,
	  console_stream, "GET /api/v1/domains/{id}/console/stream" },
};

int rest_console_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
