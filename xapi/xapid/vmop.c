// SPDX-License-Identifier: MIT
// VM operations: the state check, then the request to Dom0.
#include "vmop.h"

#include <errno.h>
#include <string.h>

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
	[VMOP_DESTROY] = { "destroy",
			   1u << VM_RUNNING | 1u << VM_PAUSED |
				   1u << VM_SHUTDOWN | 1u << VM_CRASHED,
			   "running" },
	[VMOP_HARD_REBOOT] = { "hard-reboot",
			       1u << VM_RUNNING | 1u << VM_PAUSED |
				       1u << VM_CRASHED,
			       "running" },
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

int vmop_run(struct vm *v, enum vmop op, void (*done)(int, void *), void *arg)
{
	const char *needed;
	int rc = vmop_check(v, op, &needed);

	(void)done;
	(void)arg;
	if (rc)
		return rc;
	/* The channel to Dom0 is xapid's core (agent.h); until xapid is
	 * linked with it there is no Dom0 to ask. */
	return -ENOTCONN;
}
