/* SPDX-License-Identifier: MIT */
/*
 * The xenstore relay: a UNIX socket speaking Xen's xenstore wire protocol,
 * so that the host's xenstore tools (XENSTORED_PATH=SOCKET xenstore-ls)
 * work against Dom0's store.  Each client becomes a privileged connection
 * of Dom0's store (XS_OPEN on a chan of its own); its bytes travel as
 * XS_DATA frames both ways, unchanged.
 *
 * Dom0's store gives socket clients no quota, as Xen's does, so the relay
 * bounds each client: at most XSRELAY_MAX_OUTSTANDING requests in flight
 * (it stops reading the client until replies come back) and at most
 * XSRELAY_MAX_QUEUED bytes of replies and events it has not read.  One
 * flooding client waits on itself; the others, and Dom0, carry on.
 */
#ifndef XAPID_XSRELAY_H
#define XAPID_XSRELAY_H

struct event_base;

#define XSRELAY_MAX_OUTSTANDING	16
#define XSRELAY_MAX_QUEUED	(1u << 20)

/* Listens on path (mode 0600; a stale socket file is replaced).  0 or -errno. */
int xsrelay_init(struct event_base *base, const char *path);

/*
 * Calls fn for each xenstore request type relayed so far ("XS_READ", ...,
 * the names of xenstore/wire.h) with its count: the operations the host
 * made on Dom0's store, xl's and REST's included (metrics).
 */
void xsrelay_ops_each(void (*fn)(const char *type, unsigned long n, void *arg),
		      void *arg);

/* Closes every client and the socket (and removes its file). */
void xsrelay_fini(void);

#endif
