/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the block backend's request check
 * (drivers/backend/blkreq.c) and of the xenbus device helpers
 * (drivers/xenbus_dev.c): a table of requests a frontend might put on the
 * ring, well-formed and hostile, each with the answer it must get.
 */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "drivers/backend/blkreq.h"
#include "drivers/xenbus_dev.h"

#define DISK	2048u		/* sectors: a 1 MiB disk */
#define GOOD	100		/* a grant reference a frontend may use */

struct seg {
	uint32_t gref;
	uint8_t first, last;
};

struct req_case {
	const char *name;
	uint8_t op;
	uint8_t nr;			/* nr_segments as written */
	uint64_t sector;
	struct seg segs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	bool readonly;
	int rc;
	uint64_t nr_sectors;		/* when rc is 0 */
};

#define PAGE_SEG	{ GOOD, 0, 7 }
#define FULL_SEGS	{ PAGE_SEG, PAGE_SEG, PAGE_SEG, PAGE_SEG, PAGE_SEG, \
			  PAGE_SEG, PAGE_SEG, PAGE_SEG, PAGE_SEG, PAGE_SEG, \
			  PAGE_SEG }

static const struct req_case cases[] = {
	{ "read one sector", BLKIF_OP_READ, 1, 0, { { GOOD, 0, 0 } }, false, 0, 1 },
	{ "write a page", BLKIF_OP_WRITE, 1, 8, { PAGE_SEG }, false, 0, 8 },
	{ "eleven pages", BLKIF_OP_READ, 11, 0, FULL_SEGS, false, 0, 88 },
	{ "part of a page", BLKIF_OP_READ, 1, 5, { { GOOD, 3, 5 } }, false, 0, 3 },
	{ "last sector", BLKIF_OP_READ, 1, DISK - 1, { { GOOD, 7, 7 } }, false, 0, 1 },
	{ "read-only read", BLKIF_OP_READ, 1, 0, { PAGE_SEG }, true, 0, 8 },
	{ "flush", BLKIF_OP_FLUSH_DISKCACHE, 0, 0, { { 0, 0, 0 } }, false, 0, 0 },
	{ "no segments", BLKIF_OP_READ, 0, 0, { PAGE_SEG }, false, -EINVAL, 0 },
	{ "twelve segments", BLKIF_OP_READ, 12, 0, FULL_SEGS, false, -EINVAL, 0 },
	{ "255 segments", BLKIF_OP_WRITE, 255, 0, FULL_SEGS, false, -EINVAL, 0 },
	{ "first after last", BLKIF_OP_READ, 1, 0, { { GOOD, 4, 3 } }, false, -EINVAL, 0 },
	{ "past the page", BLKIF_OP_READ, 1, 0, { { GOOD, 0, 8 } }, false, -EINVAL, 0 },
	{ "reserved grant", BLKIF_OP_READ, 1, 0, { { 1, 0, 7 } }, false, -EINVAL, 0 },
	{ "bad second segment", BLKIF_OP_READ, 2, 0, { PAGE_SEG, { GOOD, 9, 255 } },
	  false, -EINVAL, 0 },
	{ "past the end", BLKIF_OP_READ, 1, DISK - 7, { PAGE_SEG }, false, -ERANGE, 0 },
	{ "start past the end", BLKIF_OP_READ, 1, DISK, { { GOOD, 0, 0 } }, false,
	  -ERANGE, 0 },
	{ "sector wraps", BLKIF_OP_WRITE, 2, UINT64_MAX - 7, { PAGE_SEG, PAGE_SEG },
	  false, -ERANGE, 0 },
	{ "write read-only", BLKIF_OP_WRITE, 1, 0, { PAGE_SEG }, true, -EROFS, 0 },
	{ "flush with data", BLKIF_OP_FLUSH_DISKCACHE, 1, 0, { PAGE_SEG }, false,
	  -EINVAL, 0 },
	{ "barrier", BLKIF_OP_WRITE_BARRIER, 1, 0, { PAGE_SEG }, false, 0, 8 },
	{ "barrier read-only", BLKIF_OP_WRITE_BARRIER, 1, 0, { PAGE_SEG }, true,
	  -EROFS, 0 },
	{ "barrier no segments", BLKIF_OP_WRITE_BARRIER, 0, 0, { PAGE_SEG }, false,
	  -EINVAL, 0 },
	{ "barrier past the end", BLKIF_OP_WRITE_BARRIER, 1, DISK - 1, { PAGE_SEG },
	  false, -ERANGE, 0 },
	{ "unknown op", 200, 1, 0, { PAGE_SEG }, false, -EOPNOTSUPP, 0 },
};

static void test_request_table(void)
{
	struct blkif_request req;
	struct blkreq out;
	unsigned int i, k;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct req_case *c = &cases[i];

		memset(&req, 0, sizeof(req));
		req.operation = c->op;
		req.nr_segments = c->nr;
		req.id = 1000 + i;
		req.sector_number = c->sector;
		for (k = 0; k < BLKIF_MAX_SEGMENTS_PER_REQUEST; k++) {
			req.seg[k].gref = c->segs[k].gref;
			req.seg[k].first_sect = c->segs[k].first;
			req.seg[k].last_sect = c->segs[k].last;
		}
		rc = blkreq_check(&req, DISK, c->readonly, &out);
		if (rc != c->rc)
			CU_assertImplementation(CU_FALSE, __LINE__, c->name,
						__FILE__, "", CU_FALSE);
		CU_ASSERT_EQUAL(out.id, 1000 + i);
		if (!rc && out.nr_sectors != c->nr_sectors)
			CU_assertImplementation(CU_FALSE, __LINE__, c->name,
						__FILE__, "", CU_FALSE);
	}
}

static void test_segments_decoded(void)
{
	struct blkif_request req = {
		.operation = BLKIF_OP_WRITE, .nr_segments = 2, .sector_number = 10,
		.seg = { { .gref = 9, .first_sect = 2, .last_sect = 7 },
			 { .gref = 12, .first_sect = 0, .last_sect = 1 } },
	};
	struct blkreq out;

	CU_ASSERT_EQUAL_FATAL(blkreq_check(&req, DISK, false, &out), 0);
	CU_ASSERT_EQUAL(out.nr_segs, 2);
	CU_ASSERT_EQUAL(out.sector, 10);
	CU_ASSERT_EQUAL(out.nr_sectors, 8);
	CU_ASSERT_EQUAL(out.seg[0].gref, 9);
	CU_ASSERT_EQUAL(out.seg[0].offset, 1024);
	CU_ASSERT_EQUAL(out.seg[0].len, 3072);
	CU_ASSERT_EQUAL(out.seg[1].gref, 12);
	CU_ASSERT_EQUAL(out.seg[1].offset, 0);
	CU_ASSERT_EQUAL(out.seg[1].len, 1024);
}

static int discard(uint64_t sector, uint64_t n, bool readonly,
		   struct blkreq *out)
{
	struct blkif_request req;
	struct blkif_request_discard d = {
		.operation = BLKIF_OP_DISCARD, .flag = BLKIF_DISCARD_SECURE,
		.id = 77, .sector_number = sector, .nr_sectors = n,
	};

	memset(&req, 0xa5, sizeof(req));	/* what the slot held before */
	memcpy(&req, &d, sizeof(d));
	return blkreq_check(&req, DISK, readonly, out);
}

static void test_discard(void)
{
	struct blkreq out;

	CU_ASSERT_EQUAL(discard(8, 16, false, &out), 0);
	CU_ASSERT_EQUAL(out.act, BLKIF_OP_DISCARD);
	CU_ASSERT_EQUAL(out.op, BLKIF_OP_DISCARD);
	CU_ASSERT_EQUAL(out.id, 77);
	CU_ASSERT_EQUAL(out.sector, 8);
	CU_ASSERT_EQUAL(out.nr_sectors, 16);
	CU_ASSERT_EQUAL(out.nr_segs, 0);
	CU_ASSERT_EQUAL(discard(0, DISK, false, &out), 0);
	CU_ASSERT_EQUAL(discard(0, 0, false, &out), -EINVAL);
	CU_ASSERT_EQUAL(discard(DISK - 1, 2, false, &out), -ERANGE);
	CU_ASSERT_EQUAL(discard(DISK, 1, false, &out), -ERANGE);
	CU_ASSERT_EQUAL(discard(8, UINT64_MAX, false, &out), -ERANGE);
	CU_ASSERT_EQUAL(discard(UINT64_MAX, 2, false, &out), -ERANGE);
	CU_ASSERT_EQUAL(discard(8, 16, true, &out), -EROFS);
}

/* An indirect request's header, as a frontend puts it in a ring slot. */
static int indirect(uint8_t op, uint16_t nr, uint64_t sector,
		    const grant_ref_t *pages, bool readonly, struct blkreq *out)
{
	struct blkif_request req;
	struct blkif_request_indirect ind = {
		.operation = BLKIF_OP_INDIRECT, .indirect_op = op,
		.nr_segments = nr, .id = 55, .sector_number = sector,
	};

	memcpy(ind.indirect_grefs, pages, sizeof(ind.indirect_grefs));
	memset(&req, 0x5a, sizeof(req));
	memcpy(&req, &ind, sizeof(ind));
	return blkreq_check(&req, DISK, readonly, out);
}

static void test_indirect(void)
{
	static struct blkif_request_segment segs[BLKREQ_MAX_INDIRECT_SEGS];
	static struct blkreq out;
	grant_ref_t pages[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST] = { 300, 301 };
	grant_ref_t bad[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST] = { 3 };
	unsigned int i;

	for (i = 0; i < BLKREQ_MAX_INDIRECT_SEGS; i++)
		segs[i] = (struct blkif_request_segment){ GOOD + i, 0, 7 };
	/* The largest request: 256 pages, 1 MiB (the disk), one indirect page. */
	CU_ASSERT_EQUAL_FATAL(indirect(BLKIF_OP_WRITE, BLKREQ_MAX_INDIRECT_SEGS,
				       0, pages, false, &out), 0);
	CU_ASSERT_EQUAL(out.op, BLKIF_OP_INDIRECT);
	CU_ASSERT_EQUAL(out.act, BLKIF_OP_WRITE);
	CU_ASSERT_EQUAL(out.id, 55);
	CU_ASSERT_EQUAL(out.sector, 0);
	CU_ASSERT_EQUAL(out.nr_indirect, 1);
	CU_ASSERT_EQUAL(out.indirect[0], 300);
	CU_ASSERT_EQUAL_FATAL(blkreq_check_indirect(segs, DISK, &out), 0);
	CU_ASSERT_EQUAL(out.nr_segs, BLKREQ_MAX_INDIRECT_SEGS);
	CU_ASSERT_EQUAL(out.nr_sectors, 8 * BLKREQ_MAX_INDIRECT_SEGS);
	CU_ASSERT_EQUAL(out.seg[255].gref, GOOD + 255);
	CU_ASSERT_EQUAL(out.seg[255].len, 4096);
	/* Headers a hostile frontend might write. */
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 0, 0, pages, false, &out), -EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, BLKREQ_MAX_INDIRECT_SEGS + 1, 0,
				 pages, false, &out), -EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, UINT16_MAX, 0, pages, false, &out),
			-EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 4, 0, bad, false, &out), -EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_INDIRECT, 4, 0, pages, false, &out),
			-EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_FLUSH_DISKCACHE, 4, 0, pages, false,
				 &out), -EINVAL);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_WRITE, 4, 0, pages, true, &out), -EROFS);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 4, 0, pages, true, &out), 0);
	/* Segments a hostile frontend might put in its indirect page. */
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 3, 0, pages, false, &out), 0);
	segs[1].last_sect = 8;
	CU_ASSERT_EQUAL(blkreq_check_indirect(segs, DISK, &out), -EINVAL);
	segs[1] = (struct blkif_request_segment){ 2, 0, 7 };
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 3, 0, pages, false, &out), 0);
	CU_ASSERT_EQUAL(blkreq_check_indirect(segs, DISK, &out), -EINVAL);
	segs[1] = (struct blkif_request_segment){ GOOD, 0, 7 };
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 3, DISK - 16, pages, false, &out), 0);
	CU_ASSERT_EQUAL(blkreq_check_indirect(segs, DISK, &out), -ERANGE);
	CU_ASSERT_EQUAL(indirect(BLKIF_OP_READ, 3, DISK - 24, pages, false, &out), 0);
	CU_ASSERT_EQUAL(blkreq_check_indirect(segs, DISK, &out), 0);
	CU_ASSERT_EQUAL(out.nr_sectors, 24);
}

static void test_status(void)
{
	CU_ASSERT_EQUAL(blkreq_status(0), BLKIF_RSP_OKAY);
	CU_ASSERT_EQUAL(blkreq_status(-EOPNOTSUPP), BLKIF_RSP_EOPNOTSUPP);
	CU_ASSERT_EQUAL(blkreq_status(-ERANGE), BLKIF_RSP_ERROR);
	CU_ASSERT_EQUAL(blkreq_status(-EIO), BLKIF_RSP_ERROR);
}

static void test_xenbus_dev(void)
{
	char path[XENBUS_DEV_PATH_MAX];
	enum xenbus_state s;

	CU_ASSERT_STRING_EQUAL(xenbus_dev_backend_path(path, 0, "vbd", 3, 51712),
			       "/local/domain/0/backend/vbd/3/51712");
	CU_ASSERT_STRING_EQUAL(xenbus_dev_frontend_path(path, 3, "vif", 0),
			       "/local/domain/3/device/vif/0");
	CU_ASSERT_EQUAL(xenbus_dev_state_parse("4", &s), 0);
	CU_ASSERT_EQUAL(s, XenbusStateConnected);
	CU_ASSERT_STRING_EQUAL(xenbus_dev_state_name(s), "Connected");
	CU_ASSERT_EQUAL(xenbus_dev_state_parse("0", &s), -EINVAL);
	CU_ASSERT_EQUAL(xenbus_dev_state_parse("7", &s), -EINVAL);
	CU_ASSERT_EQUAL(xenbus_dev_state_parse("44", &s), -EINVAL);
	CU_ASSERT_EQUAL(xenbus_dev_state_parse("", &s), -EINVAL);
	CU_ASSERT_STRING_EQUAL(xenbus_dev_state_name(9), "Unknown");
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/blkreq", NULL, NULL);
	CU_add_test(s, "request_table", test_request_table);
	CU_add_test(s, "segments_decoded", test_segments_decoded);
	CU_add_test(s, "discard", test_discard);
	CU_add_test(s, "indirect", test_indirect);
	CU_add_test(s, "status", test_status);
	CU_add_test(s, "xenbus_dev", test_xenbus_dev);
	return cunit_run();
}
