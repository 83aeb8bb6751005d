/* SPDX-License-Identifier: MIT */
/*
 * The network backend (xen/io/netif.h): each vif is a port of Dom0's
 * bridge (bridge.h).  Frames the frontend puts on its tx ring are copied
 * in (GNTTABOP_copy), checked and handed to the bridge; frames the bridge
 * sends to the vif are copied (GNTTABOP_copy) into the buffers the
 * frontend posted on its rx ring, or dropped when it posted none.
 *
 * Offered: the copying receive path only (feature-rx-copy 1, flip 0), no
 * scatter-gather, no GSO, one event channel, full checksums both ways
 * (feature-no-csum-offload 1; a
 * tx request asking for checksum offload or carrying extra info or more
 * data is answered NETIF_RSP_ERROR).  A tx request must hold a whole
 * Ethernet frame (14..1514 bytes) inside its page.  A producer index more
 * than a ring ahead disconnects the vif alone.  At most a ring's worth of
 * tx requests per round.
 *
 * The backend directory carries netif.h's keys (mac, handle, feature-*),
 * the frontend's address (`ip`, as libxl writes it, for the frontend to
 * take) and the counters under statistics/ (rx_packets, rx_bytes,
 * tx_packets, tx_bytes, drops; rx and tx as the guest sees them), written
 * at most once a second while they change.
 */
#ifndef DRIVERS_NETBACK_H
#define DRIVERS_NETBACK_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include "xenbus_back.h"


struct netback_stats {
	uint64_t rx_packets, rx_bytes;	/* to the guest */
	uint64_t tx_packets, tx_bytes;	/* from the guest */
	uint64_t drops;			/* no rx buffer posted, bad tx */
};

/*
 * Adds vif devid of domain fe with MAC mac and the frontend address ip
 * ("10.0.0.11/24", NULL for none); routed: a vif Dom0's NAT serves, kept
 * off the wire (bridge.h: BRIDGE_ROUTED).  Returns the xenbus device or
 * NULL with *err (xenbus_back_add()'s, -ENOMEM).
 */
struct xenbus_back_dev *netback_add(domid_t fe, unsigned int devid,
				    const uint8_t *mac, const char *ip,
				    bool routed, int *err);

/* dev's counters and MAC; dev must be a vif. */
const struct netback_stats *netback_stats(const struct xenbus_back_dev *dev);

/* Serves every tx ring that signalled; called by the service thread. */
void netback_poll(void);

#endif
