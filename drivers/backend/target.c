/* SPDX-License-Identifier: MIT */
/* Disk targets: RAM disks and regions of vda, and who holds which (target.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ramdisk.h"
#include "target.h"
#include "vdisk.h"

/* The regions of vda open now, in a table that doubles when full. */
static struct region_use {
	struct blkdev *disk;	/* NULL: free */
	uint64_t start, sectors;
} *regions;
static unsigned int nr_regions;

/* A size: digits, then K, M or G or nothing; at *s, which it advances. */
static int parse_size(const char **s, uint64_t *bytes)
{
	const char *p = *s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'G': v = v > UINT64_MAX >> 30 ? 0 : v << 30; p++; break;
	case 'M': v = v > UINT64_MAX >> 20 ? 0 : v << 20; p++; break;
	case 'K': v = v > UINT64_MAX >> 10 ? 0 : v << 10; p++; break;
	default: break;
	}
	if (v % BLKDEV_SECTOR_SIZE)
		return -EINVAL;
	*bytes = v;
	*s = p;
	return 0;
}

int target_parse(const char *s, struct target *t)
{
	uint64_t off = 0, size = 0;

	if (!strncmp(s, "ram:", 4)) {
		s += 4;
		if (parse_size(&s, &size) || *s || !size || size % (1 << 20) ||
		    size > ((uint64_t)RAMDISK_MAX_MIB << 20))
			return -EINVAL;
		t->kind = TARGET_RAM;
		t->start = 0;
		t->sectors = size / BLKDEV_SECTOR_SIZE;
		return 0;
	}
	if (strncmp(s, "vda", 3))
		return -EINVAL;
	s += 3;
	if (*s == ':') {
		s++;
		if (parse_size(&s, &off))
			return -EINVAL;
		if (*s == '+') {
			s++;
			if (parse_size(&s, &size) || !size)
				return -EINVAL;
		}
	}
	if (*s)
		return -EINVAL;
	t->kind = TARGET_VDA;
	t->start = off / BLKDEV_SECTOR_SIZE;
	t->sectors = size / BLKDEV_SECTOR_SIZE;
	return 0;
}

/* The free slot for a new region, or NULL when it would clash (*err). */
static struct region_use *claim(uint64_t start, uint64_t sectors, bool ro,
				int *err)
{
	struct region_use *free_slot = NULL;
	unsigned int i;

	for (i = 0; i < nr_regions; i++) {
		struct region_use *u = &regions[i];

		if (!u->disk) {
			if (!free_slot)
				free_slot = u;
			continue;
		}
		if (start < u->start + u->sectors && u->start < start + sectors &&
		    (!ro || !u->disk->readonly)) {
			*err = -EBUSY;
			return NULL;
		}
	}
	if (!free_slot) {
		struct region_use *bigger;
		unsigned int n = nr_regions ? 2 * nr_regions : 32;

		bigger = realloc(regions, n * sizeof(*regions));
		if (!bigger) {
			*err = -ENOMEM;
			return NULL;
		}
		memset(bigger + nr_regions, 0, (n - nr_regions) * sizeof(*regions));
		free_slot = &bigger[nr_regions];
		regions = bigger;
		nr_regions = n;
	}
	return free_slot;
}

struct blkdev *target_open(const char *s, bool readonly, int *err)
{
	struct region_use *u;
	struct blkdev *disk;
	struct target t;
	uint64_t cap;

	if (strlen(s) >= sizeof(disk->params)) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	if (target_parse(s, &t)) {
		*err = -EINVAL;
		return NULL;
	}
	if (t.kind == TARGET_RAM)
		return ramdisk_create((unsigned int)(t.sectors >> 11), readonly, err);
	cap = vdisk_capacity();
	if (!cap) {
		*err = -ENODEV;
		return NULL;
	}
	if (!t.sectors)
		t.sectors = t.start < cap ? cap - t.start : 0;
	if (!t.sectors || t.start >= cap || t.sectors > cap - t.start) {
		*err = -ERANGE;
		return NULL;
	}
	u = claim(t.start, t.sectors, readonly, err);
	if (!u)
		return NULL;
	disk = vdisk_open(t.start, t.sectors, readonly, err);
	if (!disk)
		return NULL;
	snprintf(disk->params, sizeof(disk->params), "%s", s);
	u->disk = disk;
	u->start = t.start;
	u->sectors = t.sectors;
	return disk;
}

const struct blkdev *target_vda_user(uint64_t start, uint64_t n)
{
	const struct region_use *u;
	unsigned int i;

	for (i = 0; i < nr_regions; i++) {
		u = &regions[i];
		/* no start + n: n is the user's and may wrap */
		if (u->disk && n && start < u->start + u->sectors &&
		    (u->start <= start || u->start - start < n))
			return u->disk;
	}
	return NULL;
}

void target_close(struct blkdev *disk)
{
	unsigned int i;

	for (i = 0; i < nr_regions; i++)
		if (regions[i].disk == disk) {
			regions[i].disk = NULL;
			vdisk_close(disk);
			return;
		}
	ramdisk_destroy(disk);
}

const char *target_strerror(int err)
{
	switch (err) {
	case -EINVAL: return "not a target (ram:SIZE, vda, vda:OFFSET, vda:OFFSET+SIZE)";
	case -ENAMETOOLONG: return "longer than 31 characters";
	case -ENODEV: return "Dom0 has no virtio-blk disk (vda)";
	case -ERANGE: return "not inside vda";
	case -EBUSY: return "overlaps a region another device writes (or writes one it reads)";
	case -ENOMEM: return "Dom0 is out of memory";
	default: return "refused";
	}
}
