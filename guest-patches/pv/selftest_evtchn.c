/* SPDX-License-Identifier: MIT */
/* Selftests of shared_info and the event-channel client. */
#include <errno.h>
#include <stddef.h>
#include <xen/event_channel.h>
#include "../kernel/clock.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "evtchn.h"
#include "hypercall.h"
#include "selftest.h"
#include "shared_info.h"
#include "xen.h"

#define WAIT_NS		1000000000ull	/* an event arrives well within 1 s */
#define PINGS		100
#define OLD_MAX_PORTS	1024	/* the handlers' table's old fixed size */
#define MANY_PORTS	(OLD_MAX_PORTS + EVTCHN_TABLE_BUCKET_PORTS)

static int many[MANY_PORTS];	/* the ports test_many_ports() binds */

static volatile unsigned long hits[2];

static void count_hit(evtchn_port_t port, void *data)
{
	(void)port;
	hits[(uintptr_t)data]++;
}

/* Lets the upcall run (interrupts are on) until hits[i] reaches want. */
static bool wait_hits(unsigned int i, unsigned long want)
{
	uint64_t deadline = clock_ns() + WAIT_NS;

	while (hits[i] < want && clock_ns() < deadline)
		thread_yield();
	return hits[i] >= want;
}

static bool pending(evtchn_port_t port)
{
	return shared_info->evtchn_pending[port / 64] >> (port % 64) & 1;
}

static void test_ipi(void)
{
	int port, rc;
	bool arrived;

	hits[0] = 0;
	port = evtchn_bind_ipi(count_hit, (void *)0);
	rc = port > 0 ? evtchn_send((evtchn_port_t)port) : port;
	arrived = !rc && wait_hits(0, 1);
	selftest_check("pv/evtchn-ipi", arrived && evtchn_count(port) == 1,
		       "port %d, send %d, %lu hits", port, rc, hits[0]);
	if (port <= 0)
		return;
	hits[0] = 0;
	evtchn_mask((evtchn_port_t)port);
	rc = evtchn_send((evtchn_port_t)port);
	arrived = wait_hits(0, 1);
	selftest_check("pv/evtchn-mask", !rc && !arrived &&
						 pending((evtchn_port_t)port),
		       "send %d, %lu hits while masked", rc, hits[0]);
	evtchn_unmask((evtchn_port_t)port);
	selftest_check("pv/evtchn-unmask-delivers", wait_hits(0, 1),
		       "the pending event was lost on unmask");
	rc = evtchn_close((evtchn_port_t)port);
	selftest_check("pv/evtchn-close",
		       !rc && evtchn_send((evtchn_port_t)port) == -EINVAL,
		       "close %d", rc);
}

/* Both ends in this domain: an unbound port, and a port bound to it. */
static void test_loopback(void)
{
	int a, b, i, rc;

	a = evtchn_alloc_unbound(xen.domid, count_hit, (void *)0);
	b = a > 0 ? evtchn_bind_interdomain(xen.domid, (evtchn_port_t)a,
					    count_hit, (void *)1) :
		    a;
	rc = b > 0 ? 0 : b;
	/* The bind itself leaves an event on b (as Xen does): not counted. */
	hits[0] = hits[1] = 0;
	for (i = 0; !rc && i < PINGS; i++) {
		rc = evtchn_send((evtchn_port_t)(i % 2 ? a : b));
		if (!rc && !wait_hits(i % 2, (unsigned long)i / 2 + 1))
			rc = -ETIMEDOUT;
	}
	selftest_check("pv/evtchn-interdomain",
		       !rc && hits[0] == PINGS / 2 && hits[1] == PINGS / 2,
		       "ports %d %d, error %d, hits %lu %lu", a, b, rc,
		       hits[0], hits[1]);
	if (a > 0)
		evtchn_close((evtchn_port_t)a);
	if (b > 0)
		evtchn_close((evtchn_port_t)b);
}

static void test_bad_arguments(void)
{
	int virq = evtchn_bind_virq(NR_VIRQS + 1, count_hit, NULL);
	int send = evtchn_send(EVTCHN_MAX_PORTS * 8);
	int unbound = evtchn_bind_interdomain(xen.domid, 0, count_hit, NULL);

	selftest_check("pv/evtchn-bad-arguments",
		       virq == -EINVAL && send == -EINVAL && unbound == -EINVAL,
		       "bad VIRQ %d, bad port %d, bind to port 0 %d", virq,
		       send, unbound);
}

/*
 * Past the old fixed table: IPI ports bound until one is beyond 1024
 * plus a bucket, so the handlers' table grew (evtchn_table.h); the last
 * one's event reaches its handler, the first's still does; all closed.
 * A domain the hypervisor caps lower (Xen's default max_evtchn_port of a
 * DomU is 1023; Dom0 has none) stops at its cap with -ENOSPC, which is
 * the hypervisor's when the port after the last is not even valid
 * (EVTCHNOP_status -EINVAL): the table then must have held every port
 * up to the cap.
 */
static void test_many_ports(void)
{
	struct evtchn_status st = { .dom = DOMID_SELF };
	unsigned int n = 0, i;
	int last = 0, p = 0, rc = 0;
	bool arrived = false, capped = false;

	hits[1] = 0;
	while (n < MANY_PORTS && last < MANY_PORTS) {
		p = evtchn_bind_ipi(count_hit, (void *)1);
		if (p <= 0)
			break;
		many[n++] = last = p;
	}
	if (last > 0 && last < MANY_PORTS && p == -ENOSPC) {
		st.port = (evtchn_port_t)last + 1;
		capped = hypercall_event_channel_op(EVTCHNOP_status, &st) ==
			 -EINVAL;
	}
	if (last >= MANY_PORTS || capped) {
		rc = evtchn_send((evtchn_port_t)last);
		if (!rc)
			rc = evtchn_send((evtchn_port_t)many[0]);
		arrived = !rc && wait_hits(1, 2);
	}
	selftest_check("pv/evtchn-past-1024",
		       (last >= MANY_PORTS || capped) && arrived &&
			       evtchn_count((evtchn_port_t)last) == 1 &&
			       evtchn_table_ports() > (unsigned int)last,
		       "%u bound, last port %d, then %d%s, send %d, %lu hits, "
		       "table of %u ports", n, last, p,
		       capped ? " (the hypervisor's cap)" : "", rc, hits[1],
		       evtchn_table_ports());
	for (i = 0; i < n; i++)
		evtchn_close((evtchn_port_t)many[i]);
}

void selftest_evtchn(void)
{
	selftest_check("pv/shared-info", evtchn_ready() && shared_info &&
						 vcpu_info,
		       "event channels offered but not started");
	if (!evtchn_ready())
		return;
	test_ipi();
	test_loopback();
	test_bad_arguments();
	test_many_ports();
}
