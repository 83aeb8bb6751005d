/* SPDX-License-Identifier: MIT */
/*
 * Domains' consoles for the API: one stream per domain from Dom0's agent
 * (agent_console_open, of which the agent allows one per domain), kept
 * open once asked for, with the last CONSOLE_KEEP bytes of output kept
 * here and every chunk handed to each reader (the REST event streams).
 */
#ifndef XAPID_CONSOLE_H
#define XAPID_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_KEEP (64 * 1024)

/* A reader of a console: out() for each chunk, closed() when it ends
 * (the domain went, the channel dropped); after closed() it is removed. */
struct console_reader {
	void (*out)(const char *data, size_t len, void *arg);
	void (*closed)(int err, void *arg);
	void *arg;
	struct console_reader *next;
};

/*
 * Makes sure domain domid's console is open.  ready(arg) runs once when
 * the stream has had time to give what the domain wrote recently (now, if
 * it was already open).  0 or -errno from the agent.
 */
int console_open(uint32_t domid, void (*ready)(void *arg), void *arg);

/* Copies up to max of the last output kept for domid into buf; returns
 * the length (0 if the console is not open). */
size_t console_tail(uint32_t domid, char *buf, size_t max);

/* Adds (after console_open) / removes a reader of domid's console. */
int console_read(uint32_t domid, struct console_reader *r);
void console_unread(uint32_t domid, struct console_reader *r);

/* Remembers the loop (for the settling timer). */
struct event_base;
void console_init(struct event_base *base);
/* Drops every console left (at exit, after agent_fini()). */
void console_fini(void);

#endif
