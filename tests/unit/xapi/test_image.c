/* SPDX-License-Identifier: MIT */
/*
 * Images: a bzImage's payload (gzip, xz, zstd) is unpacked
 * to what was packed; a bad payload is refused; the last kernel unpacked
 * is kept, by its file's identity and modification time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <lzma.h>
#include <openssl/sha.h>
#include <zlib.h>
#include <zstd.h>
#include "suites.h"
#include "xapid/image.h"

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

/* Writes a gzip bzImage of elf (n bytes) to path, with modification time mtime. */
static void write_bzimage(const char *path, const uint8_t *elf, size_t n, time_t mtime)
{
	static uint8_t packed[300000];
	struct timespec t[2] = { { mtime, 0 }, { mtime, 0 } };
	z_stream z = { 0 };
	size_t size;
	uint8_t *b;
	FILE *f;

	deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (uint8_t *)elf;
	z.avail_in = (uInt)n;
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	CU_ASSERT_EQUAL(deflate(&z, Z_FINISH), Z_STREAM_END);
	b = bzimage(packed, z.total_out, &size);
	deflateEnd(&z);
	/* In place (same inode), as a careless copy over the kernel would. */
	f = fopen(path, "r+b");
	if (!f)
		f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_EQUAL(fwrite(b, 1, size, f), size);
	fclose(f);
	free(b);
	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* Overwrites the payload's first bytes in place; the time set to mtime. */
static void spoil(const char *path, time_t mtime)
{
	struct timespec t[2] = { { mtime, 0 }, { mtime, 0 } };
	FILE *f = fopen(path, "r+b");

	CU_ASSERT_FATAL(f != NULL);
	fseek(f, 2 * 512, SEEK_SET);
	fwrite("XXXX", 1, 4, f);
	fclose(f);
	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void unpacked_kernel_kept(void)
{
	static uint8_t one[100000], two[100000];
	char path[] = "/tmp/xenolith-image-XXXXXX", why[200];
	struct host_image a, b;
	uint8_t sha[32];
	size_t i;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof(one); i++) {
		one[i] = (uint8_t)(1 + i % 13);
		two[i] = (uint8_t)(1 + i % 7);	/* packs to a different size */
	}
	memset(one + 2 * IMAGE_PAGE, 0, 3 * IMAGE_PAGE);	/* a zero run */
	write_bzimage(path, one, sizeof(one), 1000000);
	CU_ASSERT_EQUAL(image_read("kernel", path, true, &a, why, sizeof(why)), 0);
	CU_ASSERT(a.size == sizeof(one) && !memcmp(a.data, one, a.size));
	CU_ASSERT_FATAL(a.nr_zeros == 1);
	CU_ASSERT(a.zeros[0].offset == 2 * IMAGE_PAGE && a.zeros[0].len == 3 * IMAGE_PAGE);
	SHA256(one, sizeof(one), sha);
	CU_ASSERT(memcmp(a.digest, sha, 32) != 0);	/* the run is encoded */
	/* Read again: the same bytes, runs and digest, copies of its own. */
	CU_ASSERT_EQUAL(image_read("kernel", path, true, &b, why, sizeof(why)), 0);
	CU_ASSERT(b.size == a.size && b.data != a.data && !memcmp(b.data, one, b.size));
	CU_ASSERT_FATAL(b.nr_zeros == 1 && b.zeros != a.zeros);
	CU_ASSERT(!memcmp(b.zeros, a.zeros, sizeof(*a.zeros)));
	CU_ASSERT(!memcmp(b.digest, a.digest, 32));
	image_free(&b);
	image_free(&a);
	/*
	 * The payload spoilt with size and time kept: the kept copy is what
	 * is read (proof that nothing was decompressed); with a new time the
	 * file is read again and its payload refused.
	 */
	spoil(path, 1000000);
	CU_ASSERT_EQUAL(image_read("kernel", path, true, &a, why, sizeof(why)), 0);
	CU_ASSERT(a.size == sizeof(one) && !memcmp(a.data, one, a.size));
	image_free(&a);
	spoil(path, 1500000);
	CU_ASSERT_EQUAL(image_read("kernel", path, true, &a, why, sizeof(why)), -EINVAL);
	/* Rewritten with a new time: unpacked again. */
	write_bzimage(path, two, sizeof(two), 2000000);
	CU_ASSERT_EQUAL(image_read("kernel", path, true, &a, why, sizeof(why)), 0);
	CU_ASSERT(a.size == sizeof(two) && !memcmp(a.data, two, a.size));
	SHA256(two, sizeof(two), sha);
	CU_ASSERT(a.nr_zeros == 0 && !memcmp(a.digest, sha, 32));	/* no run: the file's */
	image_free(&a);
	/* Not unpacked (a ramdisk): read as it is, the kept kernel untouched. */
	CU_ASSERT_EQUAL(image_read("ramdisk", path, false, &a, why, sizeof(why)), 0);
	CU_ASSERT(a.size > 2 * 512 && a.data[0x202] == 'H');
	image_free(&a);
	unlink(path);
}

int image_suite(void)
{
	CU_pSuite s = CU_add_suite("xapid-image", NULL, NULL);

	if (!s || !CU_add_test(s, "bzimage-payloads", bzimage_payloads) ||
	    !CU_add_test(s, "unpacked-kernel-kept", unpacked_kernel_kept))
		return -1;
	return 0;
}
