/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the kernel's network stack (kernel/net/: netdev, eth, arp,
 * ipv4, icmp, udp, inet): the real sources against a test device whose
 * transmit op records frames, and a clock the tests move.  The tests play
 * the other hosts on the wire, well-behaved and hostile: truncated
 * headers, lengths that lie, bad checksums, fragments, random bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "clock.h"
#include "cunit_run.h"
#include "net/arp.h"
#include "net/eth.h"
#include "net/icmp.h"
#include "net/inet.h"
#include "net/ipv4.h"
#include "net/netdev.h"
#include "net/udp.h"

#define OUR_IP		INET_ADDR(10, 0, 0, 2)
#define PEER_IP		INET_ADDR(10, 0, 0, 9)
#define GW_IP		INET_ADDR(10, 0, 0, 1)
#define MAX_SENT	8

static const uint8_t our_mac[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0, 0, 2 };
static const uint8_t peer_mac[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0, 0, 9 };

static uint64_t now_ns = 1000000000ull;
static struct {
	uint8_t b[ETH_FRAME_MAX];
	size_t len;
	struct netdev *dev;		/* the device it left by */
} sent[MAX_SENT];
static unsigned int nsent;
static int transmit_rc;

uint64_t clock_ns(void)
{
	return now_ns;
}

static int test_transmit(struct netdev *dev, const void *frame, size_t len)
{
	CU_ASSERT_TRUE(len >= ETH_HLEN && len <= ETH_FRAME_MAX);
	if (transmit_rc)
		return transmit_rc;
	if (nsent < MAX_SENT) {
		memcpy(sent[nsent].b, frame, len);
		sent[nsent].len = len;
		sent[nsent].dev = dev;
	}
	nsent++;
	return 0;
}

static const struct netdev_ops test_ops = { .transmit = test_transmit };
static struct netdev dev;

/* A fresh device with OUR_IP/24 via GW_IP, nothing sent, no neighbours. */
static void setup(void)
{
	netdev_unregister(&dev);
	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "eth0");
	memcpy(dev.mac, our_mac, ETH_ALEN);
	dev.ops = &test_ops;
	CU_ASSERT_EQUAL(netdev_register(&dev), 0);
	CU_ASSERT_EQUAL(netdev_set_addr(&dev, OUR_IP, 24, GW_IP), 0);
	memset(&net_drops, 0, sizeof(net_drops));
	nsent = 0;
	transmit_rc = 0;
	/* Whatever an earlier test learned is forgotten. */
	now_ns += ARP_TTL_NS + ARP_GIVE_UP_NS;
}

/* Builders of what the peer sends: each returns the frame's length. */

static size_t eth_frame(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, ETH_ALEN);
	memcpy(f + ETH_ALEN, peer_mac, ETH_ALEN);
	inet_put16(f + 12, type);
	return ETH_HLEN;
}

static size_t arp_frame(uint8_t *f, uint16_t op, uint32_t sip, uint32_t tip)
{
	uint8_t *p = f + eth_frame(f, eth_broadcast, ETH_P_ARP);

	inet_put16(p, 1);
	inet_put16(p + 2, ETH_P_IP);
	p[4] = 6;
	p[5] = 4;
	inet_put16(p + 6, op);
	memcpy(p + 8, peer_mac, ETH_ALEN);
	inet_put32(p + 14, sip);
	memset(p + 18, 0, ETH_ALEN);
	inet_put32(p + 24, tip);
	return ETH_HLEN + ARP_PKT_LEN;
}

static size_t ip_frame(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto,
		       const void *payload, size_t len)
{
	uint8_t *p = f + eth_frame(f, our_mac, ETH_P_IP);

	memset(p, 0, IPV4_HLEN);
	p[0] = 0x45;
	inet_put16(p + 2, (uint16_t)(IPV4_HLEN + len));
	p[8] = 64;
	p[9] = proto;
	inet_put32(p + 12, src);
	inet_put32(p + 16, dst);
	inet_put16(p + 10, inet_fold(inet_sum(p, IPV4_HLEN, 0)));
	memcpy(p + IPV4_HLEN, payload, len);
	return ETH_HLEN + IPV4_HLEN + len;
}

static size_t udp_frame(uint8_t *f, uint16_t sport, uint16_t dport,
			const char *data, int with_sum)
{
	uint8_t u[64];
	size_t len = strlen(data);
	uint16_t ulen = (uint16_t)(UDP_HLEN + len);

	inet_put16(u, sport);
	inet_put16(u + 2, dport);
	inet_put16(u + 4, ulen);
	inet_put16(u + 6, 0);
	memcpy(u + UDP_HLEN, data, len);
	if (with_sum)
		inet_put16(u + 6, inet_fold(inet_sum(u, ulen,
			inet_pseudo_sum(PEER_IP, OUR_IP, IP_PROTO_UDP, ulen))));
	return ip_frame(f, PEER_IP, OUR_IP, IP_PROTO_UDP, u, ulen);
}

static size_t echo_frame(uint8_t *f, uint8_t type, uint32_t dst,
			 uint16_t seq, const char *data)
{
	uint8_t m[64];
	size_t len = ICMP_HLEN + strlen(data);

	m[0] = type;
	m[1] = 0;
	inet_put16(m + 2, 0);
	inet_put16(m + 4, 0x1234);
	inet_put16(m + 6, seq);
	memcpy(m + ICMP_HLEN, data, strlen(data));
	inet_put16(m + 2, inet_fold(inet_sum(m, len, 0)));
	return ip_frame(f, PEER_IP, dst, IP_PROTO_ICMP, m, len);
}

/* Checks the IPv4 header of sent frame i and returns its payload. */
static const uint8_t *sent_ip(unsigned int i, uint8_t proto, uint32_t dst,
			      size_t *len)
{
	const uint8_t *p = sent[i].b + ETH_HLEN;

	CU_ASSERT_EQUAL(inet_get16(sent[i].b + 12), ETH_P_IP);
	CU_ASSERT_EQUAL(memcmp(sent[i].b + ETH_ALEN, our_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(p[0], 0x45);
	CU_ASSERT_EQUAL(inet_fold(inet_sum(p, IPV4_HLEN, 0)), 0);
	CU_ASSERT_EQUAL(p[9], proto);
	CU_ASSERT_EQUAL(inet_get32(p + 12), OUR_IP);
	CU_ASSERT_EQUAL(inet_get32(p + 16), dst);
	CU_ASSERT_EQUAL(inet_get16(p + 2) + ETH_HLEN, sent[i].len);
	*len = inet_get16(p + 2) - IPV4_HLEN;
	return p + IPV4_HLEN;
}

static void receive(const uint8_t *f, size_t len)
{
	netdev_receive(&dev, f, len);
}

/* Makes the peer known, as if it had asked for us. */
static void learn_peer(void)
{
	uint8_t f[64];

	receive(f, arp_frame(f, 1, PEER_IP, OUR_IP));
	nsent = 0;
}

static void test_checksum_and_addresses(void)
{
	static const uint8_t rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
					   0xf6, 0xf7 };
	char buf[INET_ADDR_LEN];
	uint32_t a;

	CU_ASSERT_EQUAL(inet_fold(inet_sum(rfc1071, sizeof(rfc1071), 0)),
			(uint16_t)~0xddf2);
	CU_ASSERT_EQUAL(inet_parse("10.0.0.254", &a), 0);
	CU_ASSERT_EQUAL(a, INET_ADDR(10, 0, 0, 254));
	CU_ASSERT_STRING_EQUAL(inet_format(a, buf), "10.0.0.254");
	CU_ASSERT_EQUAL(inet_parse("256.0.0.1", &a), -EINVAL);
	CU_ASSERT_EQUAL(inet_parse("1.2.3", &a), -EINVAL);
	CU_ASSERT_EQUAL(inet_parse("1.2.3.4.", &a), -EINVAL);
	CU_ASSERT_EQUAL(inet_parse("1..3.4", &a), -EINVAL);
	CU_ASSERT_EQUAL(inet_parse("0001.2.3.4", &a), -EINVAL);
	CU_ASSERT_EQUAL(inet_parse("", &a), -EINVAL);
}

static void test_register(void)
{
	static struct netdev other, unnamed;

	setup();
	memcpy(&other, &dev, sizeof(other));
	CU_ASSERT_EQUAL(netdev_register(&other), -EEXIST);
	unnamed.ops = &test_ops;
	CU_ASSERT_EQUAL(netdev_register(&unnamed), -EINVAL);
	CU_ASSERT_PTR_EQUAL(netdev_find("eth0"), &dev);
	CU_ASSERT_PTR_EQUAL(netdev_at(0), &dev);
	CU_ASSERT_PTR_NULL(netdev_at(1));
	CU_ASSERT_EQUAL(netdev_set_addr(&dev, OUR_IP, 33, 0), -EINVAL);
	CU_ASSERT_EQUAL(netdev_set_addr(&dev, OUR_IP, 24,
					INET_ADDR(10, 0, 1, 1)), -EINVAL);
}

static void test_arp_request_answered(void)
{
	uint8_t f[64], mac[ETH_ALEN];
	const uint8_t *p;

	setup();
	receive(f, arp_frame(f, 1, PEER_IP, OUR_IP));
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	p = sent[0].b + ETH_HLEN;
	CU_ASSERT_EQUAL(memcmp(sent[0].b, peer_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get16(sent[0].b + 12), ETH_P_ARP);
	CU_ASSERT_EQUAL(inet_get16(p + 6), 2);
	CU_ASSERT_EQUAL(memcmp(p + 8, our_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get32(p + 14), OUR_IP);
	CU_ASSERT_EQUAL(memcmp(p + 18, peer_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get32(p + 24), PEER_IP);
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), 0);
	CU_ASSERT_EQUAL(memcmp(mac, peer_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(dev.stats.rx_packets, 1);
	/* Trusted for ARP_TTL_NS, then asked for again. */
	now_ns += ARP_TTL_NS;
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), -ENOENT);
}

static void test_arp_for_others_ignored(void)
{
	uint8_t f[64], mac[ETH_ALEN];

	setup();
	receive(f, arp_frame(f, 1, PEER_IP, INET_ADDR(10, 0, 0, 3)));
	CU_ASSERT_EQUAL(nsent, 0);
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), -ENOENT);
}

static void test_arp_hostile(void)
{
	uint8_t f[64], mac[ETH_ALEN];
	size_t len;

	setup();
	len = arp_frame(f, 1, PEER_IP, OUR_IP);
	receive(f, len - 1);			/* truncated */
	f[ETH_HLEN + 1] = 6;			/* hardware type */
	receive(f, len);
	arp_frame(f, 1, PEER_IP, OUR_IP);
	f[ETH_HLEN + 4] = 8;			/* hardware address length */
	receive(f, len);
	arp_frame(f, 3, PEER_IP, OUR_IP);	/* operation */
	receive(f, len);
	arp_frame(f, 1, PEER_IP, OUR_IP);
	f[ETH_HLEN + 8] |= 1;			/* multicast sender */
	receive(f, len);
	arp_frame(f, 2, OUR_IP, OUR_IP);	/* claims our address */
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.arp_bad, 6);
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 6);
	CU_ASSERT_EQUAL(nsent, 0);
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), -ENOENT);
	CU_ASSERT_EQUAL(arp_lookup(&dev, OUR_IP, mac), -ENOENT);
}

static void test_udp_send_asks_arp_first(void)
{
	uint8_t f[64];
	const uint8_t *u;
	size_t len;

	setup();
	CU_ASSERT_EQUAL(udp_send(5000, PEER_IP, 7, "hello", 5), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 1);	/* the ARP request */
	CU_ASSERT_EQUAL(memcmp(sent[0].b, eth_broadcast, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get16(sent[0].b + 12), ETH_P_ARP);
	CU_ASSERT_EQUAL(inet_get32(sent[0].b + ETH_HLEN + 24), PEER_IP);
	receive(f, arp_frame(f, 2, PEER_IP, OUR_IP));
	CU_ASSERT_EQUAL_FATAL(nsent, 2);	/* the datagram that waited */
	CU_ASSERT_EQUAL(memcmp(sent[1].b, peer_mac, ETH_ALEN), 0);
	u = sent_ip(1, IP_PROTO_UDP, PEER_IP, &len);
	CU_ASSERT_EQUAL(len, UDP_HLEN + 5);
	CU_ASSERT_EQUAL(inet_get16(u), 5000);
	CU_ASSERT_EQUAL(inet_get16(u + 2), 7);
	CU_ASSERT_EQUAL(inet_fold(inet_sum(u, len, inet_pseudo_sum(OUR_IP,
			PEER_IP, IP_PROTO_UDP, (uint16_t)len))), 0);
	CU_ASSERT_EQUAL(memcmp(u + UDP_HLEN, "hello", 5), 0);
	/* Known now: the next one goes at once. */
	CU_ASSERT_EQUAL(udp_send(5000, PEER_IP, 7, "again", 5), 0);
	CU_ASSERT_EQUAL(nsent, 3);
}

/*
 * udp_send_via(): a broadcast out of the device named, from its address,
 * whatever the route says (no ARP, to the Ethernet broadcast); a device
 * without an address cannot send; too much data is -EMSGSIZE, by either
 * call.
 */
static void test_udp_send_via_broadcast(void)
{
	static uint8_t big[UDP_MAX_DATA + 1];
	static struct netdev eth1;
	const uint8_t *u;
	size_t len;

	setup();
	netdev_unregister(&eth1);
	memset(&eth1, 0, sizeof(eth1));
	strcpy(eth1.name, "eth1");
	eth1.ops = &test_ops;
	CU_ASSERT_EQUAL_FATAL(netdev_register(&eth1), 0);
	CU_ASSERT_EQUAL(netdev_set_addr(&eth1, INET_ADDR(10, 9, 0, 1), 24, 0), 0);
	CU_ASSERT_EQUAL(udp_send_via(&eth1, 67, 0xffffffff, 68, "x", 1), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	CU_ASSERT_PTR_EQUAL(sent[0].dev, &eth1);
	CU_ASSERT_EQUAL(inet_get32(sent[0].b + ETH_HLEN + 12), INET_ADDR(10, 9, 0, 1));
	netdev_unregister(&eth1);
	nsent = 0;
	CU_ASSERT_EQUAL(udp_send_via(&dev, 67, 0xffffffff, 68, "offer", 5), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	CU_ASSERT_EQUAL(memcmp(sent[0].b, eth_broadcast, ETH_ALEN), 0);
	CU_ASSERT_PTR_EQUAL(sent[0].dev, &dev);
	u = sent_ip(0, IP_PROTO_UDP, 0xffffffff, &len);
	CU_ASSERT_EQUAL(len, UDP_HLEN + 5);
	CU_ASSERT_EQUAL(inet_get16(u), 67);
	CU_ASSERT_EQUAL(inet_get16(u + 2), 68);
	CU_ASSERT_EQUAL(inet_fold(inet_sum(u, len, inet_pseudo_sum(OUR_IP,
			0xffffffff, IP_PROTO_UDP, (uint16_t)len))), 0);
	CU_ASSERT_EQUAL(udp_send_via(&dev, 67, 0xffffffff, 68, big, sizeof(big)),
			-EMSGSIZE);
	CU_ASSERT_EQUAL(udp_send(67, PEER_IP, 68, big, sizeof(big)), -EMSGSIZE);
	CU_ASSERT_EQUAL(netdev_set_addr(&dev, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(udp_send_via(&dev, 67, 0xffffffff, 68, "x", 1),
			-EADDRNOTAVAIL);
	CU_ASSERT_EQUAL(nsent, 1);
}

/*
 * A neighbour past ARP_TTL_NS is stale: datagrams still go to its MAC
 * while it is asked for again, by a request to that MAC, at most every
 * ARP_RETRY_NS; its answer makes it trusted again; without one it is
 * forgotten after ARP_GIVE_UP_NS.
 */
static void test_arp_stale_kept_while_asking(void)
{
	uint8_t f[64], mac[ETH_ALEN];

	setup();
	receive(f, arp_frame(f, 1, PEER_IP, OUR_IP));	/* learned */
	now_ns += ARP_TTL_NS;
	nsent = 0;
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), -ENOENT);
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "a", 1), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 2);	/* the request, the datagram */
	CU_ASSERT_EQUAL(memcmp(sent[0].b, peer_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get16(sent[0].b + 12), ETH_P_ARP);
	CU_ASSERT_EQUAL(inet_get16(sent[0].b + ETH_HLEN + 6), 1);
	CU_ASSERT_EQUAL(inet_get32(sent[0].b + ETH_HLEN + 24), PEER_IP);
	CU_ASSERT_EQUAL(memcmp(sent[1].b, peer_mac, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get16(sent[1].b + 12), ETH_P_IP);
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "b", 1), 0);
	CU_ASSERT_EQUAL(nsent, 3);		/* not asked again yet */
	CU_ASSERT_EQUAL(dev.stats.tx_dropped, 0);
	receive(f, arp_frame(f, 2, PEER_IP, OUR_IP));	/* the answer */
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), 0);
	now_ns += ARP_TTL_NS;			/* stale again, never answers */
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "c", 1), 0);
	CU_ASSERT_EQUAL(nsent, 5);
	now_ns += ARP_GIVE_UP_NS;		/* forgotten: asked by broadcast */
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "d", 1), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 6);
	CU_ASSERT_EQUAL(memcmp(sent[5].b, eth_broadcast, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(inet_get16(sent[5].b + 12), ETH_P_ARP);
}

static void test_arp_retry_and_give_up(void)
{
	uint8_t mac[ETH_ALEN];

	setup();
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "a", 1), 0);
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "b", 1), 0);
	CU_ASSERT_EQUAL(nsent, 1);		/* asked once */
	CU_ASSERT_EQUAL(dev.stats.tx_dropped, 1);	/* "a" replaced */
	now_ns += ARP_RETRY_NS;
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, "c", 1), 0);
	CU_ASSERT_EQUAL(nsent, 2);		/* asked again */
	now_ns += ARP_GIVE_UP_NS;
	CU_ASSERT_EQUAL(arp_lookup(&dev, PEER_IP, mac), -ENOENT);
	CU_ASSERT_EQUAL(dev.stats.tx_dropped, 3);	/* "b", then "c" */
}

static void test_routes(void)
{
	setup();
	CU_ASSERT_EQUAL(udp_send(1, INET_ADDR(192, 0, 2, 1), 2, "x", 1), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 1);	/* ARP for the gateway */
	CU_ASSERT_EQUAL(inet_get32(sent[0].b + ETH_HLEN + 24), GW_IP);
	CU_ASSERT_EQUAL(udp_send(1, PEER_IP, 2, NULL, UDP_MAX_DATA + 1),
			-EMSGSIZE);
	CU_ASSERT_EQUAL(udp_send(1, INET_BROADCAST, 2, "all", 3), 0);
	CU_ASSERT_EQUAL(memcmp(sent[1].b, eth_broadcast, ETH_ALEN), 0);
	CU_ASSERT_EQUAL(netdev_set_addr(&dev, OUR_IP, 24, 0), 0);
	CU_ASSERT_EQUAL(udp_send(1, INET_ADDR(192, 0, 2, 1), 2, "x", 1),
			-EADDRNOTAVAIL);
	transmit_rc = -EAGAIN;
	CU_ASSERT_EQUAL(udp_send(1, INET_BROADCAST, 2, "x", 1), -EAGAIN);
	CU_ASSERT_EQUAL(dev.stats.tx_dropped, 1);
}

static char got[64];
static uint32_t got_src;
static uint16_t got_sport;
static int echo_back;

static void on_udp(void *arg, uint32_t src, uint16_t sport, const void *data,
		   size_t len)
{
	CU_ASSERT_PTR_EQUAL(arg, &got);
	memcpy(got, data, len);
	got[len] = '\0';
	got_src = src;
	got_sport = sport;
	if (echo_back)
		CU_ASSERT_EQUAL(udp_send(7, src, sport, data, len), 0);
}

static void test_udp_receive(void)
{
	uint8_t f[128];
	const uint8_t *u;
	size_t len;

	setup();
	learn_peer();
	CU_ASSERT_EQUAL(udp_bind(7, on_udp, got), 0);
	CU_ASSERT_EQUAL(udp_bind(7, on_udp, got), -EADDRINUSE);
	CU_ASSERT_EQUAL(udp_bind(0, on_udp, got), -EINVAL);
	receive(f, udp_frame(f, 4000, 7, "ping me", 1));
	CU_ASSERT_STRING_EQUAL(got, "ping me");
	CU_ASSERT_EQUAL(got_src, PEER_IP);
	CU_ASSERT_EQUAL(got_sport, 4000);
	receive(f, udp_frame(f, 4000, 7, "no sum", 0));	/* allowed */
	CU_ASSERT_STRING_EQUAL(got, "no sum");
	/* Ethernet's minimum frame pads a short datagram: ignored. */
	len = udp_frame(f, 4000, 7, "x", 1);
	memset(f + len, 0xee, 60 - len);
	receive(f, 60);
	CU_ASSERT_STRING_EQUAL(got, "x");
	/* An echo server: the reply is sent from inside the receive call. */
	echo_back = 1;
	receive(f, udp_frame(f, 4000, 7, "echo", 1));
	echo_back = 0;
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	u = sent_ip(0, IP_PROTO_UDP, PEER_IP, &len);
	CU_ASSERT_EQUAL(inet_get16(u + 2), 4000);
	CU_ASSERT_EQUAL(memcmp(u + UDP_HLEN, "echo", 4), 0);
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 0);
	CU_ASSERT_EQUAL(udp_unbind(7), 0);
	CU_ASSERT_EQUAL(udp_unbind(7), -ENOENT);
}

static void test_udp_hostile(void)
{
	uint8_t f[128];
	size_t len;

	setup();
	CU_ASSERT_EQUAL(udp_bind(9, on_udp, got), 0);
	got[0] = '\0';
	len = udp_frame(f, 1, 9, "data", 1);
	f[len - 1] ^= 1;			/* bad checksum */
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.udp_bad_checksum, 1);
	len = udp_frame(f, 1, 9, "data", 0);
	inet_put16(f + ETH_HLEN + IPV4_HLEN + 4, 200);	/* longer than sent */
	receive(f, len);
	inet_put16(f + ETH_HLEN + IPV4_HLEN + 4, 7);	/* shorter than header */
	receive(f, len);
	/* An IPv4 datagram with 4 bytes of UDP: a truncated header. */
	len = ip_frame(f, PEER_IP, OUR_IP, IP_PROTO_UDP, "\0\1\0\11", 4);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.udp_bad, 3);
	receive(f, udp_frame(f, 1, 10, "nobody", 1));
	receive(f, udp_frame(f, 1, 0, "port 0", 1));
	CU_ASSERT_EQUAL(net_drops.udp_no_port, 2);
	CU_ASSERT_STRING_EQUAL(got, "");
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 6);
	CU_ASSERT_EQUAL(nsent, 0);
	CU_ASSERT_EQUAL(udp_unbind(9), 0);
}

static void test_icmp_echo_answered(void)
{
	uint8_t f[128];
	const uint8_t *m;
	size_t len;

	setup();
	learn_peer();
	receive(f, echo_frame(f, ICMP_ECHO_REQUEST, OUR_IP, 5, "abcdefg"));
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	CU_ASSERT_EQUAL(memcmp(sent[0].b, peer_mac, ETH_ALEN), 0);
	m = sent_ip(0, IP_PROTO_ICMP, PEER_IP, &len);
	CU_ASSERT_EQUAL(len, ICMP_HLEN + 7);
	CU_ASSERT_EQUAL(m[0], ICMP_ECHO_REPLY);
	CU_ASSERT_EQUAL(inet_fold(inet_sum(m, len, 0)), 0);
	CU_ASSERT_EQUAL(inet_get16(m + 4), 0x1234);
	CU_ASSERT_EQUAL(inet_get16(m + 6), 5);
	CU_ASSERT_EQUAL(memcmp(m + ICMP_HLEN, "abcdefg", 7), 0);
	/* Not to a broadcast (no smurf amplifier here). */
	receive(f, echo_frame(f, ICMP_ECHO_REQUEST, INET_ADDR(10, 0, 0, 255),
			      6, "x"));
	CU_ASSERT_EQUAL(nsent, 1);
}

static int replies;
static uint16_t reply_seq;

static void on_reply(void *arg, uint32_t src, uint16_t id, uint16_t seq,
		     const void *data, size_t len)
{
	(void)arg;
	CU_ASSERT_EQUAL(src, PEER_IP);
	CU_ASSERT_EQUAL(id, 0x1234);
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_EQUAL(memcmp(data, "pong", 4), 0);
	reply_seq = seq;
	replies++;
}

static void test_icmp_ping(void)
{
	uint8_t f[128];
	const uint8_t *m;
	size_t len;

	setup();
	learn_peer();
	CU_ASSERT_EQUAL(icmp_echo_send(PEER_IP, 0x1234, 3, "pong", 4), 0);
	CU_ASSERT_EQUAL_FATAL(nsent, 1);
	m = sent_ip(0, IP_PROTO_ICMP, PEER_IP, &len);
	CU_ASSERT_EQUAL(m[0], ICMP_ECHO_REQUEST);
	CU_ASSERT_EQUAL(inet_fold(inet_sum(m, len, 0)), 0);
	icmp_echo_listen(on_reply, NULL);
	receive(f, echo_frame(f, ICMP_ECHO_REPLY, OUR_IP, 3, "pong"));
	CU_ASSERT_EQUAL(replies, 1);
	CU_ASSERT_EQUAL(reply_seq, 3);
	/* Hostile: bad checksum, a header cut short. */
	len = echo_frame(f, ICMP_ECHO_REPLY, OUR_IP, 4, "pong");
	f[len - 2] ^= 0x40;
	receive(f, len);
	len = ip_frame(f, PEER_IP, OUR_IP, IP_PROTO_ICMP, "\0\0\0\0", 4);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.icmp_bad, 2);
	CU_ASSERT_EQUAL(replies, 1);
	icmp_echo_listen(NULL, NULL);
}

/* A valid echo request to us, in f; len returned. */
static size_t good(uint8_t *f)
{
	return echo_frame(f, ICMP_ECHO_REQUEST, OUR_IP, 1, "data");
}

/* Refreshes the IPv4 header checksum after a test changed the header. */
static void resum(uint8_t *f)
{
	uint8_t *p = f + ETH_HLEN;
	size_t hlen = (size_t)(p[0] & 0xf) * 4;

	inet_put16(p + 10, 0);
	inet_put16(p + 10, inet_fold(inet_sum(p, hlen, 0)));
}

static void test_ipv4_hostile(void)
{
	uint8_t f[256];
	uint8_t *ip = f + ETH_HLEN;
	size_t len;

	setup();
	learn_peer();
	len = good(f);
	receive(f, ETH_HLEN + IPV4_HLEN - 1);		/* truncated header */
	ip[0] = 0x65;					/* version 6 */
	resum(f);
	receive(f, len);
	len = good(f);
	ip[0] = 0x44;					/* 16-byte header */
	receive(f, len);
	len = good(f);
	ip[0] = 0x4f;					/* 60 bytes > what came */
	receive(f, ETH_HLEN + 40);
	len = good(f);
	inet_put16(ip + 2, (uint16_t)(len - ETH_HLEN + 1));	/* too long */
	resum(f);
	receive(f, len);
	len = good(f);
	inet_put16(ip + 2, 19);				/* shorter than header */
	resum(f);
	receive(f, len);
	len = good(f);
	inet_put32(ip + 12, INET_BROADCAST);		/* broadcast source */
	resum(f);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.ip_bad_header, 7);
	len = good(f);
	ip[8] ^= 1;					/* checksum no more */
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.ip_bad_checksum, 1);
	len = good(f);
	inet_put16(ip + 6, 0x2000);			/* more fragments */
	resum(f);
	receive(f, len);
	len = good(f);
	inet_put16(ip + 6, 0x4000 | 1);			/* an offset */
	resum(f);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.ip_fragment, 2);
	len = good(f);
	inet_put32(ip + 16, INET_ADDR(10, 0, 0, 3));	/* not ours */
	resum(f);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.ip_not_ours, 1);
	len = good(f);
	ip[9] = 6;					/* TCP */
	resum(f);
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.ip_proto, 1);
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 12);
	CU_ASSERT_EQUAL(nsent, 0);
	/* Options are skipped: a 24-byte header still gets its answer. */
	len = good(f);
	memmove(ip + 24, ip + 20, len - ETH_HLEN - 20);
	memset(ip + 20, 1, 4);				/* four NOPs */
	ip[0] = 0x46;
	inet_put16(ip + 2, (uint16_t)(len - ETH_HLEN + 4));
	resum(f);
	receive(f, len + 4);
	CU_ASSERT_EQUAL(nsent, 1);
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 12);
}

static void test_eth_hostile(void)
{
	uint8_t f[ETH_FRAME_MAX + 1];
	size_t len;

	setup();
	learn_peer();
	len = good(f);
	receive(f, ETH_HLEN - 1);
	memset(f, 0, sizeof(f));
	receive(f, sizeof(f));				/* longer than a frame */
	CU_ASSERT_EQUAL(net_drops.eth_short, 2);
	len = good(f);
	f[5] ^= 1;					/* another host's MAC */
	receive(f, len);
	f[0] = 0x01;					/* a multicast group */
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.eth_not_ours, 2);
	len = good(f);
	inet_put16(f + 12, 0x86dd);			/* IPv6 */
	receive(f, len);
	CU_ASSERT_EQUAL(net_drops.eth_type, 1);
	CU_ASSERT_EQUAL(nsent, 0);
	CU_ASSERT_EQUAL(dev.stats.rx_dropped, 5);
	CU_ASSERT_EQUAL(dev.stats.rx_packets, 1);	/* learn_peer()'s */
}

/*
 * Random frames, and good frames with random bytes changed: nothing read
 * or written out of bounds (the sanitizers watch), every frame counted
 * once, every frame sent well-formed.
 */
static void test_random_frames(void)
{
	uint8_t f[ETH_FRAME_MAX];
	unsigned int i, k, n = 20000, answers = 0;
	size_t len;

	setup();
	learn_peer();
	CU_ASSERT_EQUAL(udp_bind(7, on_udp, got), 0);
	srand(12);
	for (i = 0; i < n; i++) {
		if (i % 2) {
			len = (size_t)rand() % sizeof(f);
			for (k = 0; k < len; k++)
				f[k] = (uint8_t)rand();
			memcpy(f, our_mac, ETH_ALEN);
			inet_put16(f + 12, i % 4 == 1 ? ETH_P_IP : ETH_P_ARP);
		} else {
			len = i % 4 ? good(f) : udp_frame(f, 1, 7, "abc", 1);
			for (k = (unsigned int)rand() % 4; k; k--)
				f[ETH_HLEN + (size_t)rand() % (len - ETH_HLEN)] =
					(uint8_t)rand();
			if (i % 8 == 0)
				len = ETH_HLEN + (size_t)rand() % (len - ETH_HLEN);
		}
		nsent = 0;
		receive(f, len);
		if (nsent) {
			CU_ASSERT_TRUE(sent[0].len >= ETH_HLEN);
			answers++;
		}
	}
	CU_ASSERT_EQUAL(dev.stats.rx_packets + dev.stats.rx_dropped, n + 1);
	CU_ASSERT_TRUE(answers > 0);	/* some requests were left whole */
	CU_ASSERT_EQUAL(udp_unbind(7), 0);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("guest/net", NULL, NULL);
	CU_add_test(s, "checksum_and_addresses", test_checksum_and_addresses);
	CU_add_test(s, "register", test_register);
	CU_add_test(s, "arp_request_answered", test_arp_request_answered);
	CU_add_test(s, "arp_for_others_ignored", test_arp_for_others_ignored);
	CU_add_test(s, "arp_hostile", test_arp_hostile);
	CU_add_test(s, "udp_send_asks_arp_first", test_udp_send_asks_arp_first);
	CU_add_test(s, "udp_send_via_broadcast", test_udp_send_via_broadcast);
	CU_add_test(s, "arp_stale_kept_while_asking", test_arp_stale_kept_while_asking);
	CU_add_test(s, "arp_retry_and_give_up", test_arp_retry_and_give_up);
	CU_add_test(s, "routes", test_routes);
	CU_add_test(s, "udp_receive", test_udp_receive);
	CU_add_test(s, "udp_hostile", test_udp_hostile);
	CU_add_test(s, "icmp_echo_answered", test_icmp_echo_answered);
	CU_add_test(s, "icmp_ping", test_icmp_ping);
	CU_add_test(s, "ipv4_hostile", test_ipv4_hostile);
	CU_add_test(s, "eth_hostile", test_eth_hostile);
	CU_add_test(s, "random_frames", test_random_frames);
	return cunit_run();
}
