/* SPDX-License-Identifier: MIT */
/* The PV console: kernel/console.h over console_io or the console ring. */
#include "../../drivers/frontend/consfront.h"
#include "../kernel/args.h"
#include "../kernel/boot.h"
#include "../kernel/console.h"
#include "../kernel/thread.h"
#include "console.h"
#include "evtchn.h"
#include "xen.h"

#define INPUT_POLL_NS	10000000ull	/* no input event: look every 10 ms */

static const struct pv_console *device = &console_io;
static struct thread_waitq input_waitq;	/* console_wait_input()'s */

int console_init(void)
{
	return 0;	/* console_io needs nothing set up */
}

int console_start(void)
{
	int rc;

	if (!evtchn_ready())
		return 0;	/* console_io, its input polled */
	if (!xen.console_pfn || !args_has(boot_info.cmdline, "console=hvc0"))
		return console_io_start();
	rc = consfront_init(xen.console_pfn, xen.console_evtchn);
	if (rc)
		return rc;
	device = &consfront;
	console_wake_input();	/* a reader of console_io looks at the ring */
	return 0;
}

void console_write(const char *s, size_t n)
{
	device->write(s, n);
}

int console_getc(void)
{
	return device->getc();
}

void console_wait_input(void)
{
	uint32_t seen = thread_wait_count(&input_waitq);

	switch (device->input()) {
	case PV_INPUT_WAITING:
		return;
	case PV_INPUT_POLL:
		thread_sleep(INPUT_POLL_NS);
		return;
	case PV_INPUT_EVENT:
	case PV_INPUT_NONE:	/* woken by console_wake_input() alone */
		thread_wait(&input_waitq, seen);
		return;
	}
}

void console_wake_input(void)
{
	thread_wake(&input_waitq);
}

void console_flush(void)
{
	if (device->flush)
		device->flush();
}

const char *console_name(void)
{
	return device->name();
}
