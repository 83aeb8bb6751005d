/* SPDX-License-Identifier: MIT */
/*
 * The runtime's SHA-256 on the host: linked with the very object Dom0
 * links (build/runtime/sha256.o), over 32 MiB of random bytes in pieces
 * of 32 KiB as the image upload gives them, beside OpenSSL's in the same
 * run.  Prints "ours MB/s openssl MB/s" (best of three passes each).
 * With an argument n it hashes n bytes once and prints nothing else, for
 * tests/bench/sha256.sh to count the instructions under valgrind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <xrt/sha256.h>

#define SIZE	(32u << 20)
#define PIECE	(32u << 10)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void ours(const uint8_t *data, size_t n, uint8_t out[32])
{
	struct sha256 s;
	size_t pos;

	sha256_init(&s);
	for (pos = 0; pos < n; pos += PIECE)
		sha256_update(&s, data + pos, n - pos < PIECE ? n - pos : PIECE);
	sha256_final(&s, out);
}

static void openssl(const uint8_t *data, size_t n, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	size_t pos;

	if (!c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)) {
		fprintf(stderr, "sha256-bench: OpenSSL's SHA-256 is not available\n");
		exit(1);
	}
	for (pos = 0; pos < n; pos += PIECE)
		EVP_DigestUpdate(c, data + pos, n - pos < PIECE ? n - pos : PIECE);
	EVP_DigestFinal_ex(c, out, NULL);
	EVP_MD_CTX_free(c);
}

/* MB/s of the best of three passes over n bytes. */
static double rate(void (*hash)(const uint8_t *, size_t, uint8_t *),
		   const uint8_t *data, size_t n, uint8_t out[32])
{
	double best = 0, t;
	int i;

	for (i = 0; i < 3; i++) {
		t = now();
		hash(data, n, out);
		t = now() - t;
		if (best == 0 || t < best)
			best = t;
	}
	return n / best / 1e6;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : SIZE, i;
	uint8_t *data = malloc(n ? n : 1), a[32], b[32];
	double mine, theirs;

	if (!data)
		return 1;
	srand(256);
	for (i = 0; i < n; i++)
		data[i] = (uint8_t)rand();
	if (argc > 1) {
		ours(data, n, a);
		return 0;
	}
	mine = rate(ours, data, n, a);
	theirs = rate(openssl, data, n, b);
	if (memcmp(a, b, sizeof(a))) {
		fprintf(stderr, "sha256-bench: the digests differ\n");
		return 1;
	}
	printf("%.1f %.1f\n", mine, theirs);
	free(data);
	return 0;
}
