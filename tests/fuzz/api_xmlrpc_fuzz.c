// SPDX-License-Identifier: MIT
// libFuzzer: XenAPI's XML-RPC request decoder, and the encoder on what it
// decoded (every decoded value must encode).
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "xmlrpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *method, why[128], *out;
	json_t *params;
	size_t len;

	if (xmlrpc_decode((const char *)data, size, &method, &params, why,
			  sizeof(why)))
		return 0;
	out = xmlrpc_encode(params, NULL, &len);
	if (!out)
		__builtin_trap();
	free(out);
	free(method);
	json_decref(params);
	return 0;
}
