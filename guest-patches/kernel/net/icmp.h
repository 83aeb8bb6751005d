/* SPDX-License-Identifier: MIT */
/*
 * ICMP echo (RFC 792) both ways: requests for our address are answered
 * with the same identifier, sequence number and data; our own requests go
 * out with icmp_echo_send(), and the replies to them reach the one
 * listener (the `ping` command).  Other ICMP messages are accepted and
 * ignored.  A message shorter than its 8-byte header or with a bad
 * checksum is dropped (net_drops.icmp_bad); a request sent to a broadcast
 * address is not answered.
 */
#ifndef KERNEL_NET_ICMP_H
#define KERNEL_NET_ICMP_H

#include <stddef.h>
#include <stdint.h>
#include "ipv4.h"
#include "netdev.h"

#define ICMP_HLEN		8	/* type, code, checksum, id, seq */
#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8
#define ICMP_MAX_DATA		(IPV4_MAX_PAYLOAD - ICMP_HLEN)

/*
 * Called for each echo reply received: from src, with the identifier,
 * sequence number and data (len bytes) of the request.  Runs inside
 * netdev_receive(); data is valid during the call only.
 */
typedef void icmp_echo_fn(void *arg, uint32_t src, uint16_t id, uint16_t seq,
			  const void *data, size_t len);

/*
 * One received ICMP message (the IPv4 payload) from src to dst (ours or a
 * broadcast).  Returns 0, or -EBADMSG when dropped.
 */
int icmp_input(struct netdev *dev, uint32_t src, uint32_t dst,
	       const uint8_t *msg, size_t len);

/*
 * Sends an echo request to dst carrying data (len <= ICMP_MAX_DATA).
 * Returns 0 or ipv4_output()'s error.
 */
int icmp_echo_send(uint32_t dst, uint16_t id, uint16_t seq, const void *data,
		   size_t len);

/* Makes fn (with arg) the listener for echo replies; NULL: none. */
void icmp_echo_listen(icmp_echo_fn *fn, void *arg);

#endif
