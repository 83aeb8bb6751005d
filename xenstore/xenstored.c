/* SPDX-License-Identifier: MIT */
/* main() of the host daemon: one store on a UNIX socket, on libevent. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "socket.h"
#include "store.h"

static void xenstored_log(void *opaque, const char *msg)
{
	(void)opaque;
	fprintf(stderr, "xenstored: %s\n", msg);
}

static void xenstored_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	fprintf(stderr, "xenstored: signal %d, exiting\n", (int)sig);
	event_base_loopbreak(arg);
}

/* Prints how to run the daemon; returns @rc, the exit status. */
static int usage(const char *prog, int rc)
{
	fprintf(stderr,
		"usage: %s --socket PATH\n"
		"Serves a xenstore on the UNIX socket PATH until "
		"SIGTERM or SIGINT.\n",
		prog);
	return rc;
}

int main(int argc, char **argv)
{
	struct store_hooks hooks = {.log = xenstored_log};
	struct event *ev_term, *ev_int;
	struct socket_server *srv;
	struct event_base *base;
	const char *path = NULL;
	struct store *s;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--help"))
			return usage(argv[0], 0);
		else
			return usage(argv[0], 2);
	}
	if (!path)
		return usage(argv[0], 2);
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	s = store_create(&hooks);
	if (!base || !s) {
		fprintf(stderr, "xenstored: out of memory\n");
		return 1;
	}
	srv = socket_listen(s, base, path);
	if (!srv) {
		fprintf(stderr, "xenstored: %s: %s\n", path, strerror(errno));
		return 1;
	}
	ev_term = evsignal_new(base, SIGTERM, xenstored_stop, base);
	ev_int = evsignal_new(base, SIGINT, xenstored_stop, base);
	if (!ev_term || !ev_int || evsignal_add(ev_term, NULL) ||
	    evsignal_add(ev_int, NULL)) {
		fprintf(stderr, "xenstored: cannot handle signals\n");
		return 1;
	}
	fprintf(stderr, "xenstored: listening on %s\n", path);
	event_base_dispatch(base);
	socket_close(srv);
	store_destroy(s);
	event_free(ev_term);
	event_free(ev_int);
	event_base_free(base);
	return 0;
}
