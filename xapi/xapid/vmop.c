// SPDX-License-Identifier: MIT
// VM operations: the state check, then the request to Dom0.
#include "vmop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#define WITH_DOMAIN \
	(1u << VM_RUNNING | 1u << VM_PAUSED | 1u << VM_SHUTDOWN | 1u << VM_CRASHED)
#define ANY_DOMAIN "running, paused, shutdown or crashed"

static const struct {
	const char *name;
	unsigned ok_in; /* bit per enum vm_power the op may start from */
	const char *needed;
} ops[VMOP_COUNT] = {
	[VMOP_START] = { "start", 1u << VM_HALTED, "halted" },
	[VMOP_START_PAUSED] = { "start-paused", 1u << VM_HALTED, "halted" },
	[VMOP_PAUSE] = { "pause", 1u << VM_RUNNING, "running" },
	[VMOP_UNPAUSE] = { "unpause", 1u << VM_PAUSED, "paused" },
	[VMOP_SHUTDOWN] = { "shutdown", 1u << VM_RUNNING, "running" },
	[VMOP_REBOOT] = { "reboot", 1u << VM_RUNNING, "running" },
	/* both act on any domain there is, as XAPI's hard_shutdown and
	 * hard_reboot do (a preserved domain is Halted with a domid there) */
	[VMOP_DESTROY] = { "destroy", WITH_DOMAIN, ANY_DOMAIN },
	[VMOP_HARD_REBOOT] = { "hard-reboot", WITH_DOMAIN, ANY_DOMAIN },
};

const char *vmop_name(enum vmop op)
{
	return ops[op].name;
}

int vmop_parse(const char *s, enum vmop *out)
{
	for (int i = 0; i < VMOP_COUNT; i++)
		if (!strcmp(ops[i].name, s)) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

int vmop_check(const struct vm *v, enum vmop op, const char **needed)
{
	/* Dom0 runs the whole system: no API call may stop it. */
	if (v->control) {
		*needed = "a domain other than Dom0";
		return -EPERM;
	}
	if (!(ops[op].ok_in & (1u << v->power))) {
		*needed = ops[op].needed;
		return -EBUSY;
	}
	return 0;
}

/* An operation waiting for Dom0. */
struct pending {
	struct vm *vm;
	enum vmop op;
	char uuid[VM_UUID_LEN + 1];
	void (*done)(int rc, const char *text, void *arg);
	void *arg;
};

static int uuid_bytes(const char *s, uint8_t *out)
{
	for (int i = 0; i < 16; i++) {
		unsigned v;

		if (*s == '-')
			s++;
		if (sscanf(s, "%2x", &v) != 1)
			return -EINVAL;
		out[i] = (uint8_t)v;
		s += 2;
	}
	return 0;
}

/* The VM may have been undefined while Dom0 worked: find it again. */
static struct vm *still_there(const struct pending *p)
{
	return vm_find(p->uuid);
}

static void finish(struct pending *p, int rc, const char *text)
{
	p->done(rc, rc ? text : NULL, p->arg);
	free(p);
}

static void created(const struct agent_result *r, uint32_t domid, void *arg)
{
	struct pending *p = arg;
	struct vm *v = still_there(p);

	if (!r->err && v)
		vm_started(v, (int)domid);
	finish(p, r->err, r->text);
}

static int start(struct pending *p, char *why, size_t whysz)
{
	const struct vm_def *d = &p->vm->def;
	struct config *cfg = calloc(1, sizeof(*cfg));
	int rc;

	if (!cfg)
		return -ENOMEM;
	snprintf(cfg->spec.name, sizeof(cfg->spec.name), "%s", d->name);
	uuid_bytes(d->uuid, cfg->spec.uuid);
	cfg->spec.memory_kib = (uint64_t)d->memory_mib << 10;
	cfg->spec.maxmem_kib = (uint64_t)d->maxmem_mib << 10;
	cfg->spec.vcpus = cfg->spec.maxvcpus = d->vcpus;
	cfg->spec.cpus = d->cpus;
	cfg->spec.weight = d->cpu_weight;
	cfg->spec.cap = d->cap;
	cfg->spec.max_event_channels = d->max_event_channels;
	snprintf(cfg->spec.cmdline, sizeof(cfg->spec.cmdline), "%s",
		 d->cmdline);
	/* enum vm_action and enum msg_action share their values */
	cfg->spec.on_poweroff = (uint8_t)d->on_poweroff;
	cfg->spec.on_reboot = (uint8_t)d->on_reboot;
	cfg->spec.on_crash = (uint8_t)d->on_crash;
	cfg->spec.start_paused = p->op == VMOP_START_PAUSED;
	snprintf(cfg->kernel, sizeof(cfg->kernel), "%s", d->kernel);
	snprintf(cfg->ramdisk, sizeof(cfg->ramdisk), "%s", d->ramdisk);
	rc = agent_create(cfg, created, p, why, whysz);
	free(cfg); /* agent_create copies it */
	return rc;
}

static void op_done(const struct agent_result *r, void *arg)
{
	struct pending *p = arg;
	char why[256] = "start after destroy";
	struct vm *v;
	int rc;

	/* Dom0 confirmed: the state is known now, before its event, so a
	 * caller that asks right after the answer sees it */
	v = r->err ? NULL : still_there(p);
	if (v && (p->op == VMOP_DESTROY || p->op == VMOP_HARD_REBOOT))
		vm_stopped(v);
	else if (v && (p->op == VMOP_PAUSE || p->op == VMOP_UNPAUSE))
		vm_paused(v, p->op == VMOP_PAUSE);
	if (r->err || p->op != VMOP_HARD_REBOOT) {
		finish(p, r->err, r->text);
		return;
	}
	/* a hard reboot: destroyed, now start it again */
	v = still_there(p);
	if (!v) {
		finish(p, -ENOENT, "the VM was removed while it rebooted");
		return;
	}
	p->vm = v;
	rc = start(p, why, sizeof(why));
	if (rc)
		finish(p, rc, why);
}

int vmop_run(struct vm *v, enum vmop op,
	     void (*done)(int, const char *, void *), void *arg, char *why,
	     size_t whysz)
{
	static const enum agent_domop domops[VMOP_COUNT] = {
		[VMOP_PAUSE] = AGENT_PAUSE,	  [VMOP_UNPAUSE] = AGENT_UNPAUSE,
		[VMOP_SHUTDOWN] = AGENT_POWEROFF, [VMOP_REBOOT] = AGENT_REBOOT,
		[VMOP_DESTROY] = AGENT_DESTROY,	  [VMOP_HARD_REBOOT] = AGENT_DESTROY,
	};
	const char *needed;
	struct pending *p;
	int rc = vmop_check(v, op, &needed);

	why[0] = 0;
	if (rc)
		return rc;
	if (!agent_connected())
		return -ENOTCONN;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->vm = v;
	p->op = op;
	p->done = done;
	p->arg = arg;
	strcpy(p->uuid, v->def.uuid);
	if (op == VMOP_START || op == VMOP_START_PAUSED)
		rc = start(p, why, whysz);
	else
		rc = agent_domain_op(domops[op], (uint32_t)v->domid, op_done, p);
	if (rc)
		free(p);
	return rc;
}
