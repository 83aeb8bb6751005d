/* SPDX-License-Identifier: MIT */
/* The management channel's framing: encoder, CRC-32, resynchronising decoder. */
#include <errno.h>
#include <string.h>
#include "frame.h"

/*
 * CRC-32 (reflected polynomial 0xedb88320) eight bytes a step, "slicing
 * by 8": crc_table[k][b] is the CRC of byte b followed by k zero bytes,
 * so one step folds eight bytes with eight independent lookups.  Dom0
 * checks every image byte with it, under an emulator that charges per
 * instruction and per load: about 3.5 instructions and 1.1 loads a byte
 * (a nibble at a time it was 14 instructions, more than the images'
 * SHA-256).  The 8 KiB of tables are built by the compiler, so there is
 * no state to set up at run time: the CRC is linear, an entry is the XOR
 * of the entries for its byte's set bits, and CRC_BASISk lists table k's
 * entries for the bytes 1, 2, 4 ... 128.
 */
#define CRC_BASIS0	0x77073096, 0xee0e612c, 0x076dc419, 0x0edb8832, \
			0x1db71064, 0x3b6e20c8, 0x76dc4190, 0xedb88320
#define CRC_BASIS1	0x191b3141, 0x32366282, 0x646cc504, 0xc8d98a08, \
			0x4ac21251, 0x958424a2, 0xf0794f05, 0x3b83984b
#define CRC_BASIS2	0x01c26a37, 0x0384d46e, 0x0709a8dc, 0x0e1351b8, \
			0x1c26a370, 0x384d46e0, 0x709a8dc0, 0xe1351b80
#define CRC_BASIS3	0xb8bc6765, 0xaa09c88b, 0x8f629757, 0xc5b428ef, \
			0x5019579f, 0xa032af3e, 0x9b14583d, 0xed59b63b
#define CRC_BASIS4	0x3d6029b0, 0x7ac05360, 0xf580a6c0, 0x30704bc1, \
			0x60e09782, 0xc1c12f04, 0x58f35849, 0xb1e6b092
#define CRC_BASIS5	0xcb5cd3a5, 0x4dc8a10b, 0x9b914216, 0xec53826d, \
			0x03d6029b, 0x07ac0536, 0x0f580a6c, 0x1eb014d8
#define CRC_BASIS6	0xa6770bb4, 0x979f1129, 0xf44f2413, 0x33ef4e67, \
			0x67de9cce, 0xcfbd399c, 0x440b7579, 0x8816eaf2
#define CRC_BASIS7	0xccaa009e, 0x4225077d, 0x844a0efa, 0xd3e51bb5, \
			0x7cbb312b, 0xf9766256, 0x299dc2ed, 0x533b85da

#define CRC_BITS(b, c0, c1, c2, c3, c4, c5, c6, c7)				\
	(((b) & 1 ? c0 : 0u) ^ ((b) & 2 ? c1 : 0u) ^ ((b) & 4 ? c2 : 0u) ^	\
	 ((b) & 8 ? c3 : 0u) ^ ((b) & 16 ? c4 : 0u) ^ ((b) & 32 ? c5 : 0u) ^	\
	 ((b) & 64 ? c6 : 0u) ^ ((b) & 128 ? c7 : 0u))
#define CRC_EXPAND(b, ...)	CRC_BITS(b, __VA_ARGS__)
#define CRC_ENTRY(b, k)		CRC_EXPAND(b, CRC_BASIS##k)
#define CRC_4(b, k)	CRC_ENTRY(b, k), CRC_ENTRY(b + 1, k), CRC_ENTRY(b + 2, k), \
			CRC_ENTRY(b + 3, k)
#define CRC_16(b, k)	CRC_4(b, k), CRC_4(b + 4, k), CRC_4(b + 8, k), CRC_4(b + 12, k)
#define CRC_64(b, k)	CRC_16(b, k), CRC_16(b + 16, k), CRC_16(b + 32, k), \
			CRC_16(b + 48, k)
#define CRC_TABLE(k)	{ CRC_64(0, k), CRC_64(64, k), CRC_64(128, k), CRC_64(192, k) }

static const uint32_t crc_table[8][256] = {
	CRC_TABLE(0), CRC_TABLE(1), CRC_TABLE(2), CRC_TABLE(3),
	CRC_TABLE(4), CRC_TABLE(5), CRC_TABLE(6), CRC_TABLE(7),
};

static uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint32_t frame_crc32(uint32_t crc, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint32_t lo, hi;

	crc = ~crc;
	for (; n >= 8; n -= 8, p += 8) {
		lo = crc ^ load32(p);
		hi = load32(p + 4);
		crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
		      crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
		      crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
		      crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
	}
	while (n--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

long frame_encode(uint8_t *out, uint16_t op, uint16_t flags, uint32_t id,
		  uint32_t chan, const void *payload, uint32_t len)
{
	if (len > FRAME_MAX_PAYLOAD)
		return -EMSGSIZE;
	put32(out, FRAME_MAGIC);
	put16(out + 4, op);
	put16(out + 6, flags);
	put32(out + 8, id);
	put32(out + 12, chan);
	put32(out + 16, len);
	put32(out + 20, frame_crc32(0, out, 20));
	if (len)
		memmove(out + FRAME_HEADER_SIZE, payload, len);
	put32(out + FRAME_HEADER_SIZE + len, frame_crc32(0, out + FRAME_HEADER_SIZE, len));
	return FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE;
}

void frame_decoder_init(struct frame_decoder *dec, uint8_t *buf)
{
	memset(dec, 0, sizeof(*dec));
	dec->buf = buf;
}

/* True while the bytes held could still start a frame (a magic prefix). */
static int magic_prefix_ok(const struct frame_decoder *dec)
{
	uint8_t magic[4];
	size_t n = dec->have < 4 ? dec->have : 4;

	put32(magic, FRAME_MAGIC);
	return memcmp(dec->buf, magic, n) == 0;
}

/* Drops the first held byte, then every byte up to the next magic prefix. */
static void resync(struct frame_decoder *dec)
{
	do {
		memmove(dec->buf, dec->buf + 1, --dec->have);
		dec->skipped++;
	} while (dec->have && !magic_prefix_ok(dec));
}

int frame_decode(struct frame_decoder *dec, const uint8_t *in, size_t n,
		 size_t *used, struct frame *out)
{
	size_t i = 0, need, take;
	uint32_t len;

	for (;;) {
		/* Until the magic is whole, bytes come one by one. */
		while (dec->have < 4 && i < n) {
			dec->buf[dec->have++] = in[i++];
			if (!magic_prefix_ok(dec)) {
				dec->have--;
				dec->skipped++;
			}
		}
		need = FRAME_HEADER_SIZE;
		if (dec->have >= FRAME_HEADER_SIZE) {
			if (get32(dec->buf + 20) != frame_crc32(0, dec->buf, 20)) {
				dec->bad_header++;
				resync(dec);
				*used = i;
				return -EBADMSG;
			}
			len = get32(dec->buf + 16);
			if (len > FRAME_MAX_PAYLOAD) {
				dec->oversize++;
				resync(dec);
				*used = i;
				return -EMSGSIZE;
			}
			need = FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE;
		}
		if (dec->have < need && i < n && dec->have >= 4) {
			take = need - dec->have < n - i ? need - dec->have : n - i;
			memcpy(dec->buf + dec->have, in + i, take);
			dec->have += take;
			i += take;
			continue;	/* the header may be whole now */
		}
		if (dec->have < need) {
			*used = i;
			return 0;
		}
		break;
	}
	len = get32(dec->buf + 16);
	if (get32(dec->buf + FRAME_HEADER_SIZE + len) !=
	    frame_crc32(0, dec->buf + FRAME_HEADER_SIZE, len)) {
		dec->bad_crc++;
		resync(dec);
		*used = i;
		return -EBADMSG;
	}
	out->op = get16(dec->buf + 4);
	out->flags = get16(dec->buf + 6);
	out->id = get32(dec->buf + 8);
	out->chan = get32(dec->buf + 12);
	out->len = len;
	out->payload = dec->buf + FRAME_HEADER_SIZE;
	dec->have = 0;
	*used = i;
	return 1;
}
