// SPDX-License-Identifier: MIT
// XenAPI: sessions, VM, host, pool and event calls, transport-neutral.
#include "xenapi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "auth.h"
#include "eventlog.h"
#include "http.h"
#include "vm.h"
#include "vmop.h"

#define NULL_REF "OpaqueRef:NULL"
#define ADMIN_ONLY 1u
#define NO_SESSION 2u

/* One call in flight: where its answer goes. */
struct ctx {
	const struct auth_session *s;
	char peer[64];
	xenapi_done done;
	void *arg;
};

struct call {
	const char *name;
	int min_args, max_args; /* not counting the session */
	unsigned flags;
	void (*fn)(struct ctx *c, json_t *args);
};

/* An event.from call waiting for an event or its timeout. */
struct waiter {
	struct ctx *c;
	json_t *classes;
	uint64_t token;
	struct eventlog_sub sub;
	struct event *timer;
	struct waiter *next;
};

static struct event_base *evbase;
static struct waiter *waiters;
static char host_uuid[40], pool_uuid[40];
static char host_ref[64], pool_ref[64];

json_t *xenapi_error(const char *name, ...)
{
	json_t *e = json_array();
	const char *s;
	va_list ap;

	json_array_append_new(e, json_string(name));
	va_start(ap, name);
	while ((s = va_arg(ap, const char *)))
		json_array_append_new(e, json_string(s));
	va_end(ap);
	return e;
}

static void ok(struct ctx *c, json_t *v)
{
	c->done(v, NULL, c->arg);
	free(c);
}

static void fail(struct ctx *c, json_t *e)
{
	c->done(NULL, e, c->arg);
	free(c);
}

static void random_uuid(char *out)
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		abort();
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	sprintf(out,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		"%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* XAPI's int: a signed 64-bit number as a string ("-1" for no domid) */
static json_t *str_of_int(long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	return json_string(buf);
}

json_t *xenapi_vm_record(const struct vm *v)
{
	const struct vm_def *d = &v->def;
	unsigned long long mem = (unsigned long long)d->memory_mib << 20;
	unsigned long long max = (unsigned long long)d->maxmem_mib << 20;
	char weight[16], cap[16], mask[200] = "";
	json_t *rec;
	size_t n = 0;

	snprintf(weight, sizeof(weight), "%u", d->cpu_weight);
	snprintf(cap, sizeof(cap), "%u", d->cap);
	/* XAPI's VCPUs_params mask: the CPUs, comma separated */
	for (int i = 0; i < 64 && d->cpus != ~0ULL; i++)
		if (d->cpus & (1ull << i))
			n += (size_t)snprintf(mask + n, sizeof(mask) - n, "%s%d",
					      n ? "," : "", i);
	rec = json_pack(
		"{s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:o,s:s,s:o,s:o,s:o,s:o,s:o,"
		"s:o,s:o,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:s,s:{},s:[],s:{},"
		"s:[],s:{}}",
		"uuid", d->uuid, "name_label", d->name, "name_description", "",
		"power_state", vm_power_xenapi(v->power), "is_a_template", 0,
		"is_control_domain", v->control, "is_a_snapshot", 0, "domid",
		str_of_int(v->domid),
		"resident_on", v->domid >= 0 ? host_ref : NULL_REF,
		"memory_static_max", str_of_int(max), "memory_dynamic_max",
		str_of_int(max), "memory_dynamic_min", str_of_int(mem),
		"memory_static_min", str_of_int(mem), "memory_target",
		str_of_int(mem), "VCPUs_max", str_of_int(d->vcpus),
		"VCPUs_at_startup", str_of_int(d->vcpus), "VCPUs_params",
		"weight", weight, "cap", cap, "actions_after_shutdown",
		vm_action_name(d->on_poweroff), "actions_after_reboot",
		vm_action_name(d->on_reboot), "actions_after_crash",
		vm_action_name(d->on_crash), "PV_kernel", d->kernel,
		"PV_ramdisk", d->ramdisk, "PV_args", d->cmdline,
		"other_config", "allowed_operations", "current_operations",
		"tags", "blocked_operations");
	if (rec && mask[0])
		json_object_set_new(json_object_get(rec, "VCPUs_params"), "mask",
				    json_string(mask));
	return rec;
}

static json_t *host_record(void)
{
	char name[256] = "localhost";
	json_t *resident = json_array();

	gethostname(name, sizeof(name) - 1);
	for (size_t i = 0; i < vm_count(); i++)
		if (vm_at(i)->domid >= 0) {
			char ref[80];

			vm_ref(vm_at(i), ref, sizeof(ref));
			json_array_append_new(resident, json_string(ref));
		}
	return json_pack(
		"{s:s,s:s,s:s,s:o,s:o,s:s,s:{s:s,s:s,s:s},s:b,s:s,s:s,s:o,"
		"s:{},s:[],s:{s:s}}",
		"uuid", host_uuid, "name_label", name, "name_description",
		"Xenolith host", "API_version_major",
		str_of_int(XENAPI_VERSION_MAJOR), "API_version_minor",
		str_of_int(XENAPI_VERSION_MINOR), "API_version_vendor",
		"Xenolith", "software_version", "product_brand", "Xenolith",
		"product_version", "0.1", "xen", "4.17.0-xenolith", "enabled",
		1, "hostname", name, "address", "127.0.0.1", "resident_VMs",
		resident, "other_config", "tags", "cpu_info", "vendor",
		"emulated");
}

static json_t *pool_record(void)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:{},s:[]}", "uuid", pool_uuid,
			 "name_label", "", "name_description", "",
			 "master", host_ref, "default_SR", NULL_REF,
			 "other_config", "tags");
}

static const char *arg_str(json_t *args, size_t i)
{
	return json_string_value(json_array_get(args, i));
}

static struct vm *arg_vm(struct ctx *c, json_t *args)
{
	const char *ref = arg_str(args, 0);
	struct vm *v = ref ? vm_find_ref(ref) : NULL;

	if (!v)
		fail(c, xenapi_error("HANDLE_INVALID", "VM", ref ? ref : "",
				     NULL));
	return v;
}

static void session_login(struct ctx *c, json_t *args)
{
	const char *user = arg_str(args, 0), *pw = arg_str(args, 1);
	char token[AUTH_TOKEN_LEN + 1];
	int rc;

	if (!user || !pw) {
		fail(c, xenapi_error("SESSION_AUTHENTICATION_FAILED", "",
				     "user and password must be strings", NULL));
		return;
	}
	rc = auth_login(user, pw, c->peer, token);
	if (rc == -EAGAIN)
		fail(c, xenapi_error("SESSION_AUTHENTICATION_FAILED", user,
				     "too many failed logins: try again later",
				     NULL));
	else if (rc)
		fail(c, xenapi_error("SESSION_AUTHENTICATION_FAILED", user,
				     "Authentication failure", NULL));
	else
		ok(c, json_string(token));
}

static void session_logout(struct ctx *c, json_t *args)
{
	(void)args;
	auth_logout(c->s->token);
	ok(c, json_string(""));
}

static void vm_get_all(struct ctx *c, json_t *args)
{
	json_t *a = json_array();

	(void)args;
	for (size_t i = 0; i < vm_count(); i++) {
		char ref[80];

		vm_ref(vm_at(i), ref, sizeof(ref));
		json_array_append_new(a, json_string(ref));
	}
	ok(c, a);
}

static void vm_get_all_records(struct ctx *c, json_t *args)
{
	json_t *o = json_object();

	(void)args;
	for (size_t i = 0; i < vm_count(); i++) {
		char ref[80];

		vm_ref(vm_at(i), ref, sizeof(ref));
		json_object_set_new(o, ref, xenapi_vm_record(vm_at(i)));
	}
	ok(c, o);
}

static void vm_get_record(struct ctx *c, json_t *args)
{
	struct vm *v = arg_vm(c, args);

	if (v)
		ok(c, xenapi_vm_record(v));
}

static void vm_get_by_uuid(struct ctx *c, json_t *args)
{
	const char *uuid = arg_str(args, 0);
	char ref[80];

	for (size_t i = 0; uuid && i < vm_count(); i++)
		if (!strcmp(vm_at(i)->def.uuid, uuid)) {
			vm_ref(vm_at(i), ref, sizeof(ref));
			ok(c, json_string(ref));
			return;
		}
	fail(c, xenapi_error("UUID_INVALID", "VM", uuid ? uuid : "", NULL));
}

static void vm_get_by_name_label(struct ctx *c, json_t *args)
{
	const char *name = arg_str(args, 0);
	json_t *a = json_array();
	char ref[80];

	for (size_t i = 0; name && i < vm_count(); i++)
		if (!strcmp(vm_at(i)->def.name, name)) {
			vm_ref(vm_at(i), ref, sizeof(ref));
			json_array_append_new(a, json_string(ref));
		}
	ok(c, a);
}

static void vm_get_power_state(struct ctx *c, json_t *args)
{
	struct vm *v = arg_vm(c, args);

	if (v)
		ok(c, json_string(vm_power_xenapi(v->power)));
}

static void vm_get_name_label(struct ctx *c, json_t *args)
{
	struct vm *v = arg_vm(c, args);

	if (v)
		ok(c, json_string(v->def.name));
}

static void op_done(int rc, const char *text, void *arg)
{
	struct ctx *c = arg;

	if (!rc) {
		ok(c, json_string(""));
		return;
	}
	fail(c, xenapi_error("INTERNAL_ERROR", text ? text : strerror(-rc),
			     NULL));
}

static void run_op(struct ctx *c, json_t *args, enum vmop op)
{
	struct vm *v = arg_vm(c, args);
	const char *needed;
	char ref[80], why[256];
	int rc;

	if (!v)
		return;
	vm_ref(v, ref, sizeof(ref));
	rc = vmop_check(v, op, &needed);
	if (rc == -EPERM) {
		fail(c, xenapi_error("OPERATION_NOT_ALLOWED",
				     "Dom0 is the control domain", NULL));
		return;
	}
	if (rc) {
		fail(c, xenapi_error("VM_BAD_POWER_STATE", ref, needed,
				     vm_power_name(v->power), NULL));
		return;
	}
	rc = vmop_run(v, op, op_done, c, why, sizeof(why));
	if (rc && why[0])
		fail(c, xenapi_error("INTERNAL_ERROR", why, NULL));
	else if (rc == -ENOTCONN)
		fail(c, xenapi_error("INTERNAL_ERROR",
				     "the channel to Dom0 is not connected",
				     NULL));
	else if (rc)
		op_done(rc, NULL, c);
}

static void vm_start(struct ctx *c, json_t *args)
{
	run_op(c, args,
	       json_is_true(json_array_get(args, 1)) ? VMOP_START_PAUSED
						      : VMOP_START);
}

#define OP_CALL(fn, op)                          \
	static void fn(struct ctx *c, json_t *args) \
	{                                        \
		run_op(c, args, op);             \
	}
OP_CALL(vm_clean_shutdown, VMOP_SHUTDOWN)
OP_CALL(vm_hard_shutdown, VMOP_DESTROY)
OP_CALL(vm_clean_reboot, VMOP_REBOOT)
OP_CALL(vm_hard_reboot, VMOP_HARD_REBOOT)
OP_CALL(vm_pause, VMOP_PAUSE)
OP_CALL(vm_unpause, VMOP_UNPAUSE)
#undef OP_CALL

static void host_get_all(struct ctx *c, json_t *args)
{
	(void)args;
	ok(c, json_pack("[s]", host_ref));
}

static void host_get_all_records(struct ctx *c, json_t *args)
{
	(void)args;
	ok(c, json_pack("{s:o}", host_ref, host_record()));
}

static int arg_is(struct ctx *c, json_t *args, const char *cls,
		  const char *ref)
{
	const char *a = arg_str(args, 0);

	if (a && !strcmp(a, ref))
		return 1;
	fail(c, xenapi_error("HANDLE_INVALID", cls, a ? a : "", NULL));
	return 0;
}

static void host_get_record(struct ctx *c, json_t *args)
{
	if (arg_is(c, args, "host", host_ref))
		ok(c, host_record());
}

static void host_get_major(struct ctx *c, json_t *args)
{
	if (arg_is(c, args, "host", host_ref))
		ok(c, str_of_int(XENAPI_VERSION_MAJOR));
}

static void host_get_minor(struct ctx *c, json_t *args)
{
	if (arg_is(c, args, "host", host_ref))
		ok(c, str_of_int(XENAPI_VERSION_MINOR));
}

static void pool_get_all(struct ctx *c, json_t *args)
{
	(void)args;
	ok(c, json_pack("[s]", pool_ref));
}

static void pool_get_all_records(struct ctx *c, json_t *args)
{
	(void)args;
	ok(c, json_pack("{s:o}", pool_ref, pool_record()));
}

static void pool_get_record(struct ctx *c, json_t *args)
{
	if (arg_is(c, args, "pool", pool_ref))
		ok(c, pool_record());
}

static void pool_get_master(struct ctx *c, json_t *args)
{
	if (arg_is(c, args, "pool", pool_ref))
		ok(c, json_string(host_ref));
}

/* Does an event of class cls for ref match one of the requested classes
 * ("*", "vm", or "vm/REF")? */
static int class_match(json_t *classes, const char *cls, const char *ref)
{
	size_t i, n = strlen(cls);
	json_t *v;

	json_array_foreach(classes, i, v) {
		const char *s = json_string_value(v);

		if (!s)
			continue;
		if (!strcmp(s, "*"))
			return 1;
		if (!strncasecmp(s, cls, n) &&
		    (s[n] == 0 || (s[n] == '/' && !strcmp(s + n + 1, ref))))
			return 1;
	}
	return 0;
}

static json_t *event_json(const char *cls, uint64_t id, double ts,
			  const char *op, const char *ref, json_t *snapshot)
{
	char lc[16], tsbuf[32];
	json_t *e;
	size_t i;

	for (i = 0; cls[i] && i < sizeof(lc) - 1; i++)
		lc[i] = (char)(cls[i] >= 'A' && cls[i] <= 'Z' ? cls[i] + 32
							     : cls[i]);
	lc[i] = 0;
	snprintf(tsbuf, sizeof(tsbuf), "%.6f", ts);
	e = json_pack("{s:o,s:s,s:s,s:s,s:s}", "id", str_of_int(id),
		      "timestamp", tsbuf, "class", lc, "operation", op, "ref",
		      ref);
	if (e && snapshot && strcmp(op, "del"))
		json_object_set(e, "snapshot", snapshot);
	return e;
}

struct collect {
	json_t *classes, *events;
};

static void collect_one(const struct eventlog_entry *e, void *arg)
{
	struct collect *k = arg;

	if (class_match(k->classes, e->cls, e->ref))
		json_array_append_new(k->events,
				      event_json(e->cls, e->id, e->timestamp,
						 e->op, e->ref, e->xenapi));
}

static json_t *from_result(json_t *classes, json_t *events)
{
	json_t *counts = json_object();
	char token[24];

	if (class_match(classes, "VM", ""))
		json_object_set_new(counts, "vm", json_integer((json_int_t)vm_count()));
	if (class_match(classes, "host", ""))
		json_object_set_new(counts, "host", json_integer(1));
	if (class_match(classes, "pool", ""))
		json_object_set_new(counts, "pool", json_integer(1));
	snprintf(token, sizeof(token), "%llu",
		 (unsigned long long)eventlog_last_id());
	return json_pack("{s:o,s:o,s:s}", "events", events, "valid_ref_counts",
			 counts, "token", token);
}

/* Token "": every current object as an "add" event. */
static json_t *snapshot_events(json_t *classes)
{
	json_t *events = json_array();
	uint64_t id = eventlog_last_id();

	for (size_t i = 0; i < vm_count(); i++) {
		char ref[80];
		json_t *rec = xenapi_vm_record(vm_at(i));

		vm_ref(vm_at(i), ref, sizeof(ref));
		if (class_match(classes, "VM", ref))
			json_array_append_new(events, event_json("VM", id, 0,
								 "add", ref,
								 rec));
		json_decref(rec);
	}
	if (class_match(classes, "host", host_ref)) {
		json_t *rec = host_record();

		json_array_append_new(events, event_json("host", id, 0, "add",
							 host_ref, rec));
		json_decref(rec);
	}
	if (class_match(classes, "pool", pool_ref)) {
		json_t *rec = pool_record();

		json_array_append_new(events, event_json("pool", id, 0, "add",
							 pool_ref, rec));
		json_decref(rec);
	}
	return events;
}

static void waiter_finish(struct waiter *w)
{
	struct collect k = { w->classes, json_array() };

	eventlog_unsubscribe(&w->sub);
	event_free(w->timer);
	for (struct waiter **pp = &waiters; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	if (eventlog_since(w->token, collect_one, &k)) {
		json_decref(k.events);
		fail(w->c, xenapi_error("EVENTS_LOST", NULL));
	} else {
		ok(w->c, from_result(w->classes, k.events));
	}
	json_decref(w->classes);
	free(w);
}

static void waiter_event(const struct eventlog_entry *e, void *arg)
{
	struct waiter *w = arg;

	if (class_match(w->classes, e->cls, e->ref))
		waiter_finish(w);
}

static void waiter_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	waiter_finish(arg);
}

static void event_from(struct ctx *c, json_t *args)
{
	json_t *classes = json_array_get(args, 0);
	const char *tok = arg_str(args, 1);
	json_t *tv = json_array_get(args, 2);
	double timeout = json_is_number(tv) ? json_number_value(tv)
			 : json_is_string(tv) ? atof(json_string_value(tv))
					      : -1;
	struct collect k = { classes, NULL };
	struct waiter *w;
	struct timeval t;
	char *end;
	unsigned long long token;

	if (!json_is_array(classes) || !tok || timeout < 0) {
		fail(c, xenapi_error("FIELD_TYPE_ERROR", "event.from", NULL));
		return;
	}
	if (!*tok) {
		ok(c, from_result(classes, snapshot_events(classes)));
		return;
	}
	token = strtoull(tok, &end, 10);
	if (*end) {
		fail(c, xenapi_error("EVENT_FROM_TOKEN_PARSE_FAILURE", tok,
				     NULL));
		return;
	}
	k.events = json_array();
	if (eventlog_since(token, collect_one, &k)) {
		json_decref(k.events);
		fail(c, xenapi_error("EVENTS_LOST", NULL));
		return;
	}
	if (json_array_size(k.events) || timeout == 0) {
		ok(c, from_result(classes, k.events));
		return;
	}
	json_decref(k.events);
	w = calloc(1, sizeof(*w));
	if (!w) {
		fail(c, xenapi_error("INTERNAL_ERROR", "out of memory", NULL));
		return;
	}
	if (timeout > XENAPI_EVENT_TIMEOUT_MAX)
		timeout = XENAPI_EVENT_TIMEOUT_MAX;
	w->c = c;
	w->classes = json_incref(classes);
	w->token = eventlog_last_id();
	w->sub.fn = waiter_event;
	w->sub.arg = w;
	w->timer = evtimer_new(evbase, waiter_timeout, w);
	if (!w->timer) {
		json_decref(w->classes);
		free(w);
		fail(c, xenapi_error("INTERNAL_ERROR", "out of memory", NULL));
		return;
	}
	t.tv_sec = (time_t)timeout;
	t.tv_usec = (suseconds_t)((timeout - (double)t.tv_sec) * 1e6);
	evtimer_add(w->timer, &t);
	eventlog_subscribe(&w->sub);
	w->next = waiters;
	waiters = w;
}

static void event_inject(struct ctx *c, json_t *args)
{
	const char *cls = arg_str(args, 0), *ref = arg_str(args, 1);
	struct vm *v;
	char token[24];

	if (!cls || !ref) {
		fail(c, xenapi_error("FIELD_TYPE_ERROR", "event.inject", NULL));
		return;
	}
	if (!strcasecmp(cls, "pool") && !strcmp(ref, pool_ref))
		eventlog_post(0, "pool", ref, "mod", "injected", NULL, pool_record());
	else if (!strcasecmp(cls, "host") && !strcmp(ref, host_ref))
		eventlog_post(0, "host", ref, "mod", "injected", NULL, host_record());
	else if (!strcasecmp(cls, "VM") && (v = vm_find_ref(ref)))
		eventlog_post(0, "VM", ref, "mod", "injected", vm_json(v),
			   xenapi_vm_record(v));
	else {
		fail(c, xenapi_error("HANDLE_INVALID", cls, ref, NULL));
		return;
	}
	snprintf(token, sizeof(token), "%llu",
		 (unsigned long long)eventlog_last_id());
	ok(c, json_string(token));
}

static void list_methods(struct ctx *c, json_t *args);

static const struct call calls[] = {
	{ "session.login_with_password", 2, 4, NO_SESSION, session_login },
	{ "session.logout", 0, 0, 0, session_logout },
	{ "system.listMethods", 0, 0, NO_SESSION, list_methods },
	{ "VM.get_all", 0, 0, 0, vm_get_all },
	{ "VM.get_all_records", 0, 0, 0, vm_get_all_records },
	{ "VM.get_record", 1, 1, 0, vm_get_record },
	{ "VM.get_by_uuid", 1, 1, 0, vm_get_by_uuid },
	{ "VM.get_by_name_label", 1, 1, 0, vm_get_by_name_label },
	{ "VM.get_power_state", 1, 1, 0, vm_get_power_state },
	{ "VM.get_name_label", 1, 1, 0, vm_get_name_label },
	{ "VM.start", 3, 3, ADMIN_ONLY, vm_start },
	{ "VM.clean_shutdown", 1, 1, ADMIN_ONLY, vm_clean_shutdown },
	{ "VM.hard_shutdown", 1, 1, ADMIN_ONLY, vm_hard_shutdown },
	{ "VM.clean_reboot", 1, 1, ADMIN_ONLY, vm_clean_reboot },
	{ "VM.hard_reboot", 1, 1, ADMIN_ONLY, vm_hard_reboot },
	{ "VM.pause", 1, 1, ADMIN_ONLY, vm_pause },
	{ "VM.unpause", 1, 1, ADMIN_ONLY, vm_unpause },
	{ "host.get_all", 0, 0, 0, host_get_all },
	{ "host.get_all_records", 0, 0, 0, host_get_all_records },
	{ "host.get_record", 1, 1, 0, host_get_record },
	{ "host.get_API_version_major", 1, 1, 0, host_get_major },
	{ "host.get_API_version_minor", 1, 1, 0, host_get_minor },
	{ "pool.get_all", 0, 0, 0, pool_get_all },
	{ "pool.get_all_records", 0, 0, 0, pool_get_all_records },
	{ "pool.get_record", 1, 1, 0, pool_get_record },
	{ "pool.get_master", 1, 1, 0, pool_get_master },
	{ "event.from", 3, 3, 0, event_from },
	{ "event.inject", 2, 2, ADMIN_ONLY, event_inject },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static void list_methods(struct ctx *c, json_t *args)
{
	json_t *a = json_array();

	(void)args;
	for (size_t i = 0; i < NCALLS; i++)
		json_array_append_new(a, json_string(calls[i].name));
	ok(c, a);
}

void xenapi_call(const char *method, json_t *params, const char *peer,
		 xenapi_done done, void *arg)
{
	const struct call *call = NULL;
	struct ctx *c = calloc(1, sizeof(*c));
	json_t *args;
	size_t n, first;
	char want[16], got[16];

	if (!c) {
		done(NULL, xenapi_error("INTERNAL_ERROR", "out of memory", NULL),
		     arg);
		return;
	}
	c->done = done;
	c->arg = arg;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	for (size_t i = 0; i < NCALLS; i++)
		if (!strcmp(calls[i].name, method))
			call = &calls[i];
	if (!call) {
		fail(c, xenapi_error("MESSAGE_METHOD_UNKNOWN", method, NULL));
		return;
	}
	n = json_array_size(params);
	first = (call->flags & NO_SESSION) ? 0 : 1;
	if (n < first + (size_t)call->min_args ||
	    n > first + (size_t)call->max_args) {
		snprintf(want, sizeof(want), "%zu", first + call->max_args);
		snprintf(got, sizeof(got), "%zu", n);
		fail(c, xenapi_error("MESSAGE_PARAMETER_COUNT_MISMATCH", method,
				     want, got, NULL));
		return;
	}
	if (first) {
		const char *ref = json_string_value(json_array_get(params, 0));

		c->s = auth_check(ref);
		if (!c->s) {
			fail(c, xenapi_error("SESSION_INVALID", ref ? ref : "",
					     NULL));
			return;
		}
		if ((call->flags & ADMIN_ONLY) && c->s->role != AUTH_ADMIN) {
			fail(c, xenapi_error("RBAC_PERMISSION_DENIED", method,
					     "the session's user is read-only",
					     NULL));
			return;
		}
	}
	args = json_array();
	for (size_t i = first; i < n; i++)
		json_array_append(args, json_array_get(params, i));
	call->fn(c, args);
	json_decref(args);
}

static void reply(json_t *value, json_t *error, void *arg)
{
	http_reply_rpc(arg, 200, value, error);
}

/* Both transports: the front decoded the call and encodes the answer. */
static void serve(struct http_req *r)
{
	const char *method, *code, *message;
	json_t *params;

	method = http_rpc_call(r, &params, &code, &message);
	if (!method) {
		http_reply_rpc(r, 400, NULL, xenapi_error(code, message, NULL));
		return;
	}
	xenapi_call(method, params, r->peer, reply, r);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_POST, "/", HTTP_PUBLIC, serve, "POST /" },
	{ EVHTTP_REQ_POST, "/RPC2", HTTP_PUBLIC, serve, "POST /RPC2" },
	{ EVHTTP_REQ_POST, "/xmlrpc", HTTP_PUBLIC, serve, "POST /xmlrpc" },
	{ EVHTTP_REQ_POST, "/jsonrpc", HTTP_PUBLIC, serve, "POST /jsonrpc" },
};

int xenapi_init(struct event_base *base)
{
	evbase = base;
	random_uuid(host_uuid);
	random_uuid(pool_uuid);
	snprintf(host_ref, sizeof(host_ref), "OpaqueRef:%s", host_uuid);
	snprintf(pool_ref, sizeof(pool_ref), "OpaqueRef:%s", pool_uuid);
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}

void xenapi_fini(void)
{
	while (waiters)
		waiter_finish(waiters);
}
