/* SPDX-License-Identifier: MIT */
/*
 * The FIFO event-channel ABI (evtchn_fifo.c) through evtchn.c, on a fake
 * domain whose control block and event array are pages of its RAM: the
 * argument checks of init_control, expand_array and set_priority, the
 * queues a guest reads (ready bits, heads, LINK fields) in priority order,
 * masking, events kept while the array is short, queue changes, and the
 * way back to the 2-level ABI.  The scheduler stubs are test_evtchn.c's.
 */
#include <errno.h>
#include <string.h>
#include <hv/evtchn.h>
#include <hv/evtchn_fifo.h>
#include <hv/shared_info.h>

#include "cunit_run.h"
#include "harness.h"

#define PAGES		16
#define CB_GFN		2
#define CB_OFFSET	64
#define ARRAY_GFN	3
#define ARG		0x1000ULL
#define NOT_RAM		1000

static struct harness_guest g;

static int setup(void)
{
	if (!harness_guest_create(&g, 1, false, PAGES) ||
	    shared_info_domain_init(&g.d))
		return 1;
	evtchn_domain_init(&g.d, ~0u);
	g.v.state = VCPU_RUNNABLE;
	/* A guest hands over zeroed pages. */
	memset(harness_gpa(&g, CB_GFN << PAGE_SHIFT), 0, PAGE_SIZE);
	memset(harness_gpa(&g, ARRAY_GFN << PAGE_SHIFT), 0, PAGE_SIZE);
	return 0;
}

static int teardown(void)
{
	evtchn_domain_destroy(&g.d);
	shared_info_domain_destroy(&g.d);
	harness_guest_destroy(&g);
	return 0;
}

#define FRESH()                                                            \
	do {                                                               \
		teardown();                                                \
		CU_ASSERT_FATAL(setup() == 0);                             \
	} while (0)

static struct evtchn_fifo_control_block *cb(void)
{
	return (void *)((char *)harness_gpa(&g, CB_GFN << PAGE_SHIFT) + CB_OFFSET);
}

static event_word_t *word(evtchn_port_t p)
{
	return (event_word_t *)harness_gpa(&g, ARRAY_GFN << PAGE_SHIFT) + p;
}

static bool has(evtchn_port_t p, unsigned int bit)
{
	return (*word(p) >> bit) & 1;
}

static int init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control a = { .control_gfn = gfn, .offset = offset,
					 .vcpu = vcpu };

	return evtchn_fifo_init_control(&g.d, &a);
}

static int expand(uint64_t gfn)
{
	struct evtchn_expand_array a = { .array_gfn = gfn };

	return evtchn_fifo_expand_array(&g.d, &a);
}

static int set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority a = { .port = port, .priority = prio };

	return evtchn_fifo_set_priority(&g.d, &a);
}

static uint8_t upcall_pending(void)
{
	return vcpu_info_of(&g.v)->evtchn_upcall_pending;
}

/* The guest consuming the head of a queue: clears LINKED and PENDING. */
static evtchn_port_t consume(unsigned int prio)
{
	evtchn_port_t p = cb()->head[prio];

	cb()->head[prio] = *word(p) & EVTCHN_FIFO_LINK_MASK;
	*word(p) &= ~((1u << EVTCHN_FIFO_LINKED) | (1u << EVTCHN_FIFO_PENDING) |
		      EVTCHN_FIFO_LINK_MASK);
	if (!cb()->head[prio])
		cb()->ready &= ~(1u << prio);
	return p;
}

static evtchn_port_t ipi(void)
{
	evtchn_port_t p = 0;

	CU_ASSERT_FATAL(evtchn_bind_ipi(&g.d, 0, &p) == 0);
	return p;
}

/* FIFO with the control block and one array page in place. */
static void fifo_on(void)
{
	FRESH();
	CU_ASSERT_FATAL(init_control(CB_GFN, CB_OFFSET, 0) == 0);
	CU_ASSERT_FATAL(expand(ARRAY_GFN) == 0);
}

static void init_control_checks(void)
{
	struct evtchn_init_control a = { .control_gfn = CB_GFN };

	FRESH();
	CU_ASSERT_EQUAL(init_control(CB_GFN, 0, 1), -ENOENT);
	CU_ASSERT_EQUAL(init_control(CB_GFN, 4, 0), -EINVAL);
	CU_ASSERT_EQUAL(init_control(CB_GFN, PAGE_SIZE -
			sizeof(struct evtchn_fifo_control_block) + 8, 0), -EINVAL);
	CU_ASSERT_EQUAL(init_control(NOT_RAM, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(init_control(1ULL << 40, 0, 0), -EINVAL);
	CU_ASSERT(g.d.evtchn.ops != &evtchn_fifo_ops);	/* still 2-level */
	CU_ASSERT_EQUAL(evtchn_fifo_init_control(&g.d, &a), 0);
	CU_ASSERT_EQUAL(a.link_bits, EVTCHN_FIFO_LINK_BITS);
	CU_ASSERT(g.d.evtchn.ops == &evtchn_fifo_ops);
	CU_ASSERT_EQUAL(init_control(CB_GFN + 1, 0, 0), -EINVAL); /* twice */
	/* The last offset that keeps the block in the page is taken. */
	FRESH();
	CU_ASSERT_EQUAL(init_control(CB_GFN, PAGE_SIZE -
			sizeof(struct evtchn_fifo_control_block), 0), 0);
}

static void expand_and_priority_checks(void)
{
	unsigned int i, ok = 0;

	FRESH();
	CU_ASSERT_EQUAL(expand(ARRAY_GFN), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(set_priority(1, 3), -ENOSYS);
	CU_ASSERT_FATAL(init_control(CB_GFN, CB_OFFSET, 0) == 0);
	CU_ASSERT_EQUAL(expand(NOT_RAM), -EINVAL);
	CU_ASSERT_EQUAL(expand(ARRAY_GFN), 0);
	/* Up to Xen's 2^17 ports: 128 pages (one page again and again here). */
	for (i = 1; i < EVTCHN_FIFO_MAX_PAGES; i++)
		ok += expand(ARRAY_GFN + 1) == 0;
	CU_ASSERT_EQUAL(ok, EVTCHN_FIFO_MAX_PAGES - 1);
	CU_ASSERT_EQUAL(expand(ARRAY_GFN + 1), -ENOSPC);
	CU_ASSERT_EQUAL(set_priority(EVTCHN_BUCKET_PORTS, 3), -EINVAL); /* none yet */
	CU_ASSERT_EQUAL(set_priority(1, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
	CU_ASSERT_EQUAL(set_priority(1, EVTCHN_FIFO_PRIORITY_MIN), 0);
}

/*
 * Past the 2-level ABI's 4096 ports: the table grows bucket by bucket,
 * and a port in the fifth array page is queued there.  Back on the
 * 2-level ABI (reset), ports from 4096 on are gone.
 */
static void ports_past_4096(void)
{
	evtchn_port_t p = 0, last = 0;
	event_word_t *w;
	unsigned int i;

	fifo_on();
	for (i = 1; i <= 4; i++)
		CU_ASSERT_FATAL(expand(ARRAY_GFN + i) == 0);
	while (last < 4500 && evtchn_bind_ipi(&g.d, 0, &p) == 0)
		last = p;
	CU_ASSERT_EQUAL_FATAL(last, 4500);
	CU_ASSERT_EQUAL(g.d.evtchn.nr_buckets, 4500 / EVTCHN_BUCKET_PORTS + 1);
	CU_ASSERT_EQUAL(set_priority(last, 3), 0);
	CU_ASSERT_EQUAL(evtchn_send(&g.d, last), 0);
	w = (event_word_t *)harness_gpa(&g, (ARRAY_GFN + 4) << PAGE_SHIFT) +
	    last % EVTCHN_FIFO_WORDS_PER_PAGE;
	CU_ASSERT(*w & (1u << EVTCHN_FIFO_PENDING) && *w & (1u << EVTCHN_FIFO_LINKED));
	CU_ASSERT(cb()->head[3] == last && cb()->ready == 1u << 3);
	evtchn_reset(&g.d);
	CU_ASSERT_EQUAL(evtchn_send(&g.d, 4096), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_send(&g.d, 4095), -EINVAL);	/* free again */
	CU_ASSERT(evtchn_bind_ipi(&g.d, 0, &p) == 0 && p == 1);
}

static void queues_in_priority_order(void)
{
	evtchn_port_t a, b, c;

	fifo_on();
	a = ipi();
	b = ipi();
	c = ipi();
	CU_ASSERT(set_priority(a, 10) == 0 && set_priority(b, 2) == 0 &&
		  set_priority(c, 10) == 0);
	CU_ASSERT_EQUAL(upcall_pending(), 0);
	CU_ASSERT(evtchn_send(&g.d, a) == 0 && evtchn_send(&g.d, b) == 0 &&
		  evtchn_send(&g.d, c) == 0);
	CU_ASSERT_EQUAL(upcall_pending(), 1);
	CU_ASSERT_EQUAL(cb()->ready, (1u << 2) | (1u << 10));
	CU_ASSERT_EQUAL(cb()->head[2], b);
	CU_ASSERT_EQUAL(cb()->head[10], a);
	CU_ASSERT_EQUAL(*word(a) & EVTCHN_FIFO_LINK_MASK, c);
	CU_ASSERT(has(a, EVTCHN_FIFO_PENDING) && has(a, EVTCHN_FIFO_LINKED));
	/* The 2-level bitmap is left alone. */
	CU_ASSERT_EQUAL(shared_info_of(&g.d)->evtchn_pending[0], 0);
	/* Highest priority first, then FIFO order within a queue. */
	CU_ASSERT_EQUAL(consume(2), b);
	CU_ASSERT_EQUAL(consume(10), a);
	CU_ASSERT_EQUAL(consume(10), c);
	CU_ASSERT_EQUAL(cb()->ready, 0);
	/* Sent again while linked: not linked twice. */
	evtchn_send(&g.d, a);
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(cb()->head[10], a);
	CU_ASSERT_EQUAL(*word(a) & EVTCHN_FIFO_LINK_MASK, 0);
}

static void consumed_tail_starts_new_head(void)
{
	evtchn_port_t a, b;

	fifo_on();
	a = ipi();
	b = ipi();
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(consume(EVTCHN_FIFO_PRIORITY_DEFAULT), a);
	vcpu_info_of(&g.v)->evtchn_upcall_pending = 0;
	evtchn_send(&g.d, b);
	CU_ASSERT_EQUAL(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
	CU_ASSERT_EQUAL(*word(a) & EVTCHN_FIFO_LINK_MASK, 0);
	CU_ASSERT_EQUAL(upcall_pending(), 1);
	/* The same port again after it was consumed: no link to itself. */
	CU_ASSERT_EQUAL(consume(EVTCHN_FIFO_PRIORITY_DEFAULT), b);
	evtchn_send(&g.d, b);
	CU_ASSERT_EQUAL(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
	CU_ASSERT_EQUAL(*word(b) & EVTCHN_FIFO_LINK_MASK, 0);
}

static void masked_waits_for_unmask(void)
{
	evtchn_port_t a;

	fifo_on();
	a = ipi();
	*word(a) |= 1u << EVTCHN_FIFO_MASKED;
	evtchn_send(&g.d, a);
	CU_ASSERT(has(a, EVTCHN_FIFO_PENDING) && !has(a, EVTCHN_FIFO_LINKED));
	CU_ASSERT(cb()->ready == 0 && upcall_pending() == 0);
	CU_ASSERT_EQUAL(evtchn_unmask(&g.d, a), 0);
	CU_ASSERT(!has(a, EVTCHN_FIFO_MASKED) && has(a, EVTCHN_FIFO_LINKED));
	CU_ASSERT_EQUAL(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
	CU_ASSERT_EQUAL(upcall_pending(), 1);
}

static void kept_until_array_covers_port(void)
{
	evtchn_port_t a;

	FRESH();
	a = ipi();
	/* 2-level by default: the event lands in the shared_info bitmap. */
	evtchn_send(&g.d, a);
	CU_ASSERT((shared_info_of(&g.d)->evtchn_pending[0] >> a) & 1);
	CU_ASSERT_FATAL(init_control(CB_GFN, CB_OFFSET, 0) == 0);
	evtchn_send(&g.d, ipi());	/* no array yet: remembered */
	CU_ASSERT_EQUAL(cb()->ready, 0);
	CU_ASSERT_FATAL(expand(ARRAY_GFN) == 0);
	CU_ASSERT(has(a, EVTCHN_FIFO_PENDING) && has(a, EVTCHN_FIFO_LINKED));
	CU_ASSERT(has(a + 1, EVTCHN_FIFO_PENDING));
	CU_ASSERT_EQUAL(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
	CU_ASSERT_EQUAL(*word(a) & EVTCHN_FIFO_LINK_MASK, a + 1);
}

/*
 * A port that was the tail of one queue and moves to another must empty
 * the first: else the next event of the first queue would be linked
 * behind it, into the second.
 */
static void priority_change_empties_old_queue(void)
{
	evtchn_port_t a, b;
	unsigned int def = EVTCHN_FIFO_PRIORITY_DEFAULT;

	fifo_on();
	a = ipi();
	b = ipi();
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(consume(def), a);
	set_priority(a, 3);
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(cb()->head[3], a);
	evtchn_send(&g.d, b);
	CU_ASSERT_EQUAL(cb()->head[def], b);
	CU_ASSERT_EQUAL(*word(a) & EVTCHN_FIFO_LINK_MASK, 0);
	CU_ASSERT_EQUAL(cb()->ready, (1u << 3) | (1u << def));
}

static void close_clears_pending_and_priority(void)
{
	evtchn_port_t a;

	fifo_on();
	a = ipi();
	set_priority(a, 1);
	*word(a) |= 1u << EVTCHN_FIFO_MASKED;
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(evtchn_close(&g.d, a), 0);
	CU_ASSERT(!has(a, EVTCHN_FIFO_PENDING) && has(a, EVTCHN_FIFO_MASKED));
	*word(a) = 0;
	CU_ASSERT_EQUAL(ipi(), a);
	evtchn_send(&g.d, a);
	CU_ASSERT_EQUAL(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
}

static void pages_pinned_until_reset(void)
{
	paddr_t cb_page = virt_to_maddr(harness_gpa(&g, CB_GFN << PAGE_SHIFT));
	paddr_t array = virt_to_maddr(harness_gpa(&g, ARRAY_GFN << PAGE_SHIFT));
	evtchn_port_t a;

	fifo_on();
	CU_ASSERT(shared_info_frame_in_use(&g.d, cb_page));
	CU_ASSERT(shared_info_frame_in_use(&g.d, array));
	a = ipi();
	evtchn_reset(&g.d);
	CU_ASSERT(g.d.evtchn.ops != &evtchn_fifo_ops);
	CU_ASSERT(!shared_info_frame_in_use(&g.d, cb_page));
	CU_ASSERT(!shared_info_frame_in_use(&g.d, array));
	/* Back on the 2-level ABI: the bitmap again. */
	CU_ASSERT_EQUAL(ipi(), a);
	*word(a) = 0;
	evtchn_send(&g.d, a);
	CU_ASSERT((shared_info_of(&g.d)->evtchn_pending[0] >> a) & 1);
	CU_ASSERT_EQUAL(*word(a), 0);
	CU_ASSERT_EQUAL(set_priority(a, 1), -ENOSYS);
}

static void hypercall_copies_link_bits(void)
{
	struct evtchn_init_control a = { .control_gfn = CB_GFN, .offset = 8 };
	unsigned long args[5] = { EVTCHNOP_init_control, ARG, 0, 0, 0 };
	struct evtchn_init_control *out = harness_gpa(&g, ARG);

	FRESH();
	memcpy(out, &a, sizeof(a));
	CU_ASSERT_EQUAL(do_event_channel_op(&g.v, args), 0);
	CU_ASSERT_EQUAL(out->link_bits, EVTCHN_FIFO_LINK_BITS);
	args[0] = EVTCHNOP_set_priority;
	((struct evtchn_set_priority *)out)->port = 1;
	((struct evtchn_set_priority *)out)->priority = 99;
	CU_ASSERT_EQUAL(do_event_channel_op(&g.v, args), -EINVAL);
	args[0] = EVTCHNOP_expand_array;
	((struct evtchn_expand_array *)out)->array_gfn = NOT_RAM;
	CU_ASSERT_EQUAL(do_event_channel_op(&g.v, args), -EINVAL);
}

static const struct harness_test tests[] = {
	{ "init_control_checks", init_control_checks },
	{ "expand_and_priority_checks", expand_and_priority_checks },
	{ "ports_past_4096", ports_past_4096 },
	{ "queues_in_priority_order", queues_in_priority_order },
	{ "consumed_tail_starts_new_head", consumed_tail_starts_new_head },
	{ "masked_waits_for_unmask", masked_waits_for_unmask },
	{ "kept_until_array_covers_port", kept_until_array_covers_port },
	{ "priority_change_empties_old_queue", priority_change_empties_old_queue },
	{ "close_clears_pending_and_priority", close_clears_pending_and_priority },
	{ "pages_pinned_until_reset", pages_pinned_until_reset },
	{ "hypercall_copies_link_bits", hypercall_copies_link_bits },
};

void harness_add_evtchn_fifo_suite(void)
{
	harness_add_suite_init("evtchn_fifo", setup, teardown, tests,
			       ARRAY_SIZE(tests));
}
