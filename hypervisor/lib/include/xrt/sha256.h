/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4) in the shared freestanding runtime: Dom0's domain
 * builder checks each uploaded image against the hash the host computed
 * (with OpenSSL).  Incremental, so an image streamed in pieces is hashed
 * as it passes; no allocation, no global state.
 */
#ifndef XRT_SHA256_H
#define XRT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;		/* hashed so far */
	uint8_t block[64];	/* the partial block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the digest; s must be initialised again before reuse. */
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
