/* SPDX-License-Identifier: MIT */
/* xl create, destroy, shutdown, reboot, pause, unpause, console. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <stdint.h>
#include <xen/sched.h>
#include "client.h"
#include "config/config.h"
#include "xl.h"

#define WAIT_POLL_MS	200

/* An image's host path made absolute for xapid; false after saying why. */
static bool absolute(const char *what, const char *path, char *out)
{
	if (realpath(path, out))
		return true;
	fprintf(stderr, "xl: %s: %s: %s\n", what, path, strerror(errno));
	return false;
}

int cmd_create(int argc, char **argv)
{
	static struct msg_create m;
	bool console = false, paused = false;
	const char *path = NULL;
	const uint8_t *reply;
	struct msg_domid d;
	struct config cfg;
	struct msg_rd r;
	uint32_t len;
	int i, first = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-p")) {
			*(argv[i][1] == 'c' ? &console : &paused) = true;
			continue;
		}
		if (argv[i][0] == '-')
			return xl_usage("create");
		path = argv[i];
		first = i + 1;
		break;
	}
	if (!path)
		return xl_usage("create");
	/* -c and -p after the file too, as Xen's xl (getopt permutes). */
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-p")) {
			*(argv[i][1] == 'c' ? &console : &paused) = true;
			memmove(argv + i, argv + i + 1, (size_t)(argc - i - 1) * sizeof(*argv));
			argc--;
			i--;
		} else if (!strchr(argv[i], '=')) {
			fprintf(stderr, "xl: `%s': overrides are KEY=VALUE\n", argv[i]);
			return 1;
		}
	}
	fprintf(stderr, "Parsing config from %s\n", path);
	if (config_parse_file(path, (const char *const *)argv + first,
			      (unsigned int)(argc - first), stderr, &cfg)) {
		fprintf(stderr, "xl: %s: not created, the configuration has errors\n", path);
		return 1;
	}
	m.spec = cfg.spec;
	m.spec.start_paused = paused;
	if (!absolute("kernel", cfg.kernel, m.kernel) ||
	    (cfg.ramdisk[0] && !absolute("ramdisk", cfg.ramdisk, m.ramdisk)))
		return 1;
	if (client_open()) {
		fprintf(stderr, "xl: %s\n", client_error());
		return 1;
	}
	if (client_call_msg_big(OP_CREATE, msg_put_create, &m, &reply, &len))
		return xl_fail("creating %s", cfg.spec.name);
	msg_rd_init(&r, reply, len);
	if (msg_get_domid(&r, &d)) {
		fprintf(stderr, "xl: creating %s: the reply does not parse\n", cfg.spec.name);
		return 1;
	}
	if (console)
		return cmd_console(2, (char *[]){ "console", cfg.spec.name, NULL });
	return 0;
}

/* An operation that names a domain and has no answer but success. */
static int domain_op(int argc, char **argv, uint16_t op, const char *what)
{
	struct msg_domid m;
	const uint8_t *reply;
	uint32_t len;

	if (argc != 2)
		return xl_usage(argv[0]);
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(op, msg_put_domid, &m, &reply, &len))
		return xl_fail("%s %s", what, argv[1]);
	return 0;
}

int cmd_destroy(int argc, char **argv)
{
	return domain_op(argc, argv, OP_DESTROY, "destroying");
}

int cmd_pause(int argc, char **argv)
{
	return domain_op(argc, argv, OP_PAUSE, "pausing");
}

int cmd_unpause(int argc, char **argv)
{
	return domain_op(argc, argv, OP_UNPAUSE, "unpausing");
}

/*
 * Waits until domid has shut down (what its on_poweroff or on_reboot does
 * next is xapid's business) or is gone, as Xen's xl does, saying which.
 * 0, or 1 after saying why.
 */
static int wait_shutdown(uint32_t domid)
{
	struct timespec ts = { 0, WAIT_POLL_MS * 1000000L };
	struct msg_dominfo *doms;
	unsigned int n, i;
	uint32_t state = 0, reason = 0;

	for (;;) {
		if (xl_domains(&doms, &n))
			return 1;
		for (i = 0; i < n && doms[i].domid != domid; i++)
			;
		if (i < n) {
			state = doms[i].state;
			reason = doms[i].shutdown_reason;
		}
		free(doms);
		if (i == n) {
			fprintf(stderr, "Domain %u has been destroyed.\n", domid);
			return 0;
		}
		if (state & MSG_DOM_SHUTDOWN) {
			fprintf(stderr, "Domain %u has been shut down, reason code %u\n",
				domid, reason);
			return 0;
		}
		nanosleep(&ts, NULL);
	}
}

static int shutdown_op(int argc, char **argv, uint32_t reason)
{
	struct msg_shutdown m = { .reason = reason };
	bool wait = argc == 3 && !strcmp(argv[1], "-w");
	const char *dom = argv[argc - 1];
	const uint8_t *reply;
	uint32_t len;

	if (argc != 2 + wait)
		return xl_usage(argv[0]);
	if (xl_resolve(dom, &m.domid))
		return 1;
	if (client_call_msg(OP_SHUTDOWN, msg_put_shutdown, &m, &reply, &len))
		return xl_fail("asking %s to %s", dom,
			       reason == SHUTDOWN_reboot ? "reboot" : "shut down");
	if (wait) {
		fprintf(stderr, "Waiting for domain %s (%u) to %s\n", dom, m.domid,
			reason == SHUTDOWN_reboot ? "reboot" : "shut down");
		return wait_shutdown(m.domid);
	}
	return 0;
}

int cmd_shutdown(int argc, char **argv)
{
	return shutdown_op(argc, argv, SHUTDOWN_poweroff);
}

int cmd_reboot(int argc, char **argv)
{
	return shutdown_op(argc, argv, SHUTDOWN_reboot);
}

#define ESCAPE_KEY	0x1d	/* Ctrl-], as Xen's xl console */

static struct termios saved;
static bool raw;

static void restore_terminal(void)
{
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	raw = false;
}

/*
 * Attaches this terminal to the domain's console: its output (what it
 * wrote recently first) to stdout, keys to its input, until Ctrl-] (or the
 * end of stdin), or the domain or its console goes.
 */
int cmd_console(int argc, char **argv)
{
	struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
			       { .events = POLLIN } };
	const uint8_t *reply;
	struct termios t;
	struct msg_error e = { 0 };
	struct msg_rd r;
	struct frame f;
	uint32_t domid, len;
	uint8_t keys[256], *esc;
	ssize_t n;
	int rc, status = 0;

	if (argc != 2)
		return xl_usage("console");
	if (xl_resolve(argv[1], &domid))
		return 1;
	if (client_call_chan(OP_CONSOLE_OPEN, domid, NULL, 0, &reply, &len))
		return xl_fail("attaching to the console of %s", argv[1]);
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved)) {
		t = saved;
		cfmakeraw(&t);
		raw = !tcsetattr(STDIN_FILENO, TCSANOW, &t);
		atexit(restore_terminal);
	}
	p[1].fd = client_fd();
	for (;;) {
		/* Frames already read come first: poll would not see them. */
		rc = client_next_frame(&f, 0);
		if (rc == 0) {
			if (poll(p, 2, -1) < 0 && errno != EINTR)
				break;
			if (p[0].revents & (POLLIN | POLLHUP)) {
				n = read(STDIN_FILENO, keys, sizeof(keys));
				if (n <= 0)
					break;
				esc = memchr(keys, ESCAPE_KEY, (size_t)n);
				if (esc)
					n = esc - keys;
				if (n)
					client_send(OP_CONSOLE_WRITE, domid, keys, (uint32_t)n);
				if (esc)
					break;
			}
			continue;
		}
		if (rc < 0) {
			restore_terminal();
			fprintf(stderr, "\nxl: console %s: xapid went away\n", argv[1]);
			return 1;
		}
		if (f.op == OP_EV_CONSOLE && f.chan == domid) {
			fwrite(f.payload, 1, f.len, stdout);
			fflush(stdout);
		} else if (f.op == OP_CONSOLE_CLOSE && (f.flags & FRAME_EVENT)) {
			msg_rd_init(&r, f.payload, f.len);
			restore_terminal();
			fprintf(stderr, "\nxl: console %s: %s\n", argv[1],
				msg_get_error(&r, &e) ? "closed" : e.text);
			status = e.err == -ESRCH ? 0 : 1;
			return status;
		}
	}
	restore_terminal();
	client_call_chan(OP_CONSOLE_CLOSE, domid, NULL, 0, &reply, &len);
	return status;
}
