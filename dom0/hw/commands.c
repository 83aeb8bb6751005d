/* SPDX-License-Identifier: MIT */
/* Dom0's device commands (lspci, vcons) and the bring-up of dom0/hw/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../../drivers/backend/target.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "hw.h"
#include "pci.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"

static int cmd_lspci(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_print();
	return 0;
}

static int cmd_vcons(int argc, char **argv)
{
	int rc;

	if (argc == 1) {
		vcons_print();
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "echo")) {
		kprintf("usage: vcons [echo PORT]\n");
		return -EINVAL;
	}
	rc = vcons_echo(argv[2]);
	if (rc)
		kprintf("vcons: echo %s: error %d\n", argv[2], rc);
	else
		kprintf("vcons: echoing port %s\n", argv[2]);
	return rc;
}

/* The test pattern: byte i of sector s, for seed. */
static uint8_t pattern(uint64_t s, uint32_t i, uint32_t seed)
{
	return (uint8_t)(s * 31 + i * 7 + seed);
}

/* FNV-1a, 32 bits: what `blk read` prints for the host to compare. */
static uint32_t fnv(uint32_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static uint64_t number(const char *s, int *ok)
{
	char *end;
	uint64_t v = strtoul(s, &end, 0);

	*ok = *s && !*end;
	return v;
}

static uint8_t blk_buf[VBLK_SLOTS][VBLK_MAX_SECTORS * VBLK_SECTOR];

/*
 * Reads or writes [sector, sector + count) in requests of up to 16
 * sectors, batched VBLK_SLOTS at a time; a write fills the pattern, a
 * read hashes what came.  Prints the hash (reads) and any failed request.
 */
static int blk_range(enum vblk_op op, uint64_t sector, uint64_t count,
		     uint32_t seed)
{
	struct vblk_req r[VBLK_SLOTS];
	uint32_t h = 2166136261u, per = 16, i, k;
	uint64_t s = sector, left = count;
	unsigned int n;
	int rc = 0;

	while (left) {
		for (n = 0; n < VBLK_SLOTS && left; n++) {
			r[n] = (struct vblk_req){ op, s, left < per ? (uint32_t)left : per,
						  blk_buf[n], 0 };
			if (op == VBLK_WRITE)
				for (k = 0; k < r[n].count; k++)
					for (i = 0; i < VBLK_SECTOR; i++)
						blk_buf[n][k * VBLK_SECTOR + i] =
							pattern(s + k, i, seed);
			s += r[n].count;
			left -= r[n].count;
		}
		vblk_submit(r, n);
		for (i = 0; i < n; i++) {
			if (r[i].status) {
				kprintf("blk: %s of sectors %lu+%u: error %d\n",
					op == VBLK_READ ? "read" : "write",
					(unsigned long)r[i].sector, r[i].count,
					r[i].status);
				rc = rc ? rc : r[i].status;
			} else if (op == VBLK_READ) {
				h = fnv(h, blk_buf[i], (size_t)r[i].count * VBLK_SECTOR);
			}
		}
	}
	if (op == VBLK_READ && !rc)
		kprintf("blk: read %lu sectors from %lu: fnv1a %08x\n",
			(unsigned long)count, (unsigned long)sector, h);
	else if (!rc)
		kprintf("blk: wrote %lu sectors from %lu (seed %u)\n",
			(unsigned long)count, (unsigned long)sector, seed);
	return rc;
}

static int cmd_blk(int argc, char **argv)
{
	uint64_t done, failed, resets, a = 0, b = 0, c = 0;
	int ok = 1, ok2 = 1, ok3 = 1, rc;
	struct vblk_req f = { VBLK_FLUSH, 0, 0, NULL, 0 };

	if (!vblk_capacity()) {
		kprintf("blk: no disk\n");
		return -ENODEV;
	}
	if (argc == 1) {
		vblk_counters(&done, &failed, &resets);
		kprintf("blk: %lu sectors (%lu MiB), flush %s; %lu requests done, "
			"%lu failed, %lu resets\n",
			(unsigned long)vblk_capacity(),
			(unsigned long)(vblk_capacity() >> 11),
			vblk_can_flush() ? "yes" : "no", (unsigned long)done,
			(unsigned long)failed, (unsigned long)resets);
		return 0;
	}
	if (argc > 2)
		a = number(argv[2], &ok);
	if (argc > 3)
		b = number(argv[3], &ok2);
	if (argc > 4)
		c = number(argv[4], &ok3);
	if (!ok || !ok2 || !ok3)
		goto usage;
	if (!strcmp(argv[1], "read") && argc == 4)
		return blk_range(VBLK_READ, a, b, 0);
	if (!strcmp(argv[1], "write") && argc == 5) {
		const struct blkdev *user = target_vda_user(a, b);

		if (user) {
			kprintf("blk: write of sectors %lu+%lu refused: %s is a "
				"guest's disk\n", (unsigned long)a,
				(unsigned long)b, user->params);
			return -EBUSY;
		}
		return blk_range(VBLK_WRITE, a, b, (uint32_t)c);
	}
	if (!strcmp(argv[1], "flush") && argc == 2) {
		rc = vblk_submit(&f, 1);
		kprintf("blk: flush: %s %d\n", rc ? "error" : "done", rc);
		return rc;
	}
	if (!strcmp(argv[1], "reset") && argc == 2) {
		rc = vblk_reset();
		kprintf("blk: reset: %s %d\n", rc ? "error" : "done", rc);
		return rc;
	}
usage:
	kprintf("usage: blk [read SECTOR COUNT | write SECTOR COUNT SEED | flush | reset]\n");
	return -EINVAL;
}

static int cmd_net(int argc, char **argv)
{
	int ok, rc;
	uint64_t port;

	if (argc == 1) {
		vnet_print();
		return 0;
	}
	port = argc == 3 && !strcmp(argv[1], "echo") ? number(argv[2], &ok) : 0;
	if (argc != 3 || !ok || !port || port > 0xffff) {
		kprintf("usage: net [echo UDP-PORT]\n");
		return -EINVAL;
	}
	rc = vnet_udp_echo((uint16_t)port);
	kprintf("net: udp echo on port %lu: %s %d\n", (unsigned long)port,
		rc ? "error" : "listening", rc);
	return rc;
}

static const struct shell_command hw_commands[] = {
	{ "lspci", cmd_lspci, 0, 0, "lspci",
	  "PCI devices: BDF, ids, class, interrupt, BARs, driver" },
	{ "vcons", cmd_vcons, 0, 2, "vcons [echo PORT]",
	  "virtio-console ports; echo PORT writes back what it receives" },
	{ "blk", cmd_blk, 0, 4,
	  "blk [read SECTOR COUNT | write SECTOR COUNT SEED | flush | reset]",
	  "the virtio disk: info; read prints a hash; write fills a pattern" },
	{ "net", cmd_net, 0, 2, "net [echo UDP-PORT]",
	  "the virtio NIC: MAC, link, address, counters; echo answers UDP" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int hw_init(void)
{
	pci_init();
	return shell_add(hw_commands);
}
