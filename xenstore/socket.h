/* SPDX-License-Identifier: MIT */
/* The UNIX socket transport of the host daemon, on libevent. */
#ifndef XENSTORE_SOCKET_H
#define XENSTORE_SOCKET_H

struct event_base;
struct socket_server;
struct store;

/*
 * Listens on the UNIX stream socket @path (a stale socket file there is
 * replaced) and serves every client that connects as its own connection
 * of @s: its own watches and transactions, privileged as Dom0, the way
 * Xen's xenstored treats its socket clients.  Runs on @base.  Returns
 * NULL with errno set on failure.
 */
struct socket_server *socket_listen(struct store *s, struct event_base *base,
				    const char *path);

/* Stops listening, disconnects every client and removes the socket file. */
void socket_close(struct socket_server *srv);

#endif
