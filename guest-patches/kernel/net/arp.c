/* SPDX-License-Identifier: MIT */
/* ARP: the neighbour table and answers for our addresses. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "../clock.h"
#include "arp.h"
#include "eth.h"
#include "inet.h"

#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2

enum arp_state { ARP_FREE, ARP_ASKING, ARP_KNOWN };

struct arp_entry {
	enum arp_state state;
	struct netdev *dev;
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
	uint64_t since;		/* learned, or first asked for */
	uint64_t asked;		/* last request sent */
	uint8_t *waiting;	/* a datagram for it (malloc'd), or NULL */
	size_t waiting_len;
};

static struct arp_entry table[ARP_ENTRIES];
static const uint8_t no_mac[ETH_ALEN];	/* a request's target MAC */

static void drop_waiting(struct arp_entry *e)
{
	free(e->waiting);
	e->waiting = NULL;
}

/* An entry past its time is as good as free. */
static bool expired(const struct arp_entry *e, uint64_t now)
{
	uint64_t life = e->state == ARP_KNOWN ? ARP_TTL_NS + ARP_GIVE_UP_NS
					      : ARP_GIVE_UP_NS;

	return e->state == ARP_FREE || now - e->since >= life;
}

static struct arp_entry *find(const struct netdev *dev, uint32_t ip,
			      uint64_t now)
{
	unsigned int i;

	for (i = 0; i < ARP_ENTRIES; i++)
		if (table[i].state != ARP_FREE && table[i].dev == dev &&
		    table[i].ip == ip) {
			if (!expired(&table[i], now))
				return &table[i];
			if (table[i].waiting)
				table[i].dev->stats.tx_dropped++;
			drop_waiting(&table[i]);
			table[i].state = ARP_FREE;
			return NULL;
		}
	return NULL;
}

/* A free (or expired) entry, else the oldest one, emptied. */
static struct arp_entry *make_room(uint64_t now)
{
	struct arp_entry *e = &table[0];
	unsigned int i;

	for (i = 0; i < ARP_ENTRIES; i++) {
		if (expired(&table[i], now)) {
			e = &table[i];
			break;
		}
		if (table[i].since < e->since)
			e = &table[i];
	}
	drop_waiting(e);
	e->state = ARP_FREE;
	return e;
}

int arp_lookup(const struct netdev *dev, uint32_t ip, uint8_t *mac)
{
	uint64_t now = clock_ns();
	struct arp_entry *e = find(dev, ip, now);

	if (!e || e->state != ARP_KNOWN || now - e->since >= ARP_TTL_NS)
		return -ENOENT;
	memcpy(mac, e->mac, ETH_ALEN);
	return 0;
}

void arp_forget(const struct netdev *dev)
{
	unsigned int i;

	for (i = 0; i < ARP_ENTRIES; i++)
		if (table[i].dev == dev) {
			drop_waiting(&table[i]);
			table[i].state = ARP_FREE;
			table[i].dev = NULL;
		}
}

void arp_for_each(void (*fn)(const struct netdev *dev, uint32_t ip,
			     const uint8_t *mac, uint64_t age_ns, void *arg),
		  void *arg)
{
	uint64_t now = clock_ns();
	unsigned int i;

	for (i = 0; i < ARP_ENTRIES; i++)
		if (!expired(&table[i], now))
			fn(table[i].dev, table[i].ip,
			   table[i].state == ARP_KNOWN ? table[i].mac : NULL,
			   now - table[i].since, arg);
}

/* Sends an ARP packet of operation op from dev to (tha, tip). */
static int send_arp(struct netdev *dev, uint16_t op, const uint8_t *eth_dst,
		    const uint8_t *tha, uint32_t tip)
{
	uint8_t p[ARP_PKT_LEN];

	inet_put16(p, 1);		/* hardware: Ethernet */
	inet_put16(p + 2, ETH_P_IP);
	p[4] = ETH_ALEN;
	p[5] = 4;
	inet_put16(p + 6, op);
	memcpy(p + 8, dev->mac, ETH_ALEN);
	inet_put32(p + 14, dev->ip);
	memcpy(p + 18, tha, ETH_ALEN);
	inet_put32(p + 24, tip);
	return eth_output(dev, eth_dst, ETH_P_ARP, p, sizeof(p));
}

static void learn(struct arp_entry *e, const uint8_t *mac, uint64_t now)
{
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = ARP_KNOWN;
	e->since = now;
	if (e->waiting) {
		eth_output(e->dev, e->mac, ETH_P_IP, e->waiting,
			   e->waiting_len);
		drop_waiting(e);
	}
}

int arp_input(struct netdev *dev, const uint8_t *p, size_t len)
{
	uint64_t now = clock_ns();
	uint16_t op;
	uint32_t sip, tip;
	struct arp_entry *e;

	if (len < ARP_PKT_LEN || inet_get16(p) != 1 ||
	    inet_get16(p + 2) != ETH_P_IP || p[4] != ETH_ALEN || p[5] != 4)
		goto bad;
	op = inet_get16(p + 6);
	sip = inet_get32(p + 14);
	tip = inet_get32(p + 24);
	if ((op != ARP_OP_REQUEST && op != ARP_OP_REPLY) || (p[8] & 1) ||
	    (dev->ip && sip == dev->ip))
		goto bad;
	if (!dev->ip || !sip || netdev_is_broadcast(dev, sip))
		return 0;	/* nothing to learn or answer */
	e = find(dev, sip, now);
	if (e)
		learn(e, p + 8, now);
	if (tip != dev->ip)
		return 0;
	if (!e) {
		e = make_room(now);
		e->dev = dev;
		e->ip = sip;
		learn(e, p + 8, now);
	}
	if (op == ARP_OP_REQUEST)
		send_arp(dev, ARP_OP_REPLY, p + 8, p + 8, sip);
	return 0;

bad:
	net_drops.arp_bad++;
	return -EBADMSG;
}

int arp_output(struct netdev *dev, uint32_t next_hop, const void *ip_pkt,
	       size_t len)
{
	uint64_t now = clock_ns();
	struct arp_entry *e;
	uint8_t *copy;

	if (netdev_is_broadcast(dev, next_hop))
		return eth_output(dev, eth_broadcast, ETH_P_IP, ip_pkt, len);
	e = find(dev, next_hop, now);
	if (e && e->state == ARP_KNOWN) {
		/* Stale: asked again, to its MAC, while still used. */
		if (now - e->since >= ARP_TTL_NS && now - e->asked >= ARP_RETRY_NS) {
			e->asked = now;
			send_arp(dev, ARP_OP_REQUEST, e->mac, no_mac, next_hop);
		}
		return eth_output(dev, e->mac, ETH_P_IP, ip_pkt, len);
	}
	copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, ip_pkt, len);
	if (!e) {
		e = make_room(now);
		e->state = ARP_ASKING;
		e->dev = dev;
		e->ip = next_hop;
		e->since = now;
		e->asked = now - ARP_RETRY_NS;
	}
	if (e->waiting)
		dev->stats.tx_dropped++;	/* replaced by the newer one */
	drop_waiting(e);
	e->waiting = copy;
	e->waiting_len = len;
	if (now - e->asked >= ARP_RETRY_NS) {
		e->asked = now;
		send_arp(dev, ARP_OP_REQUEST, eth_broadcast, no_mac,
			 next_hop);
	}
	return 0;
}
