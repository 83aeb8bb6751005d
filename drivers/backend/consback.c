/* SPDX-License-Identifier: MIT */
/* The console backend: DomU console rings to Dom0's console and back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/console.h>
#include "../../dom0/foreign.h"
#include "../../dom0/service.h"
#include "../../guest-patches/kernel/console.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../ring.h"
#include "consback.h"

#define LINE_MAX	160		/* a longer line is cut */

struct cons {
	domid_t domid;
	struct xencons_interface *page;	/* foreign mapping; NULL: slot free */
	uint32_t port;			/* Dom0's end */
	XENCONS_RING_IDX out_cons, in_prod;	/* ours: never read back */
	bool pending;			/* an event came: drain the ring */
	char *history;			/* hist_size bytes, a ring */
	size_t hist_size;		/* doubles with output, up to CONSBACK_HISTORY */
	uint64_t written;		/* bytes ever put in history */
	char line[LINE_MAX];		/* output not yet ended by "\n" */
	size_t line_len;
};

/*
 * Every console served, each allocated once and kept for reuse (its
 * event handler holds the pointer); the table of pointers doubles when it
 * fills.
 */
static struct cons **conses;
static unsigned int nr_conses, cap_conses;
static struct cons *attached;		/* the domain on Dom0's terminal */
static void (*tap)(domid_t domid, const char *data, size_t len);

void consback_tap(void (*fn)(domid_t domid, const char *data, size_t len))
{
	tap = fn;
}

static struct cons *find(domid_t domid)
{
	unsigned int i;

	for (i = 0; i < nr_conses; i++)
		if (conses[i]->page && conses[i]->domid == domid)
			return conses[i];
	return NULL;
}

bool consback_connected(domid_t domid)
{
	return find(domid) != NULL;
}

/* Interrupt context: note the ring moved and wake the service thread. */
static void cons_event(evtchn_port_t port, void *data)
{
	struct cons *c = data;

	(void)port;
	c->pending = true;
	service_wake();
}

/* An unused console: a free one, or a new one (the table grown). */
static struct cons *free_cons(void)
{
	struct cons **bigger, *c;
	unsigned int i, n;

	for (i = 0; i < nr_conses; i++)
		if (!conses[i]->page)
			return conses[i];
	if (nr_conses == cap_conses) {
		n = cap_conses ? 2 * cap_conses : 32;
		bigger = realloc(conses, n * sizeof(*conses));
		if (!bigger)
			return NULL;
		conses = bigger;
		cap_conses = n;
	}
	c = calloc(1, sizeof(*c));
	if (c)
		conses[nr_conses++] = c;
	return c;
}

int consback_connect(domid_t domid, uint64_t gfn, uint32_t port)
{
	struct cons *c;
	int rc;

	if (find(domid))
		return -EEXIST;
	c = free_cons();
	if (!c)
		return -ENOMEM;
	c->hist_size = CONSBACK_HISTORY_FIRST;
	c->history = malloc(c->hist_size);
	if (!c->history)
		return -ENOMEM;
	c->page = foreign_map(domid, gfn, &rc);
	if (!c->page)
		goto err_free;
	c->domid = domid;
	c->written = 0;
	c->line_len = 0;
	c->out_cons = c->page->out_cons;
	c->in_prod = c->page->in_prod;
	/* The bind delivers one event at once: output written before it. */
	rc = evtchn_bind_interdomain(domid, port, cons_event, c);
	if (rc < 0)
		goto err_unmap;
	c->port = (uint32_t)rc;
	return 0;

err_unmap:
	foreign_unmap(c->page);
	c->page = NULL;
err_free:
	free(c->history);
	return rc;
}

/*
 * Writes c's pending line to Dom0's console as "[N] line", ended, whole
 * and on a line of its own even while Dom0's shell waits at its prompt.
 */
static void flush_line(struct cons *c)
{
	char out[16 + LINE_MAX];
	int n = snprintf(out, 16, "[%u] ", c->domid);

	memcpy(out + n, c->line, c->line_len);
	n += (int)c->line_len;
	if (c->line[c->line_len - 1] != '\n')
		out[n++] = '\n';
	shell_print_line(out, (size_t)n);
	c->line_len = 0;
}

/*
 * Writes n bytes of c's output to Dom0's console: raw while attached,
 * else whole lines with "[N] " before them, so that a guest's prompt does
 * not run into Dom0's own output (it comes out with the next line).
 * Raw output wakes the attached terminal's reader: on Xenolith an
 * unfinished line (the guest's prompt, its echo) shows when Dom0 next
 * reads its console input, which that reader then does.
 */
static void echo(struct cons *c, const char *s, size_t n)
{
	size_t i;

	if (c == attached) {
		console_write(s, n);
		console_wake_input();
		return;
	}
	for (i = 0; i < n; i++) {
		c->line[c->line_len++] = s[i];
		if (s[i] == '\n' || c->line_len == sizeof(c->line))
			flush_line(c);
	}
}

/*
 * The history grows before it first wraps, so what it holds stays in
 * order; out of memory, it wraps at the size it has.
 */
static void keep(struct cons *c, const char *s, size_t n)
{
	char *bigger;
	size_t i;

	for (i = 0; i < n; i++) {
		if (c->written == c->hist_size && c->hist_size < CONSBACK_HISTORY) {
			bigger = realloc(c->history, 2 * c->hist_size);
			if (bigger) {
				c->history = bigger;
				c->hist_size *= 2;
			}
		}
		c->history[c->written++ % c->hist_size] = s[i];
	}
}

/*
 * Moves c's new output out of the ring.  The producer index is the
 * guest's: read once, then checked against our own consumer index; a
 * producer behind us or more than a ring ahead means a broken or hostile
 * guest, whose console is dropped.  Returns 0 or -EBADMSG.
 */
static int drain(struct cons *c)
{
	struct xencons_interface *intf = c->page;
	XENCONS_RING_IDX cons = c->out_cons, prod;
	char buf[sizeof(intf->out)];
	uint32_t avail;
	size_t n = 0;

	prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
	if (!ring_used(prod, cons, sizeof(intf->out), &avail))
		return -EBADMSG;
	if (!avail)
		return 0;
	while (cons != prod)
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];
	c->out_cons = cons;
	__atomic_store_n(&intf->out_cons, cons, __ATOMIC_RELEASE);
	evtchn_send(c->port);
	keep(c, buf, n);
	echo(c, buf, n);
	if (tap)
		tap(c->domid, buf, n);
	return 0;
}

/* Drains c; a ring with impossible indexes costs the domain its console. */
static void serve(struct cons *c)
{
	c->pending = false;
	if (drain(c)) {
		kprintf("consback: d%u: bad console ring indexes, console "
			"dropped\n", c->domid);
		consback_disconnect(c->domid);
	}
}

void consback_poll(void)
{
	unsigned int i;

	for (i = 0; i < nr_conses; i++)
		if (conses[i]->page && conses[i]->pending)
			serve(conses[i]);
}

void consback_disconnect(domid_t domid)
{
	struct cons *c = find(domid);

	if (!c)
		return;
	drain(c);	/* its last words; after bad indexes, none */
	if (c->line_len)
		flush_line(c);
	if (c == attached) {
		attached = NULL;
		console_wake_input();	/* consback_attach() returns */
	}
	evtchn_close(c->port);
	foreign_unmap(c->page);
	c->page = NULL;
	free(c->history);
	c->history = NULL;
}

/*
 * Puts one byte in c's input ring.  The guest's consumer index is read
 * once and checked against our producer.  Returns 0, -ENOSPC when the
 * ring is full (the byte is lost, as on a serial line), or -EBADMSG when
 * the index is impossible.
 */
static int put_input(struct cons *c, char ch)
{
	struct xencons_interface *intf = c->page;
	XENCONS_RING_IDX prod = c->in_prod;
	uint32_t used;

	if (!ring_used(prod, __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE),
		       sizeof(intf->in), &used))
		return -EBADMSG;
	if (used == sizeof(intf->in))
		return -ENOSPC;
	intf->in[MASK_XENCONS_IDX(prod, intf->in)] = ch;
	c->in_prod = prod + 1;
	__atomic_store_n(&intf->in_prod, c->in_prod, __ATOMIC_RELEASE);
	evtchn_send(c->port);
	return 0;
}

int consback_history(domid_t domid,
		     void (*fn)(domid_t domid, const char *data, size_t len))
{
	const struct cons *c = find(domid);
	size_t at;

	if (!c)
		return -ENOENT;
	at = c->written % c->hist_size;
	if (c->written >= c->hist_size)
		fn(domid, c->history + at, c->hist_size - at);
	fn(domid, c->history, at);
	return 0;
}

long consback_type(domid_t domid, const char *data, size_t len)
{
	struct cons *c = find(domid);
	size_t i;
	int rc;

	if (!c)
		return -ENOENT;
	for (i = 0; i < len; i++) {
		rc = put_input(c, data[i]);
		if (rc == -ENOSPC)
			break;
		if (rc)
			return rc;
	}
	return (long)i;
}

/* The kept output, oldest first: up to two runs of the history ring. */
static void print_history(const struct cons *c)
{
	size_t at = c->written % c->hist_size;

	if (c->written >= c->hist_size)
		console_write(c->history + at, c->hist_size - at);
	console_write(c->history, at);
}

int consback_attach(domid_t domid)
{
	struct cons *c = find(domid);
	int ch;

	if (!c)
		return -ENOENT;
	kprintf("attached to domain %u; Ctrl-] comes back\n", domid);
	print_history(c);
	c->line_len = 0;	/* the history showed it */
	attached = c;
	/*
	 * c's output reaches the terminal from the service thread (echo());
	 * this loop waits for typed input, or for the service thread to wake
	 * it: output shown (its unfinished line wants a read) or c gone.
	 */
	while (attached == c) {
		ch = console_getc();
		if (ch < 0) {
			console_wait_input();
			continue;
		}
		if (ch == CONSBACK_DETACH_KEY)
			break;
		if (put_input(c, (char)ch) == -EBADMSG) {
			kprintf("\nconsback: d%u: bad console ring indexes, "
				"console dropped\n", domid);
			consback_disconnect(domid);
		}
	}
	if (attached != c)
		return -ESRCH;
	attached = NULL;
	kprintf("\ndetached from domain %u\n", domid);
	return 0;
}
