/* SPDX-License-Identifier: MIT */
/* The kernel core's selftests and the PASS/FAIL bookkeeping. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "clock.h"
#include "page_alloc.h"
#include "paging.h"
#include "platform.h"
#include "print.h"
#include "selftest.h"
#include "thread.h"
#include "trap.h"

#define MS		1000000ull
#define PINGPONG_ROUNDS	100
#define SCRATCH_VA	0x4000000000ull	/* 256 GiB: never RAM here */

static unsigned int passed, failed;
static void (*extra[SELFTEST_MAX_EXTRA])(void);

int selftest_add(void (*suite)(void))
{
	unsigned int i;

	for (i = 0; i < SELFTEST_MAX_EXTRA; i++) {
		if (!extra[i]) {
			extra[i] = suite;
			return 0;
		}
	}
	return -ENOSPC;
}

static void test_heap(void)
{
	char *a = malloc(100), *b = calloc(1000, 8), *c;
	bool zero = b != NULL;
	unsigned int i;

	for (i = 0; b && i < 8000; i++)
		zero = zero && !b[i];
	if (a)
		memcpy(a, "heap", 5);
	c = realloc(a, 100000);
	selftest_check("heap/alloc", a && zero && c && !strcmp(c, "heap"),
		       "malloc %p, calloc %p (zeroed %d), realloc %p", (void *)a,
		       (void *)b, zero, (void *)c);
	free(b);
	free(c);
}

void selftest_check(const char *name, bool ok, const char *why, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		kprintf("PASS %s\n", name);
		return;
	}
	failed++;
	kprintf("FAIL %s: ", name);
	va_start(ap, why);
	kvprintf(why, ap);
	va_end(ap);
	kprintf("\n");
}

static void test_page_alloc(void)
{
	unsigned long before = page_alloc_free_count();
	uint64_t a = page_alloc(), b = page_alloc(), run = page_alloc_n(4);

	selftest_check("page_alloc/alloc", a && b && a != b &&
			       !(a % PAGE_SIZE) && !(b % PAGE_SIZE),
		       "got %#lx and %#lx", a, b);
	selftest_check("page_alloc/contiguous", run && !(run % PAGE_SIZE),
		       "page_alloc_n(4) gave %#lx", run);
	page_free_n(a, 1);
	page_free_n(b, 1);
	page_free_n(run, 4);
	selftest_check("page_alloc/free", page_alloc_free_count() == before,
		       "%lu pages free, %lu before", page_alloc_free_count(),
		       before);
	selftest_check("page_alloc/double-free", page_free_n(a, 1) == -EINVAL,
		       "freeing a free page was accepted");
}

/* Takes every free page (chaining them through their first word), then
 * gives them all back: the allocator's count must match what it handed out.
 */
static void test_page_exhaust(void)
{
	unsigned long before = page_alloc_free_count(), n = 0;
	uint64_t head = 0, pa;

	while ((pa = page_alloc())) {
		*(uint64_t *)(uintptr_t)pa = head;
		head = pa;
		n++;
	}
	while (head) {
		pa = head;
		head = *(uint64_t *)(uintptr_t)pa;
		page_free_n(pa, 1);
	}
	selftest_check("page_alloc/exhaust",
		       n == before && page_alloc_free_count() == before,
		       "took %lu of %lu free pages", n, before);
}

static void test_paging(void)
{
	unsigned int flags = 0;
	uint64_t pa = 0, page;
	int rc;

	rc = paging_lookup((uintptr_t)selftest_run, &pa, &flags);
	selftest_check("paging/kernel-text",
		       !rc && pa == (uintptr_t)selftest_run &&
			       flags == PAGING_EXEC,
		       "rc %d, pa %#lx, flags %#x", rc, pa, flags);
	rc = paging_lookup((uintptr_t)&passed, &pa, &flags);
	selftest_check("paging/kernel-data", !rc && (flags & PAGING_WRITE),
		       "rc %d, flags %#x", rc, flags);
	selftest_check("paging/null-page", paging_lookup(0, &pa, &flags) ==
						   -ENOENT,
		       "page 0 is mapped");
	page = page_alloc();
	rc = page ? paging_map(SCRATCH_VA, page, PAGING_WRITE) : -ENOMEM;
	if (!rc) {
		*(volatile uint64_t *)SCRATCH_VA = 0x5eed;
		rc = *(volatile uint64_t *)(uintptr_t)page == 0x5eed ? 0 : -EIO;
		paging_unmap(SCRATCH_VA);
	}
	selftest_check("paging/map", !rc && paging_lookup(SCRATCH_VA, &pa,
							  &flags) == -ENOENT,
		       "error %d", rc);
	if (page)
		page_free_n(page, 1);
}

static void test_trap(void)
{
	unsigned long before = trap_count(VECTOR_BP);

	__asm__ volatile("int3");
	selftest_check("trap/breakpoint", trap_count(VECTOR_BP) == before + 1,
		       "int3 counted %lu times", trap_count(VECTOR_BP) - before);
}

/* Two threads take turns; each checks it was the other's turn before. */
static volatile int turn, rounds_done[2], out_of_turn;

static void pingpong(void *arg)
{
	int me = (int)(uintptr_t)arg, i;

	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		while (turn != me)
			thread_yield();
		rounds_done[me]++;
		if (rounds_done[me] != rounds_done[!me] + (me == 0))
			out_of_turn++;
		turn = !me;
	}
}

static void test_threads(void)
{
	uint64_t deadline = clock_ns() + 5000 * MS;
	int a, b;

	turn = rounds_done[0] = rounds_done[1] = out_of_turn = 0;
	a = thread_create("ping", pingpong, (void *)0);
	b = thread_create("pong", pingpong, (void *)1);

	while ((rounds_done[0] < PINGPONG_ROUNDS ||
		rounds_done[1] < PINGPONG_ROUNDS) && clock_ns() < deadline)
		thread_yield();
	selftest_check("thread/pingpong",
		       a > 0 && b > 0 && rounds_done[0] == PINGPONG_ROUNDS &&
			       rounds_done[1] == PINGPONG_ROUNDS && !out_of_turn,
		       "ids %d %d, rounds %d %d, %d out of turn", a, b,
		       rounds_done[0], rounds_done[1], out_of_turn);
}

static void test_clock(void)
{
	uint64_t t0 = clock_ns(), prev = t0, now, slept;
	int i, backwards = 0;

	for (i = 0; i < 1000; i++) {
		now = clock_ns();
		backwards += now < prev;
		prev = now;
	}
	selftest_check("clock/monotonic", !backwards,
		       "went backwards %d times", backwards);
	t0 = clock_ns();
	thread_sleep(50 * MS);
	slept = clock_ns() - t0;
	selftest_check("thread/sleep", slept >= 50 * MS && slept < 5000 * MS,
		       "50 ms sleep took %lu ns", slept);
}

static void test_args(void)
{
	char line[] = "  xs  write /a\tb ";
	char *argv[4];
	int n = args_split(line, argv, 4);

	selftest_check("args/split",
		       n == 4 && !strcmp(argv[0], "xs") &&
			       !strcmp(argv[2], "/a") && !strcmp(argv[3], "b"),
		       "%d words", n);
}

unsigned int selftest_run(void)
{
	unsigned int i;

	passed = failed = 0;
	test_page_alloc();
	test_page_exhaust();
	test_paging();
	test_trap();
	test_threads();
	test_clock();
	test_args();
	test_heap();
	platform_selftest();
	for (i = 0; i < SELFTEST_MAX_EXTRA && extra[i]; i++)
		extra[i]();
	kprintf("SELFTEST %u passed, %u failed\n", passed, failed);
	return failed;
}
