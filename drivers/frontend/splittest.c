/* SPDX-License-Identifier: MIT */
/* A scripted check of the split drivers (splittest.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../../guest-patches/kernel/args.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/net/commands.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "../../guest-patches/kernel/power.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../pattern.h"
#include "blkfront.h"
#include "splittest.h"

#define SECTORS	16
#define SEED	3

static void result(const char *name, int ok, int rc)
{
	if (ok)
		kprintf("PASS %s\n", name);
	else
		kprintf("FAIL %s: %d\n", name, rc);
}

/* Runs the shell's `ping` (net/commands.c), as a user would. */
static int ping(const char *addr)
{
	char a[16], n[] = "3", cmd[] = "ping";
	char *argv[] = { cmd, a, n, NULL };
	const struct shell_command *c;

	strlcpy(a, addr, sizeof(a));
	for (c = net_commands; c->name; c++)
		if (!strcmp(c->name, "ping"))
			return c->run(3, argv);
	return -ENOENT;
}

static void blk_rw(void)
{
	static uint8_t buf[SECTORS * 512];
	unsigned int k, i;
	int rc;

	for (k = 0; k < SECTORS; k++)
		for (i = 0; i < 512; i++)
			buf[k * 512 + i] = pattern_byte(SEED, k, i);
	rc = blkfront_rw("xvda", true, 0, SECTORS, buf);
	memset(buf, 0, sizeof(buf));
	if (!rc)
		rc = blkfront_rw("xvda", false, 0, SECTORS, buf);
	for (k = 0; !rc && k < SECTORS; k++)
		for (i = 0; i < 512; i++)
			if (buf[k * 512 + i] != pattern_byte(SEED, k, i))
				rc = -EIO;
	result("split/blk-rw", !rc, rc);
}

static void splittest_thread(void *arg)
{
	uint64_t deadline = clock_ns() + SPLITTEST_WAIT_NS;
	struct netdev *eth0 = NULL;
	uint8_t sector[512];
	int rc = -ENODEV;

	(void)arg;
	while (clock_ns() < deadline) {
		rc = blkfront_rw("xvda", false, 0, 1, sector);
		eth0 = netdev_find("eth0");
		if (!rc && eth0 && eth0->ip)
			break;
		thread_sleep(100000000);
	}
	if (rc || !eth0 || !eth0->ip)
		kprintf("FAIL split: xvda %d, eth0 %s\n", rc,
			eth0 ? "without address" : "missing");
	else {
		blk_rw();
		rc = blkfront_rw("xvda", false, (uint64_t)1 << 40, 1, sector);
		result("split/blk-range", rc == -ERANGE, rc);
		rc = ping("10.0.0.1");
		result("split/ping-dom0", !rc, rc);
	}
	kprintf("SPLITTEST done\n");
	power_off();
}

int splittest_start(const char *cmdline)
{
	int rc;

	if (!args_has(cmdline, "splittest"))
		return 0;
	rc = thread_create("splittest", splittest_thread, NULL);
	return rc < 0 ? rc : 0;
}
