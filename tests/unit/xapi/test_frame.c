/* SPDX-License-Identifier: MIT */
/* The frame layer: encode, decode in pieces, refusal and resynchronisation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <zlib.h>
#include "proto/frame.h"
#include "suites.h"

static uint8_t decbuf[FRAME_MAX_SIZE];
static uint8_t wire[3 * FRAME_MAX_SIZE];

static void crc_known_value(void)
{
	/* The CRC-32 check value of "123456789" (IEEE, as zlib). */
	CU_ASSERT_EQUAL(frame_crc32(0, "123456789", 9), 0xcbf43926u);
	CU_ASSERT_EQUAL(frame_crc32(frame_crc32(0, "1234", 4), "56789", 5),
			0xcbf43926u);
}

/*
 * zlib's crc32 over random bytes of every length 0..64 and random longer
 * ones, at every alignment (the four-byte steps and the tail), whole and
 * continued from a random split.
 */
static void crc_matches_zlib(void)
{
	static uint8_t data[70000];
	unsigned int bad = 0, i;
	size_t len, off, cut;
	uint32_t want;

	srand(32);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rand();
	for (i = 0; i < 400; i++) {
		len = i <= 64 ? i : (size_t)rand() % (sizeof(data) - 8);
		off = (size_t)rand() % 8;
		cut = len ? (size_t)rand() % len : 0;
		want = (uint32_t)crc32(0, data + off, (uInt)len);
		bad += frame_crc32(0, data + off, len) != want;
		bad += frame_crc32(frame_crc32(0, data + off, cut), data + off + cut,
				   len - cut) != want;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Decodes everything in wire[0..n), at most `piece` bytes a call. */
static int decode_all(struct frame_decoder *d, size_t n, size_t piece,
		      struct frame *frames, int max, int *errors)
{
	size_t pos = 0, used, chunk;
	int got = 0, rc;

	*errors = 0;
	while (pos < n) {
		chunk = n - pos < piece ? n - pos : piece;
		rc = frame_decode(d, wire + pos, chunk, &used, &frames[got]);
		CU_ASSERT(used <= chunk);
		pos += used;
		if (rc == 1 && got < max) {
			/* The payload is valid until the next call: keep a copy. */
			uint8_t *copy = malloc(frames[got].len + 1);
			memcpy(copy, frames[got].payload, frames[got].len);
			frames[got].payload = copy;
			got++;
		} else if (rc < 0) {
			(*errors)++;
		}
	}
	return got;
}

static void free_frames(struct frame *f, int n)
{
	while (n--)
		free((void *)f[n].payload);
}

static void round_trip_every_piece_size(void)
{
	static const size_t pieces[] = { 1, 2, 3, 7, 24, 25, 100, 1 << 20 };
	struct frame_decoder d;
	struct frame f[4];
	long a, b, c;
	size_t i;
	int got, errors;

	a = frame_encode(wire, OP_LIST, 0, 1, 0, NULL, 0);
	b = frame_encode(wire + a, OP_XS_DATA, FRAME_REPLY, 7, 3, "hello", 5);
	c = frame_encode(wire + a + b, OP_DMESG, FRAME_EVENT, 0, 0, "x", 1);
	CU_ASSERT_EQUAL(a, FRAME_HEADER_SIZE + FRAME_TRAILER_SIZE);
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		frame_decoder_init(&d, decbuf);
		got = decode_all(&d, a + b + c, pieces[i], f, 4, &errors);
		CU_ASSERT_EQUAL(got, 3);
		CU_ASSERT_EQUAL(errors, 0);
		if (got != 3)
			continue;
		CU_ASSERT_EQUAL(f[0].op, OP_LIST);
		CU_ASSERT_EQUAL(f[0].len, 0);
		CU_ASSERT_EQUAL(f[1].op, OP_XS_DATA);
		CU_ASSERT_EQUAL(f[1].flags, FRAME_REPLY);
		CU_ASSERT_EQUAL(f[1].id, 7);
		CU_ASSERT_EQUAL(f[1].chan, 3);
		CU_ASSERT_EQUAL(f[1].len, 5);
		CU_ASSERT(!memcmp(f[1].payload, "hello", 5));
		CU_ASSERT_EQUAL(f[2].flags, FRAME_EVENT);
		free_frames(f, got);
	}
}

static void largest_payload_and_oversize(void)
{
	static uint8_t big[FRAME_MAX_PAYLOAD + 1];
	struct frame_decoder d;
	struct frame f[2];
	long n;
	int got, errors;

	memset(big, 0xa5, sizeof(big));
	CU_ASSERT_EQUAL(frame_encode(wire, OP_XS_DATA, 0, 1, 0, big,
				     FRAME_MAX_PAYLOAD + 1), -EMSGSIZE);
	n = frame_encode(wire, OP_UPLOAD_DATA, 0, 1, 0, big, FRAME_MAX_PAYLOAD);
	CU_ASSERT_EQUAL(n, FRAME_MAX_SIZE);
	frame_decoder_init(&d, decbuf);
	got = decode_all(&d, n, 4096, f, 2, &errors);
	CU_ASSERT_EQUAL(got, 1);
	CU_ASSERT_EQUAL(errors, 0);
	free_frames(f, got);

	/* A header claiming more than the maximum (its CRC made right). */
	n = frame_encode(wire, OP_XS_DATA, 0, 1, 0, NULL, 0);
	wire[18] = 0x01;	/* len = 0x10000 + ... > FRAME_MAX_PAYLOAD */
	wire[16] = 0x01;
	{
		uint32_t crc = frame_crc32(0, wire, 20);
		wire[20] = (uint8_t)crc;
		wire[21] = (uint8_t)(crc >> 8);
		wire[22] = (uint8_t)(crc >> 16);
		wire[23] = (uint8_t)(crc >> 24);
	}
	n += frame_encode(wire + n, OP_LIST, 0, 2, 0, NULL, 0);
	frame_decoder_init(&d, decbuf);
	got = decode_all(&d, n, 1 << 20, f, 2, &errors);
	CU_ASSERT_EQUAL(d.oversize, 1);
	CU_ASSERT_EQUAL(errors, 1);
	CU_ASSERT_EQUAL(got, 1);
	if (got == 1)
		CU_ASSERT_EQUAL(f[0].id, 2);
	free_frames(f, got);
}

/* Garbage, a torn frame (a peer restarted) and corrupt bytes cost only themselves. */
static void resync_after_garbage_and_corruption(void)
{
	struct frame_decoder d;
	struct frame f[4];
	size_t n = 0;
	long a;
	int got, errors;

	memcpy(wire, "XLgarbageXLF", 12);	/* includes false magic starts */
	n = 12;
	a = frame_encode(wire + n, OP_LIST, 0, 1, 0, "abc", 3);
	n += a / 2;				/* torn: the peer died here */
	n += frame_encode(wire + n, OP_LIST, 0, 2, 0, "abc", 3);
	a = frame_encode(wire + n, OP_LIST, 0, 3, 0, "abc", 3);
	wire[n + FRAME_HEADER_SIZE + 1] ^= 0x40;	/* payload corrupt */
	n += a;
	a = frame_encode(wire + n, OP_LIST, 0, 4, 0, "abc", 3);
	wire[n + 9] ^= 1;			/* header corrupt */
	n += a;
	n += frame_encode(wire + n, OP_LIST, 0, 5, 0, "abc", 3);
	frame_decoder_init(&d, decbuf);
	got = decode_all(&d, n, 5, f, 4, &errors);
	CU_ASSERT_EQUAL(got, 2);
	if (got == 2) {
		CU_ASSERT_EQUAL(f[0].id, 2);
		CU_ASSERT_EQUAL(f[1].id, 5);
	}
	CU_ASSERT(errors >= 2);
	CU_ASSERT(d.bad_crc >= 1);
	CU_ASSERT(d.bad_header >= 1);
	free_frames(f, got);
}

int frame_suite(void)
{
	CU_pSuite s = CU_add_suite("xapi-frame", NULL, NULL);

	if (!s || !CU_add_test(s, "crc32", crc_known_value) ||
	    !CU_add_test(s, "crc32-matches-zlib", crc_matches_zlib) ||
	    !CU_add_test(s, "round-trip-in-pieces", round_trip_every_piece_size) ||
	    !CU_add_test(s, "largest-and-oversize", largest_payload_and_oversize) ||
	    !CU_add_test(s, "resync", resync_after_garbage_and_corruption))
		return -1;
	return 0;
}
