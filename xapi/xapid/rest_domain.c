// SPDX-License-Identifier: MIT
// REST: domains, their actions, memory, vCPUs, scheduler and console.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "config/config.h"
#include "console.h"
#include "rest.h"
#include "task.h"
#include "vm.h"
#include "vmop.h"

#define PAGE_DEFAULT 50

static void etag(const struct vm *v, char *buf, size_t size)
{
	snprintf(buf, size, "\"%s-%lu\"", v->def.uuid, v->generation);
}

/* Finds the VM of the first path argument, or answers 404. */
static struct vm *find(struct http_req *r)
{
	struct vm *v = vm_find(r->args[0]);

	if (!v)
		http_error(r, 404, "not_found",
			   json_pack("{s:s}", "domain", r->args[0]),
			   "no domain %s", r->args[0]);
	return v;
}

/* Answers 412 if the request has an If-Match that is not v's ETag. */
static int precondition_failed(struct http_req *r, const struct vm *v)
{
	const char *want = http_header(r, "If-Match");
	char tag[80];

	etag(v, tag, sizeof(tag));
	if (!want || !strcmp(want, "*") || !strcmp(want, tag))
		return 0;
	http_error(r, 412, "precondition_failed",
		   json_pack("{s:s}", "etag", tag),
		   "the domain changed since it was read (ETag %s)", tag);
	return 1;
}

static void reply_vm(struct http_req *r, int status, const struct vm *v)
{
	char tag[80];

	etag(v, tag, sizeof(tag));
	http_set_header(r, "ETag", tag);
	http_reply_json(r, status, vm_json(v));
}

static int get_uint(json_t *j, const char *key, unsigned long max,
		    unsigned long *out, char *why, size_t whysz)
{
	json_t *x = json_object_get(j, key);

	if (!x)
		return 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    (unsigned long long)json_integer_value(x) > max) {
		snprintf(why, whysz, "%s must be an integer 0..%lu", key, max);
		return -EINVAL;
	}
	*out = (unsigned long)json_integer_value(x);
	return 0;
}

static int get_str(json_t *j, const char *key, char *dst, size_t size,
		   char *why, size_t whysz)
{
	json_t *x = json_object_get(j, key);

	if (!x)
		return 0;
	if (!json_is_string(x) || json_string_length(x) >= size ||
	    strlen(json_string_value(x)) != json_string_length(x)) {
		snprintf(why, whysz, "%s must be a string under %zu bytes", key,
			 size);
		return -EINVAL;
	}
	strcpy(dst, json_string_value(x));
	return 0;
}

static int get_action(json_t *j, const char *key, enum vm_action *out,
		      char *why, size_t whysz)
{
	char buf[32];

	if (!json_object_get(j, key))
		return 0;
	if (get_str(j, key, buf, sizeof(buf), why, whysz) ||
	    vm_action_parse(buf, out)) {
		snprintf(why, whysz,
			 "%s must be destroy, restart, preserve or "
			 "rename-restart",
			 key);
		return -EINVAL;
	}
	return 0;
}

int rest_domain_decode(json_t *j, struct vm_def *d, char *why, size_t whysz)
{
	static const char *const known[] = {
		"name",	     "uuid",	   "memory_mib", "maxmem_mib",
		"vcpus",     "cpu_weight", "cap",	 "kernel",
		"ramdisk",   "cmdline",	   "on_poweroff", "on_reboot",
		"on_crash",  "start",	   NULL,
	};
	unsigned long v[5] = { d->memory_mib, d->maxmem_mib, d->vcpus,
			       d->cpu_weight, d->cap };
	const char *key;
	json_t *x;

	if (!json_is_object(j)) {
		snprintf(why, whysz, "a JSON object is expected");
		return -EINVAL;
	}
	json_object_foreach(j, key, x) {
		int i;

		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (!known[i]) {
			snprintf(why, whysz, "unknown member %.64s", key);
			return -EINVAL;
		}
	}
	x = json_object_get(j, "start");
	if (x && !json_is_boolean(x)) {
		snprintf(why, whysz, "start must be true or false");
		return -EINVAL;
	}
	if (get_str(j, "name", d->name, sizeof(d->name), why, whysz) ||
	    get_str(j, "uuid", d->uuid, sizeof(d->uuid), why, whysz) ||
	    get_str(j, "kernel", d->kernel, sizeof(d->kernel), why, whysz) ||
	    get_str(j, "ramdisk", d->ramdisk, sizeof(d->ramdisk), why, whysz) ||
	    get_str(j, "cmdline", d->cmdline, sizeof(d->cmdline), why, whysz) ||
	    get_uint(j, "memory_mib", VM_MEMORY_MAX_MIB, &v[0], why, whysz) ||
	    get_uint(j, "maxmem_mib", VM_MEMORY_MAX_MIB, &v[1], why, whysz) ||
	    get_uint(j, "vcpus", 4096, &v[2], why, whysz) ||
	    get_uint(j, "cpu_weight", 65535, &v[3], why, whysz) ||
	    get_uint(j, "cap", 100000, &v[4], why, whysz) ||
	    get_action(j, "on_poweroff", &d->on_poweroff, why, whysz) ||
	    get_action(j, "on_reboot", &d->on_reboot, why, whysz) ||
	    get_action(j, "on_crash", &d->on_crash, why, whysz))
		return -EINVAL;
	d->memory_mib = v[0];
	d->maxmem_mib = v[1];
	d->vcpus = (unsigned)v[2];
	d->cpu_weight = (unsigned)v[3];
	d->cap = (unsigned)v[4];
	return vm_def_check(d, why, whysz);
}

static int parse_page(struct http_req *r, const char *key, unsigned long def,
		      unsigned long max, unsigned long *out)
{
	const char *s = http_query(r, key);
	char *end;

	*out = def;
	if (!s)
		return 0;
	*out = strtoul(s, &end, 10);
	if (!*s || *end || *out > max || s[0] == '-') {
		http_error(r, 400, "invalid", NULL, "%s must be 0..%lu", key,
			   max);
		return -EINVAL;
	}
	return 0;
}

static int name_matches(const char *name, const char *pat)
{
	size_t n = strlen(pat);

	if (n && pat[n - 1] == '*')
		return !strncmp(name, pat, n - 1);
	return !strcmp(name, pat);
}

static void list(struct http_req *r)
{
	const char *state = http_query(r, "state");
	const char *name = http_query(r, "name");
	unsigned long limit, offset, total = 0;
	json_t *items = json_array();

	if (parse_page(r, "limit", PAGE_DEFAULT, REST_PAGE_MAX, &limit) ||
	    parse_page(r, "offset", 0, (unsigned long)-1 >> 1, &offset)) {
		json_decref(items);
		return;
	}
	if (state && strcmp(state, "halted") && strcmp(state, "running") &&
	    strcmp(state, "paused") && strcmp(state, "shutdown") &&
	    strcmp(state, "crashed")) {
		json_decref(items);
		http_error(r, 400, "invalid", NULL,
			   "state must be halted, running, paused, shutdown "
			   "or crashed");
		return;
	}
	for (size_t i = 0; i < vm_count(); i++) {
		struct vm *v = vm_at(i);

		if (state && strcmp(state, vm_power_name(v->power)))
			continue;
		if (name && !name_matches(v->def.name, name))
			continue;
		if (total >= offset && json_array_size(items) < limit)
			json_array_append_new(items, vm_json(v));
		total++;
	}
	http_reply_json(r, 200,
			json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
				  (json_int_t)total, "offset",
				  (json_int_t)offset, "limit",
				  (json_int_t)limit));
}

static void get(struct http_req *r)
{
	struct vm *v = find(r);
	const char *inm;
	char tag[80];

	if (!v)
		return;
	inm = http_header(r, "If-None-Match");
	etag(v, tag, sizeof(tag));
	if (inm && !strcmp(inm, tag)) {
		http_set_header(r, "ETag", tag);
		http_reply(r, 304, "application/json", "", 0);
		return;
	}
	reply_vm(r, 200, v);
}

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

/* Starts op on v as a task and answers 202 (or waits, with ?wait=). */
static void start_task(struct http_req *r, struct vm *v, enum vmop op,
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
	struct vm *v = find(r);
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
	start_task(r, v, op, 0);
}

/*
 * xl.cfg text, parsed by the same library as xl (config.h, Debian's
 * libxlutil): 0 with *d filled, or an answer (400 with the parser's
 * messages, each naming its line) and -EINVAL.
 */
static int from_xl_cfg(struct http_req *r, struct vm_def *d)
{
	struct config cfg;
	size_t len, replen = 0;
	char *body = http_body(r, &len), *report = NULL;
	FILE *rep = open_memstream(&report, &replen);
	int rc = -ENOMEM;

	if (body && rep)
		rc = config_parse("request", body, len, NULL, 0, rep, &cfg);
	free(body);
	if (rep)
		fclose(rep);
	if (rc) {
		json_t *lines = json_array();

		for (char *l = report ? strtok(report, "\n") : NULL; l;
		     l = strtok(NULL, "\n"))
			json_array_append_new(lines, json_string(l));
		http_error(r, 400, "invalid_config",
			   json_pack("{s:o}", "messages", lines),
			   "the xl.cfg text has errors");
		free(report);
		return -EINVAL;
	}
	free(report);
	vm_def_defaults(d);
	snprintf(d->name, sizeof(d->name), "%s", cfg.spec.name);
	snprintf(d->uuid, sizeof(d->uuid),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 cfg.spec.uuid[0], cfg.spec.uuid[1], cfg.spec.uuid[2],
		 cfg.spec.uuid[3], cfg.spec.uuid[4], cfg.spec.uuid[5],
		 cfg.spec.uuid[6], cfg.spec.uuid[7], cfg.spec.uuid[8],
		 cfg.spec.uuid[9], cfg.spec.uuid[10], cfg.spec.uuid[11],
		 cfg.spec.uuid[12], cfg.spec.uuid[13], cfg.spec.uuid[14],
		 cfg.spec.uuid[15]);
	d->memory_mib = (unsigned long)(cfg.spec.memory_kib >> 10);
	d->maxmem_mib = (unsigned long)(cfg.spec.maxmem_kib >> 10);
	d->vcpus = cfg.spec.vcpus;
	d->cpu_weight = cfg.spec.weight;
	d->cap = cfg.spec.cap;
	snprintf(d->kernel, sizeof(d->kernel), "%s", cfg.kernel);
	snprintf(d->ramdisk, sizeof(d->ramdisk), "%s", cfg.ramdisk);
	snprintf(d->cmdline, sizeof(d->cmdline), "%s", cfg.spec.cmdline);
	/* enum msg_action and enum vm_action share their values */
	d->on_poweroff = cfg.spec.on_poweroff;
	d->on_reboot = cfg.spec.on_reboot;
	d->on_crash = cfg.spec.on_crash;
	return 0;
}

static void create(struct http_req *r)
{
	const char *type = http_header(r, "Content-Type");
	char why[160], loc[96];
	struct vm_def d;
	struct vm *v;
	json_t *j = NULL, *start;
	int rc, xlcfg = type && !strncmp(type, "text/plain", 10);

	if (!xlcfg && (!type || strncmp(type, "application/json", 16))) {
		http_error(r, 415, "unsupported_media_type", NULL,
			   "send the definition as application/json, or xl.cfg "
			   "text as text/plain");
		return;
	}
	if (xlcfg) {
		if (from_xl_cfg(r, &d))
			return;
		/* xl create starts what it defines; ?start=false does not */
		j = json_pack("{s:b}", "start",
			      !http_query(r, "start") ||
				      strcmp(http_query(r, "start"), "false"));
		rc = vm_def_check(&d, why, sizeof(why));
	} else {
		j = rest_json_body(r);
		if (!j)
			return;
		vm_def_defaults(&d);
		rc = rest_domain_decode(j, &d, why, sizeof(why));
	}
	start = json_object_get(j, "start");
	if (rc) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL, "%s", why);
		return;
	}
	if (!d.kernel[0]) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL, "kernel is required");
		return;
	}
	rc = vm_define(&d, &v);
	if (rc == -EEXIST) {
		json_decref(j);
		http_error(r, 409, "conflict", NULL,
			   "a domain named %s (or with this uuid) exists",
			   d.name);
		return;
	}
	if (rc) {
		json_decref(j);
		http_error_errno(r, rc, "define");
		return;
	}
	snprintf(loc, sizeof(loc), "/api/v1/domains/%s", v->def.uuid);
	http_set_header(r, "Location", loc);
	if (json_is_true(start)) {
		json_decref(j);
		start_task(r, v, VMOP_START, 0);
		return;
	}
	json_decref(j);
	reply_vm(r, 201, v);
}

static void update(struct http_req *r)
{
	struct vm *v = find(r);
	struct vm_def d;
	char why[160];
	json_t *j;
	int rc;

	if (!v || precondition_failed(r, v))
		return;
	j = rest_json_body(r);
	if (!j)
		return;
	d = v->def;
	rc = rest_domain_decode(j, &d, why, sizeof(why));
	json_decref(j);
	if (rc) {
		http_error(r, 400, "invalid", NULL, "%s", why);
		return;
	}
	if (strcmp(d.uuid, v->def.uuid)) {
		http_error(r, 400, "invalid", NULL, "uuid cannot change");
		return;
	}
	rc = vm_redefine(v, &d);
	if (rc)
		http_error_errno(r, rc, "update");
	else
		reply_vm(r, 200, v);
}

static void delete(struct http_req *r)
{
	struct vm *v = find(r);
	int rc;

	if (!v || precondition_failed(r, v))
		return;
	if (v->control) {
		http_error(r, 403, "forbidden", NULL, "Dom0 cannot be deleted");
		return;
	}
	if (v->power != VM_HALTED) {
		start_task(r, v, VMOP_DESTROY, 1);
		return;
	}
	rc = vm_undefine(v);
	if (rc)
		http_error_errno(r, rc, "delete");
	else
		http_reply(r, 204, "application/json", "", 0);
}

/* Memory and scheduler settings of a halted domain change its definition;
 * a running one also needs Dom0. */
static void memory_get(struct http_req *r)
{
	struct vm *v = find(r);

	if (v)
		http_reply_json(r, 200,
				json_pack("{s:I,s:I}", "target_mib",
					  (json_int_t)v->def.memory_mib,
					  "max_mib",
					  (json_int_t)v->def.maxmem_mib));
}

static void sched_get(struct http_req *r)
{
	struct vm *v = find(r);

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
	struct vm *v = find(r);
	json_t *j, *mapped;
	struct vm_def d;
	char why[160];
	const char *key;
	json_t *x;
	int rc;

	if (!v || precondition_failed(r, v))
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

/* The running VM of the first path argument, or an answer (404, 409). */
static struct vm *running(struct http_req *r)
{
	struct vm *v = find(r);

	if (v && v->domid < 0) {
		http_error(r, 409, "bad_state",
			   json_pack("{s:s,s:s}", "state", "halted", "needed",
				     "running"),
			   "domain %s is not running", v->def.name);
		return NULL;
	}
	return v;
}

static json_t *cpus_json(uint64_t mask)
{
	json_t *a = json_array();

	for (int i = 0; i < 64; i++)
		if (mask & (1ull << i))
			json_array_append_new(a, json_integer(i));
	return a;
}

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
					 "affinity", cpus_json(vc[i].affinity)));
	http_reply_json(arg, 200, json_pack("{s:o}", "items", items));
}

static void vcpus(struct http_req *r)
{
	struct vm *v = running(r);
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
	struct vm *v = running(r);
	struct relist *l;
	json_t *j, *cpus, *x;
	uint64_t mask = 0;
	unsigned long vcpu;
	char *end;
	size_t i;
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
	cpus = json_object_get(j, "cpus");
	json_array_foreach(cpus, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > 63)
			break;
		mask |= 1ull << json_integer_value(x);
	}
	if (!json_is_array(cpus) || i != json_array_size(cpus) || !mask) {
		json_decref(j);
		http_error(r, 400, "invalid", NULL,
			   "cpus must be a non-empty array of CPU numbers 0..63");
		return;
	}
	json_decref(j);
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

struct tail {
	struct http_req *r;
	uint32_t domid;
	size_t max;
};

static void tail_ready(void *arg)
{
	struct tail *t = arg;
	char *buf = malloc(t->max + 1);
	size_t n;

	if (!buf) {
		http_error(t->r, 500, "internal", NULL, "out of memory");
	} else {
		n = console_tail(t->domid, buf, t->max);
		http_reply_json(t->r, 200, json_pack("{s:s%}", "text", buf, n));
	}
	free(buf);
	free(t);
}

static void console(struct http_req *r)
{
	struct vm *v = running(r);
	const char *kib = v ? http_query(r, "kib") : NULL;
	unsigned long k = 4;
	struct tail *t;
	char *end;
	int rc;

	if (!v)
		return;
	if (kib) {
		k = strtoul(kib, &end, 10);
		if (!*kib || *end || k < 1 || k > CONSOLE_KEEP / 1024) {
			http_error(r, 400, "invalid", NULL, "kib must be 1..%d",
				   CONSOLE_KEEP / 1024);
			return;
		}
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	t->r = r;
	t->domid = (uint32_t)v->domid;
	t->max = k * 1024;
	rc = agent_connected() ? console_open(t->domid, tail_ready, t)
			       : -ENOTCONN;
	if (rc) {
		free(t);
		http_error_errno(r, rc, "console");
	}
}

/* A console as server-sent events: "event: output", data a JSON string. */
struct cstream {
	struct http_req *r;
	uint32_t domid;
	struct console_reader reader;
	int open;
};

static void cstream_out(const char *data, size_t len, void *arg)
{
	struct cstream *s = arg;
	json_t *j = json_stringn(data, len);
	char *txt;

	if (!j) /* not UTF-8: send it as Latin-1 would read */
		j = json_string("");
	txt = json_dumps(j, JSON_ENCODE_ANY);
	json_decref(j);
	if (!txt || http_stream_send(s->r, "event: output\ndata: ", 20) ||
	    http_stream_send(s->r, txt, strlen(txt)) ||
	    http_stream_send(s->r, "\n\n", 2)) {
		free(txt);
		http_stream_end(s->r);
		return;
	}
	free(txt);
}

static void cstream_closed(int err, void *arg)
{
	struct cstream *s = arg;

	(void)err;
	s->open = 0; /* the console removed the reader */
	http_stream_send(s->r, "event: closed\ndata: {}\n\n", 24);
	http_stream_end(s->r);
}

static void cstream_gone(struct http_req *r, void *arg)
{
	struct cstream *s = arg;

	(void)r;
	if (s->open)
		console_unread(s->domid, &s->reader);
	free(s);
}

static void cstream_ready(void *arg)
{
	struct cstream *s = arg;
	char *buf = malloc(CONSOLE_KEEP);
	size_t n = buf ? console_tail(s->domid, buf, CONSOLE_KEEP) : 0;

	http_stream_start(s->r, "text/event-stream", cstream_gone, s);
	s->open = !console_read(s->domid, &s->reader);
	if (n)
		cstream_out(buf, n, s);
	free(buf);
}

static void console_stream(struct http_req *r)
{
	struct vm *v = running(r);
	struct cstream *s;
	int rc;

	if (!v)
		return;
	s = calloc(1, sizeof(*s));
	if (!s) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	s->r = r;
	s->domid = (uint32_t)v->domid;
	s->reader.out = cstream_out;
	s->reader.closed = cstream_closed;
	s->reader.arg = s;
	rc = agent_connected() ? console_open(s->domid, cstream_ready, s)
			       : -ENOTCONN;
	if (rc) {
		free(s);
		http_error_errno(r, rc, "console");
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
	 * GET /api/v1/host's hvm_backend) */
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "0x%x", ex[i].reason);
		json_array_append_new(
			items, json_pack("{s:i,s:s,s:I}", "reason",
					 (int)ex[i].reason, "name", name,
					 "count", (json_int_t)ex[i].count));
	}
	http_reply_json(arg, 200, json_pack("{s:o}", "items", items));
}

static void exits(struct http_req *r)
{
	struct vm *v = running(r);
	int rc;

	if (!v)
		return;
	rc = agent_connected() ? agent_exits((uint32_t)v->domid, exits_done, r)
			       : -ENOTCONN;
	if (rc)
		http_error_errno(r, rc, "exit counters");
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/api/v1/domains", HTTP_READ, list,
	  "GET /api/v1/domains" },
	{ EVHTTP_REQ_POST, "/api/v1/domains", HTTP_ADMIN, create,
	  "POST /api/v1/domains" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*", HTTP_READ, get,
	  "GET /api/v1/domains/{id}" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*", HTTP_ADMIN, update,
	  "PUT /api/v1/domains/{id}" },
	{ EVHTTP_REQ_DELETE, "/api/v1/domains/*", HTTP_ADMIN, delete,
	  "DELETE /api/v1/domains/{id}" },
	{ EVHTTP_REQ_POST, "/api/v1/domains/*/actions/*", HTTP_ADMIN, action,
	  "POST /api/v1/domains/{id}/actions/{action}" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/memory", HTTP_READ, memory_get,
	  "GET /api/v1/domains/{id}/memory" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/memory", HTTP_ADMIN, memory_put,
	  "PUT /api/v1/domains/{id}/memory" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/sched", HTTP_READ, sched_get,
	  "GET /api/v1/domains/{id}/sched" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/sched", HTTP_ADMIN, sched_put,
	  "PUT /api/v1/domains/{id}/sched" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/vcpus", HTTP_READ, vcpus,
	  "GET /api/v1/domains/{id}/vcpus" },
	{ EVHTTP_REQ_PUT, "/api/v1/domains/*/vcpus/*/affinity", HTTP_ADMIN,
	  pin, "PUT /api/v1/domains/{id}/vcpus/{vcpu}/affinity" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/exits", HTTP_READ, exits,
	  "GET /api/v1/domains/{id}/exits" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/console", HTTP_READ,
	  console, "GET /api/v1/domains/{id}/console" },
	{ EVHTTP_REQ_GET, "/api/v1/domains/*/console/stream", HTTP_READ,
	  console_stream, "GET /api/v1/domains/{id}/console/stream" },
};

int rest_domain_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
