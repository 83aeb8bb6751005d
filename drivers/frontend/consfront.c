/* SPDX-License-Identifier: MIT */
/*
 * The console frontend, a DomU's end of its console ring
 * (xen/io/console.h): output into
 * out[] (we produce, Dom0's backend consumes), input from in[] (Dom0
 * produces).  Dom0 is trusted more than a guest, but its indexes are still
 * read once and checked: a producer more than a ring ahead is treated as
 * an empty (input) or full (output) ring, never as a size to copy.
 */
#include <errno.h>
#include <stdbool.h>
#include <xen/sched.h>
#include <xen/io/console.h>
#include "../../guest-patches/kernel/console.h"
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/paging.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/hypercall.h"
#include "../ring.h"
#include "consfront.h"

/* Yields to let Dom0 drain a full ring before output is dropped. */
#define FULL_RING_YIELDS	1000

static struct xencons_interface *intf;
static evtchn_port_t port;
static XENCONS_RING_IDX out_prod, in_cons;	/* ours: never read back */
static bool stalled;		/* Dom0 did not drain: drop, do not wait */

/*
 * Dom0 moved an index (in_prod, or out_cons: readers look and wait again).
 * console_wait_input() notes the wake-ups before it looks at in_prod, so
 * an event between a reader's empty check and its wait is not lost.
 */
static void ring_event(evtchn_port_t p, void *data)
{
	(void)p;
	(void)data;
	console_wake_input();
}

int consfront_init(uint64_t pfn, uint32_t evtchn)
{
	uint64_t pa = pfn * PAGE_SIZE;
	int rc = paging_map(pa, pa, PAGING_WRITE);

	if (rc)
		return rc;
	intf = (struct xencons_interface *)(uintptr_t)pa;
	rc = evtchn_attach(evtchn, ring_event, NULL);
	if (rc) {
		paging_unmap(pa);
		intf = NULL;
		return rc;
	}
	port = evtchn;
	out_prod = intf->out_prod;
	in_cons = intf->in_cons;
	return 0;
}

/* Room in out[] now, 0 when full (or when Dom0's index is impossible). */
static size_t out_room(XENCONS_RING_IDX prod)
{
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons,
						__ATOMIC_ACQUIRE);
	uint32_t used;

	if (!ring_used(prod, cons, sizeof(intf->out), &used))
		return 0;
	return sizeof(intf->out) - used;
}

/* Waits for Dom0 to make room; false when it did not (output dropped). */
static bool wait_for_room(XENCONS_RING_IDX prod)
{
	unsigned int i;

	if (stalled)
		return false;
	evtchn_send(port);
	for (i = 0; i < FULL_RING_YIELDS && !out_room(prod); i++)
		hypercall_sched_op(SCHEDOP_yield, NULL);
	stalled = !out_room(prod);
	return !stalled;
}

static void ring_write(const char *s, size_t n)
{
	size_t room;

	while (n) {
		room = out_room(out_prod);
		if (!room) {
			if (!wait_for_room(out_prod))
				break;
			continue;
		}
		stalled = false;
		for (; room && n; room--, n--, out_prod++)
			intf->out[MASK_XENCONS_IDX(out_prod, intf->out)] = *s++;
		__atomic_store_n(&intf->out_prod, out_prod, __ATOMIC_RELEASE);
	}
	evtchn_send(port);
}

/* True when in[] holds a byte for us (Dom0's impossible index: none). */
static bool input_waits(void)
{
	XENCONS_RING_IDX prod = __atomic_load_n(&intf->in_prod,
						__ATOMIC_ACQUIRE);
	uint32_t used;

	return ring_used(prod, in_cons, sizeof(intf->in), &used) && used;
}

static int ring_getc(void)
{
	char c;

	if (!input_waits())
		return -1;
	c = intf->in[MASK_XENCONS_IDX(in_cons++, intf->in)];
	__atomic_store_n(&intf->in_cons, in_cons, __ATOMIC_RELEASE);
	return (unsigned char)c;
}

static enum pv_console_input ring_input(void)
{
	return input_waits() ? PV_INPUT_WAITING : PV_INPUT_EVENT;
}

/* Waits, as for room, until Dom0 consumed everything we produced. */
static void ring_flush(void)
{
	unsigned int i;

	if (stalled)
		return;
	evtchn_send(port);
	for (i = 0; i < FULL_RING_YIELDS &&
		    __atomic_load_n(&intf->out_cons, __ATOMIC_ACQUIRE) != out_prod;
	     i++)
		hypercall_sched_op(SCHEDOP_yield, NULL);
}

static const char *ring_name(void)
{
	return "console ring (console=hvc0; Dom0's backend serves it)";
}

const struct pv_console consfront = {
	.write = ring_write, .getc = ring_getc, .name = ring_name,
	.flush = ring_flush, .input = ring_input,
};
