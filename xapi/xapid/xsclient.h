/* SPDX-License-Identifier: MIT */
/*
 * The API's xenstore client: one request per connection to xapid's own
 * xenstore relay (xsrelay.h), in Xen's wire protocol (xen/io/xs_wire.h),
 * so REST's xenstore routes are bounded like any relay client and reach
 * Dom0's store as Dom0 (the routes are admin-only for that reason).
 */
#ifndef XAPID_XSCLIENT_H
#define XAPID_XSCLIENT_H

#include <stddef.h>

struct event_base;

/* The reply: err 0 or -errno (the store's error name mapped, -ENOTCONN
 * when the relay is unreachable); data/len the payload. */
typedef void xsclient_fn(int err, const char *data, size_t len, void *arg);

/* Remembers the loop and the relay's socket path.  0 or -ENOMEM. */
int xsclient_init(struct event_base *base, const char *relay_path);
void xsclient_fini(void);

/*
 * Sends one request of type (XS_READ, XS_DIRECTORY, XS_WRITE, XS_RM) for
 * path, with value appended for XS_WRITE.  fn runs once, later.  0, or
 * -errno (fn not called).
 */
int xsclient_request(unsigned type, const char *path, const char *value,
		     xsclient_fn *fn, void *arg);

#endif
