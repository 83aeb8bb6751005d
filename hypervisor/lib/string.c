/* SPDX-License-Identifier: MIT */
/* Memory and string functions of the freestanding runtime. */
#include <stdint.h>
#include <string.h>

/*
 * The copies and fills move eight bytes at a time, four to a round, and
 * only the last few bytes one by one: grant copies and guest-memory
 * accesses are on the data path.  A word may be unaligned (fine on x86)
 * and may alias anything.
 */
typedef uint64_t __attribute__((may_alias, aligned(1))) any_word;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (; n >= 32; n -= 32, d += 32, s += 32) {
		uint64_t a = ((const any_word *)s)[0], b = ((const any_word *)s)[1];
		uint64_t c = ((const any_word *)s)[2], e = ((const any_word *)s)[3];

		((any_word *)d)[0] = a;
		((any_word *)d)[1] = b;
		((any_word *)d)[2] = c;
		((any_word *)d)[3] = e;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(any_word *)d = *(const any_word *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Overlapping with dst above src: from the end down, words first. */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);
	for (; n >= 8; n -= 8)
		*(any_word *)(d + n - 8) = *(const any_word *)(s + n - 8);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = 0x0101010101010101ULL * (unsigned char)c;

	for (; n >= 32; n -= 32, d += 32) {
		((any_word *)d)[0] = w;
		((any_word *)d)[1] = w;
		((any_word *)d)[2] = w;
		((any_word *)d)[3] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(any_word *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
