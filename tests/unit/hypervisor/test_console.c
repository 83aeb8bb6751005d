/* SPDX-License-Identifier: MIT */
/* The console_io hypercall and guest line buffering (hypervisor/console.c). */
#include <errno.h>
#include <string.h>
#include <xen/xen.h>

#include <hv/console.h>
#include <hv/hypercall.h>

#include "harness.h"

#define NR_CONSOLE_IO	18

/* Writes s through console_io from g (s placed at HC_BUF). */
static long cwrite(struct harness_guest *g, const char *s, size_t n)
{
	memcpy(harness_gpa(g, HC_BUF), s, n);
	return hc_call(g, NR_CONSOLE_IO, CONSOLEIO_write, n, HC_BUF);
}

static long cwrites(struct harness_guest *g, const char *s)
{
	return cwrite(g, s, strlen(s));
}

static void bad_arguments(void)
{
	static const struct {
		const char *name;
		bool dom0;
		unsigned long cmd, count;
		uint64_t buf;
		long rc;
	} cases[] = {
		{ "write count too big", false, CONSOLEIO_write, CONSOLE_IO_MAX + 1, HC_BUF, -EINVAL },
		{ "write count ~0", false, CONSOLEIO_write, ~0UL, HC_BUF, -EINVAL },
		{ "read count too big", true, CONSOLEIO_read, CONSOLE_IO_MAX + 1, HC_BUF, -EINVAL },
		{ "read from a DomU", false, CONSOLEIO_read, 16, HC_BUF, -EPERM },
		{ "unknown command", false, 7, 16, HC_BUF, -ENOSYS },
		{ "unknown command for Dom0", true, 2, 16, HC_BUF, -ENOSYS },
		{ "write from nowhere", false, CONSOLEIO_write, 16, HC_BAD, -EFAULT },
		{ "write over the end of RAM", false, CONSOLEIO_write, 16,
		  HC_RAM_PAGES * PAGE_SIZE - 8, -EFAULT },
		{ "write of nothing", false, CONSOLEIO_write, 0, HC_BAD, 0 },
	};
	unsigned int i;
	long rc;
	char msg[96];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rc = hc_call(cases[i].dom0 ? &hc_dom0 : &hc_domu, NR_CONSOLE_IO,
			     cases[i].cmd, cases[i].count,
			     (unsigned long)cases[i].buf);
		if (rc != cases[i].rc) {
			snprintf(msg, sizeof(msg), "%s: got %ld, want %ld",
				 cases[i].name, rc, cases[i].rc);
			CU_FAIL(msg);
		}
	}
}

static void lines_get_prefixed(void)
{
	harness_console_reset();
	CU_ASSERT_EQUAL(cwrites(&hc_domu, "hello\nwor"), 0);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d1) hello\n");
	CU_ASSERT_EQUAL(cwrites(&hc_domu, "ld\n\n"), 0);
	CU_ASSERT_STRING_EQUAL(harness_console_out,
			       "(d1) hello\n(d1) world\n(d1) \n");
}

static void domains_do_not_interleave(void)
{
	harness_console_reset();
	cwrites(&hc_domu, "from ");
	cwrites(&hc_dom0, "dom0 ");
	cwrites(&hc_domu, "domU\n");
	cwrites(&hc_dom0, "here\n");
	CU_ASSERT_STRING_EQUAL(harness_console_out,
			       "(d1) from domU\n(d0) dom0 here\n");
}

static void unprintable_bytes(void)
{
	harness_console_reset();
	cwrite(&hc_domu, "a\tb\rc\x01\x7f\xff\0d\n", 11);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d1) a\tbc????d\n");
}

static void long_line_is_split(void)
{
	char line[CONSOLE_LINE_MAX + 10];
	char want[2 * CONSOLE_LINE_MAX];

	harness_console_reset();
	memset(line, 'x', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	CU_ASSERT_EQUAL(cwrite(&hc_domu, line, sizeof(line)), 0);
	snprintf(want, sizeof(want), "(d1) %.*s\n(d1) %.*s\n",
		 CONSOLE_LINE_MAX, line, 9, line);
	CU_ASSERT_STRING_EQUAL(harness_console_out, want);
}

/* The largest write crosses pages and the handler's own chunks. */
static void largest_write(void)
{
	static char big[CONSOLE_IO_MAX];
	unsigned int i, lines = 0;

	harness_console_reset();
	for (i = 0; i < sizeof(big); i++)
		big[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);
	memcpy(harness_gpa(&hc_domu, HC_BUF + 0x800), big, PAGE_SIZE - 0x800);
	memcpy(harness_gpa(&hc_domu, HC_BUF + PAGE_SIZE), big + PAGE_SIZE - 0x800,
	       0x800);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_CONSOLE_IO, CONSOLEIO_write,
				CONSOLE_IO_MAX, HC_BUF + 0x800), 0);
	for (i = 0; i < harness_console_len; i++)
		lines += harness_console_out[i] == '\n';
	CU_ASSERT_EQUAL(lines, CONSOLE_IO_MAX / 64);
	CU_ASSERT_EQUAL(harness_console_len, CONSOLE_IO_MAX + lines * 5);
	CU_ASSERT_EQUAL(memcmp(harness_console_out, "(d1) abcdef", 11), 0);
}

static void flush_on_death(void)
{
	harness_console_reset();
	cwrites(&hc_domu, "last words");
	CU_ASSERT_EQUAL(harness_console_len, 0);
	console_guest_flush(&hc_domu.d);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d1) last words\n");
	console_guest_flush(&hc_domu.d);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d1) last words\n");
}

static void dom0_reads_input(void)
{
	char *buf = harness_gpa(&hc_dom0, HC_BUF);

	harness_console_reset();
	harness_console_input("xl list\r");
	memset(buf, 0, 16);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 3,
				HC_BUF), 3);
	CU_ASSERT_EQUAL(memcmp(buf, "xl ", 3), 0);
	CU_ASSERT_EQUAL(buf[3], 0);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 100,
				HC_BUF), 5);
	CU_ASSERT_EQUAL(memcmp(buf, "list\r", 5), 0);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 100,
				HC_BUF), 0);
	harness_console_input("abc");
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 100,
				HC_RO_GPA), -EFAULT);
	harness_console_input("abc");
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 100,
				HC_BAD), -EFAULT);
	harness_console_input("");
}

/* Waiting serial input raises VIRQ_CONSOLE, until Dom0 has read it all. */
static void input_raises_virq_console(void)
{
	char *buf = harness_gpa(&hc_dom0, HC_BUF);

	harness_global_virqs = 0;
	harness_console_input("");
	console_poll_input();
	CU_ASSERT_EQUAL(harness_global_virqs, 0);
	harness_console_input("ls\r");
	console_poll_input();
	CU_ASSERT_EQUAL(harness_global_virqs, 1u << VIRQ_CONSOLE);
	harness_global_virqs = 0;
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 2,
				HC_BUF), 2);
	console_poll_input();	/* "\r" still waits */
	CU_ASSERT_EQUAL(harness_global_virqs, 1u << VIRQ_CONSOLE);
	harness_global_virqs = 0;
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 16,
				HC_BUF), 1);
	CU_ASSERT_EQUAL(buf[0], '\r');
	console_poll_input();
	CU_ASSERT_EQUAL(harness_global_virqs, 0);
}

/*
 * Dom0's prompt and what it echoes show when it reads input, on one line
 * that its next output continues; another domain's output ends that line.
 */
static void prompt_shows_on_read(void)
{
	harness_console_reset();
	cwrites(&hc_dom0, "dom0> ");
	CU_ASSERT_EQUAL(harness_console_len, 0);
	hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 1, HC_BUF);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d0) dom0> ");
	cwrites(&hc_dom0, "l");
	hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 1, HC_BUF);
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d0) dom0> l");
	cwrites(&hc_dom0, "s\nok\n");
	CU_ASSERT_STRING_EQUAL(harness_console_out, "(d0) dom0> ls\n(d0) ok\n");
	harness_console_reset();
	cwrites(&hc_dom0, "dom0> ");
	hc_call(&hc_dom0, NR_CONSOLE_IO, CONSOLEIO_read, 1, HC_BUF);
	cwrites(&hc_domu, "hello\n");
	cwrites(&hc_dom0, "x\n");
	CU_ASSERT_STRING_EQUAL(harness_console_out,
			       "(d0) dom0> \n(d1) hello\n(d0) x\n");
	harness_console_input("");
}

static const struct harness_test tests[] = {
	{ "bad_arguments", bad_arguments },
	{ "lines_get_prefixed", lines_get_prefixed },
	{ "domains_do_not_interleave", domains_do_not_interleave },
	{ "unprintable_bytes", unprintable_bytes },
	{ "long_line_is_split", long_line_is_split },
	{ "largest_write", largest_write },
	{ "flush_on_death", flush_on_death },
	{ "dom0_reads_input", dom0_reads_input },
	{ "input_raises_virq_console", input_raises_virq_console },
	{ "prompt_shows_on_read", prompt_shows_on_read },
};

void suite_console(void)
{
	harness_add_suite_init("console", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
