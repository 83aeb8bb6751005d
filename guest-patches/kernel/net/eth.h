/* SPDX-License-Identifier: MIT */
/*
 * Ethernet II framing: the bottom layer of the stack, between a netdev and
 * ARP / IPv4.  Frames are for us when addressed to the device's MAC or to
 * the broadcast address; other multicast and other unicast are dropped.
 */
#ifndef KERNEL_NET_ETH_H
#define KERNEL_NET_ETH_H

#include <stddef.h>
#include <stdint.h>
#include "netdev.h"

#define ETH_P_IP	0x0800		/* EtherTypes the stack speaks */
#define ETH_P_ARP	0x0806

extern const uint8_t eth_broadcast[ETH_ALEN];

/*
 * Takes one received frame apart and passes its payload to ARP or IPv4
 * (trailing padding included: the layers above know their lengths).
 * Returns 0 when a layer took it, or a negative errno when it was dropped
 * (-EBADMSG malformed, -EXDEV not for us, -EOPNOTSUPP another
 * EtherType, or the upper layer's reason); net_drops counts why.
 */
int eth_input(struct netdev *dev, const uint8_t *frame, size_t len);

/*
 * Sends payload (len <= ETH_MTU bytes) to the MAC dst with EtherType type,
 * from dev's MAC.  Returns 0, -EMSGSIZE, or the driver's error.
 */
int eth_output(struct netdev *dev, const uint8_t *dst, uint16_t type,
	       const void *payload, size_t len);

#endif
