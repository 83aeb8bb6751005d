// SPDX-License-Identifier: MIT
// libFuzzer: the core's reader of the front's messages (frontmsg.h).  The
// input is bytes as they would come over the socketpair from a front that
// a client took over: each whole message is served by http_message(), as
// the core serves it (fields read with bounds checks, the path routed, the
// token checked, public routes answered).  No answer can go out (there is
// no front), and nothing the front sends may crash or corrupt the core.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libgen.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "auth.h"
#include "frontmsg.h"
#include "http.h"
#include "rest.h"
#include "task.h"
#include "vm.h"
#include "xenapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void setup(void)
{
	static const struct auth_limits lim = { 3600, 16 };
	char top[4096], path[4200], *slash;
	struct event_base *base = event_base_new();
	ssize_t n = readlink("/proc/self/exe", top, sizeof(top) - 1);

	if (!base || n <= 0)
		abort();
	/* BUILD/tests/THIS: the state under BUILD, the checkout's document */
	top[n] = 0;
	for (int up = 0; up < 2 && (slash = strrchr(top, '/')); up++)
		*slash = 0;
	snprintf(path, sizeof(path), "%s/api-fuzz/frontmsg.XXXXXX", top);
	mkdir(dirname(strdupa(path)), 0700);
	if (!mkdtemp(path))
		abort();
	strcat(path, "/vms.xml");
	task_init(base);
	if (vm_init(path))
		abort();
	strcpy(strrchr(path, '/'), "/users");
	if (auth_init(path, &lim) || xenapi_init(base))
		abort();
	snprintf(path, sizeof(path), "%s/../docs/openapi.json", top);
	if (rest_init(base, path))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct evbuffer *in = evbuffer_new();
	struct frontmsg_in m;
	unsigned char *buf;

	if (!ready) {
		setup();
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
