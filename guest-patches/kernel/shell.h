/* SPDX-License-Identifier: MIT */
/*
 * The console shell: reads lines, splits them into words and runs the
 * command of that name from its table (name, handler, usage, help).  Runs
 * as a thread; polls the console and sleeps between polls, so that the
 * CPU idles while nobody types.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

/* The shell thread's body (thread_create(..., shell_thread, NULL)). */
void shell_thread(void *arg);

#endif
