/* SPDX-License-Identifier: MIT */
/*
 * The console shell: reads lines, splits them into words and runs the
 * command of that name from its table (name, handler, usage, help).  Runs
 * as a thread; polls the console and sleeps between polls, so that the
 * CPU idles while nobody types.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include <stddef.h>

/*
 * A command: its name, its handler (argv[0] is the name; returns 0 or a
 * negative errno, which the shell ignores: the handler prints its own
 * messages), how many arguments it takes, and the text `help` prints.
 */
struct shell_command {
	const char *name;
	int (*run)(int argc, char **argv);
	int min_args, max_args;	/* not counting the command's name */
	const char *usage;
	const char *help;
};

#define SHELL_MAX_TABLES	8	/* tables shell_add() may add */

/*
 * The platform's own commands, searched after the core's and before any
 * added table: none natively (native/platform.c), `evtchn` in the
 * paravirtual build (pv/commands.c).
 */
extern const struct shell_command platform_commands[];

/*
 * Adds a table of commands, ended by an entry with a NULL name, after the
 * core's own (help info mem uptime selftest poweroff reboot): a kernel
 * with more services (Dom0's list, console, xs) adds its commands here
 * before the shell thread starts.  A name already taken is shadowed by
 * the earlier table.  Returns 0, or -ENOSPC after SHELL_MAX_TABLES.
 */
int shell_add(const struct shell_command *table);

/*
 * The shell thread's body: thread_create(..., shell_thread, prompt), the
 * prompt a string that lives as long as the kernel.
 */
void shell_thread(void *prompt);

/*
 * Prints n bytes of whole lines (each ended by "\n") that come from
 * elsewhere, such as a DomU's console that Dom0 relays, so that they never
 * share a line with the shell's input, as Xen's console outputs a line
 * whole: while the shell is reading a line, its prompt and what was typed
 * are ended first and printed again after, and the reader is woken so
 * that the console shows them.  Otherwise it is console_write().  From any
 * thread (threads are cooperative: the shell is not halfway through an
 * echo).
 */
void shell_print_line(const char *s, size_t n);

#endif
