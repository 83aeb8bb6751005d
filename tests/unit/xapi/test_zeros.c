/* SPDX-License-Identifier: MIT */
/*
 * The zero runs xapid uploads as records instead of bytes, and the upload
 * digest over them: every whole page of zeros is in a run and nothing
 * else is (whatever the alignment of the zeros, adjacent pages merged, a
 * short last page counted); the digest is SHA-256 of the data with each
 * run replaced by its 16-byte encoding, computed here independently with
 * OpenSSL; with no run it is the file's SHA-256.
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <openssl/sha.h>
#include "suites.h"
#include "proto/msg.h"
#include "xapid/image.h"

#define P	IMAGE_PAGE

static uint8_t buf[40 * P + 100];

/* Non-zero bytes everywhere. */
static void fill(size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		buf[i] = (uint8_t)(1 + i % 251);
}

static size_t find(size_t size, struct image_zero_run **runs)
{
	size_t nr = 99;

	CU_ASSERT_EQUAL_FATAL(image_find_zeros(buf, size, runs, &nr), 0);
	return nr;
}

static void finder_cases(void)
{
	struct image_zero_run *r;
	size_t n;

	/* Empty, and no zero page. */
	CU_ASSERT_EQUAL(find(0, &r), 0);
	free(r);
	fill(sizeof(buf));
	CU_ASSERT_EQUAL(find(sizeof(buf), &r), 0);
	free(r);
	/* A zero page first, two adjacent ones merged, one alone. */
	memset(buf, 0, P);
	memset(buf + 5 * P, 0, 2 * P);
	memset(buf + 9 * P, 0, P);
	n = find(sizeof(buf), &r);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT(r[0].offset == 0 && r[0].len == P);
	CU_ASSERT(r[1].offset == 5 * P && r[1].len == 2 * P);
	CU_ASSERT(r[2].offset == 9 * P && r[2].len == P);
	free(r);
	/* Zeros not covering a whole aligned page: no run. */
	fill(sizeof(buf));
	memset(buf + P / 2, 0, P);		/* straddles two pages */
	memset(buf + 3 * P, 0, P - 1);		/* all but the last byte */
	memset(buf + 6 * P + 1, 0, P - 1);	/* all but the first */
	CU_ASSERT_EQUAL(find(sizeof(buf), &r), 0);
	free(r);
	/* A short last page of zeros counts, merged with the page before. */
	memset(buf + 39 * P, 0, P + 100);
	n = find(sizeof(buf), &r);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT(r[0].offset == 39 * P && r[0].len == P + 100);
	free(r);
	/* All zeros: one run, the whole file. */
	memset(buf, 0, sizeof(buf));
	n = find(sizeof(buf), &r);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT(r[0].offset == 0 && r[0].len == sizeof(buf));
	free(r);
}

/* A pattern of zero and non-zero pages: every page checked against the runs. */
static void finder_exact(void)
{
	struct image_zero_run *r;
	size_t n, i, page, k;
	bool zero, in;

	fill(sizeof(buf));
	for (page = 0; page < 40; page++)
		if ((page * 7) % 5 < 2 || page > 33)
			memset(buf + page * P, 0, P);
	buf[37 * P + 5] = 1;	/* one byte spoils a page in a long run */
	n = find(sizeof(buf), &r);
	CU_ASSERT_FATAL(n > 3);
	for (i = 0; i < n; i++) {
		CU_ASSERT(r[i].len && r[i].offset % P == 0);
		if (i)	/* in order, never adjacent (they would be one) */
			CU_ASSERT(r[i].offset > r[i - 1].offset + r[i - 1].len);
	}
	for (page = 0; page * P < sizeof(buf); page++) {
		size_t len = sizeof(buf) - page * P < P ? sizeof(buf) - page * P : P;

		zero = true;
		for (k = 0; k < len; k++)
			zero = zero && !buf[page * P + k];
		in = false;
		for (i = 0; i < n; i++)
			in = in || (page * P >= r[i].offset &&
				    page * P + len <= r[i].offset + r[i].len);
		CU_ASSERT_EQUAL(zero, in);
	}
	free(r);
}

static void digest_definition(void)
{
	static uint8_t expect_in[sizeof(buf) + 64];
	struct host_image img = { .data = buf, .size = sizeof(buf) };
	uint8_t want[32];
	size_t at = 0, n = 0, i;

	/* No run: the file's SHA-256. */
	fill(sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(image_find_zeros(buf, sizeof(buf), &img.zeros,
					       &img.nr_zeros), 0);
	CU_ASSERT_EQUAL(image_digest(&img), 0);
	SHA256(buf, sizeof(buf), want);
	CU_ASSERT(!memcmp(img.digest, want, 32));
	free(img.zeros);
	/* Two runs, one at the end: data as it is, each run as offset, length. */
	memset(buf + 2 * P, 0, 3 * P);
	memset(buf + 38 * P, 0, 2 * P + 100);
	CU_ASSERT_EQUAL_FATAL(image_find_zeros(buf, sizeof(buf), &img.zeros,
					       &img.nr_zeros), 0);
	CU_ASSERT_EQUAL_FATAL(img.nr_zeros, 2);
	CU_ASSERT_EQUAL(image_digest(&img), 0);
	memcpy(expect_in, buf, 2 * P);
	n = 2 * P;
	for (i = 0; i < 8; i++)		/* offset 2P, length 3P, little-endian */
		expect_in[n + i] = (uint8_t)((uint64_t)(2 * P) >> (8 * i));
	for (i = 0; i < 8; i++)
		expect_in[n + 8 + i] = (uint8_t)((uint64_t)(3 * P) >> (8 * i));
	n += 16;
	at = 5 * P;
	memcpy(expect_in + n, buf + at, 38 * P - at);
	n += 38 * P - at;
	msg_zero_run_encode(expect_in + n, 38 * P, 2 * P + 100);
	n += 16;
	SHA256(expect_in, n, want);
	CU_ASSERT(!memcmp(img.digest, want, 32));
	/* The same bytes with the runs elsewhere hash differently. */
	img.zeros[0].len -= P;
	CU_ASSERT_EQUAL(image_digest(&img), 0);
	CU_ASSERT(memcmp(img.digest, want, 32) != 0);
	free(img.zeros);
}

int zeros_suite(void)
{
	CU_pSuite s = CU_add_suite("xapid-zeros", NULL, NULL);

	if (!s || !CU_add_test(s, "finder-cases", finder_cases) ||
	    !CU_add_test(s, "finder-exact", finder_exact) ||
	    !CU_add_test(s, "digest-definition", digest_definition))
		return -1;
	return 0;
}
