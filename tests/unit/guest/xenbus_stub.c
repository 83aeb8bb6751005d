/* SPDX-License-Identifier: MIT */
/* Host stand-ins for the kernel services the xenbus client uses. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../../guest-patches/kernel/thread.h"
#include "../../../guest-patches/pv/evtchn.h"
#include "xenbus_stub.h"

void (*stub_on_send)(void);
bool (*stub_on_wait)(void);
unsigned int stub_sends;

static evtchn_handler_fn *handler;
static void *handler_data;
static evtchn_port_t handler_port;

void stub_store_kick(void)
{
	if (handler)
		handler(handler_port, handler_data);
}

void stub_reset(void)
{
	stub_on_send = NULL;
	stub_on_wait = NULL;
	stub_sends = 0;
}

int evtchn_attach(evtchn_port_t port, evtchn_handler_fn *fn, void *data)
{
	if (handler)
		return -EBUSY;
	handler = fn;
	handler_data = data;
	handler_port = port;
	return 0;
}

int evtchn_send(evtchn_port_t port)
{
	CU_ASSERT_EQUAL(port, handler_port);
	stub_sends++;
	if (stub_on_send)
		stub_on_send();
	return 0;
}

int thread_create(const char *name, void (*fn)(void *), void *arg)
{
	(void)name;
	(void)fn;
	(void)arg;
	return 1;
}

uint32_t thread_wait_count(const struct thread_waitq *q)
{
	return q->count;
}

void thread_wait(struct thread_waitq *q, uint32_t seen)
{
	if (q->count != seen)
		return;
	if (stub_on_wait && stub_on_wait() && q->count != seen)
		return;
	fprintf(stderr, "xenbus waited for an event nothing can send\n");
	abort();
}

void thread_wake(struct thread_waitq *q)
{
	q->count++;
}
