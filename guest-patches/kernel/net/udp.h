/* SPDX-License-Identifier: MIT */
/*
 * UDP (RFC 768): ports bound to receive functions, and datagrams sent
 * from a port.  Received datagrams are checked first: at least the 8-byte
 * header, a length field between 8 and the bytes the IPv4 datagram holds
 * (the rest is ignored), and the checksum over the pseudo-header unless
 * the sender left it 0 (allowed over IPv4).  A datagram failing a check
 * is dropped (net_drops.udp_bad, udp_bad_checksum), one for a port
 * nobody bound too (net_drops.udp_no_port; no ICMP error is sent).  Sent
 * datagrams always carry a checksum.
 */
#ifndef KERNEL_NET_UDP_H
#define KERNEL_NET_UDP_H

#include <stddef.h>
#include <stdint.h>
#include "ipv4.h"
#include "netdev.h"

#define UDP_HLEN	8
#define UDP_MAX_DATA	(IPV4_MAX_PAYLOAD - UDP_HLEN)	/* 1472 bytes */
#define UDP_PORTS	16		/* ports bound at once */

/*
 * Called for each datagram to a bound port: from src port sport, data of
 * len bytes (valid during the call only).  Runs inside netdev_receive();
 * it may send (udp_send()), e.g. an echo.
 */
typedef void udp_recv_fn(void *arg, uint32_t src, uint16_t sport,
			 const void *data, size_t len);

/*
 * Delivers datagrams for port (1..65535) to fn(arg, ...).  Returns 0,
 * -EINVAL (port 0, no fn), -EADDRINUSE or -ENOSPC (UDP_PORTS bound).
 */
int udp_bind(uint16_t port, udp_recv_fn *fn, void *arg);

/*
 * An echo service on port: each datagram to it is sent back, the same
 * bytes, to where it came from (the shell's `udpecho`, Dom0's `net
 * echo`; `udpbench` measures against it).  udp_bind()'s result.
 */
int udp_echo(uint16_t port);

/* Stops delivering port's datagrams.  Returns 0 or -ENOENT. */
int udp_unbind(uint16_t port);

/*
 * Sends data (len <= UDP_MAX_DATA) from port sport to dport at dst.
 * Returns 0 (sent, or waiting for ARP), -EMSGSIZE, -EADDRNOTAVAIL, or
 * ipv4_output()'s error.
 */
int udp_send(uint16_t sport, uint32_t dst, uint16_t dport, const void *data,
	     size_t len);

/*
 * The same out of dev, next hop dst, from dev's address, whatever the
 * route (ipv4_output_via()): a broadcast on one device.  Returns 0,
 * -EMSGSIZE, -EADDRNOTAVAIL (dev has no address) or ipv4_output_via()'s
 * error.
 */
int udp_send_via(struct netdev *dev, uint16_t sport, uint32_t dst,
		 uint16_t dport, const void *data, size_t len);

/*
 * One received UDP datagram (the IPv4 payload, len bytes) from src to
 * dst.  Returns 0 when delivered, -EBADMSG when malformed, -ENOENT when
 * no one bound its port.
 */
int udp_input(struct netdev *dev, uint32_t src, uint32_t dst,
	      const uint8_t *d, size_t len);

#endif
