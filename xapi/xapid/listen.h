/* SPDX-License-Identifier: MIT */
/* xapid's listening UNIX sockets: one place that makes them private. */
#ifndef XAPID_LISTEN_H
#define XAPID_LISTEN_H

/*
 * A listening, non-blocking UNIX socket at path, mode 0600 from the start
 * (created under umask 077: no window where others could connect).  A
 * stale socket file is replaced; a live one (another xapid answers) is
 * -EADDRINUSE.  Returns the fd or -errno.
 */
int listen_unix(const char *path);

struct event_base;
struct evconnlistener;
struct sockaddr;

/*
 * listen_unix() with a libevent listener calling accept(l, fd, sa, len,
 * arg) for each client.  NULL with *err set (-errno) on failure.
 */
struct evconnlistener *listen_unix_on(struct event_base *base, const char *path,
				      void (*accept)(struct evconnlistener *l, int fd,
						     struct sockaddr *sa, int len,
						     void *arg),
				      void *arg, int *err);

/* Frees the listener and removes its socket file. */
void listen_close(struct evconnlistener *l, const char *path);

#endif
