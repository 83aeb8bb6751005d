/* SPDX-License-Identifier: MIT */
/* Ethernet II framing. */
#include <errno.h>
#include <string.h>
#include "arp.h"
#include "eth.h"
#include "inet.h"
#include "ipv4.h"

const uint8_t eth_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff,
					  0xff };

int eth_input(struct netdev *dev, const uint8_t *frame, size_t len)
{
	if (len < ETH_HLEN || len > ETH_FRAME_MAX) {
		net_drops.eth_short++;
		return -EBADMSG;
	}
	if (memcmp(frame, dev->mac, ETH_ALEN) &&
	    memcmp(frame, eth_broadcast, ETH_ALEN)) {
		net_drops.eth_not_ours++;
		return -EXDEV;
	}
	switch (inet_get16(frame + 12)) {
	case ETH_P_ARP:
		return arp_input(dev, frame + ETH_HLEN, len - ETH_HLEN);
	case ETH_P_IP:
		return ipv4_input(dev, frame + ETH_HLEN, len - ETH_HLEN);
	default:
		net_drops.eth_type++;
		return -EOPNOTSUPP;
	}
}

int eth_output(struct netdev *dev, const uint8_t *dst, uint16_t type,
	       const void *payload, size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];

	if (len > ETH_MTU)
		return -EMSGSIZE;
	memcpy(frame, dst, ETH_ALEN);
	memcpy(frame + ETH_ALEN, dev->mac, ETH_ALEN);
	inet_put16(frame + 12, type);
	memcpy(frame + ETH_HLEN, payload, len);
	return netdev_transmit(dev, frame, ETH_HLEN + len);
}
