/* SPDX-License-Identifier: MIT */
/* Images on the host: read, bzImage unpacked, zero runs, digest (image.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <zstd.h>
#include <sys/stat.h>
#include "image.h"
#include "proto/msg.h"

#define MAX_IMAGE	(512u << 20)	/* larger is a mistake */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Appends to a growing output buffer; NULL when out of memory or too big. */
static uint8_t *grow(uint8_t *out, size_t *cap, size_t need)
{
	uint8_t *bigger;

	if (need <= *cap)
		return out;
	if (need > MAX_IMAGE)
		return NULL;
	*cap = need * 2 > MAX_IMAGE ? MAX_IMAGE : need * 2;
	bigger = realloc(out, *cap);
	if (!bigger)
		free(out);
	return bigger;
}

static int gunzip(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	z_stream z = { .next_in = (Bytef *)in, .avail_in = (uInt)len };
	size_t cap = len * 4, n = 0;
	uint8_t *buf = malloc(cap);
	int rc;

	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -ENOMEM;
	}
	do {
		if (!(buf = grow(buf, &cap, n + 65536))) {
			inflateEnd(&z);
			return -ENOMEM;
		}
		z.next_out = buf + n;
		z.avail_out = (uInt)(cap - n);
		rc = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

static int unxz(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = len * 4, n = 0;
	uint8_t *buf = malloc(cap);
	lzma_ret rc;

	if (!buf || lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
		free(buf);
		return -ENOMEM;
	}
	s.next_in = in;
	s.avail_in = len;
	do {
		if (!(buf = grow(buf, &cap, n + 65536))) {
			lzma_end(&s);
			return -ENOMEM;
		}
		s.next_out = buf + n;
		s.avail_out = cap - n;
		rc = lzma_code(&s, LZMA_FINISH);
		n = cap - s.avail_out;
	} while (rc == LZMA_OK);
	lzma_end(&s);
	if (rc != LZMA_STREAM_END) {
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

static int unzstd(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	size_t cap = len * 4, rc = 1;
	uint8_t *buf = malloc(cap);
	ZSTD_outBuffer ob = { buf, cap, 0 };

	if (!z || !buf) {
		ZSTD_freeDStream(z);
		free(buf);
		return -ENOMEM;
	}
	while (rc && ib.pos < ib.size) {
		if (!(buf = grow(buf, &cap, ob.pos + 65536))) {
			ZSTD_freeDStream(z);
			return -ENOMEM;
		}
		ob.dst = buf;
		ob.size = cap;
		rc = ZSTD_decompressStream(z, &ob, &ib);
		if (ZSTD_isError(rc))
			break;
	}
	ZSTD_freeDStream(z);
	if (rc) {	/* an error, or a frame left unfinished */
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	*out_len = ob.pos;
	return 0;
}

int image_unpack_bzimage(uint8_t **data, size_t *size)
{
	const uint8_t *d = *data;
	uint32_t setup, off, len;
	const uint8_t *p;
	uint8_t *out = NULL;
	size_t out_len = 0;
	int rc;

	/* The boot protocol's header: "HdrS" at 0x202, version 2.08+ for the payload fields. */
	if (*size < 0x250 || memcmp(d + 0x202, "HdrS", 4))
		return 0;
	setup = (d[0x1f1] ? d[0x1f1] : 4) + 1;
	off = le32(d + 0x248);
	len = le32(d + 0x24c);
	if (d[0x206] | d[0x207] << 8) {
		if ((d[0x206] | d[0x207] << 8) < 0x208)
			return -EINVAL;
	}
	if ((uint64_t)setup * 512 + off + len > *size || len < 6)
		return -EINVAL;
	p = d + setup * 512 + off;
	if (p[0] == 0x1f && p[1] == 0x8b)
		rc = gunzip(p, len, &out, &out_len);
	else if (!memcmp(p, "\xfd" "7zXZ", 5))
		rc = unxz(p, len, &out, &out_len);
	else if (!memcmp(p, "\x28\xb5\x2f\xfd", 4))
		rc = unzstd(p, len, &out, &out_len);
	else
		rc = -EINVAL;
	if (rc)
		return rc;
	free(*data);
	*data = out;
	*size = out_len;
	return 0;
}

/*
 * The last kernel unpacked, by the file it came from: unpacking Debian's
 * xz bzImage takes seconds, and the same kernel is created again and
 * again (each `xl create`, each on_reboot restart).
 */
static struct {
	bool valid;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct host_image img;
} unpacked;

static bool same_file(const struct stat *st)
{
	return unpacked.valid && unpacked.dev == st->st_dev &&
	       unpacked.ino == st->st_ino && unpacked.size == st->st_size &&
	       unpacked.mtime.tv_sec == st->st_mtim.tv_sec &&
	       unpacked.mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* A copy of src into dst (nothing on failure); false when out of memory. */
static bool copy_image(struct host_image *dst, const struct host_image *src)
{
	*dst = *src;
	dst->data = malloc(src->size);
	dst->zeros = src->nr_zeros ? malloc(src->nr_zeros * sizeof(*src->zeros)) : NULL;
	if (!dst->data || (src->nr_zeros && !dst->zeros)) {
		image_free(dst);
		return false;
	}
	memcpy(dst->data, src->data, src->size);
	if (src->nr_zeros)
		memcpy(dst->zeros, src->zeros, src->nr_zeros * sizeof(*src->zeros));
	return true;
}

/* Keeps a copy of img as the file st's unpacked kernel (if memory allows). */
static void keep_unpacked(const struct stat *st, const struct host_image *img)
{
	struct host_image copy;

	if (!copy_image(&copy, img))
		return;
	image_free(&unpacked.img);
	unpacked.img = copy;
	unpacked.dev = st->st_dev;
	unpacked.ino = st->st_ino;
	unpacked.size = st->st_size;
	unpacked.mtime = st->st_mtim;
	unpacked.valid = true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
}

int image_find_zeros(const uint8_t *data, size_t size,
		     struct image_zero_run **runs, size_t *nr)
{
	struct image_zero_run *list = NULL, *bigger;
	size_t cap = 0, n = 0, off, len;

	for (off = 0; off < size; off += len) {
		len = size - off < IMAGE_PAGE ? size - off : IMAGE_PAGE;
		if (!all_zero(data + off, len))
			continue;
		if (n && list[n - 1].offset + list[n - 1].len == off) {
			list[n - 1].len += len;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			bigger = realloc(list, cap * sizeof(*list));
			if (!bigger) {
				free(list);
				return -ENOMEM;
			}
			list = bigger;
		}
		list[n++] = (struct image_zero_run){ off, len };
	}
	*runs = list;
	*nr = n;
	return 0;
}

int image_digest(struct host_image *img)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t run[MSG_ZERO_RUN_SIZE];
	uint64_t at = 0, end;
	size_t i;
	bool ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (i = 0; ok && i <= img->nr_zeros; i++) {
		end = i < img->nr_zeros ? img->zeros[i].offset : img->size;
		ok = EVP_DigestUpdate(ctx, img->data + at, end - at);
		if (ok && i < img->nr_zeros) {
			msg_zero_run_encode(run, img->zeros[i].offset, img->zeros[i].len);
			ok = EVP_DigestUpdate(ctx, run, sizeof(run));
			at = end + img->zeros[i].len;
		}
	}
	ok = ok && EVP_DigestFinal_ex(ctx, img->digest, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -ENOMEM;
}

int image_read(const char *what, const char *path, bool unpack,
	       struct host_image *img, char *why, size_t why_size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n;
	struct stat st;
	bool known;
	int rc = 0;

	memset(img, 0, sizeof(*img));
	if (!f) {
		rc = -errno;
		snprintf(why, why_size, "%s: %s: %s", what, path, strerror(errno));
		return rc;
	}
	/* The file opened is the one compared: a rename over path is seen. */
	known = unpack && !fstat(fileno(f), &st) && S_ISREG(st.st_mode);
	if (known && same_file(&st) && copy_image(img, &unpacked.img)) {
		fclose(f);
		return 0;
	}
	do {
		if (!(img->data = grow(img->data, &cap, img->size + 65536))) {
			rc = -ENOMEM;
			break;
		}
		n = fread(img->data + img->size, 1, cap - img->size, f);
		img->size += n;
	} while (n);
	if (!rc && ferror(f))
		rc = -EIO;
	fclose(f);
	if (!rc && !img->size)
		rc = -EINVAL;
	if (!rc && unpack)
		rc = image_unpack_bzimage(&img->data, &img->size);
	if (!rc)
		rc = image_find_zeros(img->data, img->size, &img->zeros, &img->nr_zeros);
	if (!rc)
		rc = image_digest(img);
	if (rc) {
		snprintf(why, why_size, "%s: %s: %s", what, path,
			 rc == -EINVAL ? "empty, or a bzImage whose payload is not "
			 "gzip, xz or zstd or does not decompress" : strerror(-rc));
		image_free(img);
		return rc;
	}
	if (known)
		keep_unpacked(&st, img);
	return 0;
}

void image_free(struct host_image *img)
{
	free(img->data);
	free(img->zeros);
	img->data = NULL;
	img->zeros = NULL;
	img->size = 0;
	img->nr_zeros = 0;
}
