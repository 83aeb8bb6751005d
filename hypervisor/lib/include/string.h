/* SPDX-License-Identifier: MIT */
/*
 * String and memory functions of the freestanding runtime, named as in ISO C
 * so that code shared with the host (the xenstore core) compiles unchanged.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
/* Returns a pointer to the first byte equal to c in [s, s + n), or NULL. */
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
/* Length of s, but at most max: never reads past s[max - 1]. */
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* Finds needle in haystack; NULL when absent.  An empty needle matches s. */
char *strstr(const char *haystack, const char *needle);
/*
 * Copies at most size - 1 bytes of src into dst and terminates it (when size
 * is not 0).  Returns strlen(src): a result >= size means dst was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
