/* SPDX-License-Identifier: MIT */
/*
 * The host's side of a domain's images: read from their host paths, a
 * Linux bzImage unpacked to the ELF kernel inside it (its payload
 * compressed with gzip, xz or zstd: zlib, liblzma, libzstd), and hashed
 * with SHA-256 (OpenSSL) for Dom0 to check.
 */
#ifndef XAPID_IMAGE_H
#define XAPID_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct host_image {
	uint8_t *data;		/* malloc'd */
	size_t size;
	uint8_t sha256[32];
};

/*
 * Reads path into img (with unpack, a bzImage's payload decompressed:
 * the kernel wants its ELF).  0, or -errno with a sentence in why ("kernel:
 * /boot/x: No such file or directory").  what names the image ("kernel").
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

void image_free(struct host_image *img);

#endif
