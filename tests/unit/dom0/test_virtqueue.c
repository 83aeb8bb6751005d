/* SPDX-License-Identifier: MIT */
/*
 * Host tests of split virtqueues (dom0/hw/virtqueue.c).  This file is the
 * device: it reads the available ring and descriptors the driver wrote
 * and writes the used ring, sometimes with values a hostile device could
 * write (ids out of range or not in flight, lengths beyond the chain, a
 * used index far ahead).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "dom0/hw/virtqueue.h"

#define SIZE	8

static struct virtq vq;
static uint8_t *mem;
static uint16_t dev_avail;	/* the device's next avail entry */
static int tok[64];

static void setup(bool event_idx)
{
	free(mem);
	mem = aligned_alloc(4096, 4096);
	memset(mem, 0, 4096);
	dev_avail = 0;
	CU_ASSERT_EQUAL_FATAL(vq_init(&vq, SIZE, mem, (uintptr_t)mem, event_idx), 0);
}

static int add1(int i, uint32_t out_len, uint32_t in_len)
{
	struct vq_buf b[2] = { { 0x1000, out_len }, { 0x2000, in_len } };

	/* A zero length means no such buffer. */
	return vq_add(&vq, out_len ? b : b + 1, out_len ? 1 : 0,
		      in_len ? 1 : 0, &tok[i]);
}

/* The device takes the next available head. */
static uint16_t dev_take(void)
{
	return vq.avail[2 + (dev_avail++ % SIZE)];
}

/* The device reports head as used with len, at the next used slot. */
static void dev_use(uint16_t head, uint32_t len)
{
	volatile uint16_t *u = vq.used;
	struct vq_used_elem *ring = (struct vq_used_elem *)(u + 2);
	uint16_t idx = u[1];

	ring[idx % SIZE].id = head;
	ring[idx % SIZE].len = len;
	u[1] = (uint16_t)(idx + 1);
}

static void test_init_sizes(void)
{
	uint8_t m[4096];

	CU_ASSERT_EQUAL(vq_init(&vq, 0, m, 0, false), -EINVAL);
	CU_ASSERT_EQUAL(vq_init(&vq, 6, m, 0, false), -EINVAL);
	CU_ASSERT_EQUAL(vq_init(&vq, 512, m, 0, false), -EINVAL);
	CU_ASSERT(vq_mem_size(256) <= 2 * 4096);
	setup(false);
	CU_ASSERT_EQUAL(vq.avail_bus - vq.desc_bus, 16 * SIZE);
	CU_ASSERT_EQUAL(vq.used_bus % 4, 0);
}

static void test_chain_layout(void)
{
	struct vq_buf b[3] = { { 0x1000, 16 }, { 0x2000, 512 }, { 0x3000, 1 } };
	uint16_t h, d;

	setup(false);
	CU_ASSERT_EQUAL(vq_add(&vq, b, 1, 2, &tok[0]), 0);
	h = dev_take();
	CU_ASSERT_EQUAL(vq.desc[h].addr, 0x1000);
	CU_ASSERT_EQUAL(vq.desc[h].flags, VQ_DESC_NEXT);
	d = vq.desc[h].next;
	CU_ASSERT_EQUAL(vq.desc[d].addr, 0x2000);
	CU_ASSERT_EQUAL(vq.desc[d].flags, VQ_DESC_NEXT | VQ_DESC_WRITE);
	d = vq.desc[d].next;
	CU_ASSERT_EQUAL(vq.desc[d].len, 1);
	CU_ASSERT_EQUAL(vq.desc[d].flags, VQ_DESC_WRITE);
	CU_ASSERT_EQUAL(vq.avail[1], 1);
	CU_ASSERT_EQUAL(vq.nr_free, SIZE - 3);
}

static void test_full_then_free(void)
{
	uint32_t len;
	int err, i;

	setup(false);
	for (i = 0; i < SIZE / 2; i++)
		CU_ASSERT_EQUAL(add1(i, 8, 8), 0);
	CU_ASSERT_EQUAL(add1(9, 8, 0), -ENOSPC);	/* back-pressure */
	dev_use(dev_take(), 8);
	CU_ASSERT_PTR_EQUAL(vq_get_used(&vq, &len, &err), &tok[0]);
	CU_ASSERT_EQUAL(len, 8);
	CU_ASSERT_EQUAL(vq.nr_free, 2);
	CU_ASSERT_EQUAL(add1(9, 8, 8), 0);
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, 0);
}

/* Indexes wrap at 2^16, far beyond the ring's size. */
static void test_wrap(void)
{
	uint32_t len;
	int err, i;

	setup(false);
	for (i = 0; i < 70000; i++) {
		CU_ASSERT_EQUAL_FATAL(add1(i % 64, 0, 4), 0);
		dev_use(dev_take(), 4);
		CU_ASSERT_PTR_EQUAL_FATAL(vq_get_used(&vq, &len, &err), &tok[i % 64]);
	}
	CU_ASSERT_EQUAL(vq.nr_free, SIZE);
	CU_ASSERT_EQUAL(vq.avail[1], (uint16_t)70000);
}

static void test_out_of_order(void)
{
	uint32_t len;
	int err;
	uint16_t a, b;

	setup(false);
	add1(0, 4, 0);
	add1(1, 4, 0);
	a = dev_take();
	b = dev_take();
	dev_use(b, 0);
	dev_use(a, 0);
	CU_ASSERT_PTR_EQUAL(vq_get_used(&vq, &len, &err), &tok[1]);
	CU_ASSERT_PTR_EQUAL(vq_get_used(&vq, &len, &err), &tok[0]);
	CU_ASSERT_EQUAL(vq.nr_free, SIZE);
}

static void test_hostile_id(void)
{
	uint32_t len;
	int err;

	setup(false);
	add1(0, 4, 4);
	dev_use(SIZE + 3, 4);	/* beyond the table */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
	setup(false);
	add1(0, 4, 4);
	dev_use(5, 4);		/* in range, but not a chain in flight */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
	setup(false);
	add1(0, 4, 4);
	dev_use(dev_take(), 0);
	CU_ASSERT_PTR_EQUAL(vq_get_used(&vq, &len, &err), &tok[0]);
	dev_use(0, 0);		/* the same head twice */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
}

static void test_hostile_len(void)
{
	uint32_t len;
	int err;

	setup(false);
	add1(0, 4, 100);
	dev_use(dev_take(), 101);	/* more than it was offered */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
	setup(false);
	add1(0, 100, 0);
	dev_use(dev_take(), 1);		/* wrote into a read-only chain */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
}

static void test_hostile_used_idx(void)
{
	uint32_t len;
	int err;

	setup(false);
	add1(0, 4, 4);
	vq.used[1] = SIZE + 1;	/* ran ahead of everything we offered */
	CU_ASSERT_PTR_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(err, -EIO);
}

static void test_event_idx(void)
{
	volatile uint16_t *avail_event;
	uint32_t len;
	int err;

	setup(true);
	avail_event = &vq.used[2 + 4 * SIZE];
	*avail_event = 0;	/* the device wants to hear of entry 0 */
	add1(0, 4, 0);
	CU_ASSERT_TRUE(vq_kick_needed(&vq));
	add1(1, 4, 0);
	CU_ASSERT_FALSE(vq_kick_needed(&vq));	/* entry 1: not asked */
	*avail_event = 3;
	add1(2, 4, 0);
	CU_ASSERT_FALSE(vq_kick_needed(&vq));	/* entry 2 */
	add1(3, 4, 0);
	CU_ASSERT_TRUE(vq_kick_needed(&vq));	/* entry 3: asked */
	/* The driver asks to hear of the next used entry. */
	dev_use(dev_take(), 0);
	CU_ASSERT_PTR_NOT_NULL(vq_get_used(&vq, &len, &err));
	CU_ASSERT_EQUAL(vq.avail[2 + SIZE], 1);
}

static void test_no_notify_flag(void)
{
	setup(false);
	add1(0, 4, 0);
	CU_ASSERT_TRUE(vq_kick_needed(&vq));
	vq.used[0] = 1;		/* VIRTQ_USED_F_NO_NOTIFY */
	add1(1, 4, 0);
	CU_ASSERT_FALSE(vq_kick_needed(&vq));
}

static int drained;

static void count(void *t, void *arg)
{
	(void)t;
	(void)arg;
	drained++;
}

static void test_drain(void)
{
	setup(false);
	add1(0, 4, 4);
	add1(1, 4, 0);
	drained = 0;
	vq_drain(&vq, count, NULL);
	CU_ASSERT_EQUAL(drained, 2);
	CU_ASSERT_EQUAL(vq.nr_free, SIZE);
	CU_ASSERT_EQUAL(add1(2, 4, 4), 0);
}

int main(void)
{
	CU_pSuite s;
	int rc;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("virtqueue", NULL, NULL);
	CU_add_test(s, "init_sizes", test_init_sizes);
	CU_add_test(s, "chain_layout", test_chain_layout);
	CU_add_test(s, "full_then_free", test_full_then_free);
	CU_add_test(s, "wrap", test_wrap);
	CU_add_test(s, "out_of_order", test_out_of_order);
	CU_add_test(s, "hostile_id", test_hostile_id);
	CU_add_test(s, "hostile_len", test_hostile_len);
	CU_add_test(s, "hostile_used_idx", test_hostile_used_idx);
	CU_add_test(s, "event_idx", test_event_idx);
	CU_add_test(s, "no_notify_flag", test_no_notify_flag);
	CU_add_test(s, "drain", test_drain);
	rc = cunit_run();
	free(mem);
	return rc;
}
