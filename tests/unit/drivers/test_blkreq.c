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
	{ "barrier", BLKIF_OP_WRITE_BARRIER, 1, 0, { PAGE_SEG }, false, -EOPNOTSUPP, 0 },
	{ "discard", BLKIF_OP_DISCARD, 0, 0, { { 0, 0, 0 } }, false, -EOPNOTSUPP, 0 },
	{ "indirect", BLKIF_OP_INDIRECT, 1, 0, { PAGE_SEG }, false, -EOPNOTSUPP, 0 },
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
	CU_add_test(s, "status", test_status);
	CU_add_test(s, "xenbus_dev", test_xenbus_dev);
	return cunit_run();
}
