/* SPDX-License-Identifier: MIT */
/* Cooperative threads: a round robin over a fixed table. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "arch/x86/cpu.h"
#include "clock.h"
#include "page_alloc.h"
#include "power.h"
#include "print.h"
#include "thread.h"

enum thread_state { T_FREE, T_RUNNABLE, T_SLEEPING, T_DEAD, T_BLOCKED };

struct thread {
	enum thread_state state;
	char name[16];
	uint64_t rsp;		/* saved by thread_switch */
	uint64_t stack;		/* physical = virtual address, 0 for idle */
	uint64_t wake_ns;	/* when T_SLEEPING */
};

_Static_assert(MAX_THREADS <= 32, "struct thread_waitq has 32 waiter bits");

static struct thread threads[MAX_THREADS] = {
	[0] = { .state = T_RUNNABLE, .name = "idle" },
};
static unsigned int current;

void thread_switch(uint64_t *save_rsp, uint64_t rsp);
extern char thread_entry[];

/* The frame thread_switch pops: r15 r14 r13 r12 rbx rbp, return address. */
static void build_stack(struct thread *t, void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)(uintptr_t)(t->stack +
					       THREAD_STACK_PAGES * PAGE_SIZE);

	/* thread_entry starts with RSP = the stack top: 16-byte aligned. */
	*--sp = (uint64_t)(uintptr_t)thread_entry;
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uint64_t)(uintptr_t)fn;	/* r12 */
	*--sp = (uint64_t)(uintptr_t)arg;	/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->rsp = (uint64_t)(uintptr_t)sp;
}

int thread_create(const char *name, void (*fn)(void *), void *arg)
{
	unsigned int i;
	struct thread *t;

	for (i = 1; i < MAX_THREADS && threads[i].state != T_FREE; i++)
		;
	if (i == MAX_THREADS)
		return -EAGAIN;
	t = &threads[i];
	t->stack = page_alloc_n(THREAD_STACK_PAGES);
	if (!t->stack)
		return -ENOMEM;
	strlcpy(t->name, name, sizeof(t->name));
	build_stack(t, fn, arg);
	t->state = T_RUNNABLE;
	return (int)i;
}

static bool can_run(struct thread *t, uint64_t now)
{
	if (t->state == T_SLEEPING && now >= t->wake_ns)
		t->state = T_RUNNABLE;
	return t->state == T_RUNNABLE;
}

/* The next runnable thread after the current one, the idle thread last. */
static unsigned int pick_next(void)
{
	uint64_t now = clock_ns();
	unsigned int i, n;

	for (i = 1; i <= MAX_THREADS; i++) {
		n = (current + i) % MAX_THREADS;
		if (n != 0 && can_run(&threads[n], now))
			return n;
	}
	return 0;
}

static void switch_to(unsigned int next)
{
	unsigned int prev = current;

	if (next == prev)
		return;
	current = next;
	thread_switch(&threads[prev].rsp, threads[next].rsp);
}

void thread_yield(void)
{
	unsigned int next = pick_next();

	/* The idle thread is only for when nobody else can run. */
	if (next == 0 && threads[current].state == T_RUNNABLE)
		return;
	switch_to(next);
}

void thread_sleep(uint64_t ns)
{
	struct thread *t = &threads[current];

	if (current == 0)
		panic("the idle thread cannot sleep");
	t->wake_ns = clock_ns() + ns;
	t->state = T_SLEEPING;
	switch_to(pick_next());
}

int thread_self(void)
{
	return (int)current;
}

void thread_kick(int id)
{
	if (id > 0 && id < MAX_THREADS && threads[id].state == T_SLEEPING)
		threads[id].wake_ns = 0;
}

uint32_t thread_wait_count(const struct thread_waitq *q)
{
	return q->count;
}

/*
 * The state is set with interrupts off, so a wake-up from a handler
 * either comes before (the count differs: no block) or finds the thread
 * blocked and makes it runnable before it switches away.  A waiter with a
 * deadline sleeps (T_SLEEPING, so the idle loop arms the timer for it)
 * and, woken by the deadline rather than thread_wake(), takes its bit
 * back: a stale bit would end a later thread_sleep() early.
 */
static void wait_on(struct thread_waitq *q, uint32_t seen,
		    enum thread_state state, uint64_t deadline_ns)
{
	struct thread *t = &threads[current];
	uint32_t bit = 1u << current;

	if (current == 0)
		panic("the idle thread cannot wait");
	irq_disable();
	if (q->count != seen ||
	    (state == T_SLEEPING && clock_ns() >= deadline_ns)) {
		irq_enable();
		return;
	}
	t->state = state;
	t->wake_ns = deadline_ns;
	q->waiters |= bit;
	irq_enable();
	switch_to(pick_next());
	irq_disable();
	q->waiters &= ~bit;
	irq_enable();
}

void thread_wait(struct thread_waitq *q, uint32_t seen)
{
	wait_on(q, seen, T_BLOCKED, UINT64_MAX);
}

void thread_wait_until(struct thread_waitq *q, uint32_t seen,
		       uint64_t deadline_ns)
{
	wait_on(q, seen, T_SLEEPING, deadline_ns);
}

void thread_wake(struct thread_waitq *q)
{
	bool on = irq_enabled();
	unsigned int i;

	irq_disable();
	q->count++;
	for (i = 1; i < MAX_THREADS; i++)
		if ((q->waiters & (1u << i)) &&
		    (threads[i].state == T_BLOCKED ||
		     threads[i].state == T_SLEEPING))
			threads[i].state = T_RUNNABLE;
	q->waiters = 0;
	if (on)
		irq_enable();
}

uint64_t thread_next_wake(void)
{
	uint64_t next = UINT64_MAX;
	unsigned int i;

	for (i = 1; i < MAX_THREADS; i++)
		if (threads[i].state == T_SLEEPING && threads[i].wake_ns < next)
			next = threads[i].wake_ns;
	return next;
}

void thread_exit(void)
{
	if (current == 0)
		panic("the idle thread cannot exit");
	threads[current].state = T_DEAD;
	switch_to(pick_next());
	panic("a dead thread was scheduled");
}

/* Frees what dead threads leave; their stacks are not in use any more. */
static void reap(void)
{
	unsigned int i;

	for (i = 1; i < MAX_THREADS; i++) {
		if (threads[i].state != T_DEAD)
			continue;
		if (page_free_n(threads[i].stack, THREAD_STACK_PAGES))
			panic("thread %u: bad stack %#lx", i, threads[i].stack);
		threads[i].state = T_FREE;
	}
}

void thread_run_idle(void)
{
	unsigned int next;

	for (;;) {
		reap();
		/* Checked with interrupts off, so no wake-up slips in unseen. */
		irq_disable();
		next = pick_next();
		if (!next) {
			cpu_idle();
			continue;
		}
		irq_enable();
		switch_to(next);
	}
}

void thread_for_each(void (*fn)(int id, const char *name, const char *state))
{
	static const char *const names[] = { "free", "runnable", "sleeping",
					      "dead", "blocked" };
	unsigned int i;

	for (i = 0; i < MAX_THREADS; i++)
		if (threads[i].state != T_FREE)
			fn((int)i, threads[i].name, names[threads[i].state]);
}
