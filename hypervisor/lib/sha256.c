/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 as FIPS 180-4 defines it: 64 rounds over 512-bit blocks.
 *
 * Written for instruction count: Dom0 hashes every byte of every image it
 * loads, under an emulator that charges per guest instruction and offers
 * no SHA extensions (nor, to Dom0, vector registers).  So:
 * - whole blocks are hashed where the caller's buffer holds them; only a
 *   block split between two updates is gathered in the context;
 * - a message word is one unaligned 32-bit load and a byte swap (x86 is
 *   little-endian, SHA-256 big-endian);
 * - all 64 rounds are unrolled, by macros whose arguments rotate: the
 *   eight working variables are renamed instead of moved, every schedule
 *   index is a constant and every round constant an immediate operand
 *   (a memory load fewer per round);
 * - the schedule is a rolling window of 16 words: W[t] overwrites W[t-16]
 *   in the round that uses it (FIPS 180-4 6.2.2 step 1, the same values in
 *   a quarter of the space, and no reload of the word just computed);
 * - each Sigma is written as nested rotations, three rotates and two xors
 *   with no copies of its input (x86 rotates in place), and Ch and Maj in
 *   forms of three operations, Maj reusing a ^ b of the round before
 *   (that round's a and b are this one's b and c).
 */
#include <string.h>
#include <xrt/sha256.h>

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static inline uint32_t load_be32(const uint8_t *p)
{
	uint32_t x;

	__builtin_memcpy(&x, p, 4);	/* one load, alignment free */
	return __builtin_bswap32(x);
}

static inline void store_be32(uint8_t *p, uint32_t x)
{
	x = __builtin_bswap32(x);
	__builtin_memcpy(p, &x, 4);
}

/* ror 2 ^ ror 13 ^ ror 22, and ror 6 ^ ror 11 ^ ror 25 (FIPS 180-4 4.1.2). */
#define SIGMA0(a)	ror(ror(ror(a, 9) ^ (a), 11) ^ (a), 2)
#define SIGMA1(e)	ror(ror(ror(e, 14) ^ (e), 5) ^ (e), 6)
/* ror 7 ^ ror 18 ^ shr 3, and ror 17 ^ ror 19 ^ shr 10. */
#define sigma0(x)	(ror(ror(x, 11) ^ (x), 7) ^ (x) >> 3)
#define sigma1(x)	(ror(ror(x, 2) ^ (x), 17) ^ (x) >> 10)
/* Ch picks f where e is set, else g: g ^ (e & (f ^ g)). */
#define CH(e, f, g)	((g) ^ ((e) & ((f) ^ (g))))

/*
 * W[t]: a message word for t < 16; after that sigma1(W[t-2]) + W[t-7] +
 * sigma0(W[t-15]) + W[t-16], stored in the slot of W[t-16], which no
 * later round reads.  t is a constant: the compiler makes the choice and
 * picks the slots.
 */
#define W(t)								\
	((t) < 16 ? w[(t) & 15] :					\
	 (w[(t) & 15] += sigma1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] +	\
			 sigma0(w[((t) - 15) & 15])))

/*
 * Round t.  T1 accumulates in h; d += T1 makes the new e, and h (+ T2)
 * the new a.  Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), with b ^ c the
 * a ^ b the previous round left in bc.
 */
#define ROUND(a, b, c, d, e, f, g, h, t) do {				\
	h += SIGMA1(e) + CH(e, f, g) + k[t] + W(t);			\
	d += h;								\
	ab = (a) ^ (b);							\
	h += SIGMA0(a) + ((b) ^ (ab & bc));				\
	bc = ab;							\
} while (0)

/* Eight rounds from t bring the variables back to their places. */
#define ROUNDS8(t) do {							\
	ROUND(a, b, c, d, e, f, g, h, (t));				\
	ROUND(h, a, b, c, d, e, f, g, (t) + 1);				\
	ROUND(g, h, a, b, c, d, e, f, (t) + 2);				\
	ROUND(f, g, h, a, b, c, d, e, (t) + 3);				\
	ROUND(e, f, g, h, a, b, c, d, (t) + 4);				\
	ROUND(d, e, f, g, h, a, b, c, (t) + 5);				\
	ROUND(c, d, e, f, g, h, a, b, (t) + 6);				\
	ROUND(b, c, d, e, f, g, h, a, (t) + 7);				\
} while (0)
#define ROUNDS16(t)	do { ROUNDS8(t); ROUNDS8((t) + 8); } while (0)

/* Hashes n whole blocks from p into s. */
static void compress(uint32_t s[8], const uint8_t *p, size_t n)
{
	uint32_t w[16], a, b, c, d, e, f, g, h, ab, bc;
	unsigned int j;

	for (; n; n--, p += 64) {
		for (j = 0; j < 16; j++)
			w[j] = load_be32(p + 4 * j);
		a = s[0]; b = s[1]; c = s[2]; d = s[3];
		e = s[4]; f = s[5]; g = s[6]; h = s[7];
		bc = b ^ c;
		ROUNDS16(0);
		ROUNDS16(16);
		ROUNDS16(32);
		ROUNDS16(48);
		s[0] += a; s[1] += b; s[2] += c; s[3] += d;
		s[4] += e; s[5] += f; s[6] += g; s[7] += h;
	}
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
	s->bytes = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = s->bytes % 64, take;

	s->bytes += len;
	if (used) {
		take = 64 - used < len ? 64 - used : len;
		memcpy(s->block + used, p, take);
		p += take;
		len -= take;
		if (used + take < 64)
			return;
		compress(s->h, s->block, 1);
	}
	compress(s->h, p, len / 64);
	p += len & ~(size_t)63;
	memcpy(s->block, p, len % 64);
}

void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = s->bytes * 8;
	size_t used = s->bytes % 64;
	unsigned int i;

	s->block[used++] = 0x80;
	if (used > 56) {
		memset(s->block + used, 0, 64 - used);
		compress(s->h, s->block, 1);
		used = 0;
	}
	memset(s->block + used, 0, 56 - used);
	store_be32(s->block + 56, (uint32_t)(bits >> 32));
	store_be32(s->block + 60, (uint32_t)bits);
	compress(s->h, s->block, 1);
	for (i = 0; i < 8; i++)
		store_be32(digest + 4 * i, s->h[i]);
}
