// SPDX-License-Identifier: MIT
// Dom0's clock on the host's: an offset from OP_INFO echoes (dom0clock.h).
#include "dom0clock.h"

#include <errno.h>
#include <stdbool.h>
#include <time.h>

#include "agent.h"

struct sample {
	int64_t offset;		/* Dom0's clock - the host's monotonic, ns */
	uint64_t rtt;		/* ns; 0: an empty slot */
};

static struct sample samples[DOM0CLOCK_SAMPLES];
static unsigned int next_slot;
static struct event *timer;
static bool asking;		/* an echo is out */
static uint64_t asked_at;

static uint64_t mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static const struct sample *best(void)
{
	const struct sample *b = NULL;

	for (unsigned int i = 0; i < DOM0CLOCK_SAMPLES; i++)
		if (samples[i].rtt && (!b || samples[i].rtt < b->rtt))
			b = &samples[i];
	return b;
}

static void on_info(const struct agent_result *r,
		    const struct msg_physinfo *info, void *arg)
{
	uint64_t now = mono_ns(), rtt = now - asked_at;

	(void)arg;
	asking = false;
	if (r->err || !info->uptime_ns)
		return;
	samples[next_slot].offset = (int64_t)(info->uptime_ns -
					      (asked_at + rtt / 2));
	samples[next_slot].rtt = rtt ? rtt : 1;
	next_slot = (next_slot + 1) % DOM0CLOCK_SAMPLES;
}

static void on_link(bool up, void *arg)
{
	(void)arg;
	if (up)
		return;
	for (unsigned int i = 0; i < DOM0CLOCK_SAMPLES; i++)
		samples[i].rtt = 0;
}

static struct agent_watch watch = { NULL, NULL, on_link, NULL, NULL };

static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (asking || !agent_connected())
		return;
	asked_at = mono_ns();
	/* a call the link refuses now is tried at the next tick */
	asking = !agent_info(on_info, samples);
}

int dom0clock_init(struct event_base *base)
{
	struct timeval second = { 1, 0 };

	timer = event_new(base, -1, EV_PERSIST, tick, NULL);
	if (!timer)
		return -ENOMEM;
	agent_watch_add(&watch);
	event_add(timer, &second);
	return 0;
}

void dom0clock_fini(void)
{
	if (!timer)
		return;
	agent_watch_remove(&watch);
	event_free(timer);
	timer = NULL;
}

double dom0clock_epoch(uint64_t dom0_ns)
{
	const struct sample *s = best();
	struct timespec wall;
	int64_t ago;

	if (!s)
		return 0;
	/* how long before now, on the host, Dom0 read dom0_ns */
	ago = (int64_t)(mono_ns() - (dom0_ns - (uint64_t)s->offset));
	clock_gettime(CLOCK_REALTIME, &wall);
	return (double)wall.tv_sec + wall.tv_nsec / 1e9 - ago / 1e9;
}

uint64_t dom0clock_rtt_ns(void)
{
	const struct sample *s = best();

	return s ? s->rtt : 0;
}
