/* SPDX-License-Identifier: MIT */
/*
 * The PV console through the console_io hypercall: output goes to the
 * hypervisor's console (Xenolith prefixes each line with "(dN) "), input
 * is Dom0's only (CONSOLEIO_read polls the serial line the hypervisor
 * owns).  Every domain starts on it; a DomU with `console=hvc0` moves to
 * the console ring (pv/console_ring.c).
 */
#include <errno.h>
#include <xen/xen.h>
#include "console.h"
#include "hypercall.h"
#include "xen.h"

#define WRITE_CHUNK	512	/* well under the hypervisor's per-call limit */
#define READ_CHUNK	64

static char input[READ_CHUNK];
static unsigned int in_len, in_pos;
static bool input_refused;	/* CONSOLEIO_read said -EPERM: a DomU */

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

static int io_getc(void)
{
	long n;

	if (in_pos == in_len) {
		if (input_refused)
			return -1;
		n = hypercall_console_io(CONSOLEIO_read, sizeof(input), input);
		if (n == -EPERM)
			input_refused = true;
		if (n <= 0)
			return -1;
		in_len = (unsigned int)n;
		in_pos = 0;
	}
	return (unsigned char)input[in_pos++];
}

static const char *io_name(void)
{
	if (input_refused)
		return "console_io hypercall (output only: a DomU's input "
		       "comes with console=hvc0)";
	return "console_io hypercall (output; input by CONSOLEIO_read polling)";
}

const struct pv_console console_io = {
	.write = io_write, .getc = io_getc, .name = io_name,
};
