/* SPDX-License-Identifier: MIT */
/*
 * Operations on a VM's domain (start, pause, unpause, shutdown, reboot,
 * destroy), shared by REST and XenAPI: the state check is made here once,
 * and the operation goes to Dom0 through the management channel.
 */
#ifndef XAPID_VMOP_H
#define XAPID_VMOP_H

#include "vm.h"

enum vmop {
	VMOP_START,
	VMOP_START_PAUSED,
	VMOP_PAUSE,
	VMOP_UNPAUSE,
	VMOP_SHUTDOWN,	/* clean: asks the guest through control/shutdown */
	VMOP_REBOOT,	/* clean */
	VMOP_DESTROY,	/* hard shutdown */
	VMOP_HARD_REBOOT,
	VMOP_COUNT,
};

/* The REST action name of op ("start", "pause", ...). */
const char *vmop_name(enum vmop op);
/* Parses a REST action name: 0 or -EINVAL. */
int vmop_parse(const char *s, enum vmop *out);

/*
 * Checks that op makes sense in v's power state.  Returns 0, or -EBUSY
 * with the states op may start from written to *needed ("halted",
 * "running", "running, paused, shutdown or crashed", ...).
 */
int vmop_check(const struct vm *v, enum vmop op, const char **needed);

/*
 * Starts op on v (checked first) through the agent.  done(rc, text, arg)
 * runs once, when Dom0 has answered, with 0 or -errno and Dom0's sentence
 * saying what failed (NULL on success); never before vmop_run
 * returns.  Returns 0 if the operation is under way, or -errno and done is
 * not called: -EBUSY / -EPERM (vmop_check), -ENOTCONN (no channel to
 * Dom0), or what the agent refused before sending, with a sentence in why
 * ("kernel: PATH: No such file or directory").  Shutdown and reboot are done when the guest has been
 * asked (control/shutdown), not when it has gone: its state changes
 * arrive as events.
 */
int vmop_run(struct vm *v, enum vmop op,
	     void (*done)(int rc, const char *text, void *arg), void *arg,
	     char *why, size_t whysz);

#endif
