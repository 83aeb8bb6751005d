// SPDX-License-Identifier: MIT
// REST: the host, its console ring, and the xenstore tree.
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "rest.h"
#include "vm.h"
#include "xenapi.h"

static time_t started;

static json_t *host_json(const struct msg_physinfo *info)
{
	char name[256] = "localhost";
	size_t running = 0;
	json_t *j;

	gethostname(name, sizeof(name) - 1);
	for (size_t i = 0; i < vm_count(); i++)
		running += vm_at(i)->domid >= 0;
	j = json_pack("{s:s,s:s,s:s,s:{s:i,s:i},s:I,s:I,s:I,s:b}", "hostname",
		      name, "version", "0.1", "xen_version", "4.17.0-xenolith",
		      "xenapi", "major", XENAPI_VERSION_MAJOR, "minor",
		      XENAPI_VERSION_MINOR, "xapid_uptime",
		      (json_int_t)(time(NULL) - started), "domains_defined",
		      (json_int_t)vm_count(), "domains_running",
		      (json_int_t)running, "dom0_connected", info != NULL);
	if (j && info) {
		char ver[96];

		snprintf(ver, sizeof(ver), "%u.%u%s", info->xen_major,
			 info->xen_minor, info->xen_extra);
		json_object_set_new(j, "xen_version", json_string(ver));
		json_object_set_new(j, "nr_cpus", json_integer(info->nr_cpus));
		json_object_set_new(j, "total_kib",
				    json_integer((json_int_t)info->total_kib));
		json_object_set_new(j, "free_kib",
				    json_integer((json_int_t)info->free_kib));
		json_object_set_new(j, "hvm_backend",
				    json_string(info->hvm_backend));
	}
	return j;
}

static void host_done(const struct agent_result *res,
		      const struct msg_physinfo *info, void *arg)
{
	http_reply_json(arg, 200, host_json(res->err ? NULL : info));
}

static void host(struct http_req *r)
{
	if (!agent_connected() || agent_info(host_done, r))
		http_reply_json(r, 200, host_json(NULL));
}

static void dmesg_done(const struct agent_result *res, const char *text,
		       size_t len, void *arg)
{
	if (res->err) {
		http_error(arg, 502, "dom0_error", NULL, "%s", res->text);
		return;
	}
	http_reply_json(arg, 200, json_pack("{s:s%}", "text", text, len));
}

static void host_console(struct http_req *r)
{
	int rc = agent_connected() ? agent_dmesg(dmesg_done, r) : -ENOTCONN;

	if (rc)
		http_error_errno(r, rc, "the hypervisor's console");
}

/* The xenstore tree is read through Dom0's store (agent.h has no
 * xenstore call: the relay carries the wire protocol for socket
 * clients). */
static void through_dom0(struct http_req *r)
{
	if (r->args[0] && strlen(r->args[0]) > 3072) {
		http_error(r, 400, "invalid", NULL, "xenstore path too long");
		return;
	}
	http_error_errno(r, agent_connected() ? -EOPNOTSUPP : -ENOTCONN,
			 r->route->name);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/host", HTTP_READ, host,
	  "GET /api/v1/host" },
	{ EVHTTP_REQ_GET, "/api/v1/host/console", HTTP_READ, host_console,
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
