/* SPDX-License-Identifier: MIT */
/*
 * The host's side of a domain's images: read from their host paths, a
 * Linux bzImage unpacked to the ELF kernel inside it (its payload
 * compressed with gzip, xz or zstd: zlib, liblzma, libzstd), its runs of
 * zero pages found (they are uploaded as OP_UPLOAD_ZERO records, not as
 * bytes), and its upload digest computed with OpenSSL for Dom0 to check
 * (msg.h: SHA-256 of the data bytes, each zero run as its encoding).
 */
#ifndef XAPID_IMAGE_H
#define XAPID_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_PAGE	4096	/* zero runs are whole pages of the file */

/* size zero bytes at offset of an image. */
struct image_zero_run {
	uint64_t offset, len;
};

struct host_image {
	uint8_t *data;		/* malloc'd */
	size_t size;
	struct image_zero_run *zeros;	/* malloc'd, in order, none adjacent */
	size_t nr_zeros;
	uint8_t digest[32];	/* the upload digest (msg.h) */
};

/*
 * Reads path into img (with unpack, a bzImage's payload decompressed:
 * the kernel wants its ELF), with its zero runs and upload digest.  0, or
 * -errno with a sentence in why ("kernel: /boot/x: No such file or
 * directory").  what names the image ("kernel").
 * The last image read with unpack is kept (one, in memory): reading the
 * same file again (device, inode, size and modification time unchanged)
 * copies it instead of decompressing and hashing again.
 */
int image_read(const char *what, const char *path, bool unpack,
	       struct host_image *img, char *why, size_t why_size);

/*
 * If data (size bytes) is a bzImage, replaces it by its decompressed
 * payload.  0 (unchanged when not a bzImage), -EINVAL (a bzImage whose
 * payload is not gzip, xz or zstd, or does not decompress), -ENOMEM.
 */
int image_unpack_bzimage(uint8_t **data, size_t *size);

/*
 * The runs of zeros in data (size bytes): each a maximal sequence of whole
 * IMAGE_PAGE pages of the file (offsets multiple of IMAGE_PAGE) that hold
 * only zeros, the last page of the file counting even when shorter.  Into
 * *runs (malloc'd, NULL when none) and *nr.  0 or -ENOMEM.
 */
int image_find_zeros(const uint8_t *data, size_t size,
		     struct image_zero_run **runs, size_t *nr);

/*
 * img's upload digest from its data and zero runs into img->digest: the
 * bytes outside the runs as they are, each run as msg_zero_run_encode().
 * 0, or -ENOMEM when OpenSSL could not allocate.
 */
int image_digest(struct host_image *img);

void image_free(struct host_image *img);

#endif
