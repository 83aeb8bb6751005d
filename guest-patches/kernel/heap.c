/* SPDX-License-Identifier: MIT */
/*
 * The kernel heap behind malloc, calloc, realloc and free (declared by the
 * runtime's <stdlib.h>), for code shared with hosted programs such as the
 * xenstore core.  Arenas of whole pages come from the page allocator; a
 * request larger than HEAP_ARENA_PAGES gets an arena of its own.  Inside an
 * arena, blocks lie end to end, each behind a 16-byte header that gives its
 * size and whether it is free; malloc takes the first free block that fits
 * (joining free neighbours on the way) and splits off the rest.  Arenas are
 * never returned: the kernels that use the heap keep what they grow to.
 *
 * Not locked: threads are cooperative and no interrupt handler allocates.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "page_alloc.h"
#include "print.h"

#define HEAP_ARENA_PAGES	64	/* 256 KiB per ordinary arena */
#define HEAP_ALIGN		16
#define HEAP_MAGIC		0x68656170u	/* "heap" */
#define HEAP_MIN_SPLIT		64	/* smaller leftovers stay in the block */

struct block {
	size_t size;		/* bytes, header included, multiple of 16 */
	uint32_t magic;
	uint32_t free;
};

struct arena {
	struct arena *next;
	size_t size;		/* bytes of blocks after this header */
	uint64_t pad;
};

static struct arena *arenas;

static struct block *first_block(struct arena *a)
{
	return (struct block *)(a + 1);
}

static char *arena_end(struct arena *a)
{
	return (char *)first_block(a) + a->size;
}

static struct block *next_block(struct block *b)
{
	return (struct block *)((char *)b + b->size);
}

static struct arena *arena_grow(size_t need)
{
	size_t bytes = need + sizeof(struct arena);
	unsigned long pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	struct arena *a;
	struct block *b;

	if (pages < HEAP_ARENA_PAGES)
		pages = HEAP_ARENA_PAGES;
	a = (struct arena *)(uintptr_t)page_alloc_n(pages);
	if (!a)
		return NULL;
	a->size = pages * PAGE_SIZE - sizeof(struct arena);
	a->next = arenas;
	arenas = a;
	b = first_block(a);
	*b = (struct block){ a->size, HEAP_MAGIC, 1 };
	return a;
}

/* Joins b with the free blocks that follow it in arena a. */
static void coalesce(struct arena *a, struct block *b)
{
	struct block *n;

	for (n = next_block(b); (char *)n < arena_end(a) && n->free;
	     n = next_block(b))
		b->size += n->size;
}

/* Takes need bytes (header included) from free block b, splitting it. */
static void *take(struct block *b, size_t need)
{
	struct block *rest;

	if (b->size - need >= HEAP_MIN_SPLIT) {
		rest = (struct block *)((char *)b + need);
		*rest = (struct block){ b->size - need, HEAP_MAGIC, 1 };
		b->size = need;
	}
	b->free = 0;
	return b + 1;
}

static void *arena_alloc(struct arena *a, size_t need)
{
	struct block *b;

	for (b = first_block(a); (char *)b < arena_end(a); b = next_block(b)) {
		if (!b->free)
			continue;
		coalesce(a, b);
		if (b->size >= need)
			return take(b, need);
	}
	return NULL;
}

void *malloc(size_t size)
{
	size_t need;
	struct arena *a;
	void *p;

	if (size > ((size_t)1 << 30))
		return NULL;
	need = (size + sizeof(struct block) + HEAP_ALIGN - 1) &
	       ~(size_t)(HEAP_ALIGN - 1);
	for (a = arenas; a; a = a->next) {
		p = arena_alloc(a, need);
		if (p)
			return p;
	}
	a = arena_grow(need);
	return a ? arena_alloc(a, need) : NULL;
}

/* The header of an allocated block; a bad pointer is a kernel bug. */
static struct block *header(void *p)
{
	struct block *b = (struct block *)p - 1;

	if (b->magic != HEAP_MAGIC || b->free)
		panic("heap: bad pointer %p", p);
	return b;
}

void free(void *p)
{
	if (p)
		header(p)->free = 1;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > ((size_t)1 << 30) / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	size_t have;
	void *q;

	if (!p)
		return malloc(size);
	have = header(p)->size - sizeof(struct block);
	if (size <= have)
		return p;
	q = malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, have);
	free(p);
	return q;
}
