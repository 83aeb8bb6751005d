// SPDX-License-Identifier: MIT
// The event log: one ring of ids shared by REST and XenAPI clients.
#include "eventlog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static struct eventlog_entry ring[EVENTLOG_WINDOW];
static uint64_t last_id;
static struct eventlog_sub *subs;
static unsigned nsubs;

uint64_t eventlog_post(double when, const char *cls, const char *ref,
		       const char *op, const char *kind, json_t *rest,
		       json_t *xenapi)
{
	struct eventlog_entry *e = &ring[(last_id + 1) % EVENTLOG_WINDOW];
	struct eventlog_sub *s, *next;
	struct timeval tv;

	json_decref(e->rest);
	json_decref(e->xenapi);
	gettimeofday(&tv, NULL);
	e->id = ++last_id;
	e->timestamp = when ? when : (double)tv.tv_sec + tv.tv_usec / 1e6;
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

uint64_t eventlog_last_id(void)
{
	return last_id;
}

int eventlog_since(uint64_t after, void (*fn)(const struct eventlog_entry *, void *),
		void *arg)
{
	uint64_t oldest = last_id > EVENTLOG_WINDOW ? last_id - EVENTLOG_WINDOW + 1
						 : 1;

	if (after > last_id)
		after = last_id;
	if (after + 1 < oldest)
		return -ESTALE;
	for (uint64_t id = after + 1; id <= last_id; id++)
		fn(&ring[id % EVENTLOG_WINDOW], arg);
	return 0;
}

void eventlog_subscribe(struct eventlog_sub *s)
{
	s->prev = NULL;
	s->next = subs;
	if (subs)
		subs->prev = s;
	subs = s;
	nsubs++;
}

void eventlog_unsubscribe(struct eventlog_sub *s)
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

unsigned eventlog_subscribers(void)
{
	return nsubs;
}

void eventlog_fini(void)
{
	for (unsigned i = 0; i < EVENTLOG_WINDOW; i++) {
		json_decref(ring[i].rest);
		json_decref(ring[i].xenapi);
		ring[i].rest = ring[i].xenapi = NULL;
	}
}
