/* SPDX-License-Identifier: MIT */
/*
 * Dom0's learning bridge (xenbr0): joins the vifs of the guests, Dom0's
 * own interface on it (vif.h) and, when Dom0 drives one, its NIC (peth0)
 * with Dom0's interface on the NIC (eth0), as Xen's vif-bridge bridges
 * the vifs onto the wire.
 *
 * A frame that comes in on a port teaches the bridge where its source MAC
 * lives (that port, for BRIDGE_AGE_NS from the last frame); it goes out
 * of the port its destination MAC was learned on, or, for a broadcast or
 * multicast destination or one not learned, out of every other port.  A
 * frame is never sent back out of the port it came from.  A frame shorter
 * than an Ethernet header, or from a multicast source MAC, is dropped.
 * The table holds BRIDGE_ENTRIES MACs; when full, the oldest entry makes
 * room.
 *
 * Ports are of three sides (enum bridge_side): no frame crosses between
 * a routed port and a wire port, so the vifs Dom0's NAT serves (which
 * Xen's vif-nat routes instead of bridging) neither see the wire nor are
 * seen on it (its DHCP server does not answer them, nor Dom0's).
 *
 * Not locked: Dom0's cooperative threads.  A port's output may call
 * bridge_input() again (Dom0's stack answering an ARP request): the bridge
 * keeps no state across the call.
 */
#ifndef DRIVERS_BRIDGE_H
#define DRIVERS_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#define BRIDGE_ENTRIES	64
#define BRIDGE_AGE_NS	(300 * 1000000000ull)	/* as Linux's bridge */
#define BRIDGE_ALEN	6

enum bridge_side {
	BRIDGE_BRIDGED,		/* a vif on the bridge, Dom0's xenbr0 */
	BRIDGE_WIRE,		/* the NIC, Dom0's interface on the NIC */
	BRIDGE_ROUTED,		/* a vif served by Dom0's NAT */
};

struct bridge_port {
	char name[12];		/* "vif1.0", "xenbr0", "peth0", "eth0" */
	enum bridge_side side;
	/*
	 * Sends a frame out of the port (len bytes, valid during the call
	 * only).  Returns 0 or -errno (counted as a drop on the port).
	 */
	int (*output)(struct bridge_port *port, const void *frame, size_t len);
	void *priv;
	uint64_t forwarded, dropped;	/* frames out of the port */
};

/* Adds port (as many as memory holds).  0, -EEXIST (added already) or -ENOMEM. */
int bridge_add_port(struct bridge_port *port);

/* Removes port and forgets the MACs learned on it. */
void bridge_remove_port(struct bridge_port *port);

/* A frame that came in on port in: learned from, forwarded or flooded. */
void bridge_input(struct bridge_port *in, const void *frame, size_t len);

/* The port mac was learned on (and not aged out), or NULL. */
struct bridge_port *bridge_lookup(const uint8_t *mac);

/* Calls fn for each learned MAC: its port and age.  For `bridge`. */
void bridge_for_each(void (*fn)(const uint8_t *mac,
				const struct bridge_port *port,
				uint64_t age_ns));

/* The i-th port (0, 1, ...), NULL past the last. */
struct bridge_port *bridge_port_at(unsigned int i);

#endif
