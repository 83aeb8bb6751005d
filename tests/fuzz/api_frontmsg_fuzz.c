// SPDX-License-Identifier: MIT
// libFuzzer: the core's reader of the front's messages (frontmsg.h).  The
// input is bytes as they would come over the socketpair from a front that
// a client took over: each whole message is served by http_message(), as
// the core serves it (fields read with bounds checks, the path routed, the
// token checked, public routes answered).  No answer can go out (there is
// no front), and nothing the front sends may crash or corrupt the core.
#include <stdint.h>
#include <stdlib.h>

#include <event2/buffer.h>

#include "api_core.h"
#include "frontmsg.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct evbuffer *in = evbuffer_new();
	struct frontmsg_in m;
	unsigned char *buf;

	if (!ready) {
		api_core_setup("frontmsg", NULL);
		ready = 1;
	}
	if (!in || evbuffer_add(in, data, size))
		abort();
	while (frontmsg_next(in, &m, &buf) == 1) {
		int rc = http_message(&m);

		free(buf);
		if (rc)
			break; /* the core would restart the front here */
	}
	evbuffer_free(in);
	return 0;
}
