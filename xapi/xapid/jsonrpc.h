/* SPDX-License-Identifier: MIT */
/*
 * XenAPI's JSON-RPC codec (jansson) for "/jsonrpc", run by the front
 * process (front.h), as XAPI serves it:
 * version 2.0 requests get {"jsonrpc":"2.0","result"|"error","id"}, 1.0
 * requests (no "jsonrpc" member) get {"result","error","id"}.  An error is
 * {"code":1,"message":NAME,"data":[PARAMS...]}, XAPI's shape, which
 * clients turn back into NAME(PARAMS).
 */
#ifndef XAPID_JSONRPC_H
#define XAPID_JSONRPC_H

#include <stddef.h>

#include <jansson.h>

#define JSONRPC_DEPTH_MAX 32

/* A decoded request. */
struct jsonrpc_req {
	char *method; /* malloc'd */
	json_t *params; /* array */
	json_t *id;	/* any JSON value, or null */
	int v2;		/* "jsonrpc":"2.0" was given */
};

/*
 * Decodes a request body.  Returns 0, or a JSON-RPC error code (-32700
 * parse error, -32600 invalid request) with a reason in why.  The caller
 * frees with jsonrpc_req_free().
 */
int jsonrpc_decode(const char *buf, size_t len, struct jsonrpc_req *req,
		   char *why, size_t whysz);
void jsonrpc_req_free(struct jsonrpc_req *req);

/* Encodes the response to req for a XenAPI result or error (borrowed). */
char *jsonrpc_encode(const struct jsonrpc_req *req, json_t *value,
		     json_t *error);

#endif
