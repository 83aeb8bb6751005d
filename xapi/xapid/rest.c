// SPDX-License-Identifier: MIT
// REST: health, login, tasks, the event stream and the OpenAPI document.
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "eventlog.h"
#include "task.h"
#include "vm.h"

/* An open event stream. */
struct stream {
	struct http_req *r;
	struct eventlog_sub sub;
	struct event *keepalive;
	struct stream *next;
};

static struct event_base *evbase;
static char *openapi;
static size_t openapi_len;
static struct stream *streams;
static time_t started;

json_t *rest_json_body(struct http_req *r)
{
	json_t *j = http_json(r);

	if (j && !json_is_object(j)) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL, "a JSON object is expected");
		return NULL;
	}
	return j;
}

static void health(struct http_req *r)
{
	http_reply_json(r, 200,
			json_pack("{s:s,s:I}", "status", "ok", "uptime",
				  (json_int_t)(time(NULL) - started)));
}

static void login(struct http_req *r)
{
	json_t *j = rest_json_body(r);
	const char *user, *pw;
	char token[AUTH_TOKEN_LEN + 1];
	int rc;

	if (!j)
		return;
	user = json_string_value(json_object_get(j, "user"));
	pw = json_string_value(json_object_get(j, "password"));
	if (!user || !pw) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL,
			   "user and password (strings) are required");
		return;
	}
	rc = auth_login(user, pw, r->peer, token);
	json_decref(j);
	if (rc == -EAGAIN) {
		http_set_header(r, "Retry-After", "60");
		http_error(r, 429, "too_many_failures", NULL,
			   "too many failed logins: try again later");
	} else if (rc == -EACCES) {
		http_error(r, 401, "bad_credentials", NULL,
			   "wrong user name or password");
	} else if (rc) {
		http_error_errno(r, rc, "login");
	} else {
		const struct auth_session *s = auth_check(token);

		http_reply_json(r, 200,
				json_pack("{s:s,s:s,s:s}", "token", token,
					  "user", s->user, "role",
					  auth_role_name(s->role)));
	}
}

static void logout(struct http_req *r)
{
	auth_logout(r->session->token);
	http_reply(r, 204, "application/json", "", 0);
}

static void serve_openapi(struct http_req *r)
{
	http_reply(r, 200, "application/json", openapi, openapi_len);
}

static void task_reply(struct task *t, void *arg)
{
	http_reply_json(arg, 200, task_json(t));
}

static void task_get(struct http_req *r)
{
	struct task *t = task_find(r->args[0]);
	const char *wait = http_query(r, "wait");
	char *end;
	unsigned long secs = wait ? strtoul(wait, &end, 10) : 0;

	if (!t) {
		http_error(r, 404, "not_found", NULL, "no task %s",
			   r->args[0]);
		return;
	}
	if (wait && (*end || !*wait)) {
		http_error(r, 400, "invalid", NULL,
			   "wait must be a number of seconds");
		return;
	}
	if (task_wait(t, (unsigned)secs, task_reply, r))
		http_error(r, 500, "internal", NULL, "out of memory");
}

static int stream_event(struct stream *s, const struct eventlog_entry *e)
{
	json_t *j;
	char *data, head[96];
	int rc;

	if (!e->rest)
		return 0;
	j = json_pack("{s:I,s:s,s:f,s:O}", "id", (json_int_t)e->id, "type",
		      e->kind, "timestamp", e->timestamp, "domain", e->rest);
	data = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!data)
		return -ENOMEM;
	snprintf(head, sizeof(head), "id: %llu\nevent: %s\ndata: ",
		 (unsigned long long)e->id, e->kind);
	rc = http_stream_send(s->r, head, strlen(head));
	if (!rc)
		rc = http_stream_send(s->r, data, strlen(data));
	if (!rc)
		rc = http_stream_send(s->r, "\n\n", 2);
	free(data);
	return rc;
}

static void stream_on_event(const struct eventlog_entry *e, void *arg)
{
	struct stream *s = arg;

	if (stream_event(s, e))
		http_stream_end(s->r); /* too far behind, or gone */
}

static void stream_keepalive(evutil_socket_t fd, short what, void *arg)
{
	struct stream *s = arg;

	(void)fd;
	(void)what;
	if (http_stream_send(s->r, ": keepalive\n\n", 13))
		http_stream_end(s->r);
}

static void stream_closed(struct http_req *r, void *arg)
{
	struct stream *s = arg, **pp;

	(void)r;
	eventlog_unsubscribe(&s->sub);
	event_free(s->keepalive);
	for (pp = &streams; *pp && *pp != s; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = s->next;
	free(s);
}

struct replay {
	struct stream *s;
	int rc;
};

static void replay_one(const struct eventlog_entry *e, void *arg)
{
	struct replay *p = arg;

	if (!p->rc)
		p->rc = stream_event(p->s, e);
}

static void ignore(const struct eventlog_entry *e, void *arg)
{
	(void)e;
	(void)arg;
}

static void events(struct http_req *r)
{
	const char *last = http_header(r, "Last-Event-ID");
	struct timeval tv = { REST_SSE_KEEPALIVE, 0 };
	struct replay p = { NULL, 0 };
	unsigned long long from = 0;
	struct stream *s;
	char *end;

	if (!last)
		last = http_query(r, "last_event_id");
	if (last) {
		from = strtoull(last, &end, 10);
		if (*end || !*last) {
			http_error(r, 400, "invalid", NULL,
				   "Last-Event-ID must be an event id");
			return;
		}
		if (eventlog_since(from, ignore, NULL) == -ESTALE) {
			http_error(r, 410, "events_lost",
				   json_pack("{s:I,s:i}", "last_event_id",
					     (json_int_t)eventlog_last_id(),
					     "window", EVENTLOG_WINDOW),
				   "events after %llu are no longer kept "
				   "(the last %d are): list the domains again",
				   from, EVENTLOG_WINDOW);
			return;
		}
	}
	s = calloc(1, sizeof(*s));
	if (s)
		s->keepalive = event_new(evbase, -1, EV_PERSIST,
					 stream_keepalive, s);
	if (!s || !s->keepalive) {
		free(s);
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	s->r = r;
	s->sub.fn = stream_on_event;
	s->sub.arg = s;
	http_stream_start(r, "text/event-stream", stream_closed, s);
	eventlog_subscribe(&s->sub);
	s->next = streams;
	streams = s;
	event_add(s->keepalive, &tv);
	http_stream_send(r, "retry: 2000\n\n", 13);
	if (last) {
		p.s = s;
		eventlog_since(from, replay_one, &p);
	}
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/health", HTTP_PUBLIC, health,
	  "GET /api/v1/health" },
	{ EVHTTP_REQ_POST, "/api/v1/login", HTTP_PUBLIC, login,
	  "POST /api/v1/login" },
	{ EVHTTP_REQ_POST, "/api/v1/logout", HTTP_READ, logout,
	  "POST /api/v1/logout" },
	{ EVHTTP_REQ_GET, "/api/v1/openapi.json", HTTP_PUBLIC, serve_openapi,
	  "GET /api/v1/openapi.json" },
	{ EVHTTP_REQ_GET, "/api/v1/tasks/*", HTTP_READ, task_get,
	  "GET /api/v1/tasks/{id}" },
	{ EVHTTP_REQ_GET, "/api/v1/events", HTTP_READ, events,
	  "GET /api/v1/events" },
};

static int load_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -errno;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EIO;
	}
	*out = malloc((size_t)n + 1);
	if (!*out) {
		fclose(f);
		return -ENOMEM;
	}
	*len = fread(*out, 1, (size_t)n, f);
	fclose(f);
	return *len == (size_t)n ? 0 : -EIO;
}

int rest_init(struct event_base *base, const char *openapi_path)
{
	int rc;

	evbase = base;
	started = time(NULL);
	rc = load_file(openapi_path, &openapi, &openapi_len);
	if (rc) {
		fprintf(stderr, "xapid: cannot read %s: %s\n", openapi_path,
			strerror(-rc));
		return rc;
	}
	rc = http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
	if (!rc)
		rc = rest_domain_init();
	if (!rc)
		rc = rest_action_init();
	if (!rc)
		rc = rest_settings_init();
	if (!rc)
		rc = rest_vcpu_init();
	if (!rc)
		rc = rest_console_init();
	if (!rc)
		rc = rest_host_init();
	return rc;
}

void rest_fini(void)
{
	while (streams)
		http_stream_end(streams->r);
	free(openapi);
	openapi = NULL;
}
