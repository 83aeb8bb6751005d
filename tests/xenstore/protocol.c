/* SPDX-License-Identifier: MIT */
/* Protocol cases as a table of named tests, run in order on one store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "store.h"

/*
 * Each row sends one request from a client of domain @dom (one connection
 * per domain, created on first use) and compares the whole reply: type
 * and payload bytes.  A row of type EVENT instead takes the oldest watch
 * event that client received and compares its payload.  Rows run in
 * order on one store, so later rows see what earlier ones did.
 * Transaction ids are per connection and start at 1.  XS_DIRECTORY_PART
 * replies start with the node's generation: /a was last changed by the
 * store's fifth change (root created, root's child list, /a, /a/b, then
 * /a's child list when /a/c was added).
 */
#define EVENT	 0xfffe
#define NO_EVENT 0xfffd

struct proto_case {
	const char *name;
	unsigned int dom;
	uint32_t type;
	uint32_t tx;
	const char *req;
	uint32_t req_len;
	uint32_t want_type;
	const char *want;
	uint32_t want_len;
};

#define C(name, dom, type, tx, req, wtype, want)                               \
	{                                                                      \
		name, dom, type, tx, req, sizeof(req) - 1, wtype, want,        \
		    sizeof(want) - 1                                           \
	}
#define OK(name, dom, type, req) C(name, dom, type, 0, req, type, "OK\0")
#define ERR(name, dom, type, req, err)                                         \
	C(name, dom, type, 0, req, XS_ERROR, err "\0")
#define EV(name, dom, payload) C(name, dom, EVENT, 0, "", EVENT, payload)
#define NOEV(name, dom)	       C(name, dom, NO_EVENT, 0, "", NO_EVENT, "")

/* One row per line reads better than clang-format's layout. */
/* clang-format off */
static const struct proto_case cases[] = {
	/* Basic operations. */
	OK("write-creates", 0, XS_WRITE, "/a/b\0hello"),
	C("read-value-has-no-nul", 0, XS_READ, 0, "/a/b\0", XS_READ, "hello"),
	C("read-parent-empty", 0, XS_READ, 0, "/a\0", XS_READ, ""),
	C("directory", 0, XS_DIRECTORY, 0, "/a\0", XS_DIRECTORY, "b\0"),
	OK("write-empty-value", 0, XS_WRITE, "/a/c\0"),
	C("directory-order", 0, XS_DIRECTORY, 0, "/a\0", XS_DIRECTORY, "b\0c\0"),
	C("directory-part-all", 0, XS_DIRECTORY_PART, 0, "/a\0" "0\0",
	  XS_DIRECTORY_PART, "5\0b\0c\0\0"),
	C("directory-part-offset", 0, XS_DIRECTORY_PART, 0, "/a\0" "2\0",
	  XS_DIRECTORY_PART, "5\0c\0\0"),
	C("directory-part-end", 0, XS_DIRECTORY_PART, 0, "/a\0" "4\0",
	  XS_DIRECTORY_PART, "5\0\0"),
	ERR("directory-part-bad-offset", 0, XS_DIRECTORY_PART, "/a\0" "5\0",
	    "EINVAL"),
	OK("mkdir", 0, XS_MKDIR, "/m\0"),
	OK("mkdir-again", 0, XS_MKDIR, "/m\0"),
	OK("rm", 0, XS_RM, "/a/c\0"),
	OK("rm-missing-child", 0, XS_RM, "/a/c\0"),
	ERR("rm-missing-parent", 0, XS_RM, "/zz/c\0", "ENOENT"),
	ERR("rm-root", 0, XS_RM, "/\0", "EINVAL"),
	ERR("read-missing", 0, XS_READ, "/nope\0", "ENOENT"),
	C("get-perms-default", 0, XS_GET_PERMS, 0, "/a/b\0", XS_GET_PERMS, "n0\0"),
	OK("set-perms", 0, XS_SET_PERMS, "/a/b\0r0\0w2\0"),
	C("get-perms-set", 0, XS_GET_PERMS, 0, "/a/b\0", XS_GET_PERMS, "r0\0w2\0"),
	C("domain-path", 0, XS_GET_DOMAIN_PATH, 0, "3\0", XS_GET_DOMAIN_PATH,
	  "/local/domain/3\0"),
	OK("write-relative-dom0", 0, XS_WRITE, "rel\0v"),
	C("read-relative-absolute", 0, XS_READ, 0, "/local/domain/0/rel\0",
	  XS_READ, "v"),

	/* Path rules. */
	ERR("path-double-slash", 0, XS_READ, "/a//b\0", "EINVAL"),
	ERR("path-trailing-slash", 0, XS_READ, "/a/\0", "EINVAL"),
	ERR("path-bad-char", 0, XS_READ, "/a b\0", "EINVAL"),
	ERR("path-empty", 0, XS_READ, "\0", "EINVAL"),
	C("path-allowed-chars", 0, XS_WRITE, 0, "/A-z_0@9\0x", XS_WRITE, "OK\0"),

	/* Malformed messages. */
	ERR("unterminated-path", 0, XS_READ, "/a/b", "EINVAL"),
	ERR("extra-argument", 0, XS_READ, "/a/b\0/x\0", "EINVAL"),
	ERR("write-without-nul", 0, XS_WRITE, "/a/b", "EINVAL"),
	ERR("unknown-type", 0, 77, "", "EINVAL"),
	ERR("removed-restrict", 0, 20, "1\0", "EINVAL"),
	ERR("event-as-request", 0, XS_WATCH_EVENT, "/a\0t\0", "EINVAL"),
	ERR("error-as-request", 0, XS_ERROR, "EIO\0", "EINVAL"),
	ERR("control-unknown", 0, XS_CONTROL, "frob\0", "EINVAL"),
	C("control-check", 0, XS_CONTROL, 0, "check\0", XS_CONTROL, "OK\0"),

	/* Watches. */
	OK("watch", 0, XS_WATCH, "/a\0tok\0"),
	EV("watch-initial-event", 0, "/a\0tok\0"),
	OK("write-under-watch", 0, XS_WRITE, "/a/b\0new"),
	EV("watch-fires-subtree", 0, "/a/b\0tok\0"),
	ERR("watch-duplicate", 0, XS_WATCH, "/a\0tok\0", "EEXIST"),
	OK("unwatch", 0, XS_UNWATCH, "/a\0tok\0"),
	ERR("unwatch-again", 0, XS_UNWATCH, "/a\0tok\0", "ENOENT"),
	OK("write-unwatched", 0, XS_WRITE, "/a/b\0x"),
	NOEV("no-event-after-unwatch", 0),
	OK("watch-special", 0, XS_WATCH, "@introduceDomain\0i\0"),
	EV("watch-special-initial", 0, "@introduceDomain\0i\0"),

	/* Domains. */
	OK("introduce", 0, XS_INTRODUCE, "1\0" "4096\0" "5\0"),
	EV("introduce-event", 0, "@introduceDomain\0i\0"),
	C("is-introduced", 0, XS_IS_DOMAIN_INTRODUCED, 0, "1\0",
	  XS_IS_DOMAIN_INTRODUCED, "T\0"),
	C("is-introduced-not", 0, XS_IS_DOMAIN_INTRODUCED, 0, "2\0",
	  XS_IS_DOMAIN_INTRODUCED, "F\0"),
	ERR("introduce-other-page", 0, XS_INTRODUCE, "1\0" "8192\0" "5\0",
	    "EEXIST"),
	C("get-perms-special", 0, XS_GET_PERMS, 0, "@introduceDomain\0",
	  XS_GET_PERMS, "n0\0"),
	ERR("get-perms-special-unknown", 0, XS_GET_PERMS, "@nothing\0",
	    "ENOENT"),
	ERR("read-special-is-a-path", 0, XS_READ, "@introduceDomain\0",
	    "ENOENT"),
	OK("resume", 0, XS_RESUME, "1\0"),
	ERR("resume-unknown", 0, XS_RESUME, "2\0", "ENOENT"),
	ERR("set-target-unknown", 0, XS_SET_TARGET, "1\0" "2\0", "ENOENT"),

	/* Unprivileged domain 1. */
	ERR("domu-reads-dom0-node", 1, XS_READ, "/m\0", "EACCES"),
	ERR("domu-privileged-op", 1, XS_INTRODUCE, "2\0" "1\0" "1\0", "EACCES"),
	ERR("domu-writes-root", 1, XS_WRITE, "/x\0v", "EACCES"),
	C("domu-default-read", 1, XS_READ, 0, "/a/b\0", XS_READ, "x"),
	ERR("domu-not-writer", 1, XS_WRITE, "/a/b\0v", "EACCES"),
	OK("home-for-domu", 0, XS_MKDIR, "/local/domain/1\0"),
	OK("home-owner", 0, XS_SET_PERMS, "/local/domain/1\0n1\0"),
	OK("domu-writes-home", 1, XS_WRITE, "name\0guest"),
	C("domu-owns-created", 0, XS_GET_PERMS, 0, "/local/domain/1/name\0",
	  XS_GET_PERMS, "n1\0"),
	ERR("domu-gives-away", 1, XS_SET_PERMS, "name\0n2\0", "EPERM"),
	OK("domu-watch-relative", 1, XS_WATCH, "name\0t\0"),
	EV("domu-relative-initial", 1, "name\0t\0"),
	OK("dom0-writes-domu", 0, XS_WRITE, "/local/domain/1/name\0g2"),
	EV("domu-relative-event", 1, "name\0t\0"),

	/* Transactions. */
	C("txn-start", 0, XS_TRANSACTION_START, 0, "\0", XS_TRANSACTION_START,
	  "1\0"),
	C("txn-write", 0, XS_WRITE, 1, "/t\0in-tx", XS_WRITE, "OK\0"),
	C("txn-read-own", 0, XS_READ, 1, "/t\0", XS_READ, "in-tx"),
	ERR("txn-invisible", 0, XS_READ, "/t\0", "ENOENT"),
	C("txn-commit", 0, XS_TRANSACTION_END, 1, "T\0", XS_TRANSACTION_END,
	  "OK\0"),
	C("txn-visible", 0, XS_READ, 0, "/t\0", XS_READ, "in-tx"),
	C("txn-start-2", 0, XS_TRANSACTION_START, 0, "\0",
	  XS_TRANSACTION_START, "2\0"),
	C("txn-read-2", 0, XS_READ, 2, "/t\0", XS_READ, "in-tx"),
	OK("txn-outside-change", 0, XS_WRITE, "/t\0changed"),
	C("txn-conflict", 0, XS_TRANSACTION_END, 2, "T\0", XS_ERROR, "EAGAIN\0"),
	C("txn-gone", 0, XS_READ, 2, "/t\0", XS_ERROR, "ENOENT\0"),
	C("txn-start-nested", 0, XS_TRANSACTION_START, 7, "\0", XS_ERROR,
	  "EBUSY\0"),
	C("txn-end-none", 0, XS_TRANSACTION_END, 0, "T\0", XS_ERROR, "ENOENT\0"),
	OK("reset-watches", 0, XS_RESET_WATCHES, ""),

	/* Release last: it drops domain 1's connection state. */
	OK("release", 0, XS_RELEASE, "1\0"),
	C("is-introduced-after-release", 0, XS_IS_DOMAIN_INTRODUCED, 0, "1\0",
	  XS_IS_DOMAIN_INTRODUCED, "F\0"),
	ERR("release-again", 0, XS_RELEASE, "1\0", "ENOENT"),
};
/* clang-format on */

#define NDOMS 3
static struct conn *conns[NDOMS];

/* Takes the next message of @type class (event or not) from @c's output. */
static int take(struct conn *c, int event, struct xsd_sockmsg *hdr,
		char *payload)
{
	const void *data;
	size_t len;

	for (;;) {
		conn_output(c, &data, &len);
		if (!len)
			return -1;
		memcpy(hdr, data, sizeof(*hdr));
		memcpy(payload, (const char *)data + sizeof(*hdr), hdr->len);
		conn_output_done(c, len);
		if ((hdr->type == XS_WATCH_EVENT) == !!event)
			return 0;
		/* Only events may be skipped, never a reply. */
		if (!event)
			return -2;
	}
}

/* Events are kept aside while waiting for a reply. */
static char pending[NDOMS][16][512];
static uint32_t pending_len[NDOMS][16];
static int npending[NDOMS];

static int next_reply(unsigned int dom, struct xsd_sockmsg *hdr, char *payload)
{
	const void *data;
	size_t len;

	for (;;) {
		conn_output(conns[dom], &data, &len);
		if (!len)
			return -1;
		memcpy(hdr, data, sizeof(*hdr));
		memcpy(payload, (const char *)data + sizeof(*hdr), hdr->len);
		conn_output_done(conns[dom], len);
		if (hdr->type != XS_WATCH_EVENT)
			return 0;
		if (npending[dom] < 16 && hdr->len < 512) {
			memcpy(pending[dom][npending[dom]], payload, hdr->len);
			pending_len[dom][npending[dom]++] = hdr->len;
		}
	}
}

static int run_case(const struct proto_case *pc, char *why, size_t wsize)
{
	static char payload[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg hdr = {pc->type, 1, pc->tx, pc->req_len};
	static char buf[sizeof(hdr) + XENSTORE_PAYLOAD_MAX];
	unsigned int d = pc->dom;

	if (pc->type == EVENT || pc->type == NO_EVENT) {
		/* Events may still be queued, or kept aside earlier. */
		if (!npending[d] && !take(conns[d], 1, &hdr, payload)) {
			memcpy(pending[d][0], payload, hdr.len);
			pending_len[d][0] = hdr.len;
			npending[d] = 1;
		}
		if (pc->type == NO_EVENT) {
			snprintf(why, wsize, "%d unexpected event(s)",
				 npending[d]);
			return npending[d] ? -1 : 0;
		}
		if (!npending[d]) {
			snprintf(why, wsize, "no event");
			return -1;
		}
		hdr.len = pending_len[d][0];
		memcpy(payload, pending[d][0], hdr.len);
		npending[d]--;
		memmove(pending[d][0], pending[d][1],
			sizeof(pending[d][0]) * 15);
		memmove(pending_len[d], pending_len[d] + 1,
			sizeof(pending_len[d][0]) * 15);
		hdr.type = EVENT;
	} else {
		memcpy(buf, &hdr, sizeof(hdr));
		memcpy(buf + sizeof(hdr), pc->req, pc->req_len);
		conn_feed(conns[d], buf, sizeof(hdr) + pc->req_len);
		if (next_reply(d, &hdr, payload)) {
			snprintf(why, wsize, "no reply");
			return -1;
		}
	}
	if (hdr.type != pc->want_type) {
		snprintf(why, wsize, "type %u, want %u (payload '%.*s')",
			 hdr.type, pc->want_type, (int)hdr.len, payload);
		return -1;
	}
	if (hdr.len != pc->want_len || memcmp(payload, pc->want, hdr.len)) {
		snprintf(why, wsize, "payload '%.*s' (%u bytes), want %u bytes",
			 (int)hdr.len, payload, hdr.len, pc->want_len);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct store *s = store_create(NULL);
	unsigned int i, failed = 0;
	char why[4200];

	if (!s)
		return 1;
	for (i = 0; i < NDOMS; i++) {
		conns[i] = conn_create(s, i, NULL, NULL);
		if (!conns[i])
			return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (run_case(&cases[i], why, sizeof(why))) {
			printf("FAIL protocol/%s: %s\n", cases[i].name, why);
			failed++;
		} else {
			printf("PASS protocol/%s\n", cases[i].name);
		}
	}
	/* Domain 1's connection was destroyed by the release. */
	conn_destroy(conns[0]);
	conn_destroy(conns[2]);
	store_destroy(s);
	return failed ? 1 : 0;
}
