/* SPDX-License-Identifier: MIT */
/*
 * Cooperative threads on the one CPU.  A thread runs until it yields,
 * sleeps or exits; interrupt handlers never switch threads, so code between
 * two of these calls needs no lock against another thread.  The boot
 * thread becomes the idle thread (thread_run_idle()): when no other thread
 * can run it calls cpu_idle(), which halts natively and gives the CPU back
 * to the hypervisor under PV.  Stacks come from the page allocator.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdint.h>

#define MAX_THREADS		16	/* the idle thread included */
#define THREAD_STACK_PAGES	4

/*
 * Starts fn(arg) as a new thread, runnable at once (it first runs when the
 * caller yields).  Returning from fn ends the thread.  Returns its id (> 0),
 * -EAGAIN when MAX_THREADS exist, -ENOMEM when no stack can be had.
 */
int thread_create(const char *name, void (*fn)(void *), void *arg);

/* Lets every other runnable thread run once before the caller goes on. */
void thread_yield(void);

/* Suspends the caller for at least ns nanoseconds of clock_ns(). */
void thread_sleep(uint64_t ns);

/* The calling thread's id (0 for the idle thread). */
int thread_self(void);

/*
 * Ends thread id's thread_sleep() early: it runs at the next switch.  Does
 * nothing to a thread that is not sleeping.  Callable from interrupt
 * handlers (an event handler wakes the thread waiting for its ring).
 */
void thread_kick(int id);

/*
 * A wait point: a count of the times it was signalled and the threads
 * blocked on it.  A waiter reads the count (thread_wait_count()), checks
 * its condition, and if it must wait calls thread_wait() with the count it
 * read: a thread_wake() between the check and the block changed the count,
 * so thread_wait() returns at once and no wake-up is lost.  Wake-ups wake
 * every waiter; a woken thread checks its condition again.
 */
struct thread_waitq {
	volatile uint32_t count;	/* thread_wake() calls, wrapping */
	volatile uint32_t waiters;	/* bit i: thread i is blocked here */
};

/* The count to give thread_wait() once the caller checked its condition. */
uint32_t thread_wait_count(const struct thread_waitq *q);

/*
 * Blocks the caller until q's count differs from seen (returns at once if
 * it differs already).  Not for the idle thread; called with interrupts on.
 */
void thread_wait(struct thread_waitq *q, uint32_t seen);

/*
 * thread_wait() with a deadline: also returns once clock_ns() reaches
 * deadline_ns (at once if it has).  For a waiter that must look again
 * after a while even when nobody signals q (the caller checks its
 * condition and the clock again).  Same context as thread_wait().
 */
void thread_wait_until(struct thread_waitq *q, uint32_t seen,
		       uint64_t deadline_ns);

/*
 * Signals q: bumps its count and makes every thread blocked on it
 * runnable.  Callable from interrupt handlers (it never switches threads)
 * and from threads.
 */
void thread_wake(struct thread_waitq *q);

/*
 * The earliest clock_ns() at which a sleeping thread wakes, or UINT64_MAX
 * when none sleeps: what cpu_idle() arms a one-shot timer for.  Called by
 * the idle loop, interrupts off.
 */
uint64_t thread_next_wake(void);

/* Ends the calling thread (not the idle thread).  Its stack is freed later. */
void thread_exit(void) __attribute__((noreturn));

/*
 * Turns the caller (the boot thread) into the idle thread: runs the others
 * for ever, idling the CPU when none can run.  Never returns.
 */
void thread_run_idle(void) __attribute__((noreturn));

/* Calls fn(id, name, state) for every thread, for the shell. */
void thread_for_each(void (*fn)(int id, const char *name, const char *state));

#endif
