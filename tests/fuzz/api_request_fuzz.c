// SPDX-License-Identifier: MIT
// libFuzzer, structured: the core's reader of the front's REQUEST messages
// (frontmsg.h), fed well-formed messages whose fields are chosen by the
// input.  The input is consumed field by field (as LLVM's
// FuzzedDataProvider does): the method, the URI verdict, up to 40 path
// segments (past FRONTMSG_SEGMENTS, 32), up to 260 query pairs and header
// fields (past 256), strings from the routes' words or the input, a valid
// bearer token or not, and a body of each kind (a JSON tree, a XenAPI
// call, a front's refusal).  The messages are written with the front's own
// writer, so a byte-level fuzzer's luck is not needed to reach the core's
// limits and routes.  The harness knows which rule each message breaks, if
// any, and aborts when the core's verdict differs: a message within every
// limit is served (0), one past a limit is refused (-EPROTO: the core
// would restart the front).
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "api_core.h"
#include "auth.h"
#include "frontmsg.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SEGMENTS_TRIED (FRONTMSG_SEGMENTS + 8)
#define MAX_PAIRS_TRIED (FRONTMSG_HEADERS + 4)
#define STR_MAX 48

/* The input, consumed from the front; zeros once it is used up. */
struct provider {
	const uint8_t *p;
	size_t n;
};

static unsigned byte(struct provider *d)
{
	if (!d->n)
		return 0;
	d->n--;
	return *d->p++;
}

/* A number in [0, max], from as many bytes as max needs. */
static unsigned range(struct provider *d, unsigned max)
{
	unsigned v = byte(d);

	if (max > 255)
		v = v << 8 | byte(d);
	return max ? v % (max + 1) : 0;
}

static const char *const words[] = {
	"api", "v1", "domains", "domU-1", "Domain-0", "0", "1", "actions",
	"pause", "start", "destroy", "vcpus", "affinity", "memory", "sched",
	"console", "stream", "exits", "tasks", "events", "xenstore", "local",
	"domain", "host", "login", "logout", "health", "metrics", "RPC2",
	"jsonrpc", "xmlrpc", "openapi.json", "index.html", "app.js", "**",
	"wait", "limit", "offset", "state", "name", "kernel", "memory_mib",
	"value", "cpus", "weight", "text", "user", "password", "Content-Type",
	"If-Match", "Last-Event-ID", "Accept", "application/json",
	"text/plain", "session.login_with_password", "VM.get_all",
	"VM.get_record", "event.from", "system.listMethods", "host.get_all",
};

/* A string: a word, or up to STR_MAX bytes of the input (NUL made 'x',
 * unless raw: the string then ends there; CR and LF made 'x' too). */
static void str(struct provider *d, char *out, int raw)
{
	unsigned kind = byte(d), len, i;

	if (kind < 160) {
		snprintf(out, STR_MAX + 1, "%s",
			 words[kind % (sizeof(words) / sizeof(words[0]))]);
		return;
	}
	len = range(d, STR_MAX);
	for (i = 0; i < len; i++) {
		out[i] = (char)byte(d);
		if ((!out[i] && !raw) || out[i] == '\r' || out[i] == '\n')
			out[i] = 'x';
	}
	out[len] = 0;
}

/* A JSON value at most depth deep. */
static json_t *tree(struct provider *d, int depth)
{
	char s[STR_MAX + 1];
	json_t *j;
	unsigned n;

	switch (depth ? range(d, 6) : range(d, 4)) {
	case 0:
		return json_null();
	case 1:
		return json_boolean(byte(d) & 1);
	case 2:
		return json_integer((json_int_t)(int32_t)(range(d, 65535) << 16 |
							 range(d, 65535)));
	case 3:
		return json_real((double)range(d, 65535) / 7.0);
	case 4:
		str(d, s, 0);
		return json_string(s);
	case 5:
		j = json_array();
		for (n = range(d, 4); j && n; n--)
			json_array_append_new(j, tree(d, depth - 1));
		return j;
	default:
		j = json_object();
		for (n = range(d, 4); j && n; n--) {
			str(d, s, 0);
			json_object_set_new(j, s, tree(d, depth - 1));
		}
		return j;
	}
}

static char token[AUTH_TOKEN_LEN + 1];
static unsigned long served, refused, over_segments, over_pairs;

static void report(void)
{
	fprintf(stderr,
		"request-fuzz: %lu served, %lu refused, %lu past %u segments, "
		"%lu past %u query pairs or header fields\n",
		served, refused, over_segments, FRONTMSG_SEGMENTS, over_pairs,
		FRONTMSG_HEADERS);
}

/* Pairs (the query or the headers), n of them; *bad when one breaks. */
static void pairs(struct provider *d, struct frontmsg_out *m, unsigned n,
		  int header, int *bad)
{
	char k[STR_MAX + 1], v[STR_MAX + 1], auth[AUTH_TOKEN_LEN + 16];

	frontmsg_put_u32(m, n);
	for (unsigned i = 0; i < n; i++) {
		if (header && byte(d) < 64) {
			snprintf(auth, sizeof(auth), "Bearer %s", token);
			frontmsg_put_cstr(m, "Authorization");
			frontmsg_put_cstr(m, auth);
			continue;
		}
		str(d, k, 0);
		str(d, v, 0);
		if (header && byte(d) < 4) {
			/* a line break in a value, not a folded line:
			 * evhttp lets no such header in */
			strcpy(v, "a\r\nb");
			*bad = 1;
		}
		frontmsg_put_cstr(m, k);
		frontmsg_put_cstr(m, v);
	}
}

/* One REQUEST; returns whether it breaks a rule of the core's. */
static int request(struct provider *d, struct frontmsg_out *m)
{
	static const int methods[] = { EVHTTP_REQ_GET, EVHTTP_REQ_POST,
				       EVHTTP_REQ_PUT, EVHTTP_REQ_DELETE,
				       EVHTTP_REQ_HEAD, EVHTTP_REQ_PATCH };
	char s[STR_MAX + 1];
	unsigned uri, nseg, n, kind, status;
	int bad = 0, raw = byte(d) < 8;
	json_t *j;

	frontmsg_put_u32(m, (uint32_t)methods[range(d, 5)]);
	uri = range(d, FRONTMSG_URI_BAD + 1);
	nseg = range(d, MAX_SEGMENTS_TRIED);
	bad |= uri > FRONTMSG_URI_BAD || (uri == FRONTMSG_URI_LONG && nseg);
	if (nseg > FRONTMSG_SEGMENTS) {
		over_segments++;
		bad = 1;
	}
	frontmsg_put_u32(m, uri);
	frontmsg_put_u32(m, nseg);
	for (unsigned i = 0; i < nseg; i++) {
		str(d, s, raw);
		if (raw && strlen(s) < STR_MAX && byte(d) < 16) {
			/* a NUL inside: the core's string reader refuses it */
			frontmsg_put_str(m, "a\0b", 3);
			bad = 1;
			continue;
		}
		frontmsg_put_cstr(m, s);
	}
	n = range(d, MAX_PAIRS_TRIED);
	/* the core reads the query of a good URI only */
	if (n > (uri == FRONTMSG_URI_OK ? FRONTMSG_PAIRS : 0)) {
		over_pairs += n > FRONTMSG_PAIRS;
		bad = 1;
	}
	pairs(d, m, n, 0, &bad);
	str(d, s, 0);
	frontmsg_put_cstr(m, s); /* the peer */
	n = byte(d) < 224 ? range(d, 8) : range(d, MAX_PAIRS_TRIED);
	if (n > FRONTMSG_HEADERS) {
		over_pairs++;
		bad = 1;
	}
	pairs(d, m, n, 1, &bad);
	kind = range(d, FM_BODY_BAD + 1);
	frontmsg_put_u32(m, kind);
	switch (kind) {
	case FM_BODY_JSON:
		j = tree(d, 3);
		frontmsg_put_tree(m, j);
		json_decref(j);
		break;
	case FM_BODY_RPC:
		str(d, s, 0);
		frontmsg_put_cstr(m, s);
		j = tree(d, 3);
		bad |= !json_is_array(j);
		frontmsg_put_tree(m, j);
		json_decref(j);
		break;
	case FM_BODY_BAD:
		status = byte(d) < 224 ? 400 + range(d, 99) : range(d, 999);
		bad |= status < 400 || status > 499;
		frontmsg_put_u32(m, status);
		str(d, s, 0);
		frontmsg_put_cstr(m, s);
		str(d, s, 0);
		frontmsg_put_cstr(m, s);
		j = tree(d, 2);
		frontmsg_put_tree(m, j);
		json_decref(j);
		break;
	default:
		bad = 1; /* no such kind */
	}
	if (byte(d) < 8) { /* a field too many */
		frontmsg_put_u32(m, 0);
		bad = 1;
	}
	return bad;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct provider d = { data, size };
	struct evbuffer *out = evbuffer_new();
	struct frontmsg_out m;
	struct frontmsg_in in;
	unsigned char *buf;
	uint64_t id = 0;

	if (!ready) {
		api_core_setup("request", "fuzz-password");
		atexit(report);
		ready = 1;
	}
	if (!out)
		abort();
	if (!auth_check(token) &&
	    auth_login("admin", "fuzz-password", "fuzz", token))
		abort();
	/* a few messages per input, as a front would send them */
	while (d.n) {
		int bad, rc;

		if (frontmsg_begin(&m))
			abort();
		if (byte(&d) < 16) { /* a stream's client went away */
			bad = 0;
			if (frontmsg_send(&m, out, FM_CLOSED, range(&d, 7)))
				abort();
		} else {
			bad = request(&d, &m);
			if (frontmsg_send(&m, out, FM_REQUEST, ++id))
				continue; /* too long for a message */
		}
		if (frontmsg_next(out, &in, &buf) != 1)
			abort(); /* the writer's message must read back */
		rc = http_message(&in);
		free(buf);
		if (bad ? rc != -EPROTO : rc != 0) {
			fprintf(stderr, "the core answered %d to a message "
					"that %s\n", rc,
				bad ? "breaks a rule" : "keeps every rule");
			abort();
		}
		if (bad) {
			refused++;
			break; /* the core restarts the front */
		}
		served++;
	}
	evbuffer_free(out);
	return 0;
}
