/* SPDX-License-Identifier: MIT */
/* Counter to nanoseconds, saturating (hv/time_scale.h). */
#include <hv/time_scale.h>

#define NS_PER_SEC	1000000000ULL

struct time_scale time_scale_for(uint64_t hz)
{
	int shift = 0;

	if (!hz)
		hz = NS_PER_SEC;
	while (hz <= NS_PER_SEC) {
		hz <<= 1;
		shift++;
	}
	while (hz > 2 * NS_PER_SEC) {
		hz >>= 1;
		shift--;
	}
	return (struct time_scale){
		.mul = (uint32_t)((NS_PER_SEC << 32) / hz),
		.shift = shift,
	};
}

/* 64 + 31 + 32 bits at most: the product fits in 128 before the >> 32. */
uint64_t time_scale_ns(const struct time_scale *s, uint64_t delta)
{
	unsigned __int128 d = delta;

	if (s->shift >= 0)
		d <<= s->shift;
	else
		d >>= -s->shift;
	d = (d * s->mul) >> 32;
	return d > UINT64_MAX ? UINT64_MAX : (uint64_t)d;
}

uint64_t time_scale_deadline(const struct time_scale *s, uint64_t target,
			     uint64_t count, uint64_t now)
{
	uint64_t ns;

	if (target <= count)
		return now;
	ns = time_scale_ns(s, target - count);
	return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}
