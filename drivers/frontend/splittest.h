/* SPDX-License-Identifier: MIT */
/*
 * A scripted check of this DomU's split drivers, for system tests that
 * cannot type into a shell (Bochs): with `splittest` on the command line,
 * a thread waits for xvda and eth0 (an address from the backend), then
 * prints PASS/FAIL lines for
 *
 *   split/blk-rw      a pattern written to xvda reads back the same
 *   split/blk-range   a read past the end of xvda is refused (-ERANGE)
 *   split/ping-dom0   three ICMP echoes to 10.0.0.1 (Dom0 on the bridge)
 *                     all answered
 *
 * and "SPLITTEST done", and powers the domain off.
 */
#ifndef DRIVERS_SPLITTEST_H
#define DRIVERS_SPLITTEST_H

#define SPLITTEST_WAIT_NS	(120 * 1000000000ull)	/* Bochs is slow */

/*
 * Starts the check when cmdline has the word `splittest`.  Returns 0 or
 * thread_create()'s error.
 */
int splittest_start(const char *cmdline);

#endif
