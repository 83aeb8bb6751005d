/* SPDX-License-Identifier: MIT */
/*
 * XenAPI's XML-RPC codec (libxml2) for "/", "/RPC2" and "/xmlrpc": the
 * front process (front.h) runs it, never the core.
 *
 * Requests are parsed with no network access, no DTD loading and no
 * entity expansion, and a document with a DOCTYPE is refused outright, so
 * entity bombs and external entities never reach the parser's expansion.
 * Results are XenAPI structs {Status, Value} or {Status, ErrorDescription}
 * with Content-Type text/xml.
 */
#ifndef XAPID_XMLRPC_H
#define XAPID_XMLRPC_H

#include <stddef.h>

#include <jansson.h>

#define XMLRPC_DEPTH_MAX 32

/*
 * Decodes a methodCall: *method (malloc'd) and *params (a JSON array; XML-RPC
 * int, i4, i8 become integers, double reals, boolean booleans, struct
 * objects, array arrays, everything else strings).  Returns 0, or -EINVAL
 * with a reason in why.
 */
int xmlrpc_decode(const char *buf, size_t len, char **method, json_t **params,
		  char *why, size_t whysz);

/* Encodes a XenAPI result (value, or error when value is NULL) as a
 * methodResponse; malloc'd, NUL-terminated, *len bytes. */
char *xmlrpc_encode(json_t *value, json_t *error, size_t *len);

#endif
