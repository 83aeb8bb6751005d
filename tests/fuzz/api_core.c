// SPDX-License-Identifier: MIT
// The core of xapid set up for a fuzz target (api_core.h).
#include "api_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libgen.h>
#include <unistd.h>

#include <event2/event.h>

#include "auth.h"
#include "rest.h"
#include "task.h"
#include "vm.h"
#include "xenapi.h"

void api_core_setup(const char *name, const char *admin_password)
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
	snprintf(path, sizeof(path), "%s/api-fuzz/%s.XXXXXX", top, name);
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
	if (admin_password &&
	    auth_user_set("admin", admin_password, AUTH_ADMIN, 0))
		abort();
	snprintf(path, sizeof(path), "%s/../docs/openapi.json", top);
	if (rest_init(base, path))
		abort();
}
