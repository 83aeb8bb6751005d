/* SPDX-License-Identifier: MIT */
/* Dom0's device commands (lspci, vcons) and the bring-up of dom0/hw/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../../drivers/backend/target.h"
#include "../../guest-patches/kernel/net/udp.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "../../guest-patches/kernel/thread.h"
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

/*
 * `blk resets N`: batches of VBLK_SLOTS writes (16 sectors each, one
 * region a request, from RESET_BASE), each batch a new seed, while another
 * thread resets the device N times a few ms apart, in the middle of
 * whatever is in flight.  Every request must end exactly once, with 0 or
 * -EIO (the driver's counters move by exactly what the requests report),
 * and afterwards every sector holds a whole pattern no older than the
 * last write of its region that reported success (a failed write may or
 * may not have reached the disk).
 */
#define RESET_BASE	4096
#define RESET_REGION	16

static struct {
	unsigned int left;	/* resets still to make */
	unsigned int made;
	bool running;
} resetter;

static void reset_thread(void *arg)
{
	(void)arg;
	while (resetter.left) {
		thread_sleep((2 + resetter.left % 3) * 1000000ull);
		if (!vblk_reset())
			resetter.made++;
		resetter.left--;
	}
	resetter.running = false;
	thread_exit();
}

/* The seed of sector s's whole pattern, or -1 when it holds none. */
static int sector_seed(uint64_t s, const uint8_t *b)
{
	uint32_t seed = (uint8_t)(b[0] - pattern(s, 0, 0)), i;

	for (i = 0; i < VBLK_SECTOR; i++)
		if (b[i] != pattern(s, i, seed))
			return -1;
	return (int)seed;
}

static int blk_resets(unsigned int n)
{
	uint64_t d0, f0, r0, d1, f1, r1, ok = 0, failed = 0, reqs = 0, s;
	struct vblk_req r[VBLK_SLOTS];
	unsigned int last_ok[VBLK_SLOTS] = { 0 }, gen, i, k;
	int seed, bad = 0;

	if (resetter.running || !n || n > 50)
		return -EINVAL;
	if (target_vda_user(RESET_BASE, VBLK_SLOTS * RESET_REGION)) {
		kprintf("blk: resets: sectors %u+%u are a guest's disk\n",
			RESET_BASE, VBLK_SLOTS * RESET_REGION);
		return -EBUSY;
	}
	vblk_counters(&d0, &f0, &r0);
	resetter = (typeof(resetter)){ n, 0, true };
	if (thread_create("blk-resets", reset_thread, NULL) < 0)
		return -ENOMEM;
	for (gen = 1; resetter.running && gen < 250; gen++) {
		for (i = 0; i < VBLK_SLOTS; i++) {
			r[i] = (struct vblk_req){ VBLK_WRITE,
						  RESET_BASE + i * RESET_REGION,
						  RESET_REGION, blk_buf[i], 0 };
			for (k = 0; k < RESET_REGION * VBLK_SECTOR; k++)
				blk_buf[i][k] = pattern(r[i].sector + k / VBLK_SECTOR,
							k % VBLK_SECTOR, gen);
		}
		vblk_submit(r, VBLK_SLOTS);
		for (i = 0; i < VBLK_SLOTS; i++, reqs++) {
			if (!r[i].status) {
				ok++;
				last_ok[i] = gen;
			} else if (r[i].status == -EIO) {
				failed++;
			} else {
				bad++;
			}
		}
	}
	while (resetter.running)
		thread_sleep(1000000);
	vblk_counters(&d1, &f1, &r1);
	for (i = 0; i < VBLK_SLOTS; i++) {
		r[i] = (struct vblk_req){ VBLK_READ, RESET_BASE + i * RESET_REGION,
					  RESET_REGION, blk_buf[i], 0 };
	}
	if (vblk_submit(r, VBLK_SLOTS))
		bad++;
	for (i = 0; i < VBLK_SLOTS; i++)
		for (k = 0; k < RESET_REGION; k++) {
			s = r[i].sector + k;
			seed = sector_seed(s, blk_buf[i] + k * VBLK_SECTOR);
			if (seed < 0 || (unsigned int)seed < last_ok[i] ||
			    (unsigned int)seed >= gen)
				bad++;
		}
	kprintf("blk resets: %u of %u made during %u batches: %lu requests, "
		"%lu ok, %lu failed; counters +%lu done +%lu failed +%lu resets; "
		"%u sectors checked, %d bad\n", resetter.made, n, gen - 1,
		(unsigned long)reqs, (unsigned long)ok, (unsigned long)failed,
		(unsigned long)(d1 - d0), (unsigned long)(f1 - f0),
		(unsigned long)(r1 - r0), VBLK_SLOTS * RESET_REGION, bad);
	return bad || d1 - d0 != ok || f1 - f0 != failed ? -EIO : 0;
}

/*
 * `blk randread N`: N reads of 4 KiB at pseudo-random 4 KiB-aligned
 * places of the disk, VBLK_SLOTS in flight at a time (for the bench's
 * IOPS row).  Prints the count and any error.
 */
static int blk_randread(uint64_t n)
{
	struct vblk_req r[VBLK_SLOTS];
	uint64_t blocks = vblk_capacity() / 8, done = 0, x = 88172645463325252ull;
	unsigned int k, i;
	int rc;

	if (!n || !blocks)
		return -EINVAL;
	while (done < n) {
		k = n - done < VBLK_SLOTS ? (unsigned int)(n - done) : VBLK_SLOTS;
		for (i = 0; i < k; i++) {
			x ^= x << 13;	/* xorshift64 */
			x ^= x >> 7;
			x ^= x << 17;
			r[i] = (struct vblk_req){ VBLK_READ, (x % blocks) * 8, 8,
						  blk_buf[i], 0 };
		}
		rc = vblk_submit(r, k);
		if (rc) {
			kprintf("blk: randread: error %d\n", rc);
			return rc;
		}
		done += k;
	}
	kprintf("blk: randread %lu x 4 KiB done\n", (unsigned long)n);
	return 0;
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
	if (!strcmp(argv[1], "randread") && argc == 3)
		return blk_randread(a);
	if (!strcmp(argv[1], "resets") && argc == 3)
		return blk_resets((unsigned int)a);
	if (!strcmp(argv[1], "reset") && argc == 2) {
		rc = vblk_reset();
		kprintf("blk: reset: %s %d\n", rc ? "error" : "done", rc);
		return rc;
	}
usage:
	kprintf("usage: blk [read SECTOR COUNT | write SECTOR COUNT SEED | flush | "
		"reset | resets N | randread N]\n");
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
	rc = udp_echo((uint16_t)port);
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
	  "blk [read SECTOR COUNT | write SECTOR COUNT SEED | flush | reset | "
	  "resets N | randread N]",
	  "the virtio disk: info; read prints a hash; write fills a pattern; "
	  "resets N: writes while the device is reset N times; randread N: "
	  "N random 4 KiB reads" },
	{ "net", cmd_net, 0, 2, "net [echo UDP-PORT]",
	  "the virtio NIC: MAC, link, address, counters; echo answers UDP" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int hw_init(void)
{
	pci_init();
	return shell_add(hw_commands);
}
