/* SPDX-License-Identifier: MIT */
/* Virtual block devices on Dom0's RAM disks (vbd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../guest-patches/kernel/boot.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "../pattern.h"
#include "blkback.h"
#include "ramdisk.h"
#include "target.h"
#include "vbd.h"

#define XVD_MAJOR	202

static unsigned int auto_mib;	/* `vbd=N`: 0 for none */

int vbd_devid(const char *name)
{
	if (strncmp(name, "xvd", 3) || name[3] < 'a' || name[3] > 'z' ||
	    name[4])
		return -EINVAL;
	return XVD_MAJOR << 8 | (name[3] - 'a') << 4;
}

/* Parses argv[i] as a number below limit into *v. */
static int number(const char *s, unsigned long limit, unsigned long *v)
{
	char *end;

	*v = strtoul(s, &end, 10);
	return *s && !*end && *v < limit ? 0 : -EINVAL;
}

int vbd_add(domid_t domid, const char *vdev, const char *target,
	    bool readonly, char *why, size_t why_size)
{
	int devid = vbd_devid(vdev), rc;
	struct blkdev *disk;

	if (devid < 0) {
		snprintf(why, why_size, "%s: not a virtual disk name (xvda..xvdz)",
			 vdev);
		return devid;
	}
	disk = target_open(target, readonly, &rc);
	if (!disk) {
		snprintf(why, why_size, "%s: target %s: %s", vdev, target,
			 target_strerror(rc));
		return rc;
	}
	if (!blkback_add(domid, (unsigned int)devid, vdev, disk, target_close,
			 &rc)) {
		target_close(disk);
		snprintf(why, why_size, "%s: %s (error %d)", vdev,
			 rc == -EEXIST ? "the domain has that disk already" :
			 "the backend refused it", rc);
		return rc;
	}
	return 0;
}

int vbd_remove(domid_t domid, const char *vdev)
{
	int devid = vbd_devid(vdev);
	struct xenbus_back_dev *dev;
	unsigned long n;

	if (devid < 0 && !number(vdev, 1ul << 20, &n))
		devid = (int)n;		/* a device number, as xl takes too */
	if (devid < 0)
		return devid;
	dev = xenbus_back_find("vbd", domid, (unsigned int)devid);
	if (!dev)
		return -ENOENT;
	xenbus_back_remove(dev);
	return 0;
}

void vbd_domain_new(domid_t domid)
{
	char target[16], why[96];

	if (!auto_mib)
		return;
	snprintf(target, sizeof(target), "ram:%uM", auto_mib);
	if (vbd_add(domid, "xvda", target, false, why, sizeof(why)))
		kprintf("vbd: d%u %s\n", domid, why);
}

/* The device (DOM, VDEV) of the command's arguments, or NULL (printed). */
static struct xenbus_back_dev *find(const char *dom, const char *vdev)
{
	char *end;
	unsigned long d = strtoul(dom, &end, 10);
	int devid = vbd_devid(vdev);
	struct xenbus_back_dev *dev = NULL;

	if (!*end && *dom && devid >= 0 && d < DOMID_FIRST_RESERVED)
		dev = xenbus_back_find("vbd", (domid_t)d, (unsigned int)devid);
	if (!dev)
		kprintf("no vbd %s of domain %s\n", vdev, dom);
	return dev;
}


static void list(void)
{
	struct xenbus_back_dev *dev;
	const struct blkback_stats *st;
	unsigned int i;

	for (i = 0; (dev = xenbus_back_at(i)); i++) {
		if (strcmp(dev->ops->type, "vbd"))
			continue;
		st = blkback_stats(dev);
		kprintf("d%u %u %s %s %s/%s rd %lu/%lu wr %lu/%lu err %lu",
			dev->fe, dev->devid, blkback_disk(dev)->params,
			blkback_disk(dev)->readonly ? "ro" : "rw",
			xenbus_dev_state_name(dev->state),
			xenbus_dev_state_name(dev->fe_state),
			(unsigned long)st->rd_req, (unsigned long)st->rd_sect,
			(unsigned long)st->wr_req, (unsigned long)st->wr_sect,
			(unsigned long)st->errors);
		if (blkback_persistent(dev) >= 0)
			kprintf(" persistent %d", blkback_persistent(dev));
		kprintf("\n");
	}
}

/* `vbd sum|fill D V S N [SEED]` on the disk's sectors, as Dom0 reads them. */
static int sum_or_fill(int argc, char **argv)
{
	struct xenbus_back_dev *dev = find(argv[2], argv[3]);
	unsigned long s, n, seed = 0, k, i;
	uint64_t h = PATTERN_FNV_START;
	uint8_t p[BLKDEV_SECTOR_SIZE];
	struct blkdev *d;
	int rc;

	if (!dev)
		return -ENOENT;
	d = blkback_disk(dev);
	if (number(argv[4], d->sectors, &s) ||
	    number(argv[5], d->sectors - s + 1, &n) ||
	    (argc == 7 && number(argv[6], 1ul << 32, &seed)))
		return -EINVAL;
	for (k = 0; k < n; k++) {
		if (argc == 7) {
			for (i = 0; i < BLKDEV_SECTOR_SIZE; i++)
				p[i] = pattern_byte((uint32_t)seed, s + k,
						    (unsigned int)i);
			rc = d->ops->rw(d, true, s + k, 1, p);
		} else {
			rc = d->ops->rw(d, false, s + k, 1, p);
		}
		if (rc)
			return rc;
		h = pattern_fnv(h, p, BLKDEV_SECTOR_SIZE);
	}
	kprintf("%s d%s %s %lu+%lu: fnv %016lx\n", argc == 7 ? "filled" : "sum",
		argv[2], argv[3], s, n, (unsigned long)h);
	return 0;
}

/*
 * `vbd bench D V MIB`: Dom0's own figures on the disk behind a vbd, the
 * same way `blkbench` measures them in the guest (1 MiB sequential
 * commands, then 4 KiB reads for a second), through the same blkdev ops.
 */
static int bench(struct xenbus_back_dev *dev, unsigned long mib)
{
	struct blkdev *d = blkback_disk(dev);
	uint64_t t0, wr_ns, rd_ns, end;
	unsigned long k, ops = 0, s = 1;
	uint8_t *buf;
	int rc = 0;

	if (!mib || (mib << 11) > d->sectors)
		return -EINVAL;
	buf = malloc(1 << 20);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, 1 << 20);
	t0 = clock_ns();
	for (k = 0; !rc && k < mib; k++)
		rc = d->ops->rw(d, true, (uint64_t)k << 11, 2048, buf);
	wr_ns = clock_ns() - t0;
	t0 = clock_ns();
	for (k = 0; !rc && k < mib; k++)
		rc = d->ops->rw(d, false, (uint64_t)k << 11, 2048, buf);
	rd_ns = clock_ns() - t0;
	end = clock_ns() + 1000000000ull;
	for (t0 = clock_ns(); !rc && clock_ns() < end; ops++) {
		s = s * 1103515245 + 12345;
		rc = d->ops->rw(d, false, (s >> 8) % (d->sectors / 8) * 8, 8,
				buf);
	}
	free(buf);
	if (rc)
		return rc;
	kprintf("vbdbench %lu MiB: write_mbs=%lu read_mbs=%lu iops_4k=%lu\n",
		mib, (unsigned long)(((uint64_t)mib << 20) * 1000 / wr_ns),
		(unsigned long)(((uint64_t)mib << 20) * 1000 / rd_ns),
		(unsigned long)(ops * 1000000000ull / (clock_ns() - t0)));
	return 0;
}

static int vbd_command(int argc, char **argv)
{
	struct xenbus_back_dev *dev;
	unsigned long dom, mib;
	char why[128];
	int rc;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "list"))) {
		list();
		return 0;
	}
	if (!strcmp(argv[1], "attach") && (argc == 5 || argc == 6)) {
		if (number(argv[2], DOMID_FIRST_RESERVED, &dom) ||
		    (argc == 6 && strcmp(argv[5], "ro")))
			return -EINVAL;
		rc = vbd_add((domid_t)dom, argv[3], argv[4], argc == 6, why,
			     sizeof(why));
		if (rc)
			kprintf("vbd: %s\n", why);
		return rc;
	}
	if (!strcmp(argv[1], "detach") && argc == 4) {
		dev = find(argv[2], argv[3]);
		if (!dev)
			return -ENOENT;
		xenbus_back_remove(dev);
		return 0;
	}
	if (!strcmp(argv[1], "bench") && argc == 5) {
		dev = find(argv[2], argv[3]);
		if (!dev || number(argv[4], RAMDISK_MAX_MIB + 1, &mib))
			return -EINVAL;
		return bench(dev, mib);
	}
	if ((!strcmp(argv[1], "sum") && argc == 6) ||
	    (!strcmp(argv[1], "fill") && argc == 7))
		return sum_or_fill(argc, argv);
	return -EINVAL;
}

static int cmd_vbd(int argc, char **argv)
{
	int rc = vbd_command(argc, argv);

	if (rc)
		kprintf("vbd: error %d\n", rc);
	return rc;
}

static const struct shell_command vbd_commands[] = {
	{ "vbd", cmd_vbd, 0, 6, "[attach|detach|sum|fill ...]",
	  "virtual block devices on Dom0's disks" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int vbd_init(void)
{
	const char *v = strstr(boot_info.cmdline, "vbd=");
	unsigned long mib;
	char *end;

	if (v && (v == boot_info.cmdline || v[-1] == ' ')) {
		mib = strtoul(v + 4, &end, 10);
		if ((*end && *end != ' ') || !mib || mib > RAMDISK_MAX_MIB)
			kprintf("vbd: ignoring %s\n", v);
		else
			auto_mib = (unsigned int)mib;
	}
	return shell_add(vbd_commands);
}
