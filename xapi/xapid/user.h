/* SPDX-License-Identifier: MIT */
/*
 * `xapid user add|del|passwd|list ...`: manages the users file offline
 * (or while xapid runs: logins read the file each time).
 *
 *     xapid [--state DIR] user add NAME --role admin|read-only
 *     xapid [--state DIR] user passwd NAME
 *     xapid [--state DIR] user del NAME
 *     xapid [--state DIR] user list
 *
 * The password is read from standard input (one line), so that it is
 * never on a command line.
 */
#ifndef XAPID_USER_H
#define XAPID_USER_H

/* Runs the subcommand in argv (argv[0] is "user"); returns the exit
 * status.  auth_init() must have been called. */
int user_main(int argc, char **argv, const char *users_path);

/*
 * On a first start (no users yet) makes user "admin" with a random
 * password written to pw_path (mode 0600).  Returns 1 if it did, 0 if
 * there were users already, -errno on failure.
 */
int user_first_admin(const char *pw_path);

#endif
