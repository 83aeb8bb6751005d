/* SPDX-License-Identifier: MIT */
/* The PV console: kernel/console.h over console_io or the console ring. */
#include "../kernel/args.h"
#include "../kernel/boot.h"
#include "../kernel/console.h"
#include "console.h"
#include "evtchn.h"
#include "xen.h"

static const struct pv_console *device = &console_io;

int console_init(void)
{
	return 0;	/* console_io needs nothing set up */
}

int console_start(void)
{
	int rc;

	if (!xen.console_pfn || !evtchn_ready() ||
	    !args_has(boot_info.cmdline, "console=hvc0"))
		return 0;
	rc = console_ring_init(xen.console_pfn, xen.console_evtchn);
	if (!rc)
		device = &console_ring;
	return rc;
}

void console_write(const char *s, size_t n)
{
	device->write(s, n);
}

int console_getc(void)
{
	return device->getc();
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
