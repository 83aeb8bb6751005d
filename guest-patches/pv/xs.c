/* SPDX-License-Identifier: MIT */
/* The `xs` shell command of a DomU: the store through the xenbus client. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kernel/clock.h"
#include "../kernel/print.h"
#include "../kernel/shell.h"
#include "xenbus.h"
#include "xs.h"

#define XS_WATCHES 8 /* watches `xs watch` may set */

static char reply[XENSTORE_PAYLOAD_MAX + 1];
static unsigned int nr_watches;

static void print_list(int n)
{
	const char *p = reply;

	for (; n > 0; n--, p += strlen(p) + 1)
		kprintf("%s\n", p);
}

static void watch_fired(const char *path, const char *token, void *data)
{
	(void)data;
	kprintf("xs watch %s: %s changed\n", token, path);
}

/* The watch's token is its path: `xs watch` sets one watch per path. */
static int op_watch(char **argv)
{
	char *token;
	int rc;

	if (nr_watches == XS_WATCHES)
		return -ENOSPC;
	token = malloc(strlen(argv[2]) + 1);
	if (!token)
		return -ENOMEM;
	memcpy(token, argv[2], strlen(argv[2]) + 1);
	rc = xenbus_watch(argv[2], token, watch_fired, NULL);
	if (rc)
		free(token);
	else
		nr_watches++;
	return rc;
}

static int op_read(char **argv)
{
	int rc = xenbus_read(XENBUS_NO_TXN, argv[2], reply, sizeof(reply));

	if (rc >= 0)
		kprintf("%s\n", reply);
	return rc;
}

static int op_write(char **argv)
{
	return xenbus_write(XENBUS_NO_TXN, argv[2], argv[3]);
}

static int op_ls(char **argv)
{
	int rc = xenbus_directory(XENBUS_NO_TXN, argv[2], reply, sizeof(reply));

	if (rc >= 0)
		print_list(rc);
	return rc;
}

static int op_rm(char **argv)
{
	return xenbus_rm(XENBUS_NO_TXN, argv[2]);
}

/* One transaction of `xs bench`: three writes under data/bench. */
static int bench_txn(uint32_t txn, void *arg)
{
	static const char *const keys[] = { "data/bench/a", "data/bench/b",
					    "data/bench/c" };
	unsigned int i;
	int rc = 0;

	for (i = 0; !rc && i < 3; i++)
		rc = xenbus_write(txn, keys[i], arg);
	return rc;
}

/* Rate of n operations that took ns nanoseconds, per second. */
static unsigned long per_second(unsigned long n, uint64_t ns)
{
	return (unsigned long)(n * 1000000000ull / (ns ? ns : 1));
}

/*
 * `xs bench N`: N reads, N writes, then N transactions of three writes
 * each, one request at a time through the ring, timed by this domain's
 * clock.  Prints "xs bench: read R ops/s, write W ops/s, transaction T
 * txn/s (N each)"; stops at the first error.
 */
static int op_bench(char **argv)
{
	static const char *const what[] = { "read", "write", "transaction" };
	unsigned long n = strtoul(argv[2], NULL, 10), rate[3], i;
	char value[32];
	uint64_t t0;
	int rc = 0, k;

	if (!n || n > 1000000)
		return -EINVAL;
	rc = xenbus_write(XENBUS_NO_TXN, "data/bench/a", "0");
	if (rc < 0)
		return rc;
	for (k = 0; !rc && k < 3; k++) {
		t0 = clock_ns();
		for (i = 0; !rc && i < n; i++) {
			snprintf(value, sizeof(value), "%lu", i);
			if (k == 0) {
				rc = xenbus_read(XENBUS_NO_TXN, "data/bench/a",
						 reply, sizeof(reply));
				rc = rc < 0 ? rc : 0;
			} else if (k == 1)
				rc = xenbus_write(XENBUS_NO_TXN,
						  "data/bench/a", value);
			else
				rc = xenbus_transaction(bench_txn, value);
		}
		rate[k] = per_second(n, clock_ns() - t0);
	}
	if (rc < 0) {
		kprintf("xs bench: %s %lu: error %d\n", what[k - 1], i - 1, rc);
		return rc;
	}
	xenbus_rm(XENBUS_NO_TXN, "data/bench");
	kprintf("xs bench: read %lu ops/s, write %lu ops/s, transaction %lu "
		"txn/s (%lu each)\n", rate[0], rate[1], rate[2], n);
	return 0;
}

static const struct {
	const char *name;
	int argc; /* with "xs" and the operation */
	int (*run)(char **argv);
} ops[] = {
	{ "read", 3, op_read }, { "write", 4, op_write }, { "ls", 3, op_ls },
	{ "rm", 3, op_rm },	{ "watch", 3, op_watch },
	{ "bench", 3, op_bench },
};

static int cmd_xs(int argc, char **argv)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(argv[1], ops[i].name) && argc == ops[i].argc)
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		kprintf(
		    "usage: xs read|ls|rm|watch PATH, xs write PATH VALUE, "
		    "xs bench N\n");
		return -EINVAL;
	}
	rc = ops[i].run(argv);
	if (rc < 0)
		kprintf("xs %s %s: error %d\n", argv[1], argv[2], rc);
	return rc < 0 ? rc : 0;
}

static const struct shell_command xs_commands[] = {
	{ "xs", cmd_xs, 2, 3, "read|write|ls|rm|watch PATH [VALUE] | bench N",
	  "the xenstore: read, write, list, remove, watch a path; time N "
	  "reads, writes and 3-write transactions" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int xs_shell_add(void)
{
	return shell_add(xs_commands);
}
