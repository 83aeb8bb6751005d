/* SPDX-License-Identifier: MIT */
/* The Internet checksum and dotted-quad addresses. */
#include <errno.h>
#include <stdio.h>
#include "inet.h"

uint32_t inet_sum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;

	for (; len > 1; len -= 2, b += 2)
		sum += inet_get16(b);
	if (len)
		sum += (uint32_t)b[0] << 8;
	return sum;
}

uint16_t inet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto,
			 uint16_t len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
	       proto + len;
}

int inet_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0, part;
	unsigned int i, digits;

	for (i = 0; i < 4; i++) {
		for (part = 0, digits = 0; *s >= '0' && *s <= '9'; s++) {
			part = part * 10 + (uint32_t)(*s - '0');
			if (++digits > 3 || part > 255)
				return -EINVAL;
		}
		if (!digits || *s != (i == 3 ? '\0' : '.'))
			return -EINVAL;
		s++;
		a = a << 8 | part;
	}
	*addr = a;
	return 0;
}

char *inet_format(uint32_t addr, char *buf)
{
	snprintf(buf, INET_ADDR_LEN, "%u.%u.%u.%u", addr >> 24,
		 addr >> 16 & 0xff, addr >> 8 & 0xff, addr & 0xff);
	return buf;
}
