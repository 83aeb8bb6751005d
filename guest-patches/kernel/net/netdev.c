/* SPDX-License-Identifier: MIT */
/* Network devices: registration, addresses, routes, counted I/O. */
#include <errno.h>
#include <string.h>
#include "arp.h"
#include "eth.h"
#include "inet.h"
#include "netdev.h"

struct net_drops net_drops;
static struct netdev *devs[NETDEV_MAX];

struct netdev *netdev_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NETDEV_MAX; i++)
		if (devs[i] && !strncmp(devs[i]->name, name, NETDEV_NAME_LEN))
			return devs[i];
	return NULL;
}

struct netdev *netdev_at(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < NETDEV_MAX; k++)
		if (devs[k] && !i--)
			return devs[k];
	return NULL;
}

int netdev_register(struct netdev *dev)
{
	unsigned int i;

	if (!dev->name[0] || !dev->ops || !dev->ops->transmit ||
	    !memchr(dev->name, '\0', NETDEV_NAME_LEN))
		return -EINVAL;
	if (netdev_find(dev->name))
		return -EEXIST;
	for (i = 0; i < NETDEV_MAX && devs[i]; i++)
		;
	if (i == NETDEV_MAX)
		return -ENOSPC;
	devs[i] = dev;
	return 0;
}

void netdev_unregister(struct netdev *dev)
{
	unsigned int i;

	for (i = 0; i < NETDEV_MAX; i++)
		if (devs[i] == dev) {
			arp_forget(dev);
			devs[i] = NULL;
		}
}

int netdev_set_addr(struct netdev *dev, uint32_t ip, unsigned int prefix,
		    uint32_t gateway)
{
	uint32_t mask;

	if (!ip) {
		dev->ip = dev->netmask = dev->gateway = 0;
		arp_forget(dev);
		return 0;
	}
	if (prefix < 1 || prefix > 32)
		return -EINVAL;
	mask = prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix);
	if (ip == INET_BROADCAST ||
	    (gateway && (gateway & mask) != (ip & mask)))
		return -EINVAL;
	dev->ip = ip;
	dev->netmask = mask;
	dev->gateway = gateway;
	arp_forget(dev);	/* its neighbours may have changed */
	return 0;
}

int netdev_is_broadcast(const struct netdev *dev, uint32_t addr)
{
	return addr == INET_BROADCAST ||
	       (dev->ip && dev->netmask != 0xffffffffu &&
		addr == (dev->ip | ~dev->netmask));
}

struct netdev *netdev_route(uint32_t dst, uint32_t *next_hop)
{
	unsigned int i;

	for (i = 0; i < NETDEV_MAX; i++)
		if (devs[i] && devs[i]->ip &&
		    (dst == INET_BROADCAST ||
		     (dst & devs[i]->netmask) ==
			     (devs[i]->ip & devs[i]->netmask))) {
			*next_hop = dst;
			return devs[i];
		}
	for (i = 0; i < NETDEV_MAX; i++)
		if (devs[i] && devs[i]->ip && devs[i]->gateway) {
			*next_hop = devs[i]->gateway;
			return devs[i];
		}
	return NULL;
}

void netdev_set_bridging(struct netdev *dev, const struct netdev_bridging *b)
{
	dev->bridging = b;
}

void netdev_receive(struct netdev *dev, const void *frame, size_t len)
{
	if (dev->bridging)
		dev->bridging->from_driver(dev, frame, len);
	else
		netdev_stack_receive(dev, frame, len);
}

void netdev_stack_receive(struct netdev *dev, const void *frame, size_t len)
{
	if (eth_input(dev, frame, len)) {
		dev->stats.rx_dropped++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
}

int netdev_transmit(struct netdev *dev, const void *frame, size_t len)
{
	int rc = dev->bridging ? dev->bridging->from_stack(dev, frame, len)
			       : dev->ops->transmit(dev, frame, len);

	if (rc) {
		dev->stats.tx_dropped++;
		return rc;
	}
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	return 0;
}

int netdev_driver_transmit(struct netdev *dev, const void *frame, size_t len)
{
	return dev->ops->transmit(dev, frame, len);
}
