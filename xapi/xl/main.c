/* SPDX-License-Identifier: MIT */
/*
 * xl: manage Xenolith's domains from the host's shell, as Xen's xl does.
 * It talks to xapid (client.h); the command table below is the list of
 * verbs, and `xl help` prints it.  Exit status: 0 on success, 1 on failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "xl.h"

static int cmd_help(int argc, char **argv);

static const struct xl_command commands[] = {
	{ "list", cmd_list, "[-l] [-v] [-Z] [-c] [-n] [DOMAIN...]",
	  "list domains (-l: as JSON; -v: UUIDs, shutdown reasons, security "
	  "labels; -Z: security labels; -c: CPU pools; -n: NUMA node affinity)" },
	{ "info", cmd_info, "", "the host: CPUs, memory, hypervisor" },
	{ "create", cmd_create, "[-c] [-p] CONFIG [KEY=VALUE...]",
	  "create a domain from an xl.cfg file (-c: attach its console, -p: leave it paused)" },
	{ "destroy", cmd_destroy, "DOMAIN", "tear a domain down at once" },
	{ "shutdown", cmd_shutdown, "[-w] DOMAIN", "ask a domain to power off (-w: wait until it has shut down)" },
	{ "reboot", cmd_reboot, "[-w] DOMAIN", "ask a domain to reboot (-w: wait until it has shut down)" },
	{ "pause", cmd_pause, "DOMAIN", "pause a domain" },
	{ "unpause", cmd_unpause, "DOMAIN", "unpause a domain" },
	{ "console", cmd_console, "DOMAIN", "attach to a domain's console (the escape key Ctrl-] leaves)" },
	{ "dmesg", cmd_dmesg, "", "the hypervisor's console ring" },
	{ "mem-set", cmd_mem_set, "DOMAIN SIZE", "set a domain's memory target (SIZE: 64m, 1g, ...; MiB by default)" },
	{ "mem-max", cmd_mem_max, "DOMAIN SIZE", "set a domain's maximum memory" },
	{ "vcpu-list", cmd_vcpu_list, "[DOMAIN...]", "list vCPUs: where they run, their time, affinity" },
	{ "vcpu-pin", cmd_vcpu_pin, "DOMAIN VCPU|all CPUS", "set vCPU hard affinity (CPUS: all, 0-3, 1,3)" },
	{ "sched-credit", cmd_sched_credit, "[-d DOMAIN [-w WEIGHT] [-c CAP]]",
	  "show or set the credit scheduler's weight and cap" },
	{ "uptime", cmd_uptime, "[DOMAIN...]", "how long the hypervisor and its domains have run" },
	{ "top", cmd_top, "[-d SECONDS] [-i ITERATIONS]", "live CPU%, memory, vCPUs and exits per second" },
	{ "domid", cmd_domid, "NAME", "a domain's id" },
	{ "domname", cmd_domname, "DOMID", "a domain's name" },
	{ "rename", cmd_rename, "DOMAIN NEW-NAME", "rename a domain" },
	{ "block-attach", cmd_block_attach, "DOMAIN DISK-SPEC...",
	  "hot-plug a disk (as xl.cfg's disk: 'vdev=xvdb, access=ro, target=ram:4M')" },
	{ "block-detach", cmd_block_detach, "DOMAIN VDEV|DEVID", "unplug a disk" },
	{ "block-list", cmd_block_list, "DOMAIN...", "a domain's disks, their states and counters" },
	{ "network-attach", cmd_network_attach, "DOMAIN [KEY=VALUE...]",
	  "hot-plug a vif (as xl.cfg's vif: mac=, bridge=, ip=, script=)" },
	{ "network-detach", cmd_network_detach, "DOMAIN DEVID|MAC", "unplug a vif" },
	{ "network-list", cmd_network_list, "DOMAIN...", "a domain's vifs, their states and traffic counters" },
	{ "help", cmd_help, "[VERB]", "this list, or one verb's usage" },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct xl_command *find(const char *verb)
{
	unsigned int i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, verb))
			return &commands[i];
	return NULL;
}

int xl_usage(const char *verb)
{
	const struct xl_command *c = find(verb);

	if (c)
		fprintf(stderr, "usage: xl %s %s\n  %s\n", c->name, c->args, c->help);
	return 1;
}

int xl_fail(const char *what, ...)
{
	va_list ap;

	fputs("xl: ", stderr);
	va_start(ap, what);
	vfprintf(stderr, what, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", client_error());
	return 1;
}

static int cmd_help(int argc, char **argv)
{
	const struct xl_command *c;
	unsigned int i;

	if (argc == 2) {
		c = find(argv[1]);
		if (!c) {
			fprintf(stderr, "xl: no verb `%s'; `xl help' lists them\n", argv[1]);
			return 1;
		}
		printf("usage: xl %s %s\n  %s\n", c->name, c->args, c->help);
		return 0;
	}
	printf("usage: xl VERB [ARGS]\n\nverbs:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		printf("  %-15s %s\n", commands[i].name, commands[i].help);
	printf("\nxl talks to xapid on $XAPID_SOCKET, by default the socket of "
	       "this checkout's\nxapid (`make run` starts it).\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct xl_command *c;

	if (argc < 2) {
		cmd_help(1, argv);
		return 1;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "xl: no verb `%s'; `xl help' lists them\n", argv[1]);
		return 1;
	}
	/* create checks its configuration before it needs xapid. */
	if (c->fn != cmd_help && c->fn != cmd_create &&
	    client_open()) {
		fprintf(stderr, "xl: %s\n", client_error());
		return 1;
	}
	return c->fn(argc - 1, argv + 1);
}
