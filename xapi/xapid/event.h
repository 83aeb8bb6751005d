/* SPDX-License-Identifier: MIT */
/*
 * The event log: every change to an object the API shows (a VM defined,
 * started, paused, shut down, crashed, destroyed, undefined; an injected
 * XenAPI event) gets the next id and is kept in a ring of the last
 * EVENT_WINDOW events.  REST's event stream and XenAPI's event.from both
 * read from here, so one change is one id for every client.
 *
 * A client that resumes from an id older than the ring holds has lost
 * events: event_since() says -ESTALE, which REST answers with 410 and
 * XenAPI with EVENTS_LOST.
 */
#ifndef XAPID_EVENT_H
#define XAPID_EVENT_H

#include <stdint.h>

#include <jansson.h>

#define EVENT_WINDOW 1024

struct event {
	uint64_t id;
	double timestamp;  /* seconds since the epoch */
	const char *cls;   /* XenAPI class: "VM", "host", "pool" */
	char ref[64];	   /* XenAPI reference of the object */
	const char *op;	   /* XenAPI operation: "add", "mod", "del" */
	const char *kind;  /* REST event type: "created", "running", ... */
	json_t *rest;	   /* the object as REST shows it (owned) */
	json_t *xenapi;	   /* the object's XenAPI record (owned) */
};

/*
 * Records an event, taking the references to rest and xenapi (either may
 * be NULL), and tells every subscriber.  Returns the new id (ids start at 1
 * and only grow), or 0 if out of memory.
 */
uint64_t event_post(const char *cls, const char *ref, const char *op,
		    const char *kind, json_t *rest, json_t *xenapi);

/* The id of the newest event (0 if none yet). */
uint64_t event_last_id(void);

/*
 * Calls fn on each event with an id greater than after, oldest first.
 * Returns 0, or -ESTALE if events after `after` have already left the ring.
 */
int event_since(uint64_t after, void (*fn)(const struct event *e, void *arg),
		void *arg);

/* A subscriber is called after each event_post() with the new event. */
struct event_sub {
	void (*fn)(const struct event *e, void *arg);
	void *arg;
	struct event_sub *next, *prev;
};
void event_subscribe(struct event_sub *s);
void event_unsubscribe(struct event_sub *s);
/* Number of subscribers (metrics). */
unsigned event_subscribers(void);

/* Frees the ring (at exit). */
void event_fini(void);

#endif
