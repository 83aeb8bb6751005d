// SPDX-License-Identifier: MIT
// REST: the host, its console ring, and the xenstore tree.
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rest.h"
#include "vm.h"
#include "xenapi.h"

static time_t started;

static void host(struct http_req *r)
{
	char name[256] = "localhost";
	size_t running = 0;

	gethostname(name, sizeof(name) - 1);
	for (size_t i = 0; i < vm_count(); i++)
		running += vm_at(i)->domid >= 0;
	http_reply_json(
		r, 200,
		json_pack("{s:s,s:s,s:s,s:{s:i,s:i},s:I,s:I,s:I,s:b}",
			  "hostname", name, "version", "0.1", "xen_version",
			  "4.17.0-xenolith", "xenapi", "major",
			  XENAPI_VERSION_MAJOR, "minor", XENAPI_VERSION_MINOR,
			  "xapid_uptime", (json_int_t)(time(NULL) - started),
			  "domains_defined", (json_int_t)vm_count(),
			  "domains_running", (json_int_t)running,
			  "dom0_connected", 0));
}

/* The hypervisor's console ring and the xenstore tree live in Dom0: they
 * are answered through the management channel (agent.h). */
static void through_dom0(struct http_req *r)
{
	if (r->args[0] && strlen(r->args[0]) > 3072) {
		http_error(r, 400, "invalid", NULL, "xenstore path too long");
		return;
	}
	http_error_errno(r, -ENOTCONN, r->route->name);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/host", HTTP_READ, host,
	  "GET /api/v1/host" },
	{ EVHTTP_REQ_GET, "/api/v1/host/console", HTTP_READ, through_dom0,
	  "GET /api/v1/host/console" },
	{ EVHTTP_REQ_GET, "/api/v1/xenstore/**", HTTP_ADMIN, through_dom0,
	  "GET /api/v1/xenstore/{path}" },
	{ EVHTTP_REQ_PUT, "/api/v1/xenstore/**", HTTP_ADMIN, through_dom0,
	  "PUT /api/v1/xenstore/{path}" },
	{ EVHTTP_REQ_DELETE, "/api/v1/xenstore/**", HTTP_ADMIN, through_dom0,
	  "DELETE /api/v1/xenstore/{path}" },
};

int rest_host_init(void)
{
	started = time(NULL);
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
