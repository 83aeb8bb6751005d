/* SPDX-License-Identifier: MIT */
/*
 * The event log: every change to an object the API shows (a VM defined,
 * started, paused, shut down, crashed, destroyed, undefined; an injected
 * XenAPI event) gets the next id and is kept in a ring of the last
 * EVENTLOG_WINDOW events.  REST's event stream and XenAPI's event.from both
 * read from here, so one change is one id for every client.
 *
 * A client that resumes from an id older than the ring holds has lost
 * events: eventlog_since() says -ESTALE, which REST answers with 410 and
 * XenAPI with EVENTS_LOST.
 *
 * The prefix is eventlog_, not event_: libevent owns that one, and its
 * struct event (the timers of rest.c and xenapi.c) must stay its own.
 */
#ifndef XAPID_EVENTLOG_H
#define XAPID_EVENTLOG_H

#include <stdint.h>

#include <jansson.h>

#define EVENTLOG_WINDOW 1024

struct eventlog_entry {
	uint64_t id;
	double timestamp;  /* when it happened, seconds since the epoch */
	const char *cls;   /* XenAPI class: "VM", "host", "pool" */
	char ref[64];	   /* XenAPI reference of the object */
	const char *op;	   /* XenAPI operation: "add", "mod", "del" */
	const char *kind;  /* REST event type: "created", "running", ... */
	json_t *rest;	   /* the object as REST shows it (owned) */
	json_t *xenapi;	   /* the object's XenAPI record (owned) */
};

/*
 * Records an event that happened at `when` (seconds since the epoch; 0:
 * now), taking the references to rest and xenapi (either may be NULL), and
 * tells every subscriber.  Returns the new id (ids start at 1 and only
 * grow), or 0 if out of memory.
 */
uint64_t eventlog_post(double when, const char *cls, const char *ref,
		       const char *op, const char *kind, json_t *rest,
		       json_t *xenapi);

/* The id of the newest event (0 if none yet). */
uint64_t eventlog_last_id(void);

/*
 * Calls fn on each event with an id greater than after, oldest first.
 * Returns 0, or -ESTALE if events after `after` have already left the ring.
 */
int eventlog_since(uint64_t after, void (*fn)(const struct eventlog_entry *e, void *arg),
		void *arg);

/* A subscriber is called after each eventlog_post() with the new event. */
struct eventlog_sub {
	void (*fn)(const struct eventlog_entry *e, void *arg);
	void *arg;
	struct eventlog_sub *next, *prev;
};
void eventlog_subscribe(struct eventlog_sub *s);
void eventlog_unsubscribe(struct eventlog_sub *s);
/* Number of subscribers (metrics). */
unsigned eventlog_subscribers(void);

/* Frees the ring (at exit). */
void eventlog_fini(void);

#endif
