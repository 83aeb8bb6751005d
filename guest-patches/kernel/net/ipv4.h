/* SPDX-License-Identifier: MIT */
/*
 * IPv4 (RFC 791) for the kernel's own traffic: a host, not a router.
 * Datagrams go out whole (at most one Ethernet MTU, the Don't Fragment
 * bit set) with TTL 64; nothing is forwarded, except what a hook takes
 * (ipv4_set_hook(): Dom0's NAT, drivers/backend/nat.h).
 *
 * Received datagrams are checked before anything reads their payload:
 * at least a 20-byte header, version 4, a header length of at least 5
 * words and inside the packet, a total length between the header length
 * and the bytes received (Ethernet's padding after it is ignored), the
 * header checksum, a source that is not broadcast or multicast.
 * Fragments (More Fragments set, or an offset) are refused: nothing here
 * reassembles.  A datagram for another address than the device's own or
 * its broadcasts is dropped.  Options are skipped.  Each drop is counted
 * in net_drops.
 */
#ifndef KERNEL_NET_IPV4_H
#define KERNEL_NET_IPV4_H

#include <stddef.h>
#include <stdint.h>
#include "netdev.h"

#define IPV4_HLEN		20	/* header without options */
#define IPV4_TTL		64
#define IPV4_MAX_PAYLOAD	(ETH_MTU - IPV4_HLEN)
#define IP_PROTO_ICMP		1
#define IP_PROTO_TCP		6
#define IP_PROTO_UDP		17

/*
 * One received datagram (the Ethernet payload, len bytes): checked as
 * above, then given to ICMP or UDP.  Returns 0 when taken, or a negative
 * errno when dropped (-EBADMSG malformed or bad checksum, -EXDEV not for
 * us, -EOPNOTSUPP another protocol, or the upper layer's reason).
 */
int ipv4_input(struct netdev *dev, const uint8_t *pkt, size_t len);

/*
 * A hook that sees every datagram that passed the checks above, before
 * the check that it is for this host: it returns 0 when it took the
 * datagram (pkt, len bytes, the IPv4 header first; valid during the call
 * only), or a negative errno to let the stack go on.
 */
typedef int ipv4_hook_fn(struct netdev *dev, const uint8_t *pkt, size_t len);

/* Sets the hook (NULL: none). */
void ipv4_set_hook(ipv4_hook_fn *fn);

/*
 * The source address of a datagram to dst: the address of the device the
 * route picks (netdev_route()).  Returns 0 or -EADDRNOTAVAIL.  For UDP's
 * checksum, which covers it.
 */
int ipv4_source(uint32_t dst, uint32_t *src);

/*
 * Sends payload (len <= IPV4_MAX_PAYLOAD) to dst as protocol proto, out
 * of the routed device, through ARP.  Returns 0 (sent, or waiting for
 * ARP), -EMSGSIZE, -EADDRNOTAVAIL, or arp_output()'s error.
 */
int ipv4_output(uint32_t dst, uint8_t proto, const void *payload,
		size_t len);

/*
 * The same out of dev (which must have an address, the source) to next
 * hop hop, whatever the route: a limited broadcast on one device (Dom0's
 * DHCP server answering on xenbr0).  Returns 0, -EMSGSIZE,
 * -EADDRNOTAVAIL (dev has no address) or arp_output()'s error.
 */
int ipv4_output_via(struct netdev *dev, uint32_t hop, uint32_t dst,
		    uint8_t proto, const void *payload, size_t len);

#endif
