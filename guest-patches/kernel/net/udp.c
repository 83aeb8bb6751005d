/* SPDX-License-Identifier: MIT */
/* UDP: bound ports, checked input, checksummed output. */
#include <errno.h>
#include <string.h>
#include "inet.h"
#include "udp.h"

struct udp_port {
	uint16_t port;		/* 0: free */
	udp_recv_fn *fn;
	void *arg;
};

static struct udp_port ports[UDP_PORTS];

static struct udp_port *find(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < UDP_PORTS; i++)
		if (ports[i].port == port)
			return &ports[i];
	return NULL;
}

int udp_bind(uint16_t port, udp_recv_fn *fn, void *arg)
{
	struct udp_port *p;

	if (!port || !fn)
		return -EINVAL;
	if (find(port))
		return -EADDRINUSE;
	p = find(0);
	if (!p)
		return -ENOSPC;
	p->port = port;
	p->fn = fn;
	p->arg = arg;
	return 0;
}

int udp_unbind(uint16_t port)
{
	struct udp_port *p = port ? find(port) : NULL;

	if (!p)
		return -ENOENT;
	p->port = 0;
	return 0;
}

/* The datagram (header and data) from src into d; its length. */
static uint16_t build(uint8_t *d, uint32_t src, uint16_t sport, uint32_t dst,
		      uint16_t dport, const void *data, size_t len)
{
	uint16_t ulen = (uint16_t)(UDP_HLEN + len);
	uint16_t sum;

	inet_put16(d, sport);
	inet_put16(d + 2, dport);
	inet_put16(d + 4, ulen);
	inet_put16(d + 6, 0);
	memcpy(d + UDP_HLEN, data, len);
	sum = inet_fold(inet_sum(d, ulen,
				 inet_pseudo_sum(src, dst, IP_PROTO_UDP, ulen)));
	inet_put16(d + 6, sum ? sum : 0xffff);	/* 0 would mean "none" */
	return ulen;
}

/* udp_send() by the route (dev NULL), or udp_send_via() out of dev. */
static int send(struct netdev *dev, uint16_t sport, uint32_t dst,
		uint16_t dport, const void *data, size_t len)
{
	uint8_t d[IPV4_MAX_PAYLOAD];
	uint32_t src = dev ? dev->ip : 0;
	uint16_t n;
	int rc;

	if (len > UDP_MAX_DATA)
		return -EMSGSIZE;
	if (dev && !src)
		return -EADDRNOTAVAIL;
	if (!dev) {
		rc = ipv4_source(dst, &src);
		if (rc)
			return rc;
	}
	n = build(d, src, sport, dst, dport, data, len);
	return dev ? ipv4_output_via(dev, dst, dst, IP_PROTO_UDP, d, n)
		   : ipv4_output(dst, IP_PROTO_UDP, d, n);
}

int udp_send(uint16_t sport, uint32_t dst, uint16_t dport, const void *data,
	     size_t len)
{
	return send(NULL, sport, dst, dport, data, len);
}

int udp_send_via(struct netdev *dev, uint16_t sport, uint32_t dst,
		 uint16_t dport, const void *data, size_t len)
{
	return send(dev, sport, dst, dport, data, len);
}

int udp_input(struct netdev *dev, uint32_t src, uint32_t dst,
	      const uint8_t *d, size_t len)
{
	struct udp_port *p;
	uint16_t ulen;

	(void)dev;
	if (len < UDP_HLEN)
		goto bad;
	ulen = inet_get16(d + 4);
	if (ulen < UDP_HLEN || ulen > len)
		goto bad;
	if (inet_get16(d + 6) &&
	    inet_fold(inet_sum(d, ulen,
			       inet_pseudo_sum(src, dst, IP_PROTO_UDP, ulen)))) {
		net_drops.udp_bad_checksum++;
		return -EBADMSG;
	}
	p = inet_get16(d + 2) ? find(inet_get16(d + 2)) : NULL;
	if (!p) {
		net_drops.udp_no_port++;
		return -ENOENT;
	}
	p->fn(p->arg, src, inet_get16(d), d + UDP_HLEN, ulen - UDP_HLEN);
	return 0;

bad:
	net_drops.udp_bad++;
	return -EBADMSG;
}

static void echo(void *arg, uint32_t src, uint16_t sport, const void *data,
		 size_t len)
{
	udp_send((uint16_t)(uintptr_t)arg, src, sport, data, len);
}

int udp_echo(uint16_t port)
{
	return udp_bind(port, echo, (void *)(uintptr_t)port);
}
