/* SPDX-License-Identifier: MIT */
/*
 * ARP (RFC 826) for IPv4 over Ethernet: the neighbour table that turns a
 * next hop's address into its MAC, and the answers to requests for our
 * own addresses.
 *
 * The table holds ARP_ENTRIES neighbours over all devices.  An entry is
 * learned from a reply, or from a request for our address, and trusted for
 * ARP_TTL_NS.  Then it is stale: still used to send, while it is asked
 * for again with a request sent to that MAC (RFC 1122's unicast poll, as
 * Linux's neighbour probes), at most every ARP_RETRY_NS; an answer makes
 * it trusted again, no answer for ARP_GIVE_UP_NS forgets it.  (Expiring
 * it outright held all but the last datagram to a busy neighbour every
 * ARP_TTL_NS: lost TCP segments, retransmission waits.)  While a
 * neighbour is being asked for, the last datagram sent to it waits in its entry (one only:
 * a newer one replaces it, counted as dropped) and goes out with the
 * answer; a request is repeated at most every ARP_RETRY_NS, and a
 * neighbour silent for ARP_GIVE_UP_NS is forgotten with its datagram.
 * When the table is full the oldest entry makes room.
 *
 * Hostile input: a packet shorter than an Ethernet/IPv4 ARP packet, with
 * other hardware or protocol types or lengths, an unknown operation, a
 * multicast sender MAC or a sender claiming our own address is dropped
 * (net_drops.arp_bad) and changes nothing.
 */
#ifndef KERNEL_NET_ARP_H
#define KERNEL_NET_ARP_H

#include <stddef.h>
#include <stdint.h>
#include "netdev.h"

#define ARP_ENTRIES	32
#define ARP_TTL_NS	(60 * 1000000000ull)	/* a learned MAC is trusted */
#define ARP_RETRY_NS	(1000000000ull)		/* between two requests */
#define ARP_GIVE_UP_NS	(3 * 1000000000ull)	/* no answer: forget */
#define ARP_PKT_LEN	28			/* Ethernet/IPv4 ARP packet */

/*
 * One received ARP packet (the Ethernet payload, len bytes, padding
 * included).  Learns, sends what waited for the answer, answers requests
 * for dev's address.  Returns 0, or -EBADMSG when dropped.
 */
int arp_input(struct netdev *dev, const uint8_t *pkt, size_t len);

/*
 * Sends the IPv4 datagram ip_pkt (len <= ETH_MTU) on dev to the neighbour
 * next_hop: at once when its MAC is known (to the broadcast MAC for a
 * broadcast address), else after asking for it (see above).  Returns 0
 * when sent or waiting, -ENOMEM when there is no room to keep it, or the
 * driver's error.
 */
int arp_output(struct netdev *dev, uint32_t next_hop, const void *ip_pkt,
	       size_t len);

/*
 * Copies the MAC learned for ip on dev into mac.  Returns 0, or -ENOENT
 * when none is trusted (none known, or a stale one).
 */
int arp_lookup(const struct netdev *dev, uint32_t ip, uint8_t *mac);

/* Forgets every entry of dev (unregistered, or its address changed). */
void arp_forget(const struct netdev *dev);

/*
 * Calls fn for each valid entry: its device, address, MAC (NULL while
 * being asked for) and age.  For `ip neigh`.
 */
void arp_for_each(void (*fn)(const struct netdev *dev, uint32_t ip,
			     const uint8_t *mac, uint64_t age_ns, void *arg),
		  void *arg);

#endif
