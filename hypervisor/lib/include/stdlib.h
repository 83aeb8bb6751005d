/* SPDX-License-Identifier: MIT */
/*
 * Conversions of the freestanding runtime, plus the allocator interface.
 * The runtime provides strtoul/strtoull; malloc and friends are declared here
 * so that shared code compiles, and are defined by whichever kernel links a
 * heap (the hypervisor has none: it allocates whole frames).
 */
#ifndef LIB_STDLIB_H
#define LIB_STDLIB_H

#include <stddef.h>

/*
 * Parses an unsigned number in base 2..36, or base 0 for C's prefixes
 * (0x hex, 0 octal).  *end, if not NULL, is set past the last digit used.
 * Saturates at the type's maximum on overflow.
 */
unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

#endif
