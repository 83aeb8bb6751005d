/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the event-channel port table (pv/evtchn_table.c): it
 * grows on demand past the old fixed 1024 ports to every port of the
 * 2-level ABI, a slot never moves once grown, and growers racing each
 * other and a dispatcher reading meanwhile (threads standing in for
 * vCPUs) see one table.  The table is the process's: the tests run in
 * order, the first on an empty table.  The table's allocations go through
 * slow_calloc() (unit.mk builds it with -Dcalloc=slow_calloc), which
 * sleeps first, so that racing growers do meet between looking for a
 * bucket and publishing theirs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include "../../../guest-patches/pv/evtchn_table.h"
#include "cunit_run.h"

#define RACED_PORTS 2048 /* the lower half, grown by racing threads */

void *slow_calloc(size_t n, size_t size)
{
	void *p = malloc(n * size);

	usleep(300);
	return p ? memset(p, 0, n * size) : NULL;
}

static void test_empty(void)
{
	int err = 0;

	/* only the first bucket, there without the heap */
	CU_ASSERT_EQUAL(evtchn_table_ports(), EVTCHN_TABLE_BUCKET_PORTS);
	CU_ASSERT_PTR_NOT_NULL(evtchn_table_find(1));
	CU_ASSERT_PTR_NOT_NULL(evtchn_table_find(EVTCHN_TABLE_BUCKET_PORTS - 1));
	CU_ASSERT_PTR_NULL(evtchn_table_find(EVTCHN_TABLE_BUCKET_PORTS));
	CU_ASSERT_PTR_NULL(evtchn_table_find(0));
	CU_ASSERT_PTR_NULL(evtchn_table_grow(0, &err));
	CU_ASSERT_EQUAL(err, -ENOSPC);
	err = 0;
	CU_ASSERT_PTR_NULL(evtchn_table_grow(EVTCHN_MAX_PORTS, &err));
	CU_ASSERT_EQUAL(err, -ENOSPC);
	CU_ASSERT_EQUAL(evtchn_table_ports(), EVTCHN_TABLE_BUCKET_PORTS);
}

static struct evtchn_slot *grown_a[RACED_PORTS], *grown_b[RACED_PORTS];
static pthread_barrier_t start; /* the two growers set off together */
static volatile int stop;
static unsigned long calls, wrong;

/* What a handler of port p is given: p itself, so the reader can check. */
static void handler(evtchn_port_t port, void *data)
{
	calls++;
	if ((uintptr_t)data != port)
		wrong++;
}

/* Binds every raced port, lowest first: grows, fills, publishes fn. */
static void *grow_and_bind(void *arg)
{
	evtchn_port_t p;
	int err;

	(void)arg;
	pthread_barrier_wait(&start);
	for (p = 1; p < RACED_PORTS; p++) {
		grown_a[p] = evtchn_table_grow(p, &err);
		if (!grown_a[p])
			continue;
		grown_a[p]->data = (void *)(uintptr_t)p;
		__atomic_store_n(&grown_a[p]->fn, handler, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Grows the same ports in the same order, racing grow_and_bind(). */
static void *grow_too(void *arg)
{
	evtchn_port_t p;
	int err;

	(void)arg;
	pthread_barrier_wait(&start);
	for (p = 1; p < RACED_PORTS; p++)
		grown_b[p] = evtchn_table_grow(p, &err);
	return NULL;
}

/* As the upcall does: find, load fn (acquire), call it with its data. */
static void dispatch_all(void)
{
	struct evtchn_slot *s;
	evtchn_handler_fn *fn;
	evtchn_port_t p;

	for (p = 1; p < RACED_PORTS; p++) {
		s = evtchn_table_find(p);
		fn = s ? __atomic_load_n(&s->fn, __ATOMIC_ACQUIRE) : NULL;
		if (fn)
			fn(p, s->data);
	}
}

static void *dispatcher(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
		dispatch_all();
	return NULL;
}

static void test_racing_growth(void)
{
	pthread_t a, b, d;
	evtchn_port_t p;

	pthread_barrier_init(&start, NULL, 2);
	CU_ASSERT_FATAL(pthread_create(&d, NULL, dispatcher, NULL) == 0);
	CU_ASSERT_FATAL(pthread_create(&a, NULL, grow_and_bind, NULL) == 0);
	CU_ASSERT_FATAL(pthread_create(&b, NULL, grow_too, NULL) == 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(d, NULL);
	pthread_barrier_destroy(&start);
	calls = 0;
	dispatch_all(); /* now every raced port has its handler */
	CU_ASSERT_EQUAL(calls, RACED_PORTS - 1);
	CU_ASSERT_EQUAL(wrong, 0);
	for (p = 1; p < RACED_PORTS; p++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(grown_a[p]);
		/* one bucket per range, whoever grew it */
		CU_ASSERT_PTR_EQUAL(grown_a[p], grown_b[p]);
		CU_ASSERT_PTR_EQUAL(grown_a[p], evtchn_table_find(p));
	}
	CU_ASSERT_EQUAL(evtchn_table_ports(), RACED_PORTS);
}

/*
 * Past the old limit of 1024 to the last port: the raced slots stay
 * where they were, with their handlers, while the rest grows.
 */
static void test_grow_to_the_end(void)
{
	struct evtchn_slot *s;
	evtchn_port_t p;
	int err = 0;

	CU_ASSERT(EVTCHN_MAX_PORTS >= 4096);
	CU_ASSERT_PTR_NULL(evtchn_table_find(RACED_PORTS));
	for (p = RACED_PORTS; p < EVTCHN_MAX_PORTS; p++) {
		s = evtchn_table_grow(p, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_PTR_NULL(s->fn); /* a new bucket is zeroed */
		s->data = (void *)(uintptr_t)p;
	}
	for (p = 1; p < RACED_PORTS; p++)
		CU_ASSERT_PTR_EQUAL(evtchn_table_find(p), grown_a[p]);
	for (p = 1; p < EVTCHN_MAX_PORTS; p++)
		CU_ASSERT_EQUAL((uintptr_t)evtchn_table_find(p)->data, p);
	CU_ASSERT_EQUAL(evtchn_table_ports(), EVTCHN_MAX_PORTS);
	CU_ASSERT_PTR_NULL(evtchn_table_grow(EVTCHN_MAX_PORTS, &err));
	CU_ASSERT_EQUAL(err, -ENOSPC);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("guest/evtchn-table", NULL, NULL);
	CU_add_test(s, "empty", test_empty);
	CU_add_test(s, "racing_growth", test_racing_growth);
	CU_add_test(s, "grow_to_the_end", test_grow_to_the_end);
	return cunit_run();
}
