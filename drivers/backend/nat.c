/* SPDX-License-Identifier: MIT */
/* Dom0's NAT for vif-nat vifs: TCP, UDP and ICMP echo behind eth0 (nat.h). */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/net/arp.h"
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/ipv4.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "conntrack.h"
#include "nat.h"
#include "xenbus_back.h"

#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8

/* A vif whose traffic is translated. */
static struct nat_vif {
	domid_t domid;
	unsigned int devid;
	uint32_t ip;		/* 0: free */
} vifs[NAT_PORTS];

/* A translation: the guest's (address, port or echo id) to our port. */
static struct mapping {
	uint8_t proto;		/* 0: free */
	uint32_t ip;
	uint16_t port;
	uint64_t used_ns;
} map[NAT_PORTS];

static struct nat_stats stats;
static bool hooked;

const struct nat_stats *nat_stats(void)
{
	return &stats;
}

static int hook(struct netdev *dev, const uint8_t *p, size_t len);

int nat_add(domid_t domid, unsigned int devid, uint32_t ip)
{
	struct nat_vif *free_slot = NULL;
	unsigned int i;

	for (i = 0; i < NAT_PORTS; i++) {
		struct nat_vif *v = &vifs[i];

		if (v->ip && !xenbus_back_find("vif", v->domid, v->devid))
			v->ip = 0;	/* that vif is gone */
		if (!v->ip && !free_slot)
			free_slot = v;
	}
	if (!free_slot)
		return -ENOSPC;
	free_slot->domid = domid;
	free_slot->devid = devid;
	free_slot->ip = ip;
	if (!hooked) {
		ipv4_set_hook(hook);
		hooked = true;
	}
	return 0;
}

/* Whether ip is a translated vif's address (its vif still there). */
static bool translated(uint32_t ip)
{
	unsigned int i;

	for (i = 0; i < NAT_PORTS; i++)
		if (vifs[i].ip == ip &&
		    xenbus_back_find("vif", vifs[i].domid, vifs[i].devid))
			return true;
	return false;
}

/* The mapping of (proto, ip, port), made if new (a free one, else the oldest). */
static struct mapping *map_out(uint8_t proto, uint32_t ip, uint16_t port)
{
	struct mapping *m, *free_slot = NULL, *oldest = NULL;
	unsigned int i;

	for (i = 0; i < NAT_PORTS; i++) {
		m = &map[i];
		if (m->proto == proto && m->ip == ip && m->port == port)
			goto found;
		if (!m->proto) {
			if (!free_slot)
				free_slot = m;
		} else if (!oldest || m->used_ns < oldest->used_ns) {
			oldest = m;
		}
	}
	m = free_slot ? free_slot : oldest;
	m->proto = proto;
	m->ip = ip;
	m->port = port;
found:
	m->used_ns = clock_ns();
	return m;
}

/* Where a datagram's port (UDP) or echo identifier (ICMP) is, or -1. */
static int port_offset(const uint8_t *p, size_t hlen, size_t len, bool out)
{
	if (p[9] == IP_PROTO_UDP && len >= hlen + 8)
		return (int)hlen + (out ? 0 : 2);	/* source out, destination in */
	if (p[9] == IP_PROTO_ICMP && len >= hlen + 8 &&
	    p[hlen] == (out ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY))
		return (int)hlen + 4;
	return -1;
}

/* Checksums of the rewritten datagram q, then out of dev to next_hop. */
static int send(struct netdev *dev, uint32_t next_hop, uint8_t *q, size_t len)
{
	size_t hlen = (size_t)(q[0] & 0xf) * 4;
	uint8_t *l4 = q + hlen;
	uint16_t l4len = (uint16_t)(len - hlen);

	q[10] = q[11] = 0;
	inet_put16(q + 10, inet_fold(inet_sum(q, hlen, 0)));
	if (q[9] == IP_PROTO_UDP || q[9] == IP_PROTO_TCP) {
		/* the checksum, recomputed over the new header */
		uint8_t *sum = l4 + (q[9] == IP_PROTO_UDP ? 6 : 16);

		sum[0] = sum[1] = 0;
		uint16_t c = inet_fold(inet_sum(l4, l4len, inet_pseudo_sum(
			inet_get32(q + 12), inet_get32(q + 16), q[9], l4len)));
		inet_put16(sum, c || q[9] == IP_PROTO_TCP ? c : 0xffff);
	} else {
		l4[2] = l4[3] = 0;
		inet_put16(l4 + 2, inet_fold(inet_sum(l4, l4len, 0)));
	}
	return arp_output(dev, next_hop, q, len);
}

/*
 * Whether p (len bytes, IPv4 header hlen) holds a whole TCP header with a
 * right checksum: a segment the NAT may act on.
 */
static bool tcp_ok(const uint8_t *p, size_t hlen, size_t len)
{
	size_t n = len - hlen;

	if (len < hlen + TCP_HLEN || (size_t)(p[hlen + 12] >> 4) * 4 < TCP_HLEN ||
	    (size_t)(p[hlen + 12] >> 4) * 4 > n)
		return false;
	return !inet_fold(inet_sum(p + hlen, n, inet_pseudo_sum(
		inet_get32(p + 12), inet_get32(p + 16), IP_PROTO_TCP, (uint16_t)n)));
}

/* A guest's segment out of eth0 under eth0's address and its connection's port. */
static int tcp_out(struct netdev *outer, const uint8_t *p, size_t len)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;
	uint8_t q[ETH_MTU];
	struct conntrack *c;
	uint32_t dst = inet_get32(p + 16), hop;
	int err;

	if (len > sizeof(q) || p[8] <= 1 || !outer->ip || !tcp_ok(p, hlen, len)) {
		stats.dropped++;
		return 0;
	}
	hop = ((dst ^ outer->ip) & outer->netmask) ? outer->gateway : dst;
	if (!hop) {
		stats.dropped++;
		return 0;
	}
	c = conntrack_out(inet_get32(p + 12), inet_get16(p + hlen), dst,
			  inet_get16(p + hlen + 2), p[hlen + 13], clock_ns(), &err);
	if (!c) {
		stats.dropped++;
		if (err == -ENOSPC)
			stats.tcp_full++;
		return 0;
	}
	memcpy(q, p, len);
	q[8]--;
	inet_put32(q + 12, outer->ip);
	inet_put16(q + hlen, c->port);
	stats.out++;
	send(outer, hop, q, len);
	return 0;
}

/* A segment to eth0's address: to its guest, if a connection's. */
static int tcp_in(struct netdev *inner, const uint8_t *p, size_t len)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;
	uint8_t q[ETH_MTU];
	struct conntrack *c;
	unsigned int port;

	if (len < hlen + TCP_HLEN)
		return -ENOENT;
	port = inet_get16(p + hlen + 2);
	if (port < CONNTRACK_PORT_BASE || port >= CONNTRACK_PORT_BASE + CONNTRACK_CONNS)
		return -ENOENT;	/* not a translated port: Dom0's stack's */
	if (len > sizeof(q) || p[8] <= 1 || !tcp_ok(p, hlen, len)) {
		stats.dropped++;
		return 0;
	}
	c = conntrack_in((uint16_t)port, inet_get32(p + 12), inet_get16(p + hlen),
			 p[hlen + 13], clock_ns());
	if (!c || !translated(c->guest_ip)) {
		stats.dropped++;
		return 0;
	}
	memcpy(q, p, len);
	q[8]--;
	inet_put32(q + 16, c->guest_ip);
	inet_put16(q + hlen + 2, c->guest_port);
	stats.in++;
	send(inner, c->guest_ip, q, len);
	return 0;
}

static int nat_out(struct netdev *outer, const uint8_t *p, size_t len)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;
	int off = port_offset(p, hlen, len, true);
	uint8_t q[ETH_MTU];
	struct mapping *m;
	uint32_t dst = inet_get32(p + 16), hop;

	if (off < 0 || len > sizeof(q) || p[8] <= 1 || !outer->ip) {
		stats.dropped++;
		return 0;	/* ours to drop: it was for the world */
	}
	m = map_out(p[9], inet_get32(p + 12), inet_get16(p + off));
	memcpy(q, p, len);
	q[8]--;
	inet_put32(q + 12, outer->ip);
	inet_put16(q + off, (uint16_t)(NAT_PORT_BASE + (m - map)));
	hop = ((dst ^ outer->ip) & outer->netmask) ? outer->gateway : dst;
	if (!hop) {
		stats.dropped++;
		return 0;
	}
	stats.out++;
	send(outer, hop, q, len);
	return 0;
}

static int nat_in(struct netdev *inner, const uint8_t *p, size_t len)
{
	size_t hlen = (size_t)(p[0] & 0xf) * 4;
	int off = port_offset(p, hlen, len, false);
	unsigned int port;
	struct mapping *m;
	uint8_t q[ETH_MTU];

	if (off < 0)
		return -ENOENT;
	port = inet_get16(p + off);
	if (port < NAT_PORT_BASE || port >= NAT_PORT_BASE + NAT_PORTS)
		return -ENOENT;
	m = &map[port - NAT_PORT_BASE];
	if (m->proto != p[9] || !translated(m->ip) || len > sizeof(q) ||
	    p[8] <= 1) {
		stats.dropped++;
		return 0;	/* a translated port: not for Dom0's own stack */
	}
	m->used_ns = clock_ns();
	memcpy(q, p, len);
	q[8]--;
	inet_put32(q + 16, m->ip);
	inet_put16(q + off, m->port);
	stats.in++;
	send(inner, m->ip, q, len);
	return 0;
}

/* The stack's hook: 0 when the datagram was ours to translate. */
static int hook(struct netdev *dev, const uint8_t *p, size_t len)
{
	struct netdev *inner = netdev_find("xenbr0"), *outer = netdev_find("eth0");
	uint32_t src = inet_get32(p + 12), dst = inet_get32(p + 16);

	if (!inner || !outer)
		return -ENOENT;
	if (dev == inner && translated(src) && inner->ip &&
	    ((dst ^ inner->ip) & inner->netmask))
		return p[9] == IP_PROTO_TCP ? tcp_out(outer, p, len) :
			nat_out(outer, p, len);
	if (dev == outer && outer->ip && dst == outer->ip)
		return p[9] == IP_PROTO_TCP ? tcp_in(inner, p, len) :
			nat_in(inner, p, len);
	return -ENOENT;
}
