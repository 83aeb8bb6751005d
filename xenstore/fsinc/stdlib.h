/* SPDX-License-Identifier: MIT */
/* The allocator and number parsing Dom0 offers the xenstore core. */
#ifndef XENSTORE_FSINC_STDLIB_H
#define XENSTORE_FSINC_STDLIB_H
#include <stddef.h>
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
unsigned long strtoul(const char *s, char **end, int base);
#endif
