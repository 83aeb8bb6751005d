/* SPDX-License-Identifier: MIT */
/*
 * control/shutdown: the toolstack's power requests (control.h).  The
 * watch's callback only wakes the control thread, which reads the request
 * and acts: requests are made from a thread of their own, never from the
 * xenwatch thread that delivers events.
 */
#include <string.h>
#include "../kernel/power.h"
#include "../kernel/print.h"
#include "../kernel/thread.h"
#include "control.h"
#include "xenbus.h"

static struct thread_waitq control_waitq;

/* xenwatch thread. */
static void shutdown_changed(const char *path, const char *token, void *data)
{
	(void)path;
	(void)token;
	(void)data;
	thread_wake(&control_waitq);
}

/* Acts on a pending request; false when there is none. */
static bool serve_request(void)
{
	char req[16];

	if (xenbus_read(XENBUS_NO_TXN, "control/shutdown", req, sizeof(req)) <= 0)
		return false;
	/* Cleared first, as Linux does: the toolstack sees it was taken. */
	xenbus_write(XENBUS_NO_TXN, "control/shutdown", "");
	if (strcmp(req, "poweroff") && strcmp(req, "reboot")) {
		kprintf("control: shutdown request `%s' ignored\n", req);
		return false;
	}
	kprintf("control: %s requested by the toolstack\n", req);
	if (!strcmp(req, "reboot"))
		power_reboot();
	power_off();
}

static void control_thread(void *arg)
{
	uint32_t seen = thread_wait_count(&control_waitq);
	int rc = xenbus_write(XENBUS_NO_TXN, "control/feature-poweroff", "1");

	(void)arg;
	if (!rc)
		rc = xenbus_write(XENBUS_NO_TXN, "control/feature-reboot", "1");
	if (!rc)
		rc = xenbus_watch("control/shutdown", "control", shutdown_changed,
				  NULL);
	if (rc) {
		kprintf("control: no PV control interface (error %d)\n", rc);
		thread_exit();
	}
	for (;;) {
		serve_request();
		thread_wait(&control_waitq, seen);
		seen = thread_wait_count(&control_waitq);
	}
}

int control_start(void)
{
	int rc = thread_create("control", control_thread, NULL);

	return rc < 0 ? rc : 0;
}
