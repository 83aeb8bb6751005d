// SPDX-License-Identifier: MIT
// REST: a domain's memory and credit scheduler settings.
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "vm.h"

/* Memory and scheduler settings of a halted domain change its definition;
 * a running one also needs Dom0. */
static void memory_get(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);

	if (v)
		http_reply_json(r, 200,
				json_pack("{s:I,s:I}", "target_mib",
					  (json_int_t)v->def.memory_mib,
					  "max_mib",
					  (json_int_t)v->def.maxmem_mib));
}

static void sched_get(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);

	if (v)
		http_reply_json(r, 200,
				json_pack("{s:s,s:i,s:i}", "scheduler",
					  "credit", "weight",
					  (int)v->def.cpu_weight, "cap",
					  (int)v->def.cap));
}

/* A memory or scheduler change to a running domain: Dom0 first (maximum,
 * then target; or weight and cap), then the definition. */
struct live {
	struct http_req *r;
	char uuid[VM_UUID_LEN + 1];
	struct vm_def d;
	uint32_t domid;
	int step;
	void (*again)(struct http_req *r);
};

static void live_step(const struct agent_result *res, void *arg)
{
	struct live *l = arg;
	struct vm *v = vm_find(l->uuid);
	int rc = res ? res->err : 0;

	if (rc) {
		http_error(l->r, rc == -EINVAL ? 400 : 502,
			   rc == -EINVAL ? "invalid" : "dom0_error", NULL, "%s",
			   res->text);
		free(l);
		return;
	}
	switch (l->step++) {
	case 0: /* memory: the maximum first, so a larger target fits */
		rc = agent_mem_max(l->domid, (uint64_t)l->d.maxmem_mib << 10,
				   live_step, l);
		break;
	case 1:
		rc = agent_mem_set(l->domid, (uint64_t)l->d.memory_mib << 10,
				   live_step, l);
		break;
	default: /* Dom0 took it: the definition follows */
		rc = v ? vm_redefine(v, &l->d) : -ENOENT;
		if (rc)
			http_error_errno(l->r, rc, "update");
		else
			l->again(l->r);
		free(l);
		return;
	}
	if (rc) {
		http_error_errno(l->r, rc, "live change");
		free(l);
	}
}

static void live_change(struct http_req *r, struct vm *v,
			const struct vm_def *d, void (*again)(struct http_req *))
{
	struct live *l = calloc(1, sizeof(*l));
	struct msg_sched s;
	int rc;

	if (!l) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	l->r = r;
	strcpy(l->uuid, v->def.uuid);
	l->d = *d;
	l->domid = (uint32_t)v->domid;
	l->again = again;
	if (!agent_connected()) {
		rc = -ENOTCONN;
	} else if (d->cpu_weight != v->def.cpu_weight || d->cap != v->def.cap) {
		s.domid = l->domid;
		s.weight = d->cpu_weight;
		s.cap = d->cap;
		l->step = 2;
		rc = agent_sched_set(&s, live_step, l);
	} else {
		l->step = 0;
		live_step(NULL, l);
		return;
	}
	if (rc) {
		http_error_errno(r, rc, "live change");
		free(l);
	}
}

/* PUT of memory or sched: maps the body's members onto a definition. */
static void settings_put(struct http_req *r, const char *const *members,
			 const char *const *def_keys, void (*again)(struct http_req *))
{
	struct vm *v = rest_domain_find(r);
	json_t *j, *mapped;
	struct vm_def d;
	char why[160];
	const char *key;
	json_t *x;
	int rc;

	if (!v || rest_domain_precondition_failed(r, v))
		return;
	j = rest_json_body(r);
	if (!j)
		return;
	mapped = json_object();
	json_object_foreach(j, key, x) {
		int i;

		for (i = 0; members[i] && strcmp(members[i], key); i++)
			;
		if (!members[i]) {
			http_error(r, 400, "invalid", NULL,
				   "unknown member %.64s", key);
			json_decref(j);
			json_decref(mapped);
			return;
		}
		json_object_set(mapped, def_keys[i], x);
	}
	json_decref(j);
	d = v->def;
	rc = rest_domain_decode(mapped, &d, why, sizeof(why));
	json_decref(mapped);
	if (rc) {
		http_error(r, 400, "invalid", NULL, "%s", why);
		return;
	}
	if (v->domid >= 0) {
		live_change(r, v, &d, again);
		return;
	}
	rc = vm_redefine(v, &d);
	if (rc)
		http_error_errno(r, rc, "update");
	else
		again(r);
}

static void memory_put(struct http_req *r)
{
	static const char *const members[] = { "target_mib", "max_mib", NULL };
	static const char *const keys[] = { "memory_mib", "maxmem_mib" };

	settings_put(r, members, keys, memory_get);
}

static void sched_put(struct http_req *r)
{
	static const char *const members[] = { "weight", "cap", NULL };
	static const char *const keys[] = { "cpu_weight", "cap" };

	settings_put(r, members, keys, sched_get);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/memory", HTTP_READ, memory_get,
	  "GET /api/v1/domains/{id}/memory" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/memory", HTTP_ADMIN, memory_put,
	  "PUT /api/v1/domains/{id}/memory" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/sched", HTTP_READ, sched_get,
	  "GET /api/v1/domains/{id}/sched" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/sched", HTTP_ADMIN, sched_put,
	  "PUT /api/v1/domains/{id}/sched" },
};

int rest_settings_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
