/* SPDX-License-Identifier: MIT */
/* IPv4: checked input, whole datagrams out. */
#include <errno.h>
#include <string.h>
#include "arp.h"
#include "icmp.h"
#include "inet.h"
#include "ipv4.h"
#include "udp.h"

#define IPV4_DF		0x4000	/* Don't Fragment */
#define IPV4_MF_OFFSET	0x3fff	/* More Fragments, fragment offset */

static uint16_t next_id;

/* True for addresses no datagram may come from. */
static int bad_source(const struct netdev *dev, uint32_t src)
{
	return src >= INET_ADDR(224, 0, 0, 0) || netdev_is_broadcast(dev, src);
}

static ipv4_hook_fn *hook;

void ipv4_set_hook(ipv4_hook_fn *fn)
{
	hook = fn;
}

int ipv4_input(struct netdev *dev, const uint8_t *p, size_t len)
{
	size_t hlen, total;
	uint32_t src, dst;

	if (len < IPV4_HLEN || p[0] >> 4 != 4 || (p[0] & 0xf) < 5)
		goto bad_header;
	hlen = (size_t)(p[0] & 0xf) * 4;
	total = inet_get16(p + 2);
	if (hlen > len || total < hlen || total > len)
		goto bad_header;
	if (inet_fold(inet_sum(p, hlen, 0))) {
		net_drops.ip_bad_checksum++;
		return -EBADMSG;
	}
	if (inet_get16(p + 6) & IPV4_MF_OFFSET) {
		net_drops.ip_fragment++;
		return -EBADMSG;
	}
	src = inet_get32(p + 12);
	dst = inet_get32(p + 16);
	if (bad_source(dev, src))
		goto bad_header;
	if (hook && !hook(dev, p, total))
		return 0;
	if (!dev->ip || (dst != dev->ip && !netdev_is_broadcast(dev, dst))) {
		net_drops.ip_not_ours++;
		return -EXDEV;
	}
	switch (p[9]) {
	case IP_PROTO_ICMP:
		return icmp_input(dev, src, dst, p + hlen, total - hlen);
	case IP_PROTO_UDP:
		return udp_input(dev, src, dst, p + hlen, total - hlen);
	default:
		net_drops.ip_proto++;
		return -EOPNOTSUPP;
	}

bad_header:
	net_drops.ip_bad_header++;
	return -EBADMSG;
}

int ipv4_source(uint32_t dst, uint32_t *src)
{
	uint32_t hop;
	struct netdev *dev = netdev_route(dst, &hop);

	if (!dev)
		return -EADDRNOTAVAIL;
	*src = dev->ip;
	return 0;
}

int ipv4_output(uint32_t dst, uint8_t proto, const void *payload,
		size_t len)
{
	uint32_t hop;
	struct netdev *dev = netdev_route(dst, &hop);

	if (!dev)
		return -EADDRNOTAVAIL;
	return ipv4_output_via(dev, hop, dst, proto, payload, len);
}

int ipv4_output_via(struct netdev *dev, uint32_t hop, uint32_t dst,
		    uint8_t proto, const void *payload, size_t len)
{
	uint8_t p[ETH_MTU];

	if (len > IPV4_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (!dev->ip)
		return -EADDRNOTAVAIL;
	p[0] = 0x45;
	p[1] = 0;
	inet_put16(p + 2, (uint16_t)(IPV4_HLEN + len));
	inet_put16(p + 4, next_id++);
	inet_put16(p + 6, IPV4_DF);
	p[8] = IPV4_TTL;
	p[9] = proto;
	inet_put16(p + 10, 0);
	inet_put32(p + 12, dev->ip);
	inet_put32(p + 16, dst);
	inet_put16(p + 10, inet_fold(inet_sum(p, IPV4_HLEN, 0)));
	memcpy(p + IPV4_HLEN, payload, len);
	return arp_output(dev, hop, p, IPV4_HLEN + len);
}
