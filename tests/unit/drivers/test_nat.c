/* SPDX-License-Identifier: MIT */
/*
 * Host tests of Dom0's NAT (drivers/backend/nat.c): datagrams handed to
 * its stack hook as they would come off xenbr0 and eth0, and what it
 * sends (captured in place of ARP) checked field by field, checksums
 * included.  The stack's devices, the clock and the vifs are stand-ins.
 */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "drivers/backend/conntrack.h"
#include "drivers/backend/nat.h"
#include "drivers/backend/xenbus_back.h"
#include "guest-patches/kernel/clock.h"
#include "guest-patches/kernel/net/arp.h"
#include "guest-patches/kernel/net/inet.h"
#include "guest-patches/kernel/net/ipv4.h"

#define GUEST	INET_ADDR(10, 0, 0, 25)
#define OTHER	INET_ADDR(10, 0, 0, 26)		/* a vif not translated */
#define NIC	INET_ADDR(10, 0, 2, 15)
#define GW	INET_ADDR(10, 0, 2, 2)
#define HOST	INET_ADDR(192, 168, 9, 9)	/* beyond the gateway */

static struct netdev xenbr0 = { .name = "xenbr0", .ip = INET_ADDR(10, 0, 0, 1),
				.netmask = 0xffffff00 };
static struct netdev eth0 = { .name = "eth0", .ip = NIC, .netmask = 0xffffff00,
			      .gateway = GW };
static ipv4_hook_fn *hook;
static bool vif_present = true;
static uint64_t now = 1;

/* What the NAT sent last. */
static struct {
	struct netdev *dev;
	uint32_t hop;
	uint8_t pkt[ETH_MTU];
	size_t len;
	unsigned int count;
} sent;

void ipv4_set_hook(ipv4_hook_fn *fn) { hook = fn; }
uint64_t clock_ns(void) { return now++; }

struct netdev *netdev_find(const char *name)
{
	return !strcmp(name, "xenbr0") ? &xenbr0 : !strcmp(name, "eth0") ? &eth0 : NULL;
}

int arp_output(struct netdev *dev, uint32_t next_hop, const void *ip_pkt, size_t len)
{
	sent.dev = dev;
	sent.hop = next_hop;
	memcpy(sent.pkt, ip_pkt, len);
	sent.len = len;
	sent.count++;
	return 0;
}

struct xenbus_back_dev *xenbus_back_find(const char *type, domid_t fe,
					 unsigned int devid)
{
	static struct xenbus_back_dev dev;

	return vif_present && !strcmp(type, "vif") && fe == 5 && devid == 0 ? &dev : NULL;
}

/* An IPv4 datagram src -> dst carrying l4 (n bytes), UDP checksum filled. */
static size_t datagram(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto,
		       const uint8_t *l4, size_t n)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	inet_put16(p + 2, (uint16_t)(20 + n));
	p[8] = 64;
	p[9] = proto;
	inet_put32(p + 12, src);
	inet_put32(p + 16, dst);
	inet_put16(p + 10, inet_fold(inet_sum(p, 20, 0)));
	memcpy(p + 20, l4, n);
	if (proto == IP_PROTO_UDP || proto == IP_PROTO_TCP)
		inet_put16(p + (proto == IP_PROTO_UDP ? 26 : 36), inet_fold(
			inet_sum(p + 20, n, inet_pseudo_sum(src, dst, proto, (uint16_t)n))));
	else
		inet_put16(p + 22, inet_fold(inet_sum(p + 20, n, 0)));
	return 20 + n;
}

static size_t udp(uint8_t *p, uint32_t src, uint16_t sport, uint32_t dst,
		  uint16_t dport, const char *text)
{
	uint8_t l4[64] = { 0 };
	size_t n = 8 + strlen(text);

	inet_put16(l4, sport);
	inet_put16(l4 + 2, dport);
	inet_put16(l4 + 4, (uint16_t)n);
	memcpy(l4 + 8, text, strlen(text));
	return datagram(p, src, dst, IP_PROTO_UDP, l4, n);
}

static size_t echo(uint8_t *p, uint32_t src, uint32_t dst, uint8_t type, uint16_t id)
{
	uint8_t l4[16] = { type, 0, 0, 0 };

	inet_put16(l4 + 4, id);
	inet_put16(l4 + 6, 1);
	memcpy(l4 + 8, "pingdata", 8);
	return datagram(p, src, dst, IP_PROTO_ICMP, l4, sizeof(l4));
}

/* A TCP segment with flags and text, checksum filled. */
static size_t tcp(uint8_t *p, uint32_t src, uint16_t sport, uint32_t dst,
		  uint16_t dport, uint8_t flags, const char *text)
{
	uint8_t l4[64] = { 0 };
	size_t n = TCP_HLEN + strlen(text);

	inet_put16(l4, sport);
	inet_put16(l4 + 2, dport);
	inet_put32(l4 + 4, 1000);		/* sequence */
	l4[12] = (TCP_HLEN / 4) << 4;
	l4[13] = flags;
	inet_put16(l4 + 14, 65535);		/* window */
	memcpy(l4 + TCP_HLEN, text, strlen(text));
	return datagram(p, src, dst, IP_PROTO_TCP, l4, n);
}

/* The captured datagram's checksums are right. */
static void check_sums(void)
{
	const uint8_t *p = sent.pkt;
	uint16_t n = (uint16_t)(sent.len - 20);

	CU_ASSERT_EQUAL(inet_fold(inet_sum(p, 20, 0)), 0);
	if (p[9] == IP_PROTO_UDP || p[9] == IP_PROTO_TCP) {
		CU_ASSERT_EQUAL(inet_fold(inet_sum(p + 20, n, inet_pseudo_sum(
			inet_get32(p + 12), inet_get32(p + 16), p[9], n))), 0);
	} else {
		CU_ASSERT_EQUAL(inet_fold(inet_sum(p + 20, n, 0)), 0);
	}
}

static void test_udp_both_ways(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	uint16_t port;

	CU_ASSERT_EQUAL(nat_add(5, 0, GUEST), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hook);
	len = udp(p, GUEST, 4321, HOST, 9999, "hello");
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), 0);
	CU_ASSERT_EQUAL(sent.count, 1);
	CU_ASSERT_PTR_EQUAL(sent.dev, &eth0);
	CU_ASSERT_EQUAL(sent.hop, GW);			/* beyond eth0's subnet */
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 12), NIC);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 16), HOST);
	CU_ASSERT_EQUAL(sent.pkt[8], 63);
	port = inet_get16(sent.pkt + 20);
	CU_ASSERT_EQUAL(port, NAT_PORT_BASE);	/* the first free */
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 22), 9999);
	CU_ASSERT_EQUAL(memcmp(sent.pkt + 28, "hello", 5), 0);
	check_sums();

	/* The same flow keeps its port; the answer goes back to the guest. */
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), 0);
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 20), port);
	len = udp(p, HOST, 9999, NIC, port, "pong");
	CU_ASSERT_EQUAL(hook(&eth0, p, len), 0);
	CU_ASSERT_PTR_EQUAL(sent.dev, &xenbr0);
	CU_ASSERT_EQUAL(sent.hop, GUEST);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 12), HOST);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 16), GUEST);
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 22), 4321);
	check_sums();
	CU_ASSERT_EQUAL(nat_stats()->out, 2);
	CU_ASSERT_EQUAL(nat_stats()->in, 1);
}

static void test_echo(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	uint16_t id;

	len = echo(p, GUEST, GW, 8, 0x5845);
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), 0);
	CU_ASSERT_EQUAL(sent.hop, GW);			/* on eth0's subnet */
	id = inet_get16(sent.pkt + 24);
	CU_ASSERT(id >= NAT_PORT_BASE && id < NAT_PORT_BASE + NAT_PORTS);
	check_sums();
	len = echo(p, GW, NIC, 0, id);
	CU_ASSERT_EQUAL(hook(&eth0, p, len), 0);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 16), GUEST);
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 24), 0x5845);
	check_sums();
}

/* What is not the NAT's is left to Dom0's own stack. */
static void test_not_ours(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	unsigned int before = sent.count;

	len = udp(p, OTHER, 4321, HOST, 9999, "x");	/* vif not translated */
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), -ENOENT);
	len = udp(p, GUEST, 4321, INET_ADDR(10, 0, 0, 1), 7, "x");	/* to Dom0 */
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), -ENOENT);
	len = udp(p, HOST, 9999, NIC, 7, "x");		/* Dom0's own port */
	CU_ASSERT_EQUAL(hook(&eth0, p, len), -ENOENT);
	len = echo(p, GW, NIC, 8, 1);			/* a ping of Dom0 */
	CU_ASSERT_EQUAL(hook(&eth0, p, len), -ENOENT);
	CU_ASSERT_EQUAL(sent.count, before);
}

/* Hostile or stale: dropped, never sent, never given to Dom0's stack. */
static void test_dropped(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	unsigned int before = sent.count;

	len = udp(p, GUEST, 4321, HOST, 9999, "x");
	p[8] = 1;					/* TTL runs out */
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), 0);
	len = udp(p, GUEST, 4321, HOST, 9999, "x");
	CU_ASSERT_EQUAL(hook(&xenbr0, p, 24), 0);	/* UDP header cut */
	len = udp(p, HOST, 9999, NIC, NAT_PORT_BASE + NAT_PORTS - 1, "x");
	CU_ASSERT_EQUAL(hook(&eth0, p, len), 0);	/* a port never given */
	vif_present = false;
	len = udp(p, HOST, 9999, NIC, NAT_PORT_BASE, "x");
	CU_ASSERT_EQUAL(hook(&eth0, p, len), 0);	/* its vif is gone */
	len = udp(p, GUEST, 4321, HOST, 9999, "x");
	CU_ASSERT_EQUAL(hook(&xenbr0, p, len), -ENOENT);	/* no longer translated */
	vif_present = true;
	CU_ASSERT_EQUAL(sent.count, before);
	CU_ASSERT_EQUAL(nat_stats()->dropped, 4);
}

/* More flows than ports: the least recently used gives its port up. */
static void test_table_full(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	unsigned int i;
	uint16_t first;

	len = udp(p, GUEST, 1000, HOST, 53, "q");
	hook(&xenbr0, p, len);
	first = inet_get16(sent.pkt + 20);
	for (i = 1; i <= NAT_PORTS; i++) {
		len = udp(p, GUEST, (uint16_t)(1000 + i), HOST, 53, "q");
		CU_ASSERT_EQUAL(hook(&xenbr0, p, len), 0);
	}
	/* Flow 1000 was the oldest: its port now answers flow 1000 + N... */
	len = udp(p, HOST, 53, NIC, first, "a");
	CU_ASSERT_EQUAL(hook(&eth0, p, len), 0);
	CU_ASSERT_NOT_EQUAL(inet_get16(sent.pkt + 22), 1000);
}

/* Sends p from dev; whether the NAT passed it on (1) or dropped it (0). */
static int passed(struct netdev *dev, const uint8_t *p, size_t len)
{
	unsigned int before = sent.count;

	CU_ASSERT_EQUAL(hook(dev, p, len), 0);	/* the NAT's, either way */
	return sent.count != before;
}

/* A whole connection: opened, data both ways, closed by FINs. */
static void test_tcp_connection(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	uint16_t port;

	conntrack_reset();
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FATAL(passed(&xenbr0, p, len));
	CU_ASSERT_PTR_EQUAL(sent.dev, &eth0);
	CU_ASSERT_EQUAL(sent.hop, GW);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 12), NIC);
	port = inet_get16(sent.pkt + 20);
	CU_ASSERT_EQUAL(port, CONNTRACK_PORT_BASE);
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 22), 80);
	CU_ASSERT_EQUAL(sent.pkt[33], TCP_SYN);
	CU_ASSERT_EQUAL(sent.pkt[8], 63);
	check_sums();

	len = tcp(p, HOST, 80, NIC, port, TCP_SYN | TCP_ACK, "");
	CU_ASSERT_FATAL(passed(&eth0, p, len));
	CU_ASSERT_PTR_EQUAL(sent.dev, &xenbr0);
	CU_ASSERT_EQUAL(sent.hop, GUEST);
	CU_ASSERT_EQUAL(inet_get32(sent.pkt + 16), GUEST);
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 22), 5000);
	check_sums();

	len = tcp(p, GUEST, 5000, HOST, 80, TCP_ACK, "GET / HTTP/1.0\r\n\r\n");
	CU_ASSERT(passed(&xenbr0, p, len));
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 20), port);	/* the same port */
	CU_ASSERT_EQUAL(memcmp(sent.pkt + 40, "GET /", 5), 0);
	check_sums();
	len = tcp(p, HOST, 80, NIC, port, TCP_ACK, "HTTP/1.0 200 OK");
	CU_ASSERT(passed(&eth0, p, len));
	CU_ASSERT_EQUAL(memcmp(sent.pkt + 40, "HTTP/1.0 200", 12), 0);
	check_sums();

	/* Only the remote end it was opened to comes through the port. */
	len = tcp(p, HOST, 81, NIC, port, TCP_ACK, "x");
	CU_ASSERT_FALSE(passed(&eth0, p, len));
	len = tcp(p, GW, 80, NIC, port, TCP_ACK, "x");
	CU_ASSERT_FALSE(passed(&eth0, p, len));
	/* A segment with a wrong checksum is not laundered into a right one. */
	len = tcp(p, HOST, 80, NIC, port, TCP_ACK, "data");
	p[len - 1] ^= 1;
	CU_ASSERT_FALSE(passed(&eth0, p, len));
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_ACK, "data");
	p[len - 1] ^= 1;
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));
	/* A header cut short. */
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_ACK, "");
	CU_ASSERT_FALSE(passed(&xenbr0, p, len - 1));
	p[32] = 0xf0;				/* data offset past the end */
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));

	/* FIN each way: the connection waits, then its port is free again. */
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_FIN | TCP_ACK, "");
	CU_ASSERT(passed(&xenbr0, p, len));
	len = tcp(p, HOST, 80, NIC, port, TCP_FIN | TCP_ACK, "");
	CU_ASSERT(passed(&eth0, p, len));
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_ACK, "");
	CU_ASSERT(passed(&xenbr0, p, len));	/* the last ACK */
	now += CONNTRACK_TIME_WAIT_NS;
	len = tcp(p, HOST, 80, NIC, port, TCP_ACK, "late");
	CU_ASSERT_FALSE(passed(&eth0, p, len));
	len = tcp(p, GUEST, 5000, HOST, 80, TCP_ACK, "late");
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));
}

/* Only the guest's SYN opens; RST closes; idle connections time out. */
static void test_tcp_states(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	uint16_t port;

	conntrack_reset();
	len = tcp(p, GUEST, 6000, HOST, 80, TCP_ACK, "stray");
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));	/* no connection */
	len = tcp(p, GUEST, 6000, HOST, 80, TCP_SYN | TCP_ACK, "");
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));	/* not an opening SYN */
	len = tcp(p, HOST, 80, NIC, CONNTRACK_PORT_BASE, TCP_SYN, "");
	CU_ASSERT_FALSE(passed(&eth0, p, len));		/* no one opens from outside */
	len = tcp(p, HOST, 80, NIC, 22, TCP_SYN, "");
	CU_ASSERT_EQUAL(hook(&eth0, p, len), -ENOENT);	/* Dom0's own port */

	/* RST from the remote end: a few seconds for stragglers, then gone. */
	len = tcp(p, GUEST, 6000, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FATAL(passed(&xenbr0, p, len));
	port = inet_get16(sent.pkt + 20);
	len = tcp(p, HOST, 80, NIC, port, TCP_RST | TCP_ACK, "");
	CU_ASSERT(passed(&eth0, p, len));
	now += CONNTRACK_CLOSED_NS / 2;
	len = tcp(p, GUEST, 6000, HOST, 80, TCP_ACK, "");
	CU_ASSERT(passed(&xenbr0, p, len));
	now += CONNTRACK_CLOSED_NS;
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));

	/* An opening that is never answered lasts the transitory time. */
	len = tcp(p, GUEST, 6001, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FATAL(passed(&xenbr0, p, len));
	port = inet_get16(sent.pkt + 20);
	now += CONNTRACK_TRANSITORY_NS;
	len = tcp(p, HOST, 80, NIC, port, TCP_SYN | TCP_ACK, "");
	CU_ASSERT_FALSE(passed(&eth0, p, len));

	/* Established: idle for less than its time lives, longer does not. */
	len = tcp(p, GUEST, 6002, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FATAL(passed(&xenbr0, p, len));
	port = inet_get16(sent.pkt + 20);
	len = tcp(p, HOST, 80, NIC, port, TCP_SYN | TCP_ACK, "");
	CU_ASSERT(passed(&eth0, p, len));
	now += CONNTRACK_ESTABLISHED_NS - 1000;		/* more than transitory */
	len = tcp(p, HOST, 80, NIC, port, TCP_ACK, "still");
	CU_ASSERT(passed(&eth0, p, len));
	now += CONNTRACK_ESTABLISHED_NS;
	CU_ASSERT_FALSE(passed(&eth0, p, len));

	/* Its vif gone: nothing more reaches the guest's address. */
	len = tcp(p, GUEST, 6003, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FATAL(passed(&xenbr0, p, len));
	port = inet_get16(sent.pkt + 20);
	vif_present = false;
	len = tcp(p, HOST, 80, NIC, port, TCP_SYN | TCP_ACK, "");
	CU_ASSERT_FALSE(passed(&eth0, p, len));
	vif_present = true;
}

/* A table full of live connections refuses SYNs; a closed one makes room. */
static void test_tcp_table_full(void)
{
	uint8_t p[ETH_MTU];
	size_t len;
	unsigned int i;
	uint64_t full = nat_stats()->tcp_full;
	bool distinct = true;
	uint16_t port, seen[CONNTRACK_CONNS];

	conntrack_reset();
	for (i = 0; i < CONNTRACK_CONNS; i++) {
		len = tcp(p, GUEST, (uint16_t)(7000 + i), HOST, 80, TCP_SYN, "");
		CU_ASSERT(passed(&xenbr0, p, len));
		seen[i] = inet_get16(sent.pkt + 20);
		distinct &= i == 0 || seen[i] != seen[i - 1];
	}
	CU_ASSERT(distinct);
	len = tcp(p, GUEST, 8000, HOST, 80, TCP_SYN, "");
	CU_ASSERT_FALSE(passed(&xenbr0, p, len));
	CU_ASSERT_EQUAL(nat_stats()->tcp_full, full + 1);

	len = tcp(p, GUEST, 7005, HOST, 80, TCP_RST, "");
	CU_ASSERT(passed(&xenbr0, p, len));
	port = inet_get16(sent.pkt + 20);
	len = tcp(p, GUEST, 8000, HOST, 80, TCP_SYN, "");
	CU_ASSERT(passed(&xenbr0, p, len));
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 20), port);	/* the closed one's */
	len = tcp(p, HOST, 80, NIC, port, TCP_SYN | TCP_ACK, "");
	CU_ASSERT(passed(&eth0, p, len));
	CU_ASSERT_EQUAL(inet_get16(sent.pkt + 22), 8000);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/nat", NULL, NULL);
	CU_add_test(s, "udp_both_ways", test_udp_both_ways);
	CU_add_test(s, "echo", test_echo);
	CU_add_test(s, "not_ours", test_not_ours);
	CU_add_test(s, "dropped", test_dropped);
	CU_add_test(s, "table_full", test_table_full);
	CU_add_test(s, "tcp_connection", test_tcp_connection);
	CU_add_test(s, "tcp_states", test_tcp_states);
	CU_add_test(s, "tcp_table_full", test_tcp_table_full);
	return cunit_run();
}
