/* SPDX-License-Identifier: MIT */
/*
 * The PV console through the console_io hypercall: output goes to the
 * hypervisor's console (Xenolith prefixes each line with "(dN) "), input
 * is Dom0's only (CONSOLEIO_read takes what the serial line the
 * hypervisor owns received; VIRQ_CONSOLE says when some waits).  Every
 * domain starts on it; a DomU with `console=hvc0` moves to the console
 * ring (pv/console_ring.c).
 */
#include <errno.h>
#include <xen/xen.h>
#include "../kernel/console.h"
#include "console.h"
#include "evtchn.h"
#include "hypercall.h"
#include "xen.h"

#define WRITE_CHUNK	512	/* well under the hypervisor's per-call limit */
#define READ_CHUNK	64

static char input[READ_CHUNK];
static unsigned int in_len, in_pos;
static bool input_refused;	/* CONSOLEIO_read said -EPERM: a DomU */
static evtchn_port_t virq_port;	/* VIRQ_CONSOLE's; 0: unbound, polled */

static void io_write(const char *s, size_t n)
{
	size_t chunk;

	while (n) {
		chunk = n < WRITE_CHUNK ? n : WRITE_CHUNK;
		if (hypercall_console_io(CONSOLEIO_write, (unsigned int)chunk,
					 (char *)s))
			return;
		s += chunk;
		n -= chunk;
	}
}

/*
 * True when input waits in input[], read from the hypervisor if it was
 * empty.  Each read also shows our unfinished output line (the prompt)
 * on the serial line: Xenolith does that for a domain that reads.
 */
static bool io_fill(void)
{
	long n;

	if (in_pos < in_len)
		return true;
	if (input_refused)
		return false;
	n = hypercall_console_io(CONSOLEIO_read, sizeof(input), input);
	if (n == -EPERM)
		input_refused = true;
	if (n <= 0)
		return false;
	in_len = (unsigned int)n;
	in_pos = 0;
	return true;
}

static int io_getc(void)
{
	return io_fill() ? (unsigned char)input[in_pos++] : -1;
}

static enum pv_console_input io_input(void)
{
	if (io_fill())
		return PV_INPUT_WAITING;
	if (input_refused)
		return PV_INPUT_NONE;
	return virq_port ? PV_INPUT_EVENT : PV_INPUT_POLL;
}

/* Interrupt context: serial input waits (raised each tick until read). */
static void io_virq(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	console_wake_input();
}

int console_io_start(void)
{
	int rc;

	/* A read of nothing: refused in a DomU, harmless in Dom0. */
	if (hypercall_console_io(CONSOLEIO_read, 0, input) == -EPERM)
		input_refused = true;
	if (input_refused)
		return 0;
	rc = evtchn_bind_virq(VIRQ_CONSOLE, io_virq, NULL);
	if (rc < 0)
		return rc;
	virq_port = (evtchn_port_t)rc;
	return 0;
}

static const char *io_name(void)
{
	if (input_refused)
		return "console_io hypercall (output only: a DomU's input "
		       "comes with console=hvc0)";
	if (virq_port)
		return "console_io hypercall (output; input by CONSOLEIO_read "
		       "on VIRQ_CONSOLE)";
	return "console_io hypercall (output; input by CONSOLEIO_read polling)";
}

const struct pv_console console_io = {
	.write = io_write, .getc = io_getc, .name = io_name, .input = io_input,
};
