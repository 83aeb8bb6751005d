/* SPDX-License-Identifier: MIT */
/* Framing of the Xen wire format, argument splitting and error names. */
#include <errno.h>
#include <string.h>

#include "wire.h"

void wire_in_reset(struct wire_in *in)
{
	in->have = 0;
	in->skip = 0;
}

enum wire_status wire_in_feed(struct wire_in *in, const void *data, size_t len,
			      size_t *used)
{
	const char *p = data;
	size_t n, hs = sizeof(in->hdr);

	*used = 0;
	if (in->skip) {
		n = len < in->skip ? len : in->skip;
		in->skip -= (uint32_t)n;
		*used = n;
		return WIRE_MORE;
	}
	if (in->have < hs) {
		n = hs - in->have;
		n = len < n ? len : n;
		memcpy((char *)&in->hdr + in->have, p, n);
		in->have += (uint32_t)n;
		*used = n;
		if (in->have < hs)
			return WIRE_MORE;
		if (in->hdr.len > XENSTORE_PAYLOAD_MAX) {
			/* Stay in step: drop the payload as it comes. */
			in->skip = in->hdr.len;
			in->have = 0;
			return WIRE_TOO_BIG;
		}
	}
	n = in->hdr.len - (in->have - hs);
	n = (len - *used) < n ? (len - *used) : n;
	memcpy(in->body + (in->have - hs), p + *used, n);
	in->have += (uint32_t)n;
	*used += n;
	if (in->have - hs < in->hdr.len)
		return WIRE_MORE;
	in->body[in->hdr.len] = '\0';
	return WIRE_MSG;
}

int wire_args(const char *body, uint32_t len, const char **argv,
	      unsigned int max)
{
	uint32_t off = 0;
	size_t n;
	int count = 0;

	while (off < len) {
		n = strnlen(body + off, len - off);
		if (n == len - off)
			return -EINVAL;
		if ((unsigned int)count < max)
			argv[count] = body + off;
		count++;
		off += (uint32_t)n + 1;
	}
	return count;
}

int wire_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 20)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return 0;
}

const char *wire_error(int err)
{
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == -err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

static const char *const wire_names[XS_TYPE_COUNT] = {
    [XS_CONTROL] = "XS_CONTROL",
    [XS_DIRECTORY] = "XS_DIRECTORY",
    [XS_READ] = "XS_READ",
    [XS_GET_PERMS] = "XS_GET_PERMS",
    [XS_WATCH] = "XS_WATCH",
    [XS_UNWATCH] = "XS_UNWATCH",
    [XS_TRANSACTION_START] = "XS_TRANSACTION_START",
    [XS_TRANSACTION_END] = "XS_TRANSACTION_END",
    [XS_INTRODUCE] = "XS_INTRODUCE",
    [XS_RELEASE] = "XS_RELEASE",
    [XS_GET_DOMAIN_PATH] = "XS_GET_DOMAIN_PATH",
    [XS_WRITE] = "XS_WRITE",
    [XS_MKDIR] = "XS_MKDIR",
    [XS_RM] = "XS_RM",
    [XS_SET_PERMS] = "XS_SET_PERMS",
    [XS_WATCH_EVENT] = "XS_WATCH_EVENT",
    [XS_ERROR] = "XS_ERROR",
    [XS_IS_DOMAIN_INTRODUCED] = "XS_IS_DOMAIN_INTRODUCED",
    [XS_RESUME] = "XS_RESUME",
    [XS_SET_TARGET] = "XS_SET_TARGET",
    [XS_RESET_WATCHES] = "XS_RESET_WATCHES",
    [XS_DIRECTORY_PART] = "XS_DIRECTORY_PART",
};

const char *wire_type_name(uint32_t type)
{
	if (type < XS_TYPE_COUNT && wire_names[type])
		return wire_names[type];
	return "XS_?";
}
