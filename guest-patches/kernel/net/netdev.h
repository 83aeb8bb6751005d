/* SPDX-License-Identifier: MIT */
/*
 * Network devices: the boundary between the kernel's small IP stack
 * (eth, arp, ipv4, icmp, udp in this folder) and the drivers below it
 * (a virtio-net NIC in Dom0, netfront in a DomU, a loopback in the tests).
 *
 * A driver fills a struct netdev (name, MAC, ops) and registers it.  It
 * hands every frame it receives to netdev_receive(); the stack sends
 * through the driver's transmit op.  Frames are whole Ethernet II frames
 * (destination, source, EtherType, payload; no FCS, no 802.1Q tag), at
 * most ETH_FRAME_MAX bytes; neither side keeps the other's buffer after
 * the call returns.
 *
 * Each device has one IPv4 address with a prefix length, and optionally a
 * gateway; 0 means unset (a device without an address answers nothing).
 * Addresses are in host byte order (net/inet.h).
 *
 * Not locked: the stack runs in the kernel's cooperative threads.  Call
 * netdev_receive() and the sending calls (udp_send(), icmp_echo_send())
 * from threads, never from an interrupt or event handler: a driver's
 * handler wakes a thread that takes the frames off its ring.
 */
#ifndef KERNEL_NET_NETDEV_H
#define KERNEL_NET_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#define NETDEV_MAX	4		/* registered devices at once */
#define NETDEV_NAME_LEN	8		/* "eth0", "vif1.0": with the NUL */
#define ETH_ALEN	6		/* bytes in a MAC address */
#define ETH_HLEN	14		/* destination, source, EtherType */
#define ETH_MTU		1500		/* largest payload */
#define ETH_FRAME_MAX	(ETH_HLEN + ETH_MTU)

struct netdev;

/*
 * A device that is a port of a bridge (Dom0's NIC on xenbr0): the bridge
 * stands between the driver and the stack, as Linux's bridge between a
 * NIC it enslaved and the interface that carries the address.
 */
struct netdev_bridging {
	/* A frame the driver received (netdev_receive()): the bridge's. */
	void (*from_driver)(struct netdev *dev, const void *frame, size_t len);
	/* A frame the stack sends (netdev_transmit()): 0 or -errno. */
	int (*from_stack)(struct netdev *dev, const void *frame, size_t len);
};

struct netdev_ops {
	/*
	 * Sends one frame of len bytes (ETH_HLEN..ETH_FRAME_MAX; the driver
	 * pads short frames if its medium needs it).  Returns 0 once the
	 * frame is on its way (copied out of frame), or a negative errno:
	 * -EAGAIN when the device's queue is full, -EIO when the device is
	 * gone.  The frame is dropped on an error; the stack does not retry.
	 * It may be called from inside the driver's own netdev_receive()
	 * (an ARP answer, an echo reply).
	 */
	int (*transmit)(struct netdev *dev, const void *frame, size_t len);
};

/* Counters, as `ip` shows them; the stack keeps them. */
struct netdev_stats {
	uint64_t rx_packets, rx_bytes;	/* frames received for us */
	uint64_t tx_packets, tx_bytes;	/* frames the driver took */
	uint64_t rx_dropped;		/* malformed, not for us, no taker */
	uint64_t tx_dropped;		/* driver refused, no ARP answer */
};

struct netdev {
	/* Filled in by the driver before netdev_register(). */
	char name[NETDEV_NAME_LEN];
	uint8_t mac[ETH_ALEN];
	const struct netdev_ops *ops;
	void *priv;			/* the driver's */

	/* Set with netdev_set_addr(); 0 when unset. */
	uint32_t ip;
	uint32_t netmask;
	uint32_t gateway;

	struct netdev_stats stats;

	/* Set with netdev_set_bridging(); NULL: driver and stack meet. */
	const struct netdev_bridging *bridging;
};

/*
 * Why the stack dropped what it received, over all devices; the unit
 * tests check that each hostile packet lands in its counter.
 */
struct net_drops {
	uint64_t eth_short, eth_not_ours, eth_type;
	uint64_t arp_bad;
	uint64_t ip_bad_header, ip_bad_checksum, ip_fragment, ip_not_ours,
		 ip_proto;
	uint64_t icmp_bad, udp_bad, udp_bad_checksum, udp_no_port;
};

extern struct net_drops net_drops;

/*
 * Adds dev (its name, MAC and ops filled in, the rest zeroed) to the
 * stack.  Returns 0, -EINVAL (no name, no transmit op), -EEXIST (a device
 * of that name) or -ENOSPC (NETDEV_MAX registered).
 */
int netdev_register(struct netdev *dev);

/*
 * Removes dev: its ARP entries are forgotten, the stack no longer sends
 * to it.  The driver must not call netdev_receive() for it afterwards.
 * Nothing happens for a device not registered.
 */
void netdev_unregister(struct netdev *dev);

/* The registered device called name, or NULL. */
struct netdev *netdev_find(const char *name);

/* The i-th registered device (0, 1, ...), NULL past the last: a walk. */
struct netdev *netdev_at(unsigned int i);

/*
 * Sets dev's address, prefix length (1..32) and gateway (0: none; else
 * it must be inside the prefix).  ip 0 clears the address.  Returns 0 or
 * -EINVAL.
 */
int netdev_set_addr(struct netdev *dev, uint32_t ip, unsigned int prefix,
		    uint32_t gateway);

/*
 * The driver's receive path: frame (len bytes, as received, no FCS) is
 * taken apart and answered before the call returns.  Anything malformed
 * is counted (dev->stats.rx_dropped, net_drops) and dropped.
 */
void netdev_receive(struct netdev *dev, const void *frame, size_t len);

/*
 * Hands a whole frame to dev's driver (to its bridging's from_stack when
 * bridged) and counts it.  Returns the transmit op's result.  For the
 * stack's layers (eth.c).
 */
int netdev_transmit(struct netdev *dev, const void *frame, size_t len);

/*
 * Puts a bridge between dev's driver and the stack (NULL takes it away):
 * netdev_receive() then hands frames to b->from_driver, netdev_transmit()
 * to b->from_stack, and the bridge reaches each end with the two calls
 * below.
 */
void netdev_set_bridging(struct netdev *dev, const struct netdev_bridging *b);

/* The bridge's frame to dev's stack: netdev_receive() without bridging. */
void netdev_stack_receive(struct netdev *dev, const void *frame, size_t len);

/* The bridge's frame to dev's driver: its transmit op, not counted. */
int netdev_driver_transmit(struct netdev *dev, const void *frame, size_t len);

/*
 * Where a datagram to dst goes: the first device whose prefix holds dst
 * (next hop dst itself; a limited broadcast goes out of the first device
 * with an address), else the first with a gateway (next hop the
 * gateway).  Returns the device and sets *next_hop, or NULL when no
 * device reaches dst.
 */
struct netdev *netdev_route(uint32_t dst, uint32_t *next_hop);

/* True when addr is dev's broadcast: 255.255.255.255 or its subnet's. */
int netdev_is_broadcast(const struct netdev *dev, uint32_t addr);

#endif
