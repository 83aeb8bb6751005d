/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the DomU's end of the console ring
 * (drivers/frontend/consfront.c):
 * the real source against stand-ins for paging, event channels, the
 * console's wake-up and the yield hypercall, defined here.  The "backend"
 * is this file: it reads out[], fills in[], and sometimes writes
 * impossible indexes.
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <xen/io/console.h>
#include "cunit_run.h"
#include "drivers/frontend/consfront.h"
#include "guest-patches/kernel/console.h"
#include "guest-patches/kernel/page_alloc.h"
#include "guest-patches/kernel/paging.h"
#include "guest-patches/pv/evtchn.h"
#include "guest-patches/pv/hypercall.h"

#define PORT	2

static struct xencons_interface *page;
static evtchn_handler_fn *handler;
static int sends, yields, woken, drain_on_yield;

int paging_map(uint64_t va, uint64_t pa, unsigned int flags)
{
	CU_ASSERT_EQUAL(va, pa);
	CU_ASSERT_EQUAL(flags, PAGING_WRITE);
	return 0;
}

int paging_unmap(uint64_t va)
{
	(void)va;
	return 0;
}

int evtchn_attach(evtchn_port_t port, evtchn_handler_fn *fn, void *data)
{
	(void)data;
	CU_ASSERT_EQUAL(port, PORT);
	handler = fn;
	return 0;
}

int evtchn_send(evtchn_port_t port)
{
	CU_ASSERT_EQUAL(port, PORT);
	sends++;
	return 0;
}

/* pv/console.c's: wakes the readers in console_wait_input(). */
void console_wake_input(void)
{
	woken++;
}

/* SCHEDOP_yield: the backend may run and drain the ring meanwhile. */
long hypercall_raw(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5)
{
	(void)a2;
	(void)a3;
	(void)a4;
	(void)a5;
	CU_ASSERT_EQUAL(nr, __HYPERVISOR_sched_op);
	CU_ASSERT_EQUAL(a1, SCHEDOP_yield);
	yields++;
	if (drain_on_yield)
		page->out_cons = page->out_prod;
	return 0;
}

static int setup(void)
{
	free(page);
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!page)
		return 1;
	memset(page, 0, PAGE_SIZE);
	sends = yields = woken = drain_on_yield = 0;
	return consfront_init((uintptr_t)page / PAGE_SIZE, PORT);
}

static void test_write_notifies(void)
{
	CU_ASSERT_FALSE(setup());
	consfront.write("hello\n", 6);
	CU_ASSERT_EQUAL(page->out_prod, 6);
	CU_ASSERT_EQUAL(memcmp(page->out, "hello\n", 6), 0);
	CU_ASSERT_TRUE(sends > 0);
	CU_ASSERT_EQUAL(yields, 0);
}

static void test_full_ring_waits(void)
{
	static char big[3 * sizeof(page->out)];

	CU_ASSERT_FALSE(setup());
	memset(big, 'x', sizeof(big));
	drain_on_yield = 1;
	consfront.write(big, sizeof(big));
	CU_ASSERT_EQUAL(page->out_prod, sizeof(big));
	CU_ASSERT_EQUAL(yields, 2);
}

static void test_stalled_backend_drops(void)
{
	static char big[sizeof(page->out) + 10];

	CU_ASSERT_FALSE(setup());
	consfront.write(big, sizeof(big));
	CU_ASSERT_EQUAL(page->out_prod, sizeof(page->out));
	CU_ASSERT_TRUE(yields > 0);
	yields = 0;
	consfront.write("more", 4);	/* still full: dropped at once */
	CU_ASSERT_EQUAL(yields, 0);
	page->out_cons = page->out_prod;	/* the backend is back */
	consfront.write("back", 4);
	CU_ASSERT_EQUAL(page->out_prod, sizeof(page->out) + 4);
}

static void test_bad_consumer_is_full(void)
{
	CU_ASSERT_FALSE(setup());
	page->out_cons = 0x80000000u;	/* impossible: ahead of us */
	consfront.write("abc", 3);
	CU_ASSERT_EQUAL(page->out_prod, 0);	/* nothing written anywhere */
}

static void test_read_and_wake(void)
{
	CU_ASSERT_FALSE(setup());
	CU_ASSERT_EQUAL(consfront.getc(), -1);
	CU_ASSERT_EQUAL(consfront.input(), PV_INPUT_EVENT);
	memcpy(page->in, "ok", 2);
	page->in_prod = 2;
	handler(PORT, NULL);
	CU_ASSERT_EQUAL(woken, 1);	/* the readers waiting for input */
	CU_ASSERT_EQUAL(consfront.input(), PV_INPUT_WAITING);
	CU_ASSERT_EQUAL(page->in_cons, 0);	/* looking takes nothing */
	CU_ASSERT_EQUAL(consfront.getc(), 'o');
	CU_ASSERT_EQUAL(consfront.getc(), 'k');
	CU_ASSERT_EQUAL(consfront.getc(), -1);
	CU_ASSERT_EQUAL(consfront.input(), PV_INPUT_EVENT);
	CU_ASSERT_EQUAL(page->in_cons, 2);
}

static void test_read_wraps(void)
{
	CU_ASSERT_FALSE(setup());
	page->in[sizeof(page->in) - 1] = 'a';
	page->in[0] = 'b';
	page->in_cons = page->in_prod = sizeof(page->in) - 1;
	CU_ASSERT_FALSE(consfront_init((uintptr_t)page / PAGE_SIZE, PORT));
	page->in_prod += 2;
	CU_ASSERT_EQUAL(consfront.getc(), 'a');
	CU_ASSERT_EQUAL(consfront.getc(), 'b');
}

static void test_bad_producer_is_empty(void)
{
	CU_ASSERT_FALSE(setup());
	page->in_prod = sizeof(page->in) + 1;	/* more than a ring ahead */
	CU_ASSERT_EQUAL(consfront.getc(), -1);
	/* Nothing to read, so a reader waits for the next event: no spin. */
	CU_ASSERT_EQUAL(consfront.input(), PV_INPUT_EVENT);
	CU_ASSERT_EQUAL(page->in_cons, 0);
}

int main(void)
{
	CU_pSuite s;
	int rc;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/consfront", NULL, NULL);
	CU_add_test(s, "write_notifies", test_write_notifies);
	CU_add_test(s, "full_ring_waits", test_full_ring_waits);
	CU_add_test(s, "stalled_backend_drops", test_stalled_backend_drops);
	CU_add_test(s, "bad_consumer_is_full", test_bad_consumer_is_full);
	CU_add_test(s, "read_and_wake", test_read_and_wake);
	CU_add_test(s, "read_wraps", test_read_wraps);
	CU_add_test(s, "bad_producer_is_empty", test_bad_producer_is_empty);
	rc = cunit_run();
	free(page);
	return rc;
}
