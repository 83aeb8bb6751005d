/* SPDX-License-Identifier: MIT */
/*
 * The xenbus client: this domain's requests to xenstored over the shared
 * page Xen calls struct xenstore_domain_interface (xen/io/xs_wire.h).
 *
 * The page holds two byte rings of XENSTORE_RING_SIZE: requests in req[]
 * (we produce, the store consumes), replies and watch events in rsp[]
 * (the store produces, we consume).  Indexes run free and wrap at 2^32;
 * MASK_XENSTORE_IDX() gives the byte.  Every message is a struct
 * xsd_sockmsg header (type, req_id, tx_id, len) and len bytes of payload,
 * at most XENSTORE_PAYLOAD_MAX; a message may lie across the end of a
 * ring and arrive in pieces.  We signal the store's event channel once a
 * whole request is in req[] (and when req[] is full, so it drains it),
 * and after taking replies only when rsp[] had been full (the one case
 * where the store waits for us), as Linux's xenbus does: a signal costs
 * the store a wake-up.  The store signals back after moving its indexes.
 *
 * One request is in flight at a time: a caller takes the client, writes
 * its request (waiting for room when the ring is full), then reads the
 * response ring until the reply with its req_id arrives, sleeping on the
 * port's event between reads.  Watch events arrive between replies: they
 * are queued (at most XENBUS_MAX_EVENTS, further ones are dropped and
 * counted) and handed to their watch's callback by a thread of their own,
 * "xenwatch", so a callback may make requests itself.
 *
 * The page is shared with Dom0 only, but what comes from it is checked
 * anyway: indexes more than a ring apart or a payload longer than
 * XENSTORE_PAYLOAD_MAX break the connection (every call then fails with
 * -EIO); a reply of the wrong type or id is dropped.
 *
 * Every call below except xenbus_init() and xenbus_ready() is for threads
 * (not the idle thread, not interrupt handlers) and may sleep.  Errors
 * are negative Xen errnos: the store's XS_ERROR strings ("EACCES" ...)
 * become -EACCES ..., an unknown string -EIO; -ENODEV before
 * xenbus_init() succeeded; -E2BIG for a request longer than
 * XENSTORE_PAYLOAD_MAX; -ENOBUFS when a reply does not fit the caller's
 * buffer.
 */
#ifndef PV_XENBUS_H
#define PV_XENBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/event_channel.h>
#include <xen/io/xs_wire.h>

#define XENBUS_NO_TXN	  0  /* a request outside any transaction */
#define XENBUS_MAX_EVENTS 64 /* watch events queued, not delivered */
#define XENBUS_TXN_TRIES  8  /* xenbus_transaction() tries on -EAGAIN */
#define XENBUS_MAX_PERMS  16 /* entries xenbus_set_perms() takes */

/*
 * A watch's callback: path is the node that changed (as the store names
 * it: relative when the watch was), token the one given to
 * xenbus_watch().  Runs in the xenwatch thread; may make requests.
 */
typedef void xenbus_watch_fn(const char *path, const char *token, void *data);

/*
 * Connects to the store through intf (the mapped HVM_PARAM_STORE_PFN page)
 * and port (HVM_PARAM_STORE_EVTCHN, bound by Dom0), attaches the port's
 * handler and starts the xenwatch thread.  Called once, from a thread or
 * from platform_init().  Returns 0 or a negative errno of evtchn_attach()
 * or thread_create(); -EIO when the indexes are already broken.
 */
int xenbus_init(struct xenstore_domain_interface *intf, evtchn_port_t port);

/* True once xenbus_init() succeeded. */
bool xenbus_ready(void);

/*
 * XS_READ: the value of path, NUL-terminated, into buf of size bytes.
 * Returns the value's length, or a negative errno (-ENOBUFS when it
 * needs more than size - 1 bytes).
 */
int xenbus_read(uint32_t txn, const char *path, char *buf, size_t size);

/* XS_WRITE: sets path to the string value.  Returns 0 or -errno. */
int xenbus_write(uint32_t txn, const char *path, const char *value);

/*
 * XS_DIRECTORY: the names of path's children, each NUL-terminated, one
 * after the other in buf of size bytes.  Returns how many, or -errno.
 */
int xenbus_directory(uint32_t txn, const char *path, char *buf, size_t size);

/* XS_MKDIR: creates path (and missing parents) empty.  0 or -errno. */
int xenbus_mkdir(uint32_t txn, const char *path);

/* XS_RM: removes path and everything below it.  0 or -errno. */
int xenbus_rm(uint32_t txn, const char *path);

/*
 * XS_GET_PERMS: path's permission list ("n0", "r2": owner first, then the
 * other domains' rights), each entry NUL-terminated, into buf as
 * xenbus_directory() does.  Returns how many entries, or -errno.
 */
int xenbus_get_perms(uint32_t txn, const char *path, char *buf, size_t size);

/*
 * XS_SET_PERMS: gives path the n entries of perms (same form as above;
 * the first names the owner and everybody else's right).  0, -EINVAL
 * for no entries or more than XENBUS_MAX_PERMS, or -errno.
 */
int xenbus_set_perms(uint32_t txn, const char *path, const char *const perms[],
		     unsigned int n);

/*
 * XS_WATCH: calls fn(changed path, token, data) from the xenwatch thread
 * whenever path or a node below it changes, and once at once (the store
 * fires every new watch).  token names the watch in this client and must
 * be unique: -EEXIST otherwise; -ENOMEM when no memory is left.
 */
int xenbus_watch(const char *path, const char *token, xenbus_watch_fn *fn,
		 void *data);

/*
 * XS_UNWATCH: removes the watch (path, token); events still queued for it
 * are dropped.  Returns 0, -ENOENT when this client has no such watch, or
 * the store's error.
 */
int xenbus_unwatch(const char *path, const char *token);

/* XS_TRANSACTION_START: a new transaction's id in *txn.  0 or -errno. */
int xenbus_transaction_start(uint32_t *txn);

/*
 * XS_TRANSACTION_END: commits (commit true) or abandons txn.  A commit
 * returns -EAGAIN when another writer changed what txn read or wrote: the
 * caller starts again.
 */
int xenbus_transaction_end(uint32_t txn, bool commit);

/*
 * Runs fn(txn, arg) in a new transaction and commits it, starting again
 * while the commit returns -EAGAIN, up to XENBUS_TXN_TRIES times.  When
 * fn fails, the transaction is abandoned and fn's error returned.
 * Returns 0, fn's error, or the last commit's error (-EAGAIN after the
 * last try).
 */
int xenbus_transaction(int (*fn)(uint32_t txn, void *arg), void *arg);

/*
 * Reads what the store sent and hands every queued watch event to its
 * callback.  The xenwatch thread's body calls it after each wake-up;
 * tests without threads call it directly.
 */
void xenbus_deliver(void);

/* Watch events dropped since boot: the queue was full. */
unsigned long xenbus_dropped_events(void);

#endif
