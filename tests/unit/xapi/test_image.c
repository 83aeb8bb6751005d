/* SPDX-License-Identifier: MIT */
/*
 * Images: the freestanding SHA-256 Dom0 checks with agrees with OpenSSL's,
 * whatever the pieces; a bzImage's payload (gzip, xz, zstd) is unpacked
 * to what was packed; a bad payload is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <lzma.h>
#include <openssl/sha.h>
#include <zlib.h>
#include <zstd.h>
#include <xrt/sha256.h>
#include "suites.h"
#include "xapid/image.h"

static void sha256_matches_openssl(void)
{
	static uint8_t data[100000];
	uint8_t want[32], got[32];
	size_t sizes[] = { 0, 1, 55, 56, 63, 64, 65, 1000, sizeof(data) };
	struct sha256 s;
	size_t i, pos, piece;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 2654435761u >> 13);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		SHA256(data, sizes[i], want);
		sha256_init(&s);
		for (pos = 0; pos < sizes[i]; pos += piece) {
			piece = 1 + (pos * 7919) % 97;
			if (piece > sizes[i] - pos)
				piece = sizes[i] - pos;
			sha256_update(&s, data + pos, piece);
		}
		sha256_final(&s, got);
		CU_ASSERT(!memcmp(want, got, 32));
	}
}

/* A bzImage: boot sector + setup with "HdrS", then payload at 0x248/0x24c. */
static uint8_t *bzimage(const uint8_t *payload, size_t len, size_t *size)
{
	size_t setup = 2 * 512;	/* setup_sects 1, plus the boot sector */
	uint8_t *b = calloc(1, setup + len);

	b[0x1f1] = 1;
	memcpy(b + 0x202, "HdrS", 4);
	b[0x206] = 0x0f;	/* protocol 2.15 */
	b[0x207] = 0x02;
	b[0x248] = 0;		/* payload_offset 0 from the protected-mode code */
	b[0x24c] = (uint8_t)len;
	b[0x24d] = (uint8_t)(len >> 8);
	b[0x24e] = (uint8_t)(len >> 16);
	memcpy(b + setup, payload, len);
	*size = setup + len;
	return b;
}

static void check_unpack(const uint8_t *packed, size_t plen, const uint8_t *want,
			 size_t wlen)
{
	size_t size;
	uint8_t *b = bzimage(packed, plen, &size);

	CU_ASSERT_EQUAL(image_unpack_bzimage(&b, &size), 0);
	CU_ASSERT_EQUAL(size, wlen);
	CU_ASSERT(size == wlen && !memcmp(b, want, wlen));
	free(b);
}

static void bzimage_payloads(void)
{
	static uint8_t elf[200000], packed[300000];
	z_stream z = { 0 };
	size_t n, i, size;
	uint8_t *b;

	for (i = 0; i < sizeof(elf); i++)
		elf[i] = (uint8_t)(i % 251 ^ i >> 9);
	memcpy(elf, "\177ELF", 4);

	deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = elf;
	z.avail_in = sizeof(elf);
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	CU_ASSERT_EQUAL(deflate(&z, Z_FINISH), Z_STREAM_END);
	n = z.total_out;
	deflateEnd(&z);
	check_unpack(packed, n, elf, sizeof(elf));

	n = 0;
	CU_ASSERT_EQUAL(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, elf,
						sizeof(elf), packed, &n, sizeof(packed)),
			LZMA_OK);
	check_unpack(packed, n, elf, sizeof(elf));

	n = ZSTD_compress(packed, sizeof(packed), elf, sizeof(elf), 3);
	CU_ASSERT(!ZSTD_isError(n));
	check_unpack(packed, n, elf, sizeof(elf));

	/* Not a bzImage: unchanged.  A payload of none of the three: refused. */
	b = malloc(sizeof(elf));
	memcpy(b, elf, sizeof(elf));
	size = sizeof(elf);
	CU_ASSERT_EQUAL(image_unpack_bzimage(&b, &size), 0);
	CU_ASSERT(size == sizeof(elf) && !memcmp(b, elf, size));
	free(b);
	b = bzimage(elf, 1000, &size);
	CU_ASSERT_EQUAL(image_unpack_bzimage(&b, &size), -EINVAL);
	free(b);
	/* A truncated gzip stream: refused. */
	deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = elf;
	z.avail_in = sizeof(elf);
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	deflate(&z, Z_FINISH);
	n = z.total_out;
	deflateEnd(&z);
	b = bzimage(packed, n / 2, &size);
	CU_ASSERT_EQUAL(image_unpack_bzimage(&b, &size), -EINVAL);
	free(b);
}

int image_suite(void)
{
	CU_pSuite s = CU_add_suite("xapid-image", NULL, NULL);

	if (!s || !CU_add_test(s, "sha256-matches-openssl", sha256_matches_openssl) ||
	    !CU_add_test(s, "bzimage-payloads", bzimage_payloads))
		return -1;
	return 0;
}
