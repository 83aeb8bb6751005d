/* SPDX-License-Identifier: MIT */
/*
 * xapid: the host's toolstack daemon.  It owns the channel to Dom0's
 * management agent (agent.h, channel.h), serves local clients such as xl
 * on a UNIX socket (local.h), relays a xenstore socket (xsrelay.h) and
 * serves the management API over HTTPS (api.h).  One libevent loop runs
 * it all.
 *
 *   xapid [--channel PATH] [--socket PATH] [--xenstore PATH]
 *         [--log FILE] [--log-level error|warn|info|debug] [API options]
 *   xapid [--state DIR] user add|passwd|del|list ...
 *
 * The paths default to the environment (XAPID_CHANNEL, XAPID_SOCKET,
 * XAPID_XENSTORE) and then to BUILD/run/ of this checkout (paths.h);
 * XAPID_LOG_LEVEL sets the level.  SIGINT and SIGTERM stop it cleanly.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <event2/event.h>
#include "agent.h"
#include "api.h"
#include "config/paths.h"
#include "dom0clock.h"
#include "front.h"
#include "lifecycle.h"
#include "local.h"
#include "log.h"
#include "xsrelay.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: xapid [--channel PATH] [--socket PATH] [--xenstore PATH]\n"
		"             [--log FILE] [--log-level error|warn|info|debug]\n"
		"  --channel   QEMU's socket for Dom0's management port ($XAPID_CHANNEL)\n"
		"  --socket    the socket xl and other clients use ($XAPID_SOCKET)\n"
		"  --xenstore  the xenstore relay socket ($XAPID_XENSTORE)\n"
		"  --log       append the log to FILE instead of stderr\n"
		"  --log-level the most detailed messages kept ($XAPID_LOG_LEVEL, default info)\n");
	api_usage(out);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	log_info("xapid: signal %d, stopping", (int)sig);
	event_base_loopbreak(arg);
}

static int default_path(enum xapi_path which, char *buf, size_t size,
			const char *given)
{
	if (given) {
		if (strlen(given) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, given);
		return 0;
	}
	return paths_get(which, buf, size);
}

int main(int argc, char **argv)
{
	static const struct option own[] = {
		{ "channel", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "xenstore", required_argument, NULL, 'x' },
		{ "log", required_argument, NULL, 'l' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct option opts[sizeof(own) / sizeof(own[0]) + 16];
	struct api_config api;
	size_t nopts = 0;
	const char *given[3] = { NULL, NULL, NULL }, *level_name;
	char channel[PATH_MAX], sock[PATH_MAX], xs[PATH_MAX], dir[PATH_MAX];
	enum log_level level = LOGL_INFO;
	struct event *sigint, *sigterm;
	struct event_base *base;
	FILE *log_file = NULL;
	int opt, rc;

	/* the daemon's options, then the API's, in one table */
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		opts[nopts++] = own[i];
	for (size_t i = 0; api_options[i].name; i++)
		opts[nopts++] = api_options[i];
	opts[nopts] = (struct option){ NULL, 0, NULL, 0 };
	api_config_defaults(&api);
	level_name = getenv("XAPID_LOG_LEVEL");
	/* "+": stop at the first word, the `user` subcommand */
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': given[PATH_CHANNEL] = optarg; break;
		case 's': given[PATH_SOCKET] = optarg; break;
		case 'x': given[PATH_XENSTORE] = optarg; break;
		case 'L': level_name = optarg; break;
		case 'l':
			log_file = fopen(optarg, "a");
			if (!log_file) {
				fprintf(stderr, "xapid: cannot open the log %s: %s\n",
					optarg, strerror(errno));
				return 1;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (opt >= API_OPT_BASE && !api_option(&api, opt, optarg))
				break;
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc && !strcmp(argv[optind], "front"))
		return front_main(argc - optind, argv + optind);
	if (optind < argc && !strcmp(argv[optind], "user")) {
		log_init(stderr, LOGL_INFO);
		return api_user_main(&api, argc - optind, argv + optind);
	}
	if (optind < argc) {
		fprintf(stderr, "xapid: unexpected argument `%s'\n", argv[optind]);
		usage(stderr);
		return 1;
	}
	if (level_name && log_parse_level(level_name, &level)) {
		fprintf(stderr, "xapid: log level `%s': error, warn, info or debug\n",
			level_name);
		return 1;
	}
	log_init(log_file ? log_file : stderr, level);
	if ((rc = default_path(PATH_CHANNEL, channel, sizeof(channel), given[PATH_CHANNEL])) ||
	    (rc = default_path(PATH_SOCKET, sock, sizeof(sock), given[PATH_SOCKET])) ||
	    (rc = default_path(PATH_XENSTORE, xs, sizeof(xs), given[PATH_XENSTORE]))) {
		log_error("xapid: socket paths: %s", strerror(-rc));
		return 1;
	}
	/* The default run directory may not exist yet. */
	if (!paths_run_dir(dir, sizeof(dir)))
		mkdir(dir, 0700);
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if (!base) {
		log_error("xapid: libevent: no event base");
		return 1;
	}
	if ((rc = agent_init(base, channel))) {
		log_error("xapid: channel %s: %s", channel, strerror(-rc));
		return 1;
	}
	if ((rc = dom0clock_init(base))) {
		log_error("xapid: Dom0's clock: %s", strerror(-rc));
		return 1;
	}
	lifecycle_init(api.state);
	if ((rc = local_init(base, sock))) {
		log_error("xapid: socket %s: %s", sock, strerror(-rc));
		return 1;
	}
	if ((rc = xsrelay_init(base, xs))) {
		log_error("xapid: xenstore relay %s: %s", xs, strerror(-rc));
		local_fini();
		return 1;
	}
	/* With the API's port taken xl and the relay still work: the error
	 * is logged and the daemon carries on.  A wrong API option stops it. */
	api.xenstore = xs;
	rc = api_start(base, &api);
	if (rc == 1 || (rc && rc != -EADDRINUSE)) {
		xsrelay_fini();
		local_fini();
		return rc == 1 ? 0 : 1;
	}
	sigint = evsignal_new(base, SIGINT, on_signal, base);
	sigterm = evsignal_new(base, SIGTERM, on_signal, base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	log_info("xapid: clients on %s, xenstore relay on %s, Dom0 through %s",
		 sock, xs, channel);
	event_base_dispatch(base);
	xsrelay_fini();
	local_fini();
	dom0clock_fini();
	agent_fini();
	lifecycle_fini();
	/* after the agent: the calls it fails still answer their clients */
	if (rc == 0)
		api_stop();
	event_free(sigint);
	event_free(sigterm);
	event_base_free(base);
	if (log_file)
		fclose(log_file);
	return 0;
}
