// SPDX-License-Identifier: MIT
// REST: the domains: list, get, create (JSON or xl.cfg), update, delete.
#include "rest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "vm.h"
#include "vmop.h"

#define PAGE_DEFAULT 50

static void etag(const struct vm *v, char *buf, size_t size)
{
	snprintf(buf, size, "\"%s-%lu\"", v->def.uuid, v->generation);
}

struct vm *rest_domain_find(struct http_req *r)
{
	struct vm *v = vm_find(r->args[0]);

	if (!v)
		http_error(r, 404, "not_found",
			   json_pack("{s:s}", "domain", r->args[0]),
			   "no domain %s", r->args[0]);
	return v;
}

int rest_domain_precondition_failed(struct http_req *r, const struct vm *v)
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

void rest_domain_reply(struct http_req *r, int status, const struct vm *v)
{
	char tag[80];

	etag(v, tag, sizeof(tag));
	http_set_header(r, "ETag", tag);
	http_reply_json(r, status, vm_json(v));
}
struct vm *rest_domain_running(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);

	if (v && v->domid < 0) {
		http_error(r, 409, "bad_state",
			   json_pack("{s:s,s:s}", "state", "halted", "needed",
				     "running"),
			   "domain %s is not running", v->def.name);
		return NULL;
	}
	return v;
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
		"on_crash",  "start",	   "cpus",	 "max_event_channels",
		NULL,
	};
	unsigned long v[6] = { d->memory_mib, d->maxmem_mib, d->vcpus,
			       d->cpu_weight, d->cap, d->max_event_channels };
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
	x = json_object_get(j, "cpus");
	if (json_is_null(x)) {
		d->cpus = ~0ULL;
	} else if (x && vm_cpus_parse(x, &d->cpus)) {
		snprintf(why, whysz, VM_CPUS_RULE " (or null for any)");
		return -EINVAL;
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
	    get_uint(j, "max_event_channels", MSG_MAX_EVENT_CHANNELS, &v[5], why,
		     whysz) ||
	    get_action(j, "on_poweroff", &d->on_poweroff, why, whysz) ||
	    get_action(j, "on_reboot", &d->on_reboot, why, whysz) ||
	    get_action(j, "on_crash", &d->on_crash, why, whysz))
		return -EINVAL;
	d->memory_mib = v[0];
	d->maxmem_mib = v[1];
	d->vcpus = (unsigned)v[2];
	d->cpu_weight = (unsigned)v[3];
	d->cap = (unsigned)v[4];
	d->max_event_channels = (unsigned)v[5];
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
	struct vm *v = rest_domain_find(r);
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
	rest_domain_reply(r, 200, v);
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
	/* xl.cfg text comes as the definition the front read from it */
	j = rest_json_body(r);
	if (!j)
		return;
	vm_def_defaults(&d);
	rc = rest_domain_decode(j, &d, why, sizeof(why));
	/* xl create starts what it defines; ?start=false does not */
	if (xlcfg)
		json_object_set_new(j, "start",
				    json_boolean(!http_query(r, "start") ||
						 strcmp(http_query(r, "start"),
							"false")));
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
		rest_action_start(r, v, VMOP_START, 0);
		return;
	}
	json_decref(j);
	rest_domain_reply(r, 201, v);
}

static void update(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);
	struct vm_def d;
	char why[160];
	json_t *j;
	int rc;

	if (!v || rest_domain_precondition_failed(r, v))
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
		rest_domain_reply(r, 200, v);
}

static void delete(struct http_req *r)
{
	struct vm *v = rest_domain_find(r);
	int rc;

	if (!v || rest_domain_precondition_failed(r, v))
		return;
	if (v->control) {
		http_error(r, 403, "forbidden", NULL, "Dom0 cannot be deleted");
		return;
	}
	if (v->power != VM_HALTED) {
		rest_action_start(r, v, VMOP_DESTROY, 1);
		return;
	}
	rc = vm_undefine(v);
	if (rc)
		http_error_errno(r, rc, "delete");
	else
		http_reply(r, 204, "application/json", "", 0);
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
};

int rest_domain_init(void)
{
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}
