// SPDX-License-Identifier: MIT
// Tasks: pending domain actions that REST clients poll or wait on.
#include "task.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct waiter {
	struct task *t;
	struct event *timer;
	void (*done)(struct task *, void *);
	void *arg;
	struct waiter *next;
};

struct task {
	char id[24];
	char action[24];
	char vm[40];
	const char *status; /* "pending", "success", "failure" */
	char error[256];
	time_t created, finished;
	struct waiter *waiters;
};

static struct event_base *evbase;
static struct task *kept[TASK_KEEP];
static unsigned long next_id = 1;

void task_init(struct event_base *base)
{
	evbase = base;
}

static void wake(struct task *t)
{
	while (t->waiters) {
		struct waiter *w = t->waiters;

		t->waiters = w->next;
		event_free(w->timer);
		w->done(t, w->arg);
		free(w);
	}
}

static void task_free(struct task *t)
{
	if (!t)
		return;
	wake(t);
	free(t);
}

void task_fini(void)
{
	for (int i = 0; i < TASK_KEEP; i++) {
		task_free(kept[i]);
		kept[i] = NULL;
	}
}

struct task *task_new(const char *action, const char *vm_uuid)
{
	struct task *t = calloc(1, sizeof(*t));
	unsigned long id = next_id++;

	if (!t)
		return NULL;
	snprintf(t->id, sizeof(t->id), "%lu", id);
	snprintf(t->action, sizeof(t->action), "%s", action);
	snprintf(t->vm, sizeof(t->vm), "%s", vm_uuid);
	t->status = "pending";
	t->created = time(NULL);
	/* the oldest kept task makes room; its waiters are answered first */
	task_free(kept[id % TASK_KEEP]);
	kept[id % TASK_KEEP] = t;
	return t;
}

void task_finish(struct task *t, int rc, const char *text)
{
	t->status = rc ? "failure" : "success";
	if (rc)
		snprintf(t->error, sizeof(t->error), "%s",
			 text ? text : strerror(-rc));
	t->finished = time(NULL);
	wake(t);
}

struct task *task_find(const char *id)
{
	char *end;
	unsigned long n = strtoul(id, &end, 10);
	struct task *t;

	if (*end || !*id)
		return NULL;
	t = kept[n % TASK_KEEP];
	return t && !strcmp(t->id, id) ? t : NULL;
}

const char *task_id(const struct task *t)
{
	return t->id;
}

json_t *task_json(const struct task *t)
{
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:I}", "id", t->id, "action",
			      t->action, "domain", t->vm, "status", t->status,
			      "created", (json_int_t)t->created);

	if (j && t->finished)
		json_object_set_new(j, "finished",
				    json_integer((json_int_t)t->finished));
	if (j && t->error[0])
		json_object_set_new(j, "error", json_string(t->error));
	return j;
}

static void timeout(evutil_socket_t fd, short what, void *arg)
{
	struct waiter *w = arg, **pp;

	(void)fd;
	(void)what;
	for (pp = &w->t->waiters; *pp != w; pp = &(*pp)->next)
		;
	*pp = w->next;
	event_free(w->timer);
	w->done(w->t, w->arg);
	free(w);
}

int task_wait(struct task *t, unsigned seconds,
	      void (*done)(struct task *, void *), void *arg)
{
	struct timeval tv = { seconds > TASK_WAIT_MAX ? TASK_WAIT_MAX : seconds,
			      0 };
	struct waiter *w;

	if (strcmp(t->status, "pending")) {
		done(t, arg);
		return 0;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->timer = evtimer_new(evbase, timeout, w);
	if (!w->timer) {
		free(w);
		return -ENOMEM;
	}
	w->t = t;
	w->done = done;
	w->arg = arg;
	w->next = t->waiters;
	t->waiters = w;
	evtimer_add(w->timer, &tv);
	return 0;
}
