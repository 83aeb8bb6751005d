/* SPDX-License-Identifier: MIT */
/*
 * The data pattern and checksum both ends of a disk print, so that a test
 * can compare what a guest wrote with what Dom0's disk holds (and back):
 * byte i of sector s under seed is a function of all three, and the
 * checksum is 64-bit FNV-1a over the bytes.
 */
#ifndef DRIVERS_PATTERN_H
#define DRIVERS_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#define PATTERN_FNV_START	0xcbf29ce484222325ull

/* Byte i (0..511) of sector s written with seed. */
static inline uint8_t pattern_byte(uint32_t seed, uint64_t s, unsigned int i)
{
	return (uint8_t)(seed * 131u + (uint32_t)s * 31u + i * 7u + (i >> 8));
}

/* Adds n bytes at p to the checksum h (start with PATTERN_FNV_START). */
static inline uint64_t pattern_fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

#endif
