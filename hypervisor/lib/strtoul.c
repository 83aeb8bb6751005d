/* SPDX-License-Identifier: MIT */
/* Number parsing of the freestanding runtime. */
#include <stdlib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	unsigned long long v = 0, max = ~0ULL;
	const char *p = s;
	int d, any = 0, overflow = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*p)) < base; p++, any = 1) {
		if (v > (max - (unsigned long long)d) / (unsigned long long)base)
			overflow = 1;
		v = v * (unsigned long long)base + (unsigned long long)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return overflow ? max : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)strtoull(s, end, base);
}
