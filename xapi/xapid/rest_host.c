// SPDX-License-Identifier: MIT
// REST: the host, its console ring, and the xenstore tree.
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "xsclient.h"

#include <stdlib.h>
#include <xen/io/xs_wire.h>
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

/* xenstore, through xapid's relay (xsclient.h): the path argument is
 * below "/", so /api/v1/xenstore/local/domain/0 is /local/domain/0. */
struct xsop {
	struct http_req *r;
	char path[XENSTORE_ABS_PATH_MAX + 2];
	int list;
};

static void xs_reply(int err, const char *data, size_t len, void *arg)
{
	struct xsop *o = arg;

	if (err == -ENOENT)
		http_error(o->r, 404, "not_found", NULL, "no node %s", o->path);
	else if (err == -EACCES || err == -EPERM)
		http_error(o->r, 403, "forbidden", NULL, "%s: permission denied",
			   o->path);
	else if (err == -EINVAL)
		http_error(o->r, 400, "invalid", NULL, "%s: invalid", o->path);
	else if (err)
		http_error_errno(o->r, err, "xenstore");
	else if (o->list < 0)
		http_reply(o->r, 204, "application/json", "", 0);
	else if (o->list) {
		json_t *children = json_array();

		for (size_t off = 0; off < len; off += strlen(data + off) + 1)
			json_array_append_new(children, json_string(data + off));
		http_reply_json(o->r, 200,
				json_pack("{s:s,s:o}", "path", o->path,
					  "children", children));
	} else {
		http_reply_json(o->r, 200,
				json_pack("{s:s,s:s%}", "path", o->path,
					  "value", data, len));
	}
	free(o);
}

static void xenstore(struct http_req *r)
{
	struct xsop *o = calloc(1, sizeof(*o));
	int method = r->method;
	const char *value = NULL;
	json_t *j = NULL;
	unsigned type;
	int rc;

	if (!o) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	o->r = r;
	if (strlen(r->args[0]) > XENSTORE_ABS_PATH_MAX - 1) {
		free(o);
		http_error(r, 400, "invalid", NULL, "xenstore path too long");
		return;
	}
	snprintf(o->path, sizeof(o->path), "/%s", r->args[0]);
	if (method == EVHTTP_REQ_GET) {
		o->list = http_query(r, "list") != NULL;
		type = o->list ? XS_DIRECTORY : XS_READ;
	} else if (method == EVHTTP_REQ_PUT) {
		j = rest_json_body(r);
		if (!j) {
			free(o);
			return;
		}
		value = json_string_value(json_object_get(j, "value"));
		if (!value) {
			json_decref(j);
			free(o);
			http_error(r, 400, "invalid", NULL,
				   "value (a string) is required");
			return;
		}
		o->list = -1;
		type = XS_WRITE;
	} else {
		o->list = -1;
		type = XS_RM;
	}
	rc = agent_connected() ? xsclient_request(type, o->path, value,
						  xs_reply, o)
			       : -ENOTCONN;
	json_decref(j);
	if (rc) {
		free(o);
		http_error_errno(r, rc, "xenstore");
	}
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/host", HTTP_READ, host,
	  "GET /api/v1/host" },
	{ EVHTTP_REQ_GET, "/api/v1/host/console", HTTP_READ, host_console,
	  "GET /api/v1/host/console" },
	{ EVHTTP_REQ_GET, "/api/v1/xenstore/**", HTTP_ADMIN, xenstore,
	  "GET /api/v1/xenstore/{path}" },
	{ EVHTTP_REQ_PUT, "/api/v1/xenstore/**", HTTP_ADMIN, xenstore,
	  "PUT /api/v1/xenstore/{path}" },
	{ EVHTTP_REQ_DELETE, "/api/v1/xenstore/**", HTTP_ADMIN, xenstore,
	  "DELETE /api/v1/xenstore/{path}" },
};

int rest_host_init(void)
{
	started = time(NULL);
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
