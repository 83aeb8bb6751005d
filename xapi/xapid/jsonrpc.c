// SPDX-License-Identifier: MIT
// JSON-RPC codec for XenAPI (jansson).
#include "jsonrpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "xenapi.h"

static int depth_ok(json_t *j, int depth)
{
	const char *k;
	json_t *x;
	size_t i;

	if (depth > JSONRPC_DEPTH_MAX)
		return 0;
	if (json_is_object(j)) {
		json_object_foreach(j, k, x) if (!depth_ok(x, depth + 1)) return 0;
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, x) if (!depth_ok(x, depth + 1)) return 0;
	}
	return 1;
}

int jsonrpc_decode(const char *buf, size_t len, struct jsonrpc_req *req,
		   char *why, size_t whysz)
{
	json_error_t err;
	json_t *root, *m, *p, *v;

	memset(req, 0, sizeof(*req));
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		snprintf(why, whysz, "malformed JSON: %s (line %d)", err.text,
			 err.line);
		return -32700;
	}
	m = json_object_get(root, "method");
	p = json_object_get(root, "params");
	v = json_object_get(root, "jsonrpc");
	if (!json_is_object(root) || !json_is_string(m) ||
	    (p && !json_is_array(p)) ||
	    (v && !(json_is_string(v) && !strcmp(json_string_value(v), "2.0"))) ||
	    !depth_ok(root, 0)) {
		snprintf(why, whysz, "not a JSON-RPC request");
		json_decref(root);
		return -32600;
	}
	req->method = strdup(json_string_value(m));
	req->params = p ? json_incref(p) : json_array();
	req->id = json_incref(json_object_get(root, "id"));
	if (!req->id)
		req->id = json_null();
	req->v2 = v != NULL;
	json_decref(root);
	if (!req->method) {
		jsonrpc_req_free(req);
		snprintf(why, whysz, "out of memory");
		return -32600;
	}
	return 0;
}

void jsonrpc_req_free(struct jsonrpc_req *req)
{
	free(req->method);
	json_decref(req->params);
	json_decref(req->id);
	memset(req, 0, sizeof(*req));
}

char *jsonrpc_encode(const struct jsonrpc_req *req, json_t *value,
		     json_t *error)
{
	json_t *res = json_object(), *e = NULL;
	char *s;

	if (error) {
		json_t *data = json_array();
		size_t i;
		json_t *x;

		json_array_foreach(error, i, x) if (i) json_array_append(data, x);
		e = json_pack("{s:i,s:s?,s:o}", "code", 1, "message",
			      json_string_value(json_array_get(error, 0)),
			      "data", data);
	}
	if (req->v2)
		json_object_set_new(res, "jsonrpc", json_string("2.0"));
	if (value || !req->v2)
		json_object_set(res, "result", value ? value : json_null());
	if (e || !req->v2)
		json_object_set_new(res, "error", e ? e : json_null());
	json_object_set(res, "id", req->id ? req->id : json_null());
	s = json_dumps(res, JSON_COMPACT);
	json_decref(res);
	return s;
}
