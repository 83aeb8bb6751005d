/* SPDX-License-Identifier: MIT */
/* ICMP echo: answers, requests, and the listener for replies. */
#include <errno.h>
#include <string.h>
#include "icmp.h"
#include "inet.h"

static icmp_echo_fn *listener;
static void *listener_arg;

void icmp_echo_listen(icmp_echo_fn *fn, void *arg)
{
	listener = fn;
	listener_arg = arg;
}

/* Sends an echo message of type with id, seq and data to dst. */
static int send_echo(uint32_t dst, uint8_t type, uint16_t id, uint16_t seq,
		     const void *data, size_t len)
{
	uint8_t m[IPV4_MAX_PAYLOAD];

	if (len > ICMP_MAX_DATA)
		return -EMSGSIZE;
	m[0] = type;
	m[1] = 0;
	inet_put16(m + 2, 0);
	inet_put16(m + 4, id);
	inet_put16(m + 6, seq);
	memcpy(m + ICMP_HLEN, data, len);
	inet_put16(m + 2, inet_fold(inet_sum(m, ICMP_HLEN + len, 0)));
	return ipv4_output(dst, IP_PROTO_ICMP, m, ICMP_HLEN + len);
}

int icmp_echo_send(uint32_t dst, uint16_t id, uint16_t seq, const void *data,
		   size_t len)
{
	return send_echo(dst, ICMP_ECHO_REQUEST, id, seq, data, len);
}

int icmp_input(struct netdev *dev, uint32_t src, uint32_t dst,
	       const uint8_t *m, size_t len)
{
	uint16_t id, seq;

	if (len < ICMP_HLEN || inet_fold(inet_sum(m, len, 0))) {
		net_drops.icmp_bad++;
		return -EBADMSG;
	}
	id = inet_get16(m + 4);
	seq = inet_get16(m + 6);
	if (m[0] == ICMP_ECHO_REQUEST && m[1] == 0 && dst == dev->ip)
		send_echo(src, ICMP_ECHO_REPLY, id, seq, m + ICMP_HLEN,
			  len - ICMP_HLEN);
	else if (m[0] == ICMP_ECHO_REPLY && m[1] == 0 && listener)
		listener(listener_arg, src, id, seq, m + ICMP_HLEN,
			 len - ICMP_HLEN);
	return 0;
}
