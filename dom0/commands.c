/* SPDX-License-Identifier: MIT */
/* Dom0's shell commands: list, console, xs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../drivers/backend/consback.h"
#include "../guest-patches/kernel/print.h"
#include "../guest-patches/kernel/shell.h"
#include "commands.h"
#include "ctl.h"
#include "guest.h"
#include "xenstored.h"

#define PAGE_KIB	4

static int cmd_list(int argc, char **argv)
{
	struct ctl_dominfo *info;
	char name[32];
	unsigned int n, i;
	int rc = ctl_domain_list_all(0, &info, &n);

	(void)argc;
	(void)argv;
	if (rc) {
		kprintf("list: error %d\n", rc);
		return rc;
	}
	kprintf("%-5s %-12s %10s %5s %s\n", "id", "name", "mem (KiB)", "vcpus",
		"state");
	for (i = 0; i < n; i++) {
		guest_name(info[i].domid, name, sizeof(name));
		kprintf("%-5u %-12s %10lu %5u %s\n", info[i].domid, name,
			(unsigned long)info[i].tot_pages * PAGE_KIB,
			info[i].nr_vcpus, ctl_state_name(&info[i]));
	}
	free(info);
	return 0;
}

/* A domain id argument, or -EINVAL. */
static int parse_domid(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	return (int)v;
}

static int cmd_console(int argc, char **argv)
{
	int id = parse_domid(argv[1]), rc;

	(void)argc;
	if (id < 0) {
		kprintf("console: bad domain id '%s'\n", argv[1]);
		return id;
	}
	rc = consback_attach((domid_t)id);
	if (rc == -ENOENT)
		kprintf("console: domain %d has no console ring\n", id);
	else if (rc == -ESRCH)
		kprintf("\nconsole: domain %d went away\n", id);
	return rc;
}

/* Prints a directory reply: NUL-separated names, one a line. */
static void print_names(const char *reply, size_t len)
{
	size_t i = 0;

	while (i < len) {
		kprintf("%s\n", reply + i);
		i += strlen(reply + i) + 1;
	}
}

struct xs_op {
	const char *name;
	uint32_t type;
	int args;		/* after the path */
};

static const struct xs_op xs_ops[] = {
	{ "read", XS_READ, 0 },
	{ "write", XS_WRITE, 1 },
	{ "ls", XS_DIRECTORY, 0 },
	{ "rm", XS_RM, 0 },
};

static int cmd_xs(int argc, char **argv)
{
	char payload[XENSTORE_PAYLOAD_MAX], reply[XENSTORE_PAYLOAD_MAX + 1];
	const struct xs_op *op = NULL;
	size_t len, plen, vlen;
	unsigned int i;
	int rc;

	for (i = 0; i < sizeof(xs_ops) / sizeof(xs_ops[0]); i++)
		if (!strcmp(argv[1], xs_ops[i].name))
			op = &xs_ops[i];
	if (!op || argc != 3 + op->args) {
		kprintf("usage: xs read|ls|rm PATH, xs write PATH VALUE\n");
		return -EINVAL;
	}
	plen = strlen(argv[2]) + 1;
	vlen = op->args ? strlen(argv[3]) : 0;	/* the value has no NUL */
	if (plen + vlen > sizeof(payload)) {
		kprintf("xs: too long\n");
		return -E2BIG;
	}
	memcpy(payload, argv[2], plen);
	memcpy(payload + plen, op->args ? argv[3] : "", vlen);
	rc = xenstored_request(op->type, payload, plen + vlen, reply,
			       sizeof(reply), &len);
	if (rc) {
		kprintf("xs %s %s: error %d\n", op->name, argv[2], rc);
		return rc;
	}
	if (op->type == XS_READ)
		kprintf("%s\n", reply);
	else if (op->type == XS_DIRECTORY)
		print_names(reply, len);
	return 0;
}

static const struct shell_command commands[] = {
	{ "list", cmd_list, 0, 0, "", "domains: id, name, memory, state" },
	{ "console", cmd_console, 1, 1, "N",
	  "attach to domain N's console (Ctrl-] back)" },
	{ "xs", cmd_xs, 2, 3, "OP PATH [VALUE]",
	  "store: read|write|ls|rm PATH, write PATH VALUE" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int commands_init(void)
{
	return shell_add(commands);
}
