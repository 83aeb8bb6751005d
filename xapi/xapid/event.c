// SPDX-License-Identifier: MIT
// The event log: one ring of ids shared by REST and XenAPI clients.
#include "event.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static struct event ring[EVENT_WINDOW];
static uint64_t last_id;
static struct event_sub *subs;
static unsigned nsubs;

uint64_t event_post(const char *cls, const char *ref, const char *op,
		    const char *kind, json_t *rest, json_t *xenapi)
{
	struct event *e = &ring[(last_id + 1) % EVENT_WINDOW];
	struct event_sub *s, *next;
	struct timeval tv;

	json_decref(e->rest);
	json_decref(e->xenapi);
	gettimeofday(&tv, NULL);
	e->id = ++last_id;
	e->timestamp = (double)tv.tv_sec + tv.tv_usec / 1e6;
	e->cls = cls;
	snprintf(e->ref, sizeof(e->ref), "%s", ref);
	e->op = op;
	e->kind = kind;
	e->rest = rest;
	e->xenapi = xenapi;
	/* a subscriber may unsubscribe itself from its callback */
	for (s = subs; s; s = next) {
		next = s->next;
		s->fn(e, s->arg);
	}
	return e->id;
}

uint64_t event_last_id(void)
{
	return last_id;
}

int event_since(uint64_t after, void (*fn)(const struct event *, void *),
		void *arg)
{
	uint64_t oldest = last_id > EVENT_WINDOW ? last_id - EVENT_WINDOW + 1
						 : 1;

	if (after > last_id)
		after = last_id;
	if (after + 1 < oldest)
		return -ESTALE;
	for (uint64_t id = after + 1; id <= last_id; id++)
		fn(&ring[id % EVENT_WINDOW], arg);
	return 0;
}

void event_subscribe(struct event_sub *s)
{
	s->prev = NULL;
	s->next = subs;
	if (subs)
		subs->prev = s;
	subs = s;
	nsubs++;
}

void event_unsubscribe(struct event_sub *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else if (subs == s)
		subs = s->next;
	else
		return; /* not subscribed */
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
	nsubs--;
}

unsigned event_subscribers(void)
{
	return nsubs;
}

void event_fini(void)
{
	for (unsigned i = 0; i < EVENT_WINDOW; i++) {
		json_decref(ring[i].rest);
		json_decref(ring[i].xenapi);
		ring[i].rest = ring[i].xenapi = NULL;
	}
}
