/* SPDX-License-Identifier: MIT */
/* The console backend: DomU console rings to Dom0's console and back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/console.h>
#include "../guest-patches/kernel/console.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/thread.h"
#include "consback.h"
#include "foreign.h"
#include "interdomain.h"

#define MAX_CONSOLES	32
#define POLL_NS		10000000ull	/* 10 ms between polls when attached */

struct cons {
	domid_t domid;
	struct xencons_interface *page;	/* foreign mapping; NULL: slot free */
	uint32_t port;			/* Dom0's end */
	char *history;			/* CONSBACK_HISTORY bytes, a ring */
	uint64_t written;		/* bytes ever put in history */
	bool at_line_start;		/* the next byte starts a line */
};

static struct cons conses[MAX_CONSOLES];
static struct cons *attached;		/* the domain on Dom0's terminal */

static struct cons *find(domid_t domid)
{
	unsigned int i;

	for (i = 0; i < MAX_CONSOLES; i++)
		if (conses[i].page && conses[i].domid == domid)
			return &conses[i];
	return NULL;
}

bool consback_connected(domid_t domid)
{
	return find(domid) != NULL;
}

int consback_connect(domid_t domid, uint64_t gfn, uint32_t port)
{
	struct cons *c;
	unsigned int i;
	int rc;

	if (find(domid))
		return -EEXIST;
	for (i = 0; i < MAX_CONSOLES && conses[i].page; i++)
		;
	if (i == MAX_CONSOLES)
		return -ENOSPC;
	c = &conses[i];
	c->history = malloc(CONSBACK_HISTORY);
	if (!c->history)
		return -ENOMEM;
	c->page = foreign_map(domid, gfn, &rc);
	if (!c->page)
		goto err_free;
	rc = interdomain_bind(domid, port);
	if (rc < 0)
		goto err_unmap;
	c->port = (uint32_t)rc;
	c->domid = domid;
	c->written = 0;
	c->at_line_start = true;
	return 0;

err_unmap:
	foreign_unmap(c->page);
	c->page = NULL;
err_free:
	free(c->history);
	return rc;
}

/* Writes n bytes of c's output to Dom0's console, "[N] " before lines. */
static void echo(struct cons *c, const char *s, size_t n)
{
	size_t i, start = 0;

	if (c == attached) {
		console_write(s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (c->at_line_start) {
			kprintf("[%u] ", c->domid);
			c->at_line_start = false;
		}
		if (s[i] == '\n') {
			console_write(s + start, i + 1 - start);
			start = i + 1;
			c->at_line_start = true;
		}
	}
	if (start < n)
		console_write(s + start, n - start);
}

static void keep(struct cons *c, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		c->history[c->written++ % CONSBACK_HISTORY] = s[i];
}

/*
 * Moves c's new output out of the ring.  The indexes are the guest's:
 * read once, and a producer more than a ring ahead is clamped to one ring
 * (the guest only garbles its own output).
 */
static void drain(struct cons *c)
{
	struct xencons_interface *intf = c->page;
	XENCONS_RING_IDX cons = intf->out_cons, prod, avail;
	char buf[sizeof(intf->out)];
	size_t n = 0;

	prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
	avail = prod - cons;
	if (!avail)
		return;
	if (avail > sizeof(intf->out))
		cons = prod - sizeof(intf->out);
	while (cons != prod)
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];
	__atomic_store_n(&intf->out_cons, cons, __ATOMIC_RELEASE);
	interdomain_notify(c->port);
	keep(c, buf, n);
	echo(c, buf, n);
}

void consback_poll(void)
{
	unsigned int i;

	for (i = 0; i < MAX_CONSOLES; i++)
		if (conses[i].page)
			drain(&conses[i]);
}

void consback_disconnect(domid_t domid)
{
	struct cons *c = find(domid);

	if (!c)
		return;
	if (c == attached)
		attached = NULL;
	interdomain_close(c->port);
	foreign_unmap(c->page);
	c->page = NULL;
	free(c->history);
	c->history = NULL;
}

/* Puts one byte in c's input ring; false when the ring is full. */
static bool put_input(struct cons *c, char ch)
{
	struct xencons_interface *intf = c->page;
	XENCONS_RING_IDX prod = intf->in_prod;
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE);

	if (prod - cons >= sizeof(intf->in))
		return false;
	intf->in[MASK_XENCONS_IDX(prod, intf->in)] = ch;
	__atomic_store_n(&intf->in_prod, prod + 1, __ATOMIC_RELEASE);
	return true;
}

/* The kept output, oldest first: up to two runs of the history ring. */
static void print_history(const struct cons *c)
{
	size_t at = c->written % CONSBACK_HISTORY;

	if (c->written > CONSBACK_HISTORY)
		console_write(c->history + at, CONSBACK_HISTORY - at);
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
	attached = c;
	while (attached == c) {
		ch = console_getc();
		if (ch == CONSBACK_DETACH_KEY)
			break;
		if (ch >= 0) {
			if (put_input(c, (char)ch))
				interdomain_notify(c->port);
			continue;
		}
		thread_sleep(POLL_NS);
	}
	if (attached != c)
		return -ESRCH;
	attached = NULL;
	kprintf("\ndetached from domain %u\n", domid);
	return 0;
}
