// SPDX-License-Identifier: MIT
// REST: a domain's actions, run as tasks (?wait= to wait on one).
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task.h"
#include "vm.h"
#include "vmop.h"

/* A pending action: the task, and the request waiting on it (if any). */
struct action {
	struct task *task;
	char uuid[VM_UUID_LEN + 1];
	int undefine; /* DELETE: remove the definition once destroyed */
};

static void action_done(int rc, const char *text, void *arg)
{
	struct action *a = arg;
	struct vm *v = vm_find(a->uuid);

	if (!rc && a->undefine && v) {
		/* destroyed: the gone event may not have come yet */
		vm_stopped(v);
		rc = vm_undefine(v);
		text = NULL;
	}
	task_finish(a->task, rc, text);
	free(a);
}

static void task_reply(struct task *t, void *arg)
{
	json_t *j = task_json(t);
	int pending = !strcmp(json_string_value(json_object_get(j, "status")),
			      "pending");

	http_reply_json(arg, pending ? 202 : 200, j);
}

void rest_action_start(struct http_req *r, struct vm *v, enum vmop op,
		       int undefine)
{
	const char *wait = http_query(r, "wait");
	struct action *a;
	const char *needed;
	char loc[64], *end, why[256];
	unsigned long secs = wait ? strtoul(wait, &end, 10) : 0;
	int rc;

	if (wait && (!*wait || *end)) {
		http_error(r, 400, "invalid", NULL,
			   "wait must be a number of seconds");
		return;
	}
	rc = vmop_check(v, op, &needed);
	if (rc == -EPERM) {
		http_error(r, 403, "forbidden", NULL,
			   "Dom0 cannot be %s through the API", vmop_name(op));
		return;
	}
	if (rc) {
		http_error(r, 409, "bad_state",
			   json_pack("{s:s,s:s}", "state",
				     vm_power_name(v->power), "needed", needed),
			   "%s needs the domain %s, it is %s", vmop_name(op),
			   needed, vm_power_name(v->power));
		return;
	}
	a = calloc(1, sizeof(*a));
	if (a)
		a->task = task_new(vmop_name(op), v->def.uuid);
	if (!a || !a->task) {
		free(a);
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	strcpy(a->uuid, v->def.uuid);
	a->undefine = undefine;
	rc = vmop_run(v, op, action_done, a, why, sizeof(why));
	if (rc) {
		task_finish(a->task, rc, why[0] ? why : NULL);
		free(a);
		if (why[0])
			http_error(r, rc == -ENOENT || rc == -EINVAL ? 400 : 502,
				   "dom0_refused", NULL, "%s: %s", vmop_name(op),
				   why);
		else
			http_error_errno(r, rc, vmop_name(op));
		return;
	}
	snprintf(loc, sizeof(loc), "/api/v1/tasks/%s", task_id(a->task));
	http_set_header(r, "Location", loc);
	if (task_wait(a->task, wait ? (unsigned)secs : 0, task_reply, r))
		http_error(r, 500, "internal", NULL, "out of memory");
}

static void action(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);
	enum vmop op;

	if (!v)
		return;
	if (vmop_parse(r->args[1], &op)) {
		http_error(r, 404, "not_found", NULL,
			   "no action %s (start, start-paused, pause, unpause, "
			   "shutdown, reboot, destroy, hard-reboot)",
			   r->args[1]);
		return;
	}
	rest_action_start(r, v, op, 0);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_POST, "/api/v1/domains/*/actions/*", HTTP_ADMIN, action,
	  "POST /api/v1/domains/{id}/actions/{action}" },
};

int rest_action_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
