/* SPDX-License-Identifier: MIT */
/*
 * The FIFO event-channel test guest: a domain starts on the 2-level ABI,
 * EVTCHNOP_init_control, expand_array and set_priority are refused with
 * Xen's error codes for bad frames, offsets, vCPUs, ports and priorities,
 * then the guest switches to FIFO and checks that events reach its upcall
 * highest priority first and in order within a priority, that a masked
 * event waits for EVTCHNOP_unmask, and that EVTCHNOP_reset takes it back
 * to the 2-level ABI.  Past 1024 ports: the event array grows to five
 * pages (and to Xen's limit, 128, refused beyond), and an IPI bound as
 * port 4200 or above (more than the 2-level ABI's 4096) is queued and
 * delivered, and binding stops with -ENOSPC past the domain's own limit
 * (its max_evtchn_port: events.sh gives this domain 4300), far below the
 * FIFO ABI's 2^17.  The consumer below follows the ABI as Linux's
 * does: a local copy of each queue's head, LINKED cleared with a cmpxchg.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <xen/sched.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "events.h"
#include "pv.h"

#define CB_OFFSET	64
#define NOT_RAM_GFN	0xfff00UL	/* far above an 8 MiB domain */
#define MAX_SEEN	16
#define ARRAY_PAGES	5
#define MANY_PORTS	4200	/* past the 2-level ABI's 4096 */
#define MAX_PORT	4300	/* domU_max_evtchn_port of d4 in events.sh */

static uint8_t cb_page[4096] __attribute__((aligned(4096)));
static event_word_t array[ARRAY_PAGES * 1024] __attribute__((aligned(4096)));
/* A page added to the array again and again up to Xen's limit (unused). */
static uint8_t spare[4096] __attribute__((aligned(4096)));
static struct evtchn_fifo_control_block *const cb =
	(void *)(cb_page + CB_OFFSET);
static uint32_t head[EVTCHN_FIFO_MAX_QUEUES];	/* the guest's own copy */
static volatile evtchn_port_t seen[MAX_SEEN];
static volatile unsigned int nr_seen;

#define W(bit)	(1u << (bit))

/* Clears LINKED (and LINK) of port's word; returns the LINK it held. */
static uint32_t clear_linked(evtchn_port_t port)
{
	event_word_t w = __atomic_load_n(&array[port], __ATOMIC_SEQ_CST), n;

	do {
		n = w & ~(W(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
	} while (!__atomic_compare_exchange_n(&array[port], &w, n, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return w & EVTCHN_FIFO_LINK_MASK;
}

/* Takes the head event of queue prio and handles it. */
static void consume(unsigned int prio)
{
	evtchn_port_t port = head[prio];
	event_word_t w;

	if (!port)
		port = __atomic_load_n(&cb->head[prio], __ATOMIC_SEQ_CST);
	head[prio] = clear_linked(port);
	if (!head[prio])
		__atomic_fetch_and(&cb->ready, ~W(prio), __ATOMIC_SEQ_CST);
	w = __atomic_fetch_and(&array[port], ~W(EVTCHN_FIFO_PENDING),
			       __ATOMIC_SEQ_CST);
	if ((w & W(EVTCHN_FIFO_PENDING)) && !(w & W(EVTCHN_FIFO_MASKED)) &&
	    nr_seen < MAX_SEEN)
		seen[nr_seen++] = port;
}

static void fifo_upcall(void)
{
	uint32_t ready;

	vcpu_info->evtchn_upcall_pending = 0;
	while ((ready = __atomic_load_n(&cb->ready, __ATOMIC_SEQ_CST)))
		consume((unsigned int)__builtin_ctz(ready));
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu,
			 uint8_t *link_bits)
{
	struct evtchn_init_control a = { .control_gfn = gfn, .offset = offset,
					 .vcpu = vcpu };
	long rc = ev_op(EVTCHNOP_init_control, &a);

	if (link_bits)
		*link_bits = a.link_bits;
	return rc;
}

static long expand(uint64_t gfn)
{
	struct evtchn_expand_array a = { .array_gfn = gfn };

	return ev_op(EVTCHNOP_expand_array, &a);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority a = { .port = port, .priority = prio };

	return ev_op(EVTCHNOP_set_priority, &a);
}

static void test_two_level_default(void)
{
	long p = ev_bind_ipi();

	EXPECT_TRUE("fifo/bind-before", p > 0);
	ev_send((evtchn_port_t)p);
	EXPECT_EQ("fifo/two-level-by-default", ev_count[p], 1);
	EXPECT_EQ("fifo/expand-before-init", expand((uintptr_t)array >> 12),
		  -EOPNOTSUPP);
	EXPECT_EQ("fifo/priority-before-init", set_priority((evtchn_port_t)p, 1),
		  -ENOSYS);
	ev_close((evtchn_port_t)p);
}

static void test_bad_args(void)
{
	uint64_t gfn = (uintptr_t)cb_page >> 12;

	EXPECT_EQ("fifo/bad-frame", init_control(NOT_RAM_GFN, 0, 0, NULL), -EINVAL);
	EXPECT_EQ("fifo/bad-frame-huge", init_control(1ULL << 40, 0, 0, NULL),
		  -EINVAL);
	EXPECT_EQ("fifo/bad-offset-unaligned", init_control(gfn, 4, 0, NULL),
		  -EINVAL);
	EXPECT_EQ("fifo/bad-offset-crosses-page",
		  init_control(gfn, 4096 - 8, 0, NULL), -EINVAL);
	EXPECT_EQ("fifo/bad-vcpu", init_control(gfn, 0, 7, NULL), -ENOENT);
}

static void test_switch(void)
{
	uint8_t bits = 0;
	unsigned int i, ok;

	__asm__ volatile("cli" ::: "memory");
	ev_upcall_hook = fifo_upcall;
	EXPECT_EQ("fifo/init-control",
		  init_control((uintptr_t)cb_page >> 12, CB_OFFSET, 0, &bits), 0);
	EXPECT_EQ("fifo/link-bits", bits, EVTCHN_FIFO_LINK_BITS);
	EXPECT_EQ("fifo/init-twice",
		  init_control((uintptr_t)cb_page >> 12, 0, 0, NULL), -EINVAL);
	EXPECT_EQ("fifo/expand-bad-frame", expand(NOT_RAM_GFN), -EINVAL);
	EXPECT_EQ("fifo/expand", expand((uintptr_t)array >> 12), 0);
	for (i = 1, ok = 0; i < ARRAY_PAGES; i++)
		ok += expand(((uintptr_t)array >> 12) + i) == 0;
	EXPECT_EQ("fifo/expand-past-1024-ports", ok, ARRAY_PAGES - 1);
	for (i = ARRAY_PAGES, ok = 0; i < EVTCHN_FIFO_NR_CHANNELS / 1024; i++)
		ok += expand((uintptr_t)spare >> 12) == 0;
	EXPECT_EQ("fifo/expand-to-xen-limit", ok,
		  EVTCHN_FIFO_NR_CHANNELS / 1024 - ARRAY_PAGES);
	EXPECT_EQ("fifo/expand-full", expand((uintptr_t)spare >> 12), -ENOSPC);
	EXPECT_EQ("fifo/priority-bad-port",
		  set_priority(EVTCHN_FIFO_NR_CHANNELS, 1), -EINVAL);
	EXPECT_EQ("fifo/priority-port-not-bound-yet", set_priority(2000, 1),
		  -EINVAL);
	EXPECT_EQ("fifo/priority-bad-value",
		  set_priority(1, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
	__asm__ volatile("sti; nop" ::: "memory");
}

static void test_priority_order(void)
{
	evtchn_port_t a = (evtchn_port_t)ev_bind_ipi();
	evtchn_port_t b = (evtchn_port_t)ev_bind_ipi();
	evtchn_port_t c = (evtchn_port_t)ev_bind_ipi();

	EXPECT_TRUE("fifo/priorities-set", set_priority(a, 10) == 0 &&
					   set_priority(b, 2) == 0 &&
					   set_priority(c, 10) == 0);
	nr_seen = 0;
	__asm__ volatile("cli" ::: "memory");
	ev_send(a);
	ev_send(b);
	ev_send(c);
	EXPECT_EQ("fifo/ready-bits", cb->ready, W(2) | W(10));
	EXPECT_EQ("fifo/held-while-cli", nr_seen, 0);
	__asm__ volatile("sti; nop" ::: "memory");
	EXPECT_EQ("fifo/delivered", nr_seen, 3);
	EXPECT_TRUE("fifo/priority-order",
		    seen[0] == b && seen[1] == a && seen[2] == c);
	EXPECT_EQ("fifo/queues-empty", cb->ready, 0);

	/* A masked event waits for EVTCHNOP_unmask. */
	nr_seen = 0;
	__atomic_fetch_or(&array[a], W(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
	ev_send(a);
	EXPECT_TRUE("fifo/masked-held",
		    nr_seen == 0 && (array[a] & W(EVTCHN_FIFO_PENDING)));
	__atomic_fetch_and(&array[a], ~W(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
	{
		struct evtchn_unmask um = { .port = a };

		EXPECT_EQ("fifo/unmask", ev_op(EVTCHNOP_unmask, &um), 0);
	}
	EXPECT_TRUE("fifo/unmask-delivers", nr_seen == 1 && seen[0] == a);
	ev_close(a);
	ev_close(b);
	ev_close(c);
}

/*
 * Ports past 1024 and past 4096: the table grows as they are bound; one
 * of them is queued in the array's fifth page and delivered.  Then the
 * domain's max_evtchn_port ends the table.
 */
static void test_many_ports(void)
{
	evtchn_port_t p = 0;
	long rc = 0;

	while (p < MANY_PORTS && (rc = ev_bind_ipi()) > 0)
		p = (evtchn_port_t)rc;
	EXPECT_EQ("fifo/bind-past-4096", p, MANY_PORTS);
	if (p != MANY_PORTS)
		pv_printf("binding stopped at port %u: %ld\n", p, rc);
	EXPECT_EQ("fifo/priority-high-port", set_priority(p, 4), 0);
	nr_seen = 0;
	__asm__ volatile("cli" ::: "memory");
	ev_send(p);
	EXPECT_TRUE("fifo/high-port-queued",
		    cb->ready == W(4) && cb->head[4] == p &&
			    (array[p] & W(EVTCHN_FIFO_LINKED)));
	__asm__ volatile("sti; nop" ::: "memory");
	EXPECT_TRUE("fifo/high-port-delivered", nr_seen == 1 && seen[0] == p);
	while ((rc = ev_bind_ipi()) > 0)
		p = (evtchn_port_t)rc;
	EXPECT_EQ("fifo/max-evtchn-port", p, MAX_PORT);
	EXPECT_EQ("fifo/max-evtchn-port-enospc", rc, -ENOSPC);
}

static void test_reset(void)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };
	long p;

	__asm__ volatile("cli" ::: "memory");
	EXPECT_EQ("fifo/reset", ev_op(EVTCHNOP_reset, &r), 0);
	ev_upcall_hook = NULL;
	__asm__ volatile("sti; nop" ::: "memory");
	p = ev_bind_ipi();
	ev_send((evtchn_port_t)p);
	EXPECT_TRUE("fifo/reset-back-to-two-level", p > 0 && ev_count[p] == 1);
	EXPECT_EQ("fifo/priority-after-reset", set_priority((evtchn_port_t)p, 1),
		  -ENOSYS);
	/* And FIFO can be chosen again. */
	memset(cb_page, 0, sizeof(cb_page));
	memset(array, 0, sizeof(array));
	EXPECT_EQ("fifo/init-again",
		  init_control((uintptr_t)cb_page >> 12, 0, 0, NULL), 0);
	ev_op(EVTCHNOP_reset, &r);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	long rc;

	(void)start_info;
	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	rc = ev_init();
	EXPECT_EQ("fifo/ev-init", rc, 0);
	if (rc)
		pv_shutdown(SHUTDOWN_crash);
	test_two_level_default();
	test_bad_args();
	test_switch();
	test_priority_order();
	test_many_ports();
	test_reset();
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}
