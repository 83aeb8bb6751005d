/* SPDX-License-Identifier: MIT */
/*
 * Tasks: the REST resource for an operation that takes a while (a domain
 * action).  A task is pending until Dom0 answers, then succeeded or
 * failed; the last TASK_KEEP tasks stay readable at /api/v1/tasks/{id}.
 * A client may wait for a task to finish (?wait=SECONDS): task_wait()
 * calls back at the end or at the timeout, whichever comes first.
 */
#ifndef XAPID_TASK_H
#define XAPID_TASK_H

#include <event2/event.h>
#include <jansson.h>

#define TASK_KEEP 256
#define TASK_WAIT_MAX 120

struct task;

/* Remembers the event base for wait timers. */
void task_init(struct event_base *base);
/* Frees every task, answering every waiter (at exit). */
void task_fini(void);

/* A new pending task for action on the VM of uuid; NULL if out of memory. */
struct task *task_new(const char *action, const char *vm_uuid);
/* Ends a task: rc 0 succeeded, else failed with text (or strerror). */
void task_finish(struct task *t, int rc, const char *text);
/* Finds a task by id; NULL if unknown or no longer kept. */
struct task *task_find(const char *id);
/* The task as REST shows it (a new reference). */
json_t *task_json(const struct task *t);
/* The task's id. */
const char *task_id(const struct task *t);

/*
 * Calls done(t, arg) when t is finished or after seconds (capped at
 * TASK_WAIT_MAX), once; at once if t is already finished.  0 or -ENOMEM.
 */
int task_wait(struct task *t, unsigned seconds,
	      void (*done)(struct task *t, void *arg), void *arg);

#endif
