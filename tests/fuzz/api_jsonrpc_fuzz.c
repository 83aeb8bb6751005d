// SPDX-License-Identifier: MIT
// libFuzzer: XenAPI's JSON-RPC request decoder and the response encoder.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "jsonrpc.h"
#include "xenapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonrpc_req req;
	char why[160], *out;
	json_t *err;

	if (jsonrpc_decode((const char *)data, size, &req, why, sizeof(why)))
		return 0;
	if (!req.method || !json_is_array(req.params))
		__builtin_trap();
	out = jsonrpc_encode(&req, req.params, NULL);
	err = xenapi_error("HANDLE_INVALID", req.method, NULL);
	free(out);
	out = jsonrpc_encode(&req, NULL, err);
	if (!out)
		__builtin_trap();
	free(out);
	json_decref(err);
	jsonrpc_req_free(&req);
	return 0;
}
