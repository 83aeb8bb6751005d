/* SPDX-License-Identifier: MIT */
/*
 * xapid's front process: everything that reads what network clients send.
 * It accepts on the listening sockets the core gives it, runs TLS
 * (OpenSSL), HTTP (libevent's evhttp) and the body decoders (XML-RPC with
 * libxml2, JSON-RPC and JSON with jansson), and forwards each request to
 * the core as a typed message (frontmsg.h); it turns the core's answers
 * back into HTTP, and XenAPI results into XML-RPC or JSON-RPC.
 *
 * It holds no privilege the core has: no channel to Dom0, no xenstore, no
 * users or tokens, no VM database, none of the core's memory (it is a
 * fresh exec).  What it keeps, and why:
 *   fd 3, the socketpair to the core: the only way it acts;
 *   fds 4 and 5, the listening sockets: it serves them;
 *   the TLS key, read once at its start: it terminates TLS;
 *   fds 0-2: /dev/null and the log.
 * Then it makes itself undumpable, sets no_new_privs, gives up root (to
 * nobody) when it has it, and may not fork.  A crash here costs the
 * connections it carried; the core restarts it (frontproc.h).
 */
#ifndef XAPID_FRONT_H
#define XAPID_FRONT_H

/*
 * `xapid front TIMEOUT CERT KEY LEVEL HTTP`, as frontproc.c execs it:
 * returns the exit status when the core goes away.
 */
int front_main(int argc, char **argv);

#endif
