/* SPDX-License-Identifier: MIT */
/* The request table: one row per XS_* type, checked in one place. */
#ifndef XENSTORE_DISPATCH_H
#define XENSTORE_DISPATCH_H

#include <stdint.h>

#include <xen/io/xs_wire.h>

struct conn;

/*
 * Handles one complete request from @c (header @hdr, payload @body of
 * hdr->len bytes followed by a NUL) and queues exactly one reply: the
 * answer, or XS_ERROR with the error's name.  Checks, in this order, that
 * the type is one a client may send, that the row's PRIV flag allows @c,
 * and that hdr->tx_id names an open transaction (unless the row ignores
 * transactions); then calls the row's handler.
 */
void dispatch_request(struct conn *c, const struct xsd_sockmsg *hdr,
		      const char *body);

#endif
