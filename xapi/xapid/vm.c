// SPDX-License-Identifier: MIT
// The VMs: definitions from the database joined with Dom0's domains.
#include "vm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <xen/sched.h>

#include "agent.h"
#include "dom0clock.h"
#include "eventlog.h"
#include "log.h"
#include "xenapi.h"

static struct agent_watch watch; /* Dom0's domains, below */
static struct vm **vms;
static size_t nvms;
static char *db_path;

static const char *const power_names[] = {
	[VM_HALTED] = "halted",	    [VM_RUNNING] = "running",
	[VM_PAUSED] = "paused",	    [VM_SHUTDOWN] = "shutdown",
	[VM_CRASHED] = "crashed",
};
static const char *const power_xenapi[] = {
	[VM_HALTED] = "Halted",	    [VM_RUNNING] = "Running",
	[VM_PAUSED] = "Paused",	    [VM_SHUTDOWN] = "Halted",
	[VM_CRASHED] = "Halted",
};

const char *vm_power_name(enum vm_power p)
{
	return power_names[p];
}

const char *vm_power_xenapi(enum vm_power p)
{
	return power_xenapi[p];
}

size_t vm_count(void)
{
	return nvms;
}

struct vm *vm_at(size_t i)
{
	return i < nvms ? vms[i] : NULL;
}

void vm_ref(const struct vm *v, char *buf, size_t size)
{
	snprintf(buf, size, VM_REF_PREFIX "%s", v->def.uuid);
}

struct vm *vm_find(const char *id)
{
	char *end;
	long domid = strtol(id, &end, 10);
	int numeric = *id && !*end;

	for (size_t i = 0; i < nvms; i++)
		if (!strcmp(vms[i]->def.uuid, id) ||
		    !strcmp(vms[i]->def.name, id) ||
		    (numeric && vms[i]->domid >= 0 && vms[i]->domid == domid))
			return vms[i];
	return NULL;
}

struct vm *vm_find_ref(const char *ref)
{
	size_t n = strlen(VM_REF_PREFIX);

	if (strncmp(ref, VM_REF_PREFIX, n))
		return NULL;
	for (size_t i = 0; i < nvms; i++)
		if (!strcmp(vms[i]->def.uuid, ref + n))
			return vms[i];
	return NULL;
}

static void uuid_new(char *out)
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		abort(); /* no randomness: nothing safe to do */
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, VM_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

static int uuid_valid(const char *s)
{
	if (strlen(s) != VM_UUID_LEN)
		return 0;
	for (int i = 0; i < VM_UUID_LEN; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-'
			 : !((s[i] >= '0' && s[i] <= '9') ||
			     (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

void vm_def_defaults(struct vm_def *d)
{
	memset(d, 0, sizeof(*d));
	d->memory_mib = 128;
	d->vcpus = 1;
	d->cpu_weight = 256;
	d->max_event_channels = MSG_DEFAULT_EVENT_CHANNELS;
	d->on_poweroff = VM_ACTION_DESTROY;
	d->on_reboot = VM_ACTION_RESTART;
	d->on_crash = VM_ACTION_DESTROY;
	d->cpus = ~0ULL;
}

int vm_def_check(const struct vm_def *d, char *why, size_t whysz)
{
	const char *p;

#define BAD(...)                                    \
	do {                                        \
		snprintf(why, whysz, __VA_ARGS__);  \
		return -EINVAL;                     \
	} while (0)
	if (!d->name[0])
		BAD("name is required");
	for (p = d->name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		      *p == '-'))
			BAD("name may hold only letters, digits, '_', '.', '-'");
	if (d->name[0] >= '0' && d->name[0] <= '9' &&
	    strspn(d->name, "0123456789") == strlen(d->name))
		BAD("name may not be a number (it would read as a domid)");
	if (d->uuid[0] && !uuid_valid(d->uuid))
		BAD("uuid must be a lower-case RFC 4122 UUID");
	if (d->memory_mib < 1 || d->memory_mib > VM_MEMORY_MAX_MIB)
		BAD("memory must be 1..%d MiB", VM_MEMORY_MAX_MIB);
	if (d->maxmem_mib && d->maxmem_mib < d->memory_mib)
		BAD("maxmem (%lu) is below memory (%lu)", d->maxmem_mib,
		    d->memory_mib);
	if (d->maxmem_mib > VM_MEMORY_MAX_MIB)
		BAD("maxmem must be at most %d MiB", VM_MEMORY_MAX_MIB);
	if (d->vcpus < 1 || d->vcpus > VM_VCPUS_MAX)
		BAD("vcpus must be 1..%d", VM_VCPUS_MAX);
	if (d->cpu_weight < 1 || d->cpu_weight > 65535)
		BAD("cpu_weight must be 1..65535");
	if (d->cap > 100 * VM_VCPUS_MAX)
		BAD("cap must be 0..%d", 100 * VM_VCPUS_MAX);
	if (d->max_event_channels < 1 ||
	    d->max_event_channels > MSG_MAX_EVENT_CHANNELS)
		BAD("max_event_channels must be 1..%u", MSG_MAX_EVENT_CHANNELS);
	if (!d->cpus)
		BAD("cpus may not be empty");
	if (d->kernel[0] && d->kernel[0] != '/')
		BAD("kernel must be an absolute host path");
	if (d->ramdisk[0] && d->ramdisk[0] != '/')
		BAD("ramdisk must be an absolute host path");
#undef BAD
	return 0;
}

static int save(void)
{
	struct vm_def *defs = calloc(nvms ? nvms : 1, sizeof(*defs));
	size_t n = 0;
	int rc;

	if (!defs)
		return -ENOMEM;
	for (size_t i = 0; i < nvms; i++)
		if (!vms[i]->control)
			defs[n++] = vms[i]->def;
	rc = db_save(db_path, defs, n);
	free(defs);
	return rc;
}

/* save() where a failure cannot be answered: an adopted VM changed. */
static void save_adopted(void)
{
	int rc = save();

	if (rc)
		log_error("VM database: %s: %s", db_path, strerror(-rc));
}

/* An event about v that happened at `when` (eventlog_post; 0: now). */
static void announce_at(struct vm *v, const char *op, const char *kind,
			double when)
{
	char ref[80];

	v->generation++;
	vm_ref(v, ref, sizeof(ref));
	eventlog_post(when, "VM", ref, op, kind, vm_json(v),
		      xenapi_vm_record(v));
}

static void announce(struct vm *v, const char *op, const char *kind)
{
	announce_at(v, op, kind, 0);
}

static struct vm *vm_new(const struct vm_def *d)
{
	struct vm **t = realloc(vms, (nvms + 1) * sizeof(*vms));
	struct vm *v;

	if (!t)
		return NULL;
	vms = t;
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->def = *d;
	if (!v->def.maxmem_mib)
		v->def.maxmem_mib = v->def.memory_mib;
	v->domid = -1;
	v->power = VM_HALTED;
	v->generation = 1;
	vms[nvms++] = v;
	return v;
}

int vm_init(const char *path)
{
	struct vm_def *defs, dom0;
	size_t n;
	int rc;

	db_path = strdup(path);
	if (!db_path)
		return -ENOMEM;
	rc = db_load(path, &defs, &n);
	if (rc)
		return rc;
	vm_def_defaults(&dom0);
	strcpy(dom0.name, "Domain-0");
	strcpy(dom0.uuid, "00000000-0000-0000-0000-000000000000");
	dom0.memory_mib = dom0.maxmem_mib = 32;
	if (!vm_new(&dom0)) {
		free(defs);
		return -ENOMEM;
	}
	vms[0]->control = 1;
	for (size_t i = 0; i < n; i++)
		if (!vm_new(&defs[i])) {
			free(defs);
			return -ENOMEM;
		}
	free(defs);
	return 0;
}

void vm_fini(void)
{
	agent_watch_remove(&watch);
	for (size_t i = 0; i < nvms; i++)
		free(vms[i]);
	free(vms);
	vms = NULL;
	nvms = 0;
	free(db_path);
	db_path = NULL;
}

int vm_define(const struct vm_def *d, struct vm **out)
{
	char why[128];
	struct vm *v;
	int rc = vm_def_check(d, why, sizeof(why));

	if (rc)
		return rc;
	if (vm_find(d->name) || (d->uuid[0] && vm_find(d->uuid)))
		return -EEXIST;
	v = vm_new(d);
	if (!v)
		return -ENOMEM;
	if (!v->def.uuid[0])
		uuid_new(v->def.uuid);
	rc = save();
	if (rc) {
		free(vms[--nvms]);
		return rc;
	}
	announce(v, "add", "defined");
	*out = v;
	return 0;
}

int vm_redefine(struct vm *v, const struct vm_def *d)
{
	struct vm_def old = v->def;
	struct vm *other;
	char why[128];
	int rc = vm_def_check(d, why, sizeof(why));

	if (rc)
		return rc;
	other = vm_find(d->name);
	if (other && other != v)
		return -EEXIST;
	v->def = *d;
	strcpy(v->def.uuid, old.uuid);
	if (!v->def.maxmem_mib)
		v->def.maxmem_mib = v->def.memory_mib;
	rc = v->control ? 0 : save();
	if (rc) {
		v->def = old;
		return rc;
	}
	announce(v, "mod", "changed");
	return 0;
}

int vm_undefine(struct vm *v)
{
	size_t i;
	int rc;

	if (v->control)
		return -EPERM;
	if (v->power != VM_HALTED)
		return -EBUSY;
	for (i = 0; i < nvms && vms[i] != v; i++)
		;
	memmove(&vms[i], &vms[i + 1], (nvms - i - 1) * sizeof(*vms));
	nvms--;
	rc = save();
	if (rc) {
		memmove(&vms[i + 1], &vms[i], (nvms - i) * sizeof(*vms));
		vms[i] = v;
		nvms++;
		return rc;
	}
	announce(v, "del", "undefined");
	free(v);
	return 0;
}

static struct vm *find_domid(int domid)
{
	for (size_t i = 0; i < nvms; i++)
		if (vms[i]->domid == domid)
			return vms[i];
	return NULL;
}

static void drop(struct vm *v)
{
	size_t i;

	for (i = 0; i < nvms && vms[i] != v; i++)
		;
	memmove(&vms[i], &vms[i + 1], (nvms - i - 1) * sizeof(*vms));
	nvms--;
	save_adopted();
	announce(v, "del", "destroyed");
	free(v);
}

static const char *reason_name(uint32_t r)
{
	static const char *const names[] = {
		[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
		[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
		[SHUTDOWN_watchdog] = "watchdog",
	};

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

static void on_list(const struct agent_result *r, const struct msg_dominfo *d,
		    unsigned int n, void *arg);

/* Domain reports from an event (arg NULL) or from a fresh list (non-NULL). */
static void on_domain(const struct msg_dominfo *d, void *arg)
{
	enum vm_power power = VM_RUNNING;
	const char *kind, *reason = NULL;
	struct vm *v = find_domid((int)d->domid);

	if (d->state & MSG_DOM_DYING)
		return; /* on its way out: "gone" follows */
	if (d->state & MSG_DOM_CRASHED) {
		power = VM_CRASHED;
		reason = "crash";
	} else if (d->state & MSG_DOM_SHUTDOWN) {
		power = VM_SHUTDOWN;
		reason = reason_name(d->shutdown_reason);
	} else if (d->state & MSG_DOM_PAUSED) {
		power = VM_PAUSED;
	}
	if (!v && d->domid == 0)
		v = vms[0];
	if (!v) {
		v = vm_find(d->name);
		/* The name is held by another domain of ours.  Dom0 reports
		 * state changes, not renames: the old one may have been renamed
		 * (rename-restart), so read the names again (on_list rebinds)
		 * before adopting this one under another name. */
		if (v && v->domid >= 0 && v->domid != (int)d->domid && !arg &&
		    !agent_list(on_list, NULL))
			return;
		if (v && v->domid >= 0 && v->domid != (int)d->domid)
			v = NULL;
	}
	if (!v) {
		struct vm_def def;

		/* a domain nobody defined here (a boot module): adopt it */
		vm_def_defaults(&def);
		uuid_new(def.uuid);
		snprintf(def.name, sizeof(def.name), "%s", d->name);
		if (!def.name[0] || vm_find(def.name))
			snprintf(def.name, sizeof(def.name), "domain-%u",
				 d->domid);
		def.memory_mib = def.maxmem_mib = d->maxmem_kib >> 10;
		def.vcpus = d->vcpus;
		v = vm_new(&def);
		if (!v)
			return;
		v->def.adopted = 1;
		v->domid = (int)d->domid;
		v->power = power;
		v->cpu_ns = d->cpu_time_ns;
		v->mem_kib = d->mem_kib;
		save_adopted();
		announce_at(v, "add", "created", dom0clock_epoch(d->seen_ns));
		return;
	}
	v->cpu_ns = d->cpu_time_ns;
	v->mem_kib = d->mem_kib;
	if (v->def.adopted && d->name[0] && strcmp(v->def.name, d->name) &&
	    !vm_find(d->name)) {
		/* renamed in Dom0 (xl rename): an adopted VM follows */
		snprintf(v->def.name, sizeof(v->def.name), "%s", d->name);
		save_adopted();
		announce(v, "mod", "changed");
	}
	if (v->domid == (int)d->domid && v->power == power)
		return;
	kind = v->domid < 0 ? "created" : vm_power_name(power);
	if (power == VM_RUNNING && v->power == VM_PAUSED)
		kind = "running";
	v->domid = (int)d->domid;
	v->power = power;
	snprintf(v->reason, sizeof(v->reason), "%s", reason ? reason : "");
	/* dated when Dom0 saw the change, on the host's clock */
	announce_at(v, "mod", kind, dom0clock_epoch(d->seen_ns));
}

static void on_gone(uint32_t domid, void *arg)
{
	struct vm *v = find_domid((int)domid);

	(void)arg;
	if (!v || v->control)
		return;
	if (v->def.adopted) {
		drop(v);
		return;
	}
	v->domid = -1;
	v->power = VM_HALTED;
	announce(v, "mod", "destroyed");
}

static const struct msg_dominfo *listed(const struct msg_dominfo *d,
					unsigned int n, int domid)
{
	for (unsigned int k = 0; k < n; k++)
		if ((int)d[k].domid == domid)
			return &d[k];
	return NULL;
}

/*
 * A definition's domain was renamed in Dom0 and another domain now has the
 * definition's name (rename-restart, or `xl rename' then a start): the
 * definition follows its name, and the renamed domain is adopted.
 */
static void rebind_renamed(const struct msg_dominfo *d, unsigned int n)
{
	for (size_t i = 0; i < nvms; i++) {
		struct vm *v = vms[i];
		const struct msg_dominfo *old = listed(d, n, v->domid);
		unsigned int k;

		if (v->control || v->def.adopted || !old ||
		    !strcmp(old->name, v->def.name))
			continue;
		for (k = 0; k < n && strcmp(d[k].name, v->def.name); k++)
			;
		if (k == n || find_domid((int)d[k].domid))
			continue;
		v->domid = -1; /* on_domain binds it to d[k], "created" */
		v->power = VM_HALTED;
	}
}

static void on_list(const struct agent_result *r, const struct msg_dominfo *d,
		    unsigned int n, void *arg)
{
	(void)arg;
	if (r->err)
		return;
	rebind_renamed(d, n);
	/* domains that went while the channel was down */
	for (size_t i = nvms; i-- > 0;) {
		unsigned k;

		if (vms[i]->domid < 0)
			continue;
		for (k = 0; k < n && d[k].domid != (uint32_t)vms[i]->domid; k++)
			;
		if (k == n)
			on_gone((uint32_t)vms[i]->domid, NULL);
	}
	for (unsigned k = 0; k < n; k++)
		on_domain(&d[k], &watch);
	/* adopted VMs from the database whose domain went while xapid was
	 * away */
	for (size_t i = nvms; i-- > 0;)
		if (vms[i]->def.adopted && vms[i]->domid < 0)
			drop(vms[i]);
}

static void on_link(bool up, void *arg)
{
	(void)arg;
	if (up)
		agent_list(on_list, NULL);
}

static struct agent_watch watch = { on_domain, on_gone, on_link, NULL, NULL };

void vm_follow_dom0(void)
{
	agent_watch_add(&watch);
	if (agent_connected())
		agent_list(on_list, NULL);
}

void vm_stopped(struct vm *v)
{
	if (v->domid < 0)
		return;
	v->domid = -1;
	v->power = VM_HALTED;
	announce(v, "mod", "destroyed");
}

void vm_paused(struct vm *v, int paused)
{
	enum vm_power want = paused ? VM_PAUSED : VM_RUNNING;

	if (v->domid < 0 || v->power == want)
		return;
	v->power = want;
	announce(v, "mod", vm_power_name(want));
}

void vm_started(struct vm *v, int domid)
{
	if (v->domid == domid)
		return;
	v->domid = domid;
	v->power = VM_RUNNING;
	v->reason[0] = 0;
	announce(v, "mod", "created");
}

json_t *vm_cpus_json(uint64_t mask)
{
	json_t *a = json_array();

	for (int i = 0; i < 64; i++)
		if (mask & (1ull << i))
			json_array_append_new(a, json_integer(i));
	return a;
}

int vm_cpus_parse(const json_t *cpus, uint64_t *mask)
{
	const json_t *x;
	size_t i;

	*mask = 0;
	json_array_foreach(cpus, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > 63)
			return -EINVAL;
		*mask |= 1ull << json_integer_value(x);
	}
	return json_is_array(cpus) && *mask ? 0 : -EINVAL;
}

json_t *vm_json(const struct vm *v)
{
	const struct vm_def *d = &v->def;
	json_t *j = json_pack(
		"{s:s,s:s,s:s,s:i,s:I,s:I,s:i,s:i,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s,"
		"s:b,s:I,s:b}",
		"uuid", d->uuid, "name", d->name, "state",
		vm_power_name(v->power), "vcpus", (int)d->vcpus, "memory_mib",
		(json_int_t)d->memory_mib, "maxmem_mib",
		(json_int_t)d->maxmem_mib, "cpu_weight", (int)d->cpu_weight,
		"cap", (int)d->cap, "max_event_channels",
		(int)d->max_event_channels, "domid", v->domid, "kernel", d->kernel,
		"ramdisk", d->ramdisk, "cmdline", d->cmdline, "on_poweroff",
		vm_action_name(d->on_poweroff), "on_reboot",
		vm_action_name(d->on_reboot), "on_crash",
		vm_action_name(d->on_crash), "control_domain", v->control,
		"cpu_time_ns", (json_int_t)v->cpu_ns, "persistent",
		!v->control && !v->def.adopted);

	if (j && v->reason[0])
		json_object_set_new(j, "shutdown_reason", json_string(v->reason));
	if (j && d->cpus != ~0ULL)
		json_object_set_new(j, "cpus", vm_cpus_json(d->cpus));
	return j;
}
