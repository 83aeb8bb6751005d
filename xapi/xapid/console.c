// SPDX-License-Identifier: MIT
// Domains' consoles: one agent stream each, the recent output, the readers.
#include "console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "agent.h"

/* How long a new stream has to deliver the recent output before the
 * first reader is answered. */
#define SETTLE_MS 300

struct waiter {
	void (*ready)(void *arg);
	void *arg;
	struct waiter *next;
};

struct console {
	uint32_t domid;
	char ring[CONSOLE_KEEP];
	size_t head, len; /* ring[head] is the oldest of len bytes */
	struct console_reader *readers;
	struct waiter *waiters;
	struct event *settle;
	struct console *next;
};

static struct console *consoles;
static struct event_base *evbase;

static struct console *find(uint32_t domid)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->domid == domid)
			return c;
	return NULL;
}

static void wake(struct console *c)
{
	while (c->waiters) {
		struct waiter *w = c->waiters;

		c->waiters = w->next;
		w->ready(w->arg);
		free(w);
	}
}

static void unlink_console(struct console *c)
{
	for (struct console **pp = &consoles; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
}

static void on_out(const void *data, size_t len, void *arg)
{
	struct console *c = arg;
	const char *p = data;

	for (size_t i = 0; i < len; i++) {
		c->ring[(c->head + c->len) % CONSOLE_KEEP] = p[i];
		if (c->len < CONSOLE_KEEP)
			c->len++;
		else
			c->head = (c->head + 1) % CONSOLE_KEEP;
	}
	for (struct console_reader *r = c->readers, *next; r; r = next) {
		next = r->next;
		r->out(p, len, r->arg);
	}
}

static void on_closed(int err, void *arg)
{
	struct console *c = arg;

	unlink_console(c);
	wake(c);
	while (c->readers) {
		struct console_reader *r = c->readers;

		c->readers = r->next;
		r->closed(err, r->arg);
	}
	if (c->settle)
		event_free(c->settle);
	free(c);
}

static void settled(evutil_socket_t fd, short what, void *arg)
{
	struct console *c = arg;

	(void)fd;
	(void)what;
	event_free(c->settle);
	c->settle = NULL;
	wake(c);
}

int console_open(uint32_t domid, void (*ready)(void *), void *arg)
{
	struct console *c = find(domid);
	struct timeval tv = { 0, SETTLE_MS * 1000 };
	struct agent_console ac;
	struct waiter *w;
	int rc;

	if (c && !c->settle) {
		ready(arg);
		return 0;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->ready = ready;
	w->arg = arg;
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c) {
			free(w);
			return -ENOMEM;
		}
		c->domid = domid;
		ac.out = on_out;
		ac.closed = on_closed;
		ac.arg = c;
		rc = agent_console_open(domid, &ac);
		if (rc) {
			free(c);
			free(w);
			return rc;
		}
		c->next = consoles;
		consoles = c;
		c->settle = evtimer_new(evbase, settled, c);
		if (c->settle)
			evtimer_add(c->settle, &tv);
	}
	w->next = c->waiters;
	c->waiters = w;
	if (!c->settle)
		wake(c);
	return 0;
}

size_t console_tail(uint32_t domid, char *buf, size_t max)
{
	struct console *c = find(domid);
	size_t n, skip;

	if (!c)
		return 0;
	n = c->len < max ? c->len : max;
	skip = c->len - n;
	for (size_t i = 0; i < n; i++)
		buf[i] = c->ring[(c->head + skip + i) % CONSOLE_KEEP];
	return n;
}

int console_read(uint32_t domid, struct console_reader *r)
{
	struct console *c = find(domid);

	if (!c)
		return -ENOENT;
	r->next = c->readers;
	c->readers = r;
	return 0;
}

void console_unread(uint32_t domid, struct console_reader *r)
{
	struct console *c = find(domid);

	for (struct console_reader **pp = c ? &c->readers : NULL; pp && *pp;
	     pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			return;
		}
}

void console_init(struct event_base *base)
{
	evbase = base;
}

void console_fini(void)
{
	/* agent_fini() ran first and ended every stream: what is left was
	 * never confirmed; drop it */
	while (consoles)
		on_closed(-ECONNRESET, consoles);
}
