/* SPDX-License-Identifier: MIT */
/* The console shell and its command table. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "args.h"
#include "boot.h"
#include "clock.h"
#include "console.h"
#include "kernel.h"
#include "net/commands.h"
#include "page_alloc.h"
#include "platform.h"
#include "power.h"
#include "print.h"
#include "selftest.h"
#include "shell.h"
#include "thread.h"
#include "trap.h"

#define LINE_MAX	128
#define MAX_ARGS	8

#define BUILT_IN_TABLES	3	/* the core's, the platform's, the network's */

static const struct shell_command commands[];
/* The built-in tables, then what shell_add() adds, then NULL. */
static const struct shell_command *tables[BUILT_IN_TABLES + SHELL_MAX_TABLES + 1] = {
	commands, platform_commands, net_commands,
};

static int cmd_help(int argc, char **argv);

static int cmd_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("kernel:   %s, %s build\n", KERNEL_BANNER, platform_name());
	kprintf("boot:     %s, command line \"%s\"\n", boot_protocol_name(),
		boot_info.cmdline);
	kprintf("memory:   %lu KiB RAM\n", page_alloc_total() * PAGE_SIZE >> 10);
	kprintf("console:  %s\n", console_name());
	kprintf("clock:    %s\n", clock_source());
	platform_info();
	return 0;
}

static void print_thread(int id, const char *name, const char *state)
{
	kprintf("  thread %2d  %-10s %s\n", id, name, state);
}

static int cmd_mem(int argc, char **argv)
{
	unsigned long total = page_alloc_total(), free = page_alloc_free_count();
	unsigned int i;

	(void)argc;
	(void)argv;
	for (i = 0; i < boot_info.nr_ram; i++)
		kprintf("  RAM %#012lx-%#012lx\n", boot_info.ram[i].start,
			boot_info.ram[i].end);
	kprintf("pages: %lu total, %lu free, %lu used (%lu KiB free)\n", total,
		free, total - free, free * PAGE_SIZE >> 10);
	thread_for_each(print_thread);
	return 0;
}

static int cmd_uptime(int argc, char **argv)
{
	uint64_t ms = clock_ns() / 1000000;

	(void)argc;
	(void)argv;
	kprintf("up %lu.%03lu s\n", ms / 1000, ms % 1000);
	return 0;
}

static int cmd_selftest(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return selftest_run() ? -EIO : 0;
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("powering off\n");
	power_off();
}

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("rebooting\n");
	power_reboot();
}

static int cmd_crash(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("crashing (a triple fault)\n");
	trap_triple_fault();
}

static const struct shell_command commands[] = {
	{ "help", cmd_help, 0, 0, "", "list the commands" },
	{ "info", cmd_info, 0, 0, "", "kernel, platform, hypervisor, memory" },
	{ "mem", cmd_mem, 0, 0, "", "memory map, page counts, threads" },
	{ "uptime", cmd_uptime, 0, 0, "", "time since boot" },
	{ "selftest", cmd_selftest, 0, 0, "", "test every service, PASS/FAIL" },
	{ "poweroff", cmd_poweroff, 0, 0, "", "power off (end the domain)" },
	{ "reboot", cmd_reboot, 0, 0, "", "restart" },
	{ "crash", cmd_crash, 0, 0, "", "crash (a triple fault)" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;
	unsigned int t;

	(void)argc;
	(void)argv;
	for (t = 0; tables[t]; t++)
		for (c = tables[t]; c->name; c++)
			kprintf("  %-10s %-16s %s\n", c->name, c->usage,
				c->help);
	return 0;
}

int shell_add(const struct shell_command *table)
{
	unsigned int t;

	for (t = 0; tables[t]; t++)
		;
	if (t >= BUILT_IN_TABLES + SHELL_MAX_TABLES)
		return -ENOSPC;
	tables[t] = table;
	return 0;
}

static const struct shell_command *find(const char *name)
{
	const struct shell_command *c;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (c = tables[t]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

/*
 * Runs one command line.  Returns the command's result: 0, -ENOENT for an
 * unknown command, -EINVAL for bad arguments, or the command's own errno.
 */
static int shell_run(char *line)
{
	char *argv[MAX_ARGS];
	const struct shell_command *c;
	int argc = args_split(line, argv, MAX_ARGS);

	if (argc < 0) {
		kprintf("too many words\n");
		return -EINVAL;
	}
	if (argc == 0)
		return 0;
	c = find(argv[0]);
	if (!c) {
		kprintf("%s: unknown command (try help)\n", argv[0]);
		return -ENOENT;
	}
	if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
		kprintf("usage: %s %s\n", c->name, c->usage);
		return -EINVAL;
	}
	return c->run(argc, argv);
}

/* The line being read, for shell_print_line(); prompt NULL: none. */
static struct {
	const char *prompt;
	const char *line;
	size_t len;
} reading;

void shell_print_line(const char *s, size_t n)
{
	if (!reading.prompt) {
		console_write(s, n);
		return;
	}
	console_write("\n", 1);
	console_write(s, n);
	console_write(reading.prompt, strlen(reading.prompt));
	console_write(reading.line, reading.len);
	console_wake_input();
}

/*
 * Prints the prompt and reads one line with echo and backspace; blocks
 * while no input waits.
 */
static void read_line(const char *prompt, char *line, size_t size)
{
	size_t len = 0;
	int c;

	console_write(prompt, strlen(prompt));
	reading.prompt = prompt;
	reading.line = line;
	for (;;) {
		reading.len = len;
		c = console_getc();
		if (c < 0) {
			console_wait_input();
			continue;
		}
		if (c == '\r' || c == '\n') {
			reading.prompt = NULL;
			console_write("\n", 1);
			line[len] = '\0';
			return;
		}
		if ((c == '\b' || c == 0x7f) && len > 0) {
			len--;
			console_write("\b \b", 3);
		} else if (c >= ' ' && c < 0x7f && len + 1 < size) {
			line[len++] = (char)c;
			console_write(&line[len - 1], 1);
		}
	}
}

void shell_thread(void *prompt)
{
	char line[LINE_MAX];

	kprintf("type 'help' for the commands\n");
	for (;;) {
		read_line(prompt, line, sizeof(line));
		shell_run(line);
	}
}
