/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: printk, panic, the line-buffered output of each
 * domain, the ring of everything printed, and the console_io hypercall.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xen/xen.h>
#include <asm/cpu.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/sched.h>

static char ring[CONSOLE_RING_SIZE];
static uint64_t ring_prod, ring_cleared;
static bool at_line_start = true;
/*
 * A domain whose unfinished line is already on the serial line (shown for
 * its prompt, see console_guest_show_partial): its next output continues
 * that line; anybody else's output ends it first.
 */
static const struct domain *open_line;

static void console_out(const char *s, size_t n);

/* Ends a domain's line left open on the serial line, if any. */
static void end_open_line(void)
{
	if (open_line) {
		console_out("\n", 1);
		open_line = NULL;
	}
}

/* Everything printed goes to the serial line and the ring. */
static void console_out(const char *s, size_t n)
{
	size_t i;

	arch_console_write(s, n);
	for (i = 0; i < n; i++)
		ring[ring_prod++ % CONSOLE_RING_SIZE] = s[i];
}

static void printk_emit(void *arg, const char *s, size_t n)
{
	const char *nl;

	(void)arg;
	while (n) {
		if (at_line_start) {
			end_open_line();
			console_out("(XEN) ", 6);
			at_line_start = false;
		}
		nl = memchr(s, '\n', n);
		if (!nl) {
			console_out(s, n);
			return;
		}
		console_out(s, (size_t)(nl - s + 1));
		n -= (size_t)(nl - s + 1);
		s = nl + 1;
		at_line_start = true;
	}
}

void vprintk(const char *fmt, va_list ap)
{
	vcbprintf(printk_emit, NULL, fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	irq_disable();
	printk("\n****************************************\n");
	printk("Panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n****************************************\n");
	machine_power_off();
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Prints d's buffered text, on its open line or a new "(dN) " one. */
static void guest_text_out(struct domain *d)
{
	char prefix[16];
	int n;

	if (open_line != d) {
		end_open_line();
		n = snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);
		console_out(prefix, (size_t)n);
	}
	console_out(d->console_line, d->console_len);
	d->console_len = 0;
}

static void guest_line_out(struct domain *d)
{
	guest_text_out(d);
	console_out("\n", 1);
	open_line = NULL;
}

void console_guest_write(struct domain *d, const char *buf, size_t len)
{
	size_t i;
	char c;

	for (i = 0; i < len; i++) {
		c = buf[i];
		if (c == '\n') {
			guest_line_out(d);
			continue;
		}
		if (c == '\r')
			continue;
		if ((c < ' ' || c > '~') && c != '\t')
			c = '?';
		d->console_line[d->console_len++] = c;
		if (d->console_len == sizeof(d->console_line))
			guest_line_out(d);
	}
}

void console_guest_flush(struct domain *d)
{
	if (d->console_len || open_line == d)
		guest_line_out(d);
}

void console_guest_show_partial(struct domain *d)
{
	if (!d->console_len)
		return;
	guest_text_out(d);
	open_line = d;
}

size_t console_ring_read(char *buf, size_t len, uint64_t *index,
			 bool incremental, bool clear)
{
	uint64_t oldest = MAX(ring_cleared, ring_prod > CONSOLE_RING_SIZE
						    ? ring_prod - CONSOLE_RING_SIZE
						    : 0);
	uint64_t pos = incremental ? MIN(MAX(*index, oldest), ring_prod)
				   : oldest;
	size_t n = 0;

	for (; pos < ring_prod && n < len; pos++, n++)
		buf[n] = ring[pos % CONSOLE_RING_SIZE];
	*index = pos;
	if (clear)
		ring_cleared = pos;
	return n;
}

size_t console_read_input(char *buf, size_t len)
{
	size_t n = 0;
	int c;

	while (n < len && (c = arch_console_getc()) >= 0)
		buf[n++] = (char)c;
	return n;
}

void console_poll_input(void)
{
	if (arch_console_input_ready())
		evtchn_send_global_virq(VIRQ_CONSOLE);
}

/*
 * console_io(cmd, count, buffer).  Any domain may write (Xen lets guests
 * write when the console is not restricted to Dom0, as in debug builds);
 * only Dom0 reads the serial input.
 */
long do_console_io(struct vcpu *v, const unsigned long *args)
{
	unsigned long cmd = args[0], count = args[1], buffer = args[2];
	char buf[256];
	size_t chunk, done;

	if (count > CONSOLE_IO_MAX)
		return -EINVAL;
	switch (cmd) {
	case CONSOLEIO_write:
		for (done = 0; done < count; done += chunk) {
			chunk = MIN(count - done, sizeof(buf));
			if (copy_from_guest(v, buf, buffer + done, chunk))
				return -EFAULT;
			console_guest_write(v->domain, buf, chunk);
		}
		return 0;
	case CONSOLEIO_read:
		if (!v->domain->is_privileged)
			return -EPERM;
		/* A reader waits on its prompt and its echo: show them now. */
		console_guest_show_partial(v->domain);
		chunk = console_read_input(buf, MIN(count, sizeof(buf)));
		if (copy_to_guest(v, buffer, buf, chunk))
			return -EFAULT;
		return (long)chunk;
	default:
		return -ENOSYS;
	}
}
