/* SPDX-License-Identifier: MIT */
/*
 * Host tests of Dom0's learning bridge (drivers/backend/bridge.c): ports
 * that record what they were given, a clock the tests move.
 */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "drivers/backend/bridge.h"
#include "guest-patches/kernel/clock.h"

#define NPORTS	3

static uint64_t now_ns = 1;
static struct bridge_port port[NPORTS];
static unsigned int got[NPORTS];
static struct bridge_port *echo_to;	/* an output that answers at once */

uint64_t clock_ns(void)
{
	return now_ns;
}

static int output(struct bridge_port *p, const void *frame, size_t len)
{
	const uint8_t *f = frame;
	uint8_t reply[14];

	got[p - port]++;
	if (echo_to == p) {
		echo_to = NULL;
		memcpy(reply, f + 6, 6);
		memcpy(reply + 6, f, 6);
		reply[6] = 0x02;	/* answered from p's own MAC */
		reply[11] = (uint8_t)(p - port);
		bridge_input(p, reply, sizeof(reply));
	}
	return len > 1000 ? -EAGAIN : 0;
}

/* A frame from MAC 02:..:src to MAC dst (NULL: broadcast). */
static void frame(uint8_t *f, uint8_t src, const uint8_t *dst)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	memcpy(f, dst ? dst : bcast, 6);
	memcpy(f + 6, "\2\0\0\0\0", 5);
	f[11] = src;
	f[12] = 0x08;
	f[13] = 0x00;
}

static void setup(void)
{
	unsigned int i;

	for (i = 0; i < NPORTS; i++) {
		bridge_remove_port(&port[i]);
		port[i].output = output;
		port[i].side = BRIDGE_BRIDGED;
		CU_ASSERT_EQUAL(bridge_add_port(&port[i]), 0);
		got[i] = 0;
		port[i].forwarded = port[i].dropped = 0;
	}
	now_ns += BRIDGE_AGE_NS;
}

static void test_flood_then_learn(void)
{
	uint8_t f[60], mac1[6];

	setup();
	CU_ASSERT_EQUAL(bridge_add_port(&port[0]), -EEXIST);
	frame(f, 1, NULL);			/* from port 0, broadcast */
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 0);		/* never back where it came */
	CU_ASSERT_EQUAL(got[1], 1);
	CU_ASSERT_EQUAL(got[2], 1);
	memcpy(mac1, f + 6, 6);
	CU_ASSERT_PTR_EQUAL(bridge_lookup(mac1), &port[0]);
	frame(f, 2, mac1);			/* from port 1 to MAC 1 */
	bridge_input(&port[1], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 1);		/* learned: port 0 only */
	CU_ASSERT_EQUAL(got[2], 1);
	frame(f, 1, mac1);			/* to a MAC on its own port */
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 1);
	CU_ASSERT_EQUAL(got[1], 1);
	CU_ASSERT_EQUAL(got[2], 1);
}

static void test_unknown_and_moves(void)
{
	uint8_t f[60], dst[6] = { 2, 0, 0, 0, 0, 9 };

	setup();
	frame(f, 1, dst);			/* 9 not learned: flooded */
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(got[1] + got[2], 2);
	frame(f, 1, NULL);			/* MAC 1 moves to port 2 */
	bridge_input(&port[2], f, sizeof(f));
	CU_ASSERT_PTR_EQUAL(bridge_lookup(f + 6), &port[2]);
	/* A multicast destination is flooded even when "learned". */
	f[0] = 0x01;
	got[0] = got[1] = 0;
	bridge_input(&port[2], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0] + got[1], 2);
}

/*
 * Port 0 the wire (the NIC), port 1 a NAT vif, port 2 a bridged vif: the
 * NAT vif and the wire never see each other's frames, broadcast or
 * learned; the bridged vif sees both and both see it.
 */
static void test_sides(void)
{
	uint8_t f[60], wire[6], nat[6];

	setup();
	port[0].side = BRIDGE_WIRE;
	port[1].side = BRIDGE_ROUTED;
	frame(f, 1, NULL);			/* the wire broadcasts */
	bridge_input(&port[0], f, sizeof(f));
	memcpy(wire, f + 6, 6);
	CU_ASSERT_EQUAL(got[1], 0);
	CU_ASSERT_EQUAL(got[2], 1);
	frame(f, 2, NULL);			/* so does the NAT vif */
	bridge_input(&port[1], f, sizeof(f));
	memcpy(nat, f + 6, 6);
	CU_ASSERT_EQUAL(got[0], 0);
	CU_ASSERT_EQUAL(got[2], 2);
	frame(f, 2, wire);			/* learned, still not across */
	bridge_input(&port[1], f, sizeof(f));
	frame(f, 1, nat);
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 0);
	CU_ASSERT_EQUAL(got[1], 0);
	frame(f, 3, wire);			/* the bridged vif reaches both */
	bridge_input(&port[2], f, sizeof(f));
	frame(f, 3, nat);
	bridge_input(&port[2], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 1);
	CU_ASSERT_EQUAL(got[1], 1);
	port[0].side = port[1].side = BRIDGE_BRIDGED;
}

static void test_aging(void)
{
	uint8_t f[60];

	setup();
	frame(f, 1, NULL);
	bridge_input(&port[0], f, sizeof(f));
	now_ns += BRIDGE_AGE_NS - 1;
	CU_ASSERT_PTR_EQUAL(bridge_lookup(f + 6), &port[0]);
	now_ns += 1;
	CU_ASSERT_PTR_NULL(bridge_lookup(f + 6));
}

static void test_hostile(void)
{
	uint8_t f[60];

	setup();
	frame(f, 1, NULL);
	bridge_input(&port[0], f, 13);		/* shorter than a header */
	f[6] = 0x01;				/* multicast source */
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(port[0].dropped, 2);
	CU_ASSERT_EQUAL(got[1] + got[2], 0);
	CU_ASSERT_PTR_NULL(bridge_lookup(f + 6));
	/* A port that refuses counts the drop. */
	{
		static uint8_t big[1200];

		frame(big, 3, NULL);
		bridge_input(&port[0], big, sizeof(big));
		CU_ASSERT_EQUAL(port[1].dropped, 1);
		CU_ASSERT_EQUAL(port[2].dropped, 1);
	}
}

static void test_table_full(void)
{
	uint8_t f[60];
	unsigned int i;

	setup();
	for (i = 0; i <= BRIDGE_ENTRIES; i++) {
		frame(f, (uint8_t)i, NULL);
		f[10] = (uint8_t)(i >> 8) | 0x40;
		now_ns++;
		bridge_input(&port[i % 2], f, sizeof(f));
	}
	CU_ASSERT_PTR_EQUAL(bridge_lookup(f + 6), &port[BRIDGE_ENTRIES % 2]);
	frame(f, 0, NULL);			/* the oldest made room */
	f[10] = 0x40;
	CU_ASSERT_PTR_NULL(bridge_lookup(f + 6));
}

static void test_removed_port_forgotten(void)
{
	uint8_t f[60];

	setup();
	frame(f, 1, NULL);
	bridge_input(&port[0], f, sizeof(f));
	bridge_remove_port(&port[0]);
	CU_ASSERT_PTR_NULL(bridge_lookup(f + 6));
	CU_ASSERT_PTR_EQUAL(bridge_port_at(0), &port[1]);
	CU_ASSERT_PTR_NULL(bridge_port_at(2));
}

/* More ports than the 16 the table once had: each gets a broadcast. */
#define MANY	40
static struct bridge_port many[MANY];
static unsigned int many_got[MANY];

static int many_output(struct bridge_port *p, const void *frame, size_t len)
{
	(void)frame, (void)len;
	many_got[p - many]++;
	return 0;
}

static void test_many_ports(void)
{
	uint8_t f[60];
	unsigned int i;

	setup();
	for (i = 0; i < NPORTS; i++)
		bridge_remove_port(&port[i]);
	for (i = 0; i < MANY; i++) {
		many[i].output = many_output;
		CU_ASSERT_EQUAL_FATAL(bridge_add_port(&many[i]), 0);
	}
	CU_ASSERT_PTR_EQUAL(bridge_port_at(MANY - 1), &many[MANY - 1]);
	CU_ASSERT_PTR_NULL(bridge_port_at(MANY));
	frame(f, 7, NULL);
	bridge_input(&many[0], f, sizeof(f));
	CU_ASSERT_EQUAL(many_got[0], 0);
	for (i = 1; i < MANY; i++)
		CU_ASSERT_EQUAL(many_got[i], 1);
	/* A slot a removed port left is used again. */
	bridge_remove_port(&many[5]);
	CU_ASSERT_EQUAL(bridge_add_port(&port[0]), 0);
	CU_ASSERT_PTR_EQUAL(bridge_port_at(5), &port[0]);
	for (i = 0; i < MANY; i++)
		bridge_remove_port(&many[i]);
	bridge_remove_port(&port[0]);
}

static void test_reentrant_answer(void)
{
	uint8_t f[60];

	setup();
	echo_to = &port[1];			/* port 1 answers inside output */
	frame(f, 1, NULL);
	bridge_input(&port[0], f, sizeof(f));
	CU_ASSERT_EQUAL(got[0], 1);		/* the answer reached port 0 */
	CU_ASSERT_EQUAL(got[2], 1);		/* the broadcast went on */
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/bridge", NULL, NULL);
	CU_add_test(s, "flood_then_learn", test_flood_then_learn);
	CU_add_test(s, "unknown_and_moves", test_unknown_and_moves);
	CU_add_test(s, "sides", test_sides);
	CU_add_test(s, "aging", test_aging);
	CU_add_test(s, "hostile", test_hostile);
	CU_add_test(s, "table_full", test_table_full);
	CU_add_test(s, "removed_port_forgotten", test_removed_port_forgotten);
	CU_add_test(s, "reentrant_answer", test_reentrant_answer);
	CU_add_test(s, "many_ports", test_many_ports);
	return cunit_run();
}
