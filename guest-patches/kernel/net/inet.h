/* SPDX-License-Identifier: MIT */
/*
 * The Internet's wire conventions, for every layer of the network stack:
 * big-endian fields read and written at any alignment, the ones'-complement
 * checksum of RFC 1071 (IPv4 headers, ICMP, UDP), and dotted-quad
 * addresses.  Addresses are kept in host byte order everywhere in the
 * stack's interfaces (10.0.0.1 is 0x0a000001); only frames on the wire
 * hold network order.
 */
#ifndef KERNEL_NET_INET_H
#define KERNEL_NET_INET_H

#include <stddef.h>
#include <stdint.h>

#define INET_ADDR(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define INET_BROADCAST	0xffffffffu	/* 255.255.255.255 */
#define INET_ADDR_LEN	16		/* "255.255.255.255" and its NUL */

static inline uint16_t inet_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t inet_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void inet_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void inet_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Adds len bytes at p (big-endian 16-bit words, an odd last byte padded
 * with zero) to the running 32-bit sum; start a sum at 0.  Sums of pieces
 * whose lengths are even add up: the pseudo-header, then the datagram.
 */
uint32_t inet_sum(const void *p, size_t len, uint32_t sum);

/*
 * Folds a running sum into the 16-bit checksum to put in a header (its
 * ones' complement).  A header whose checksum field is filled in sums to
 * a folded value of 0: that is how a receiver checks it.
 */
uint16_t inet_fold(uint32_t sum);

/*
 * The sum of the IPv4 pseudo-header that UDP's checksum covers (source,
 * destination, protocol, length), to pass as the start of inet_sum().
 */
uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto,
			 uint16_t len);

/*
 * Parses a dotted quad ("10.0.0.1": four decimal numbers 0-255, nothing
 * else) into *addr.  Returns 0 or -EINVAL.
 */
int inet_parse(const char *s, uint32_t *addr);

/* Writes addr as a dotted quad into buf (INET_ADDR_LEN bytes); returns buf. */
char *inet_format(uint32_t addr, char *buf);

#endif
