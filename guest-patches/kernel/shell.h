/* SPDX-License-Identifier: MIT */
/*
 * The console shell: reads lines, splits them into words and runs the
 * command of that name from its table (name, handler, usage, help).  Runs
 * as a thread; polls the console and sleeps between polls, so that the
 * CPU idles while nobody types.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

/* One command: its name, handler, argument counts (the name not counted),
 * usage and one line of help.  A table of them ends with a NULL name. */
struct shell_command {
	const char *name;
	int (*run)(int argc, char **argv);
	int min_args, max_args;
	const char *usage;
	const char *help;
};

/*
 * The platform's own commands, searched after the kernel's: none natively
 * (native/platform.c), `evtchn` in the paravirtual build (pv/commands.c).
 */
extern const struct shell_command platform_commands[];

/* The shell thread's body (thread_create(..., shell_thread, NULL)). */
void shell_thread(void *arg);

#endif
