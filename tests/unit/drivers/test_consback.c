/* SPDX-License-Identifier: MIT */
/*
 * Host tests of Dom0's console backend (drivers/backend/consback.c): the
 * real source
 * against stand-ins for its neighbours (console, the service thread,
 * event channels, foreign map) defined here.  A "guest" is a calloc'd
 * console page whose indexes the tests set, well-behaved or hostile.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <xen/io/console.h>
#include "cunit_run.h"
#include "dom0/foreign.h"
#include "dom0/service.h"
#include "drivers/backend/consback.h"
#include "guest-patches/kernel/console.h"
#include "guest-patches/kernel/print.h"
#include "guest-patches/kernel/shell.h"
#include "guest-patches/pv/evtchn.h"

#define LOCAL_PORT	7

static char out[1 << 17];		/* what Dom0's console showed */
static size_t out_len;
static struct xencons_interface *page;	/* the guest's console page */
static evtchn_handler_fn *handler;
static void *handler_data;
static int closed, unmapped, sent;
/*
 * What the user types, then Ctrl-].  A WAIT in it: nothing typed yet
 * (console_getc() gives -1) until the reader waits, and on_wait is what
 * the service thread does meanwhile.
 */
static const char *keys;
#define WAIT	'\377'
static void (*on_wait)(void);
static int waits, wakes;

void console_write(const char *s, size_t n)
{
	if (out_len + n <= sizeof(out)) {
		memcpy(out + out_len, s, n);
		out_len += n;
	}
}

/* Dom0's shell is not reading a line here: the line as it is. */
void shell_print_line(const char *s, size_t n)
{
	console_write(s, n);
}

int console_getc(void)
{
	if (*keys == WAIT)
		return -1;
	return *keys ? (unsigned char)*keys++ : CONSBACK_DETACH_KEY;
}

void console_wait_input(void)
{
	waits++;
	CU_ASSERT_EQUAL(*keys, WAIT);	/* only when nothing was typed */
	if (*keys == WAIT)
		keys++;
	if (on_wait)
		on_wait();
}

void console_wake_input(void)
{
	wakes++;
}

void kvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void service_wake(void)
{
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			    evtchn_handler_fn *fn, void *data)
{
	(void)remote;
	(void)remote_port;
	handler = fn;
	handler_data = data;
	return LOCAL_PORT;
}

int evtchn_send(evtchn_port_t port)
{
	(void)port;
	sent++;
	return 0;
}

int evtchn_close(evtchn_port_t port)
{
	(void)port;
	closed++;
	return 0;
}

void *foreign_map(domid_t domid, uint64_t gfn, int *err)
{
	(void)domid;
	(void)gfn;
	(void)err;
	return page;
}

int foreign_unmap(void *p)
{
	CU_ASSERT_PTR_EQUAL(p, page);
	unmapped++;
	return 0;
}

/* The guest writes s to its out ring and signals. */
static void guest_writes(const char *s)
{
	while (*s)
		page->out[MASK_XENCONS_IDX(page->out_prod++, page->out)] = *s++;
	handler(LOCAL_PORT, handler_data);
}

static bool shown(const char *s)
{
	out[out_len < sizeof(out) ? out_len : sizeof(out) - 1] = '\0';
	return strstr(out, s) != NULL;
}

static int setup(void)
{
	page = calloc(1, sizeof(*page));
	out_len = 0;
	closed = unmapped = sent = waits = wakes = 0;
	keys = "";
	on_wait = NULL;
	return page && !consback_connect(1, 0x1234, 3) ? 0 : 1;
}

static int teardown(void)
{
	consback_disconnect(1);
	free(page);
	return 0;
}

static void test_lines_prefixed(void)
{
	CU_ASSERT_FALSE(setup());
	guest_writes("hello\nguest> ");
	consback_poll();
	CU_ASSERT_TRUE(shown("[1] hello\n"));
	CU_ASSERT_FALSE(shown("guest>"));	/* a partial line waits */
	CU_ASSERT_EQUAL(page->out_cons, page->out_prod);
	guest_writes("info\n");
	consback_poll();
	CU_ASSERT_TRUE(shown("[1] guest> info\n"));
	teardown();
}

static void test_polls_only_after_event(void)
{
	CU_ASSERT_FALSE(setup());
	page->out[0] = 'x';
	page->out_prod = 1;
	consback_poll();
	CU_ASSERT_EQUAL(page->out_cons, 0);
	handler(LOCAL_PORT, handler_data);
	consback_poll();
	CU_ASSERT_EQUAL(page->out_cons, 1);
	teardown();
}

static void test_last_words_on_disconnect(void)
{
	CU_ASSERT_FALSE(setup());
	page->out[0] = 'b';
	page->out[1] = 'y';
	page->out[2] = 'e';
	page->out_prod = 3;
	consback_disconnect(1);
	CU_ASSERT_TRUE(shown("[1] bye\n"));
	CU_ASSERT_EQUAL(closed, 1);
	CU_ASSERT_EQUAL(unmapped, 1);
	CU_ASSERT_FALSE(consback_connected(1));
	free(page);
}

static void test_producer_too_far_drops(void)
{
	CU_ASSERT_FALSE(setup());
	page->out_prod = sizeof(page->out) + 1;
	handler(LOCAL_PORT, handler_data);
	consback_poll();
	CU_ASSERT_TRUE(shown("d1: bad console ring indexes"));
	CU_ASSERT_FALSE(consback_connected(1));
	CU_ASSERT_EQUAL(unmapped, 1);
	free(page);
}

static void test_rewound_consumer_ignored(void)
{
	CU_ASSERT_FALSE(setup());
	guest_writes("one\n");
	consback_poll();
	page->out_cons = 0;	/* the guest rewinds Dom0's index */
	guest_writes("two\n");
	consback_poll();
	CU_ASSERT_TRUE(shown("[1] two\n"));
	CU_ASSERT_EQUAL(out_len, strlen("[1] one\n[1] two\n"));
	teardown();
}

/* The service thread, while the terminal waits: the guest's prompt. */
static void guest_prompts(void)
{
	guest_writes("guest> ");
	consback_poll();
}

/* Typed keys go in, history and output (while waiting for a key) come out. */
static void test_attach_both_ways(void)
{
	CU_ASSERT_FALSE(setup());
	guest_writes("earlier\n");
	consback_poll();
	keys = "l\377s\r";
	on_wait = guest_prompts;
	CU_ASSERT_EQUAL(consback_attach(1), 0);
	CU_ASSERT_TRUE(shown("attached to domain 1; Ctrl-] comes back\nearlier\n"));
	CU_ASSERT_EQUAL(waits, 1);
	CU_ASSERT_EQUAL(wakes, 1);	/* the raw output woke the reader */
	CU_ASSERT_TRUE(shown("earlier\nguest> \n"));	/* raw, no "[1] " */
	CU_ASSERT_TRUE(shown("detached from domain 1"));
	CU_ASSERT_EQUAL(page->in_prod, 3);
	CU_ASSERT_EQUAL(memcmp(page->in, "ls\r", 3), 0);
	teardown();
}

static void test_input_full_and_hostile(void)
{
	static char many[sizeof(page->in) + 2];

	CU_ASSERT_FALSE(setup());
	memset(many, 'a', sizeof(many) - 1);
	keys = many;
	CU_ASSERT_EQUAL(consback_attach(1), 0);
	CU_ASSERT_EQUAL(page->in_prod, sizeof(page->in));	/* rest lost */
	page->in_cons = page->in_prod + 5;	/* consumer ahead of us */
	keys = "x";
	CU_ASSERT_EQUAL(consback_attach(1), -ESRCH);
	CU_ASSERT_TRUE(shown("d1: bad console ring indexes"));
	CU_ASSERT_FALSE(consback_connected(1));
	free(page);
}

static void domain_goes(void)
{
	consback_disconnect(1);
}

static void test_attach_ends_when_gone(void)
{
	CU_ASSERT_FALSE(setup());
	keys = "\377";
	on_wait = domain_goes;
	CU_ASSERT_EQUAL(consback_attach(1), -ESRCH);
	CU_ASSERT_EQUAL(waits, 1);
	CU_ASSERT_EQUAL(wakes, 1);	/* the waiting reader was woken */
	CU_ASSERT_FALSE(consback_connected(1));
	free(page);
}

static void test_unknown_domain(void)
{
	CU_ASSERT_EQUAL(consback_attach(9), -ENOENT);
	CU_ASSERT_FALSE(consback_connected(9));
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/consback", NULL, NULL);
	CU_add_test(s, "lines_prefixed", test_lines_prefixed);
	CU_add_test(s, "polls_only_after_event", test_polls_only_after_event);
	CU_add_test(s, "last_words_on_disconnect",
		    test_last_words_on_disconnect);
	CU_add_test(s, "producer_too_far_drops", test_producer_too_far_drops);
	CU_add_test(s, "rewound_consumer_ignored",
		    test_rewound_consumer_ignored);
	CU_add_test(s, "attach_both_ways", test_attach_both_ways);
	CU_add_test(s, "input_full_and_hostile", test_input_full_and_hostile);
	CU_add_test(s, "attach_ends_when_gone", test_attach_ends_when_gone);
	CU_add_test(s, "unknown_domain", test_unknown_domain);
	return cunit_run();
}
