/* SPDX-License-Identifier: MIT */
/*
 * The shared runtime's SHA-256 (hypervisor/lib/sha256.c), which Dom0's
 * domain builder checks every image with: FIPS 180's example messages
 * give the published digests, and over random messages of random lengths
 * (every length from 0 to 200, then up to 5 blocks, then up to 64 KiB),
 * at every alignment, fed in random pieces (empty ones too), it agrees
 * with OpenSSL.  The seed is fixed, so a failure repeats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/sha.h>

#include <cunit_run.h>
#include <xrt/sha256.h>

#include "harness.h"

#define MAX_LEN		(64 * 1024 + 7)

static uint8_t msg[MAX_LEN + 8];

static void digest_of(const void *data, size_t len, uint8_t out[32])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, out);
}

static void hex(const char *text, uint8_t out[32])
{
	unsigned int i, byte;

	for (i = 0; i < 32; i++) {
		sscanf(text + 2 * i, "%2x", &byte);
		out[i] = (uint8_t)byte;
	}
}

static void fips_180_examples(void)
{
	static const struct {
		const char *msg, *digest;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		/* 448 bits: the padding needs a second block */
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		/* 896 bits: two message blocks */
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	uint8_t got[32], want[32];
	struct sha256 s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		digest_of(v[i].msg, strlen(v[i].msg), got);
		hex(v[i].digest, want);
		CU_ASSERT(!memcmp(got, want, 32));
	}
	/* a million 'a', in pieces of 1000 */
	memset(msg, 'a', 1000);
	sha256_init(&s);
	for (i = 0; i < 1000; i++)
		sha256_update(&s, msg, 1000);
	sha256_final(&s, got);
	hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want);
	CU_ASSERT(!memcmp(got, want, 32));
}

/* msg[off, off + len) in random pieces of 0..max bytes: as OpenSSL's? */
static int split_agrees(size_t off, size_t len, size_t max)
{
	uint8_t got[32], want[32];
	struct sha256 s;
	size_t pos = 0, piece;

	sha256_init(&s);
	while (pos < len) {
		piece = (size_t)rand() % (max + 1);
		if (piece > len - pos)
			piece = len - pos;
		sha256_update(&s, msg + off + pos, piece);
		pos += piece;
	}
	sha256_final(&s, got);
	SHA256(msg + off, len, want);
	return !memcmp(got, want, 32);
}

static void random_messages_match_openssl(void)
{
	unsigned int bad = 0, i;
	size_t len, off;

	srand(180);
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)rand();
	for (len = 0; len <= 200; len++) {	/* every padding case */
		bad += !split_agrees(len % 8, len, len);
		bad += !split_agrees(0, len, 1);	/* byte by byte */
	}
	for (i = 0; i < 300; i++) {
		len = (size_t)rand() % (5 * 64 + 1);
		bad += !split_agrees((size_t)rand() % 8, len, 1 + (size_t)rand() % 130);
	}
	for (i = 0; i < 100; i++) {
		len = (size_t)rand() % (MAX_LEN + 1);
		off = (size_t)rand() % 8;
		bad += !split_agrees(off, len, (size_t)rand() % 2 ? len : 1 + (size_t)rand() % 9000);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static const struct harness_test tests[] = {
	{ "fips_180_examples", fips_180_examples },
	{ "random_messages_match_openssl", random_messages_match_openssl },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("sha256", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
