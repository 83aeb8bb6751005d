/* SPDX-License-Identifier: MIT */
/*
 * xenstored inside Dom0: the xenstore core (xenstore/) with Dom0's hooks.
 * DomUs reach it over their xenstore ring, a page of theirs that Dom0 maps
 * with the foreign map, notified through an interdomain event channel
 * (whose handler wakes Dom0's service thread, service.h);
 * Dom0's own code reaches it in-kernel, through a privileged connection of
 * domain 0 that speaks the same wire protocol (so Dom0's `xs` command sees
 * exactly what a guest would, errors included).
 *
 * Not locked: everything runs in Dom0's cooperative threads.
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

/* Creates the store and Dom0's own connection.  0 or -ENOMEM. */
int xenstored_init(void);

/*
 * XS_INTRODUCE semantics for a domain the hypervisor built: maps its ring
 * page (gfn store_pfn), binds its event channel (remote port store_port),
 * attaches the ring and fires @introduceDomain.  Returns 0 or -errno (the
 * foreign map's or the event channel's error, -EEXIST when introduced with
 * another page).
 */
int xenstored_introduce(domid_t domid, uint64_t store_pfn,
			uint32_t store_port);

/*
 * The domain is gone: drops its connection, watches and transactions,
 * unmaps its page, closes the port and fires @releaseDomain.  A domain
 * that was never introduced is ignored.
 */
void xenstored_release(domid_t domid);

/*
 * Serves every ring whose event came since (its guest wrote requests or
 * freed room): consumes requests and writes replies and events.
 * Called by the service thread after an event from a guest.
 */
void xenstored_poll(void);

/*
 * One request of Dom0's own connection: type XS_* with payload (NUL
 * separated arguments, len bytes).  The reply's payload goes to reply
 * (at most size - 1 bytes, NUL-terminated after them) and its length to
 * *reply_len.  Returns 0, or the negative errno of an XS_ERROR reply
 * (-ENOENT, -EACCES, ...), or -EIO when no reply came.
 */
int xenstored_request(uint32_t type, const void *payload, size_t len,
		      char *reply, size_t size, size_t *reply_len);

struct conn;
struct conn_ops;

/*
 * A new privileged connection of domain 0 for a client outside Dom0 (the
 * host's, through the management agent), on the transport ops/opaque
 * (xenstore/conn.h).  Like a socket client of Xen's xenstored, it has no
 * quota: whoever relays it bounds it.  NULL when out of memory.
 */
struct conn *xenstored_connect(const struct conn_ops *ops, void *opaque);

/*
 * Requests served on domid's connections since it was introduced (Dom0's:
 * its own and the host's relayed ones, since Dom0 started); 0 for a domain
 * the store does not know.
 */
uint64_t xenstored_domain_ops(domid_t domid);
/* xenstored_request() for XS_WRITE of a string value.  0 or -errno. */
int xenstored_write(const char *path, const char *value);

/*
 * XS_SET_PERMS: path's permission list, n strings like "n0" or "r3"
 * (the first names the owner and the others' default).  0 or -errno.
 */
int xenstored_set_perms(const char *path, const char *const *perms,
			unsigned int n);

#endif
