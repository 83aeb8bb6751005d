// SPDX-License-Identifier: MIT
// The management API: its options, state directory, start and stop.
#include "api.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "auth.h"
#include "config/paths.h"
#include "console.h"
#include "eventlog.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "rest.h"
#include "task.h"
#include "tls.h"
#include "user.h"
#include "vm.h"
#include "web.h"
#include "xenapi.h"
#include "xsclient.h"

#define DEFAULT_TIMEOUT 30
#define DEFAULT_TOKEN_TTL 3600
#define DEFAULT_SESSIONS 16

enum {
	OPT_STATE = API_OPT_BASE,
	OPT_HTTPS_ADDR,
	OPT_HTTPS_PORT,
	OPT_HTTP,
	OPT_CERT,
	OPT_KEY,
	OPT_WEB,
	OPT_OPENAPI,
	OPT_TIMEOUT,
	OPT_TOKEN_TTL,
	OPT_SESSIONS,
	OPT_ROUTES,
};

const struct option api_options[] = {
	{ "state", required_argument, NULL, OPT_STATE },
	{ "https-addr", required_argument, NULL, OPT_HTTPS_ADDR },
	{ "https-port", required_argument, NULL, OPT_HTTPS_PORT },
	{ "http", required_argument, NULL, OPT_HTTP },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "web", required_argument, NULL, OPT_WEB },
	{ "openapi", required_argument, NULL, OPT_OPENAPI },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "token-ttl", required_argument, NULL, OPT_TOKEN_TTL },
	{ "sessions-per-user", required_argument, NULL, OPT_SESSIONS },
	{ "routes", no_argument, NULL, OPT_ROUTES },
	{ NULL, 0, NULL, 0 },
};

static char state_buf[PATH_MAX];
static char cert[PATH_MAX], key[PATH_MAX]; /* what the front loads */

void api_config_defaults(struct api_config *c)
{
	const char *env = getenv("XAPID_STATE");

	memset(c, 0, sizeof(*c));
	if (env && env[0]) {
		c->state = env;
	} else if (!paths_run_dir(state_buf, sizeof(state_buf) - 8)) {
		strcat(state_buf, "/state");
		c->state = state_buf;
	} else {
		c->state = "/var/lib/xapid";
	}
	c->https_addr = "0.0.0.0";
	c->https_port = API_HTTPS_PORT;
	c->timeout = DEFAULT_TIMEOUT;
	c->token_ttl = DEFAULT_TOKEN_TTL;
	c->sessions = DEFAULT_SESSIONS;
}

void api_usage(FILE *out)
{
	fprintf(out,
		"the management API (HTTPS, REST, XenAPI, the page):\n"
		"  --state DIR        users, VM database, certificate "
		"($XAPID_STATE,\n"
		"                     default BUILD/run/state)\n"
		"  --https-addr ADDR  HTTPS address (default 0.0.0.0)\n"
		"  --https-port PORT  HTTPS port (default %d; 0: any free one)\n"
		"  --http ADDR:PORT   also plain HTTP, on a loopback address only\n"
		"  --cert FILE --key FILE  the TLS certificate and key (default:\n"
		"                     a self-signed pair made in the state dir)\n"
		"  --web DIR          the page's files (default: the checkout's)\n"
		"  --openapi FILE     the OpenAPI document served\n"
		"  --timeout SECONDS  drop clients idle this long (default %d)\n"
		"  --token-ttl SECONDS  sessions end after this idle time "
		"(default %d)\n"
		"  --sessions-per-user N  the oldest goes past this (default "
		"%d)\n"
		"  --routes           print the routes served, then exit\n"
		"xapid [--state DIR] user add NAME --role admin|read-only | "
		"passwd NAME | del NAME | list\n",
		API_HTTPS_PORT, DEFAULT_TIMEOUT, DEFAULT_TOKEN_TTL,
		DEFAULT_SESSIONS);
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > max || s[0] == '-')
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

int api_option(struct api_config *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_STATE: c->state = arg; return 0;
	case OPT_HTTPS_ADDR: c->https_addr = arg; return 0;
	case OPT_HTTPS_PORT: return parse_uint(arg, 65535, &c->https_port);
	case OPT_HTTP: c->http = arg; return 0;
	case OPT_CERT: c->cert = arg; return 0;
	case OPT_KEY: c->key = arg; return 0;
	case OPT_WEB: c->web = arg; return 0;
	case OPT_OPENAPI: c->openapi = arg; return 0;
	case OPT_TIMEOUT:
		return parse_uint(arg, 86400, &c->timeout) || !c->timeout
			       ? -EINVAL
			       : 0;
	case OPT_TOKEN_TTL: return parse_uint(arg, 30 * 86400, &c->token_ttl);
	case OPT_SESSIONS:
		return parse_uint(arg, 4096, &c->sessions) || !c->sessions
			       ? -EINVAL
			       : 0;
	case OPT_ROUTES: c->routes = 1; return 0;
	}
	return -EINVAL;
}

static int state_init(const struct api_config *c)
{
	struct auth_limits lim = { c->token_ttl, c->sessions };
	char users[PATH_MAX];

	if (mkdir(c->state, 0700) && errno != EEXIST) {
		log_error("xapid: state directory %s: %s", c->state,
			  strerror(errno));
		return -errno;
	}
	snprintf(users, sizeof(users), "%s/users", c->state);
	return auth_init(users, &lim);
}

int api_user_main(const struct api_config *c, int argc, char **argv)
{
	char users[PATH_MAX];

	umask(077);
	if (state_init(c))
		return 1;
	snprintf(users, sizeof(users), "%s/users", c->state);
	return user_main(argc, argv, users);
}

/* The checkout's own files when xapid runs from BUILD/bin. */
static const char *beside_binary(const char *rel, char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return rel;
	self[n] = 0;
	for (int up = 0; up < 3 && (slash = strrchr(self, '/')); up++)
		*slash = 0; /* CHECKOUT/build/bin/xapid -> CHECKOUT */
	if ((size_t)snprintf(buf, size, "%s/%s", self, rel) >= size)
		return rel;
	return buf;
}

/* The first admin, and the TLS pair (made if need be, and checked here:
 * the front loads it again). */
static int prepare_keys(const struct api_config *c)
{
	char pw[PATH_MAX];
	SSL_CTX *tls;
	int rc;

	snprintf(pw, sizeof(pw), "%s/admin-password", c->state);
	snprintf(cert, sizeof(cert), "%s", c->cert ? c->cert : "");
	snprintf(key, sizeof(key), "%s", c->key ? c->key : "");
	if (!c->cert) {
		snprintf(cert, sizeof(cert), "%s/cert.pem", c->state);
		snprintf(key, sizeof(key), "%s/key.pem", c->state);
	}
	rc = user_first_admin(pw);
	if (rc < 0) {
		log_error("xapid: cannot make the first admin: %s",
			  strerror(-rc));
		return rc;
	}
	if (rc == 1)
		log_info("xapid: first start: user admin, password in %s", pw);
	tls = tls_server_ctx(cert, key, !c->cert);
	SSL_CTX_free(tls);
	return tls ? 0 : -EINVAL;
}

static void print_route(const struct http_route *r, void *arg)
{
	(void)arg;
	printf("%s\n", r->name);
}

/* Splits "ADDR:PORT" at the last colon. */
static int split_addr(const char *s, char *addr, size_t size, unsigned *port)
{
	const char *colon = strrchr(s, ':');

	if (!colon || (size_t)(colon - s) >= size ||
	    parse_uint(colon + 1, 65535, port))
		return -EINVAL;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = 0;
	return 0;
}

static int write_ports(const char *state, unsigned https, unsigned http)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;

	snprintf(path, sizeof(path), "%s/ports", state);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fprintf(f, "https %u\nhttp %u\n", https, http);
	if (fclose(f))
		return -errno;
	return rename(tmp, path) ? -errno : 0;
}

static int add_routes(struct event_base *base, const struct api_config *c)
{
	char web[PATH_MAX], doc[PATH_MAX];
	int rc;

	task_init(base);
	console_init(base);
	rc = xsclient_init(base, c->xenstore);
	if (rc)
		return rc;
	rc = xenapi_init(base);
	if (!rc)
		rc = rest_init(base, c->openapi ? c->openapi
						: beside_binary("docs/openapi.json",
								doc,
								sizeof(doc)));
	if (!rc)
		rc = metrics_init(base);
	if (!rc)
		rc = web_init(c->web ? c->web
				     : beside_binary("xapi/web", web,
						     sizeof(web)));
	return rc;
}

int api_start(struct event_base *base, const struct api_config *c)
{
	struct http_config hc = { 0 };
	char db[PATH_MAX], addr[64];
	unsigned https_port, http_port;
	int rc;

	xmlInitParser();
	umask(077);
	rc = state_init(c);
	if (rc)
		return rc;
	if (c->routes) {
		rc = add_routes(base, c);
		if (!rc)
			http_routes_each(print_route, NULL);
		return rc ? rc : 1;
	}
	rc = prepare_keys(c);
	if (rc)
		return rc;
	snprintf(db, sizeof(db), "%s/vms.xml", c->state);
	rc = vm_init(db);
	if (rc) {
		log_error("xapid: VM database %s: %s", db, strerror(-rc));
		return rc;
	}
	vm_follow_dom0();
	hc.https_addr = c->https_addr;
	hc.https_port = c->https_port;
	hc.timeout = c->timeout;
	hc.cert = cert;
	hc.key = key;
	if (c->http) {
		if (split_addr(c->http, addr, sizeof(addr), &hc.http_port)) {
			log_error("xapid: --http wants ADDR:PORT");
			return -EINVAL;
		}
		hc.http_addr = addr;
	}
	rc = add_routes(base, c);
	if (!rc)
		rc = http_start(base, &hc, &https_port, &http_port);
	if (rc == -EPERM)
		log_error("xapid: plain HTTP only on a loopback address");
	if (rc) {
		log_error("xapid: the API cannot start: %s", strerror(-rc));
		return rc;
	}
	write_ports(c->state, https_port, http_port);
	log_info("xapid: API at https://localhost:%u/api/v1/ (XenAPI at /, "
		 "/jsonrpc; the page at /ui/)",
		 https_port);
	if (http_port)
		log_info("xapid: plain HTTP at http://%s:%u/", hc.http_addr,
			 http_port);
	return 0;
}

void api_stop(void)
{
	rest_fini();
	metrics_fini();
	console_fini();
	xsclient_fini();
	xenapi_fini();
	task_fini();
	http_stop();
	eventlog_fini();
	vm_fini();
	auth_fini();
	xmlCleanupParser();
}
