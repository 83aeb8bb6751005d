// SPDX-License-Identifier: MIT
// REST: a running domain's vCPUs, their pinning, and its VM exits.
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "metrics.h"
#include "vm.h"

static void vcpus_done(const struct agent_result *res,
		       const struct msg_vcpuinfo *vc, unsigned int n, void *arg)
{
	json_t *items = json_array();

	if (res->err) {
		json_decref(items);
		http_error(arg, 502, "dom0_error", NULL, "%s", res->text);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		json_array_append_new(
			items, json_pack("{s:i,s:i,s:b,s:I,s:o}", "vcpu",
					 (int)vc[i].vcpu, "cpu", (int)vc[i].cpu,
					 "online", vc[i].online, "cpu_time_ns",
					 (json_int_t)vc[i].cpu_time_ns,
					 "affinity", vm_cpus_json(vc[i].affinity)));
	http_reply_json(arg, 200, json_pack("{s:o}", "items", items));
}

static void vcpus(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	int rc;

	if (!v)
		return;
	rc = agent_connected() ? agent_vcpu_list((uint32_t)v->domid,
						 vcpus_done, r)
			       : -ENOTCONN;
	if (rc)
		http_error_errno(r, rc, "vcpu list");
}

/* After a live change: answer with the vCPU list, or the error. */
struct relist {
	struct http_req *r;
	uint32_t domid;
};

static void pinned(const struct agent_result *res, void *arg)
{
	struct relist *l = arg;
	int rc;

	if (res->err) {
		http_error(l->r, res->err == -EINVAL ? 400 : 502,
			   res->err == -EINVAL ? "invalid" : "dom0_error", NULL,
			   "%s", res->text);
	} else if ((rc = agent_vcpu_list(l->domid, vcpus_done, l->r))) {
		http_error_errno(l->r, rc, "vcpu list");
	}
	free(l);
}

static void pin(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	struct relist *l;
	json_t *j;
	uint64_t mask = 0;
	unsigned long vcpu;
	char *end;
	int rc;

	if (!v)
		return;
	vcpu = strcmp(r->args[1], "all") ? strtoul(r->args[1], &end, 10)
					  : MSG_ALL_VCPUS;
	if (strcmp(r->args[1], "all") && (*end || vcpu >= v->def.vcpus)) {
		http_error(r, 400, "invalid", NULL,
			   "vcpu must be 0..%u or all", v->def.vcpus - 1);
		return;
	}
	j = rest_json_body(r);
	if (!j)
		return;
	rc = vm_cpus_parse(json_object_get(j, "cpus"), &mask);
	json_decref(j);
	if (rc) {
		http_error(r, 400, "invalid", NULL, VM_CPUS_RULE);
		return;
	}
	l = malloc(sizeof(*l));
	if (!l) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	l->r = r;
	l->domid = (uint32_t)v->domid;
	rc = agent_connected() ? agent_vcpu_pin(l->domid, (uint32_t)vcpu, mask,
						pinned, l)
			       : -ENOTCONN;
	if (rc) {
		free(l);
		http_error_errno(r, rc, "vcpu pin");
	}
}

static void exits_done(const struct agent_result *res,
		       const struct msg_exit *ex, unsigned int n, void *arg)
{
	json_t *items = json_array();
	char name[32];

	if (res->err) {
		json_decref(items);
		http_error(arg, 502, "dom0_error", NULL, "%s", res->text);
		return;
	}
	/* reasons are the back end's own exit codes (svm or vmx, see
	 * GET /api/v1/host's hvm_backend), named as the hypervisor names them */
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s",
			 metrics_exit_name(ex[i].reason)
				 ? metrics_exit_name(ex[i].reason)
				 : "OTHER");
		json_array_append_new(
			items, json_pack("{s:i,s:s,s:I}", "reason",
					 (int)ex[i].reason, "name", name,
					 "count", (json_int_t)ex[i].count));
	}
	http_reply_json(arg, 200, json_pack("{s:o}", "items", items));
}

static void exits(struct http_req *r)
{
	struct vm *v = rest_domain_running(r);
	int rc;

	if (!v)
		return;
	rc = agent_connected() ? agent_exits((uint32_t)v->domid, exits_done, r)
			       : -ENOTCONN;
	if (rc)
		http_error_errno(r, rc, "exit counters");
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/vcpus", HTTP_READ, vcpus,
	  "GET /api/v1/domains/{id}/vcpus" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/vcpus/*/affinity", HTTP_ADMIN,
	  pin, "PUT /api/v1/domains/{id}/vcpus/{vcpu}/affinity" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/exits", HTTP_READ, exits,
	  "GET /api/v1/domains/{id}/exits" },
};

int rest_vcpu_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
