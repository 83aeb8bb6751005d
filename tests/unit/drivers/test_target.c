/* SPDX-License-Identifier: MIT */
/*
 * Host tests of what a disk's target names (drivers/backend/target.c):
 * the syntax, and which regions of vda may be open at once.  RAM disks
 * and vda regions are stand-ins that count what was opened and closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "drivers/backend/ramdisk.h"
#include "drivers/backend/target.h"
#include "drivers/backend/vdisk.h"

#define VDA_SECTORS	(64u << 11)	/* a 64 MiB disk */

static uint64_t vda_sectors = VDA_SECTORS;
static int ram_open, vd_open;
static uint64_t last_start, last_sectors;

struct blkdev *ramdisk_create(unsigned int mib, bool readonly, int *err)
{
	struct blkdev *d = calloc(1, sizeof(*d));

	(void)err;
	d->sectors = (uint64_t)mib << 11;
	d->readonly = readonly;
	ram_open++;
	return d;
}

void ramdisk_destroy(struct blkdev *disk)
{
	ram_open--;
	free(disk);
}

uint64_t vdisk_capacity(void)
{
	return vda_sectors;
}

struct blkdev *vdisk_open(uint64_t start, uint64_t sectors, bool readonly,
			  int *err)
{
	struct blkdev *d = calloc(1, sizeof(*d));

	(void)err;
	last_start = start;
	last_sectors = sectors;
	d->sectors = sectors;
	d->readonly = readonly;
	vd_open++;
	return d;
}

void vdisk_close(struct blkdev *disk)
{
	vd_open--;
	free(disk);
}

static void test_syntax(void)
{
	static const struct {
		const char *s;
		int rc;
		enum target_kind kind;
		uint64_t start, sectors;
	} cases[] = {
		{ "ram:4M", 0, TARGET_RAM, 0, 8192 },
		{ "ram:16M", 0, TARGET_RAM, 0, 32768 },
		{ "ram:17M", -EINVAL, 0, 0, 0 },
		{ "ram:0", -EINVAL, 0, 0, 0 },
		{ "ram:512K", -EINVAL, 0, 0, 0 },	/* whole MiB only */
		{ "ram:", -EINVAL, 0, 0, 0 },
		{ "vda", 0, TARGET_VDA, 0, 0 },
		{ "vda:1M", 0, TARGET_VDA, 2048, 0 },
		{ "vda:1M+4M", 0, TARGET_VDA, 2048, 8192 },
		{ "vda:512+1024", 0, TARGET_VDA, 1, 2 },
		{ "vda:1G+1K", 0, TARGET_VDA, 2097152, 2 },
		{ "vda:100", -EINVAL, 0, 0, 0 },	/* not a sector multiple */
		{ "vda:1M+0", -EINVAL, 0, 0, 0 },
		{ "vda:1M+", -EINVAL, 0, 0, 0 },
		{ "vda:+1M", -EINVAL, 0, 0, 0 },
		{ "vda:1T", -EINVAL, 0, 0, 0 },
		{ "vda:99999999999999999999", -EINVAL, 0, 0, 0 },
		{ "vdb", -EINVAL, 0, 0, 0 },
		{ "/dev/sda", -EINVAL, 0, 0, 0 },
		{ "", -EINVAL, 0, 0, 0 },
		{ "vda ", -EINVAL, 0, 0, 0 },
	};
	struct target t;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&t, 0xa5, sizeof(t));
		CU_ASSERT_EQUAL(target_parse(cases[i].s, &t), cases[i].rc);
		if (cases[i].rc)
			continue;
		CU_ASSERT_EQUAL(t.kind, cases[i].kind);
		CU_ASSERT_EQUAL(t.start, cases[i].start);
		CU_ASSERT_EQUAL(t.sectors, cases[i].sectors);
	}
}

static void test_open_close(void)
{
	struct blkdev *r, *v;
	int err = 0;

	r = target_open("ram:2M", true, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(ram_open, 1);
	CU_ASSERT(r->readonly);
	v = target_open("vda:4M", false, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(last_start, 8192);
	CU_ASSERT_EQUAL(last_sectors, VDA_SECTORS - 8192);	/* to the end */
	CU_ASSERT_STRING_EQUAL(v->params, "vda:4M");
	target_close(r);
	target_close(v);
	CU_ASSERT_EQUAL(ram_open, 0);
	CU_ASSERT_EQUAL(vd_open, 0);
	CU_ASSERT_PTR_NULL(target_open("vda:63M+2M", false, &err));
	CU_ASSERT_EQUAL(err, -ERANGE);
	CU_ASSERT_PTR_NULL(target_open("vda:64M", false, &err));
	CU_ASSERT_EQUAL(err, -ERANGE);
	CU_ASSERT_PTR_NULL(target_open("vda:1M+1M+1M", false, &err));
	CU_ASSERT_EQUAL(err, -EINVAL);
	CU_ASSERT_PTR_NULL(target_open("vda:0000000000000000000000000001M", false, &err));
	CU_ASSERT_EQUAL(err, -ENAMETOOLONG);
	vda_sectors = 0;
	CU_ASSERT_PTR_NULL(target_open("vda", false, &err));
	CU_ASSERT_EQUAL(err, -ENODEV);
	vda_sectors = VDA_SECTORS;
	CU_ASSERT_EQUAL(vd_open, 0);
}

/* A writable region overlaps nothing; read-only ones share. */
static void test_sharing(void)
{
	struct blkdev *a, *b, *c, *d;
	int err = 0;

	a = target_open("vda:0+16M", false, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NULL(target_open("vda:8M+1M", true, &err));
	CU_ASSERT_EQUAL(err, -EBUSY);
	CU_ASSERT_PTR_NULL(target_open("vda", false, &err));
	CU_ASSERT_EQUAL(err, -EBUSY);
	b = target_open("vda:16M+1M", false, &err);	/* just after: fine */
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	c = target_open("vda:32M+1M", true, &err);
	d = target_open("vda:32M+2M", true, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NULL(target_open("vda:33M+1M", false, &err));
	CU_ASSERT_EQUAL(err, -EBUSY);
	target_close(a);
	a = target_open("vda:8M+1M", false, &err);	/* free again */
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	target_close(a);
	target_close(b);
	target_close(c);
	target_close(d);
	CU_ASSERT_EQUAL(vd_open, 0);
	a = target_open("vda", false, &err);
	CU_ASSERT_PTR_NOT_NULL(a);
	target_close(a);
}

/* More regions than the 32 the table once had, then each closed. */
static void test_many_regions(void)
{
	static struct blkdev *disk[100];
	char spec[32];
	unsigned int i;
	int err = 0;

	for (i = 0; i < 100; i++) {
		snprintf(spec, sizeof(spec), "vda:%uK+512", i);
		disk[i] = target_open(spec, false, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(disk[i]);
	}
	CU_ASSERT_EQUAL(vd_open, 100);
	CU_ASSERT_PTR_NULL(target_open("vda:50K+1K", true, &err));	/* still checked */
	CU_ASSERT_EQUAL(err, -EBUSY);
	for (i = 0; i < 100; i++)
		target_close(disk[i]);
	CU_ASSERT_EQUAL(vd_open, 0);
	CU_ASSERT_EQUAL(ram_open, 0);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/target", NULL, NULL);
	CU_add_test(s, "syntax", test_syntax);
	CU_add_test(s, "open_close", test_open_close);
	CU_add_test(s, "sharing", test_sharing);
	CU_add_test(s, "many_regions", test_many_regions);
	return cunit_run();
}
