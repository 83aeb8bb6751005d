/* SPDX-License-Identifier: MIT */
/* The Xen wire format: message framing, arguments and error strings. */
#ifndef XENSTORE_WIRE_H
#define XENSTORE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

/*
 * Every message is a struct xsd_sockmsg header (type, req_id, tx_id, len,
 * host byte order) followed by @len bytes of payload, at most
 * XENSTORE_PAYLOAD_MAX.  Arguments are NUL-terminated strings; XS_WRITE's
 * last argument (the value) is raw bytes up to the end.
 */

/* Reassembles messages from a byte stream that may split them anywhere. */
struct wire_in {
	struct xsd_sockmsg hdr;
	uint32_t have; /* header and payload bytes received */
	uint32_t skip; /* payload bytes of an oversized message left to drop */
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL after the payload */
};

/*
 * WIRE_TOO_BIG: @hdr announced more than XENSTORE_PAYLOAD_MAX bytes.  The
 * caller replies E2BIG; the payload is dropped as it arrives.
 */
enum wire_status {
	WIRE_MORE,    /* all input consumed, no complete message yet */
	WIRE_MSG,     /* @hdr and @body hold a message; wire_in_reset() next */
	WIRE_TOO_BIG, /* the message is too long: reply E2BIG */
};

/* Prepares @in for the next message. */
void wire_in_reset(struct wire_in *in);

/*
 * Consumes bytes from @data (@len of them) into @in, stopping at the end
 * of a message.  Sets *@used to the bytes consumed.
 */
enum wire_status wire_in_feed(struct wire_in *in, const void *data, size_t len,
			      size_t *used);

/*
 * Splits a payload into its NUL-terminated strings: fills @argv with up
 * to @max pointers and returns how many strings there are (which may be
 * more than @max), or -EINVAL when bytes follow the last NUL.
 */
int wire_args(const char *body, uint32_t len, const char **argv,
	      unsigned int max);

/*
 * Parses a decimal number without sign, spaces or excess digits, at most
 * @max.  Returns 0 or -EINVAL.
 */
int wire_uint(const char *s, unsigned long max, unsigned long *out);

/*
 * Returns the wire name of a negative errno ("EINVAL" for -EINVAL); errors
 * that xs_wire.h does not list are sent as "EINVAL", as Xen does.
 */
const char *wire_error(int err);

/* Returns the name of message type @type ("XS_READ"), or "XS_?" for logs. */
const char *wire_type_name(uint32_t type);

#endif
