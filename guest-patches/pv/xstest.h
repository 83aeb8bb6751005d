/* SPDX-License-Identifier: MIT */
/*
 * The two-DomU xenstore scenario the system test tests/system/xenbus.sh
 * runs, chosen on the kernel command line: `xstest=writer` in domain A,
 * `xstest=reader` in domain B (each finds the other in /local/domain).
 *
 *   A writes data/xstest/private (B may not read it) and
 *     data/xstest/shared with the permissions "nA" "rB", then ready.
 *   B lists /local/domain (0, A and B), reads shared (granted), gets
 *     -EACCES for private, watches shared and says so in its own
 *     data/xstest/watching (readable by A).
 *   A changes shared; B's watch fires with the new value; B writes done.
 *
 * Each step prints a PASS/FAIL line (selftest_check()); each domain ends
 * with "XSTEST <role> done" and powers off, B only once A is gone from
 * /local/domain (A's last step reads B's key, which goes with B).  Waits for
 * the other domain are bounded (XSTEST_WAIT_NS), so a broken peer gives FAIL,
 * not a hang.
 */
#ifndef PV_XSTEST_H
#define PV_XSTEST_H

#define XSTEST_WAIT_NS (20 * 1000000000ull)

/*
 * Starts the scenario's thread when the command line asks for a role.
 * Called by platform_start() once the xenbus client runs.  Returns 0 (also
 * when no role is asked) or thread_create()'s error.
 */
int xstest_start(const char *cmdline);

#endif
