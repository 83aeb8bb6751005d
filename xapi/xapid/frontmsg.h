/* SPDX-License-Identifier: MIT */
/*
 * The messages between xapid's core and its front process (front.h), on
 * the socketpair that joins them.  The front holds the network and runs
 * every parser of what clients send (TLS, HTTP, XML-RPC, JSON-RPC, JSON);
 * the core receives only these messages, whose fields it reads with bounds
 * checks and never parses as text.
 *
 * A message is a 16-byte header and a payload of at most FRONTMSG_MAX
 * bytes:
 *
 *	0  4  payload length
 *	4  2  type (enum frontmsg_type)
 *	6  2  zero
 *	8  8  the request's id (the front numbers requests)
 *
 * Integers are host-endian (both ends are the same binary on one host).
 * A payload is a sequence of fields whose order each type fixes: u32, str
 * (u32 length, then the bytes; no NUL) and tree (a JSON value, typed: a
 * tag byte 'n' null, 't' true, 'f' false, 'i' int64, 'r' double, 's' str,
 * 'a' u32 count then the items, 'o' u32 count then str key and item
 * pairs; at most FRONTMSG_DEPTH deep).
 *
 *	REQUEST  front: u32 method (EVHTTP_REQ_*), u32 uri (enum
 *		 frontmsg_uri), u32 n + n str path segments, u32 n + n pairs
 *		 (str name, str value) of the query, str peer, u32 n + n
 *		 pairs of headers (at most FRONTMSG_HEADERS), u32 body kind,
 *		 then by kind: JSON tree; RPC str method, tree params; BAD
 *		 u32 status, str code, str message, tree details.  With
 *		 FRONTMSG_URI_OK, the segments and the query are
 *		 percent-decoded by the front; with FRONTMSG_URI_BAD (the
 *		 path or query was malformed, held too many pairs, or a
 *		 segment an encoded NUL) the segments are the raw ones and
 *		 the query is empty; with FRONTMSG_URI_LONG (more than
 *		 FRONTMSG_SEGMENTS segments) both are empty
 *	CLOSED   front: the client of a stream went away (no payload)
 *	REPLY    core: u32 status, u32 n + pairs of headers, str body
 *	STREAM   core: u32 status, u32 n + pairs of headers (chunks follow)
 *	CHUNK    core: str bytes
 *	END      core: the stream is over (no payload)
 *	RESULT   core: u32 status, u32 has_value, u32 has_error, then the
 *		 value's tree and the error's tree if present: a XenAPI
 *		 answer the front encodes for the request's transport
 */
#ifndef XAPID_FRONTMSG_H
#define XAPID_FRONTMSG_H

#include <stddef.h>
#include <stdint.h>

#include <event2/buffer.h>
#include <jansson.h>

#define FRONTMSG_HEADER 16
#define FRONTMSG_MAX (8u * 1024 * 1024)
#define FRONTMSG_DEPTH 64
#define FRONTMSG_SEGMENTS 32 /* path segments of a REQUEST, at most */
#define FRONTMSG_PAIRS 256   /* query pairs of a REQUEST, at most */
#define FRONTMSG_HEADERS 256 /* header pairs of a REQUEST, at most: the
				front answers 431 to a request with more */

/* What the front made of a REQUEST's path and query. */
enum frontmsg_uri {
	FRONTMSG_URI_LONG = 0, /* too many segments: none sent */
	FRONTMSG_URI_OK = 1,   /* decoded */
	FRONTMSG_URI_BAD = 2,  /* malformed: the raw segments sent */
};

enum frontmsg_type {
	FM_REQUEST = 1,
	FM_CLOSED,
	FM_REPLY,
	FM_STREAM,
	FM_CHUNK,
	FM_END,
	FM_RESULT,
};

/* What a REQUEST's body is. */
enum frontmsg_body {
	FM_BODY_JSON = 1, /* a JSON body, or a text/plain one (xl.cfg) that
			     the front turned into a definition (xlcfg.h) */
	FM_BODY_RPC,  /* a XenAPI call the front decoded */
	FM_BODY_BAD,  /* the front could not decode it: the answer's parts */
};

/* A message being written: fields are appended to payload. */
struct frontmsg_out {
	struct evbuffer *payload;
	int err; /* -ENOMEM or -E2BIG once a field could not be added */
};

/* Starts a message.  0 or -ENOMEM. */
int frontmsg_begin(struct frontmsg_out *m);
void frontmsg_put_u32(struct frontmsg_out *m, uint32_t v);
void frontmsg_put_str(struct frontmsg_out *m, const char *s, size_t len);
/* A NUL-terminated string, or "" for NULL. */
void frontmsg_put_cstr(struct frontmsg_out *m, const char *s);
/* A JSON value (borrowed); NULL is written as null. */
void frontmsg_put_tree(struct frontmsg_out *m, const json_t *j);
/*
 * Appends header and payload to out and frees the payload.  Returns 0, or
 * the first error met while writing fields (nothing is sent then).
 */
int frontmsg_send(struct frontmsg_out *m, struct evbuffer *out, int type,
		  uint64_t id);

/* A message being read (from a contiguous buffer). */
struct frontmsg_in {
	int type;
	uint64_t id;
	const unsigned char *p;
	size_t left;
	int err; /* -EPROTO once a field ran past the end or was bad */
};

/*
 * Takes one whole message off in, if one is there: 1 with *m set (its
 * bytes are in *buf, malloc'd, which the caller frees), 0 if more bytes are
 * needed, -EPROTO if the header is bad or the payload too long.
 */
int frontmsg_next(struct evbuffer *in, struct frontmsg_in *m,
		  unsigned char **buf);
uint32_t frontmsg_get_u32(struct frontmsg_in *m);
/* A string, malloc'd and NUL-terminated; NULL (and m->err) if it holds a
 * NUL byte, runs past the end, or memory is out. */
char *frontmsg_get_cstr(struct frontmsg_in *m);
/* Bytes, not copied: *len of them at the returned pointer. */
const void *frontmsg_get_bytes(struct frontmsg_in *m, size_t *len);
/* A JSON value (a new reference), or NULL and m->err. */
json_t *frontmsg_get_tree(struct frontmsg_in *m);

#endif
