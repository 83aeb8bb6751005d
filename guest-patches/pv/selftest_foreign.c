/* SPDX-License-Identifier: MIT */
/*
 * The DomU's half of Dom0's foreign-map test (dom0/selftest.c), run when
 * the command line says `foreignprobe`.  A page of our own RAM, every word
 * set to a pattern, is offered in our data/foreign/ (pattern, then gfn).
 * Dom0 maps that gfn of ours, must see the pattern through its mapping,
 * fills the page with its token (the pattern inverted), unmaps it and
 * writes the token to data/foreign/token.  Once that watch fires, our own
 * page must hold the token in every word: Dom0's write reached our frame,
 * at our guest-physical address.  Dom0 serves our store until we are
 * gone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "../kernel/clock.h"
#include "../kernel/page_alloc.h"
#include "../kernel/selftest.h"
#include "../kernel/thread.h"
#include "selftest.h"
#include "xenbus.h"

#define TOKEN_WAIT_NS (60 * 1000000000ull) /* for Dom0's selftest */
#define WORDS	      (PAGE_SIZE / sizeof(uint64_t))

static struct thread_waitq token_q;

static void on_token(const char *path, const char *token, void *data)
{
	(void)path;
	(void)token;
	(void)data;
	thread_wake(&token_q);
}

static int write_hex(const char *path, uint64_t value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lx", value);
	return xenbus_write(XENBUS_NO_TXN, path, buf);
}

/* Dom0's token, waited for up to TOKEN_WAIT_NS.  0 or -errno. */
static int wait_token(uint64_t *token)
{
	uint64_t end = clock_ns() + TOKEN_WAIT_NS;
	char buf[24];
	uint32_t seen;
	int rc;

	for (;;) {
		seen = thread_wait_count(&token_q);
		rc = xenbus_read(XENBUS_NO_TXN, "data/foreign/token", buf,
				 sizeof(buf));
		if (rc != -ENOENT || clock_ns() >= end)
			break;
		thread_wait_until(&token_q, seen, end);
	}
	if (rc < 0)
		return rc;
	*token = strtoul(buf, NULL, 16);
	return 0;
}

void selftest_foreign(void)
{
	uint64_t pa = page_alloc(),
		 pattern = 0x466f726569676e00ull ^ clock_ns();
	volatile uint64_t *page = (volatile uint64_t *)(uintptr_t)pa;
	uint64_t token = 0;
	unsigned int i, bad = WORDS;
	int rc =
	    pa ? xenbus_watch("data/foreign/token", "foreign", on_token, NULL)
	       : -ENOMEM;

	for (i = 0; !rc && i < WORDS; i++)
		page[i] = pattern;
	if (!rc)
		rc = write_hex("data/foreign/pattern", pattern);
	if (!rc)
		rc = write_hex("data/foreign/gfn", pa / PAGE_SIZE);
	if (!rc)
		rc = wait_token(&token);
	xenbus_unwatch("data/foreign/token", "foreign");
	for (i = 0; !rc && i < WORDS && bad == WORDS; i++)
		if (page[i] != token)
			bad = i;
	selftest_check("pv/foreign-written-by-dom0",
		       !rc && token != pattern && bad == WORDS,
		       "error %d; gfn %#lx, pattern %#lx, Dom0's token %#lx, "
		       "word %u holds %#lx",
		       rc, pa / PAGE_SIZE, pattern, token, bad,
		       bad < WORDS ? page[bad] : token);
	/* Dom0 unmapped the page before it wrote the token. */
	if (!rc)
		page_free_n(pa, 1);
}
