/* SPDX-License-Identifier: MIT */
/* The management channel's framing: encoder, CRC-32, resynchronising decoder. */
#include <errno.h>
#include <string.h>
#include "frame.h"

/*
 * CRC-32 (reflected polynomial 0xedb88320) four bytes a step, "slicing by
 * 4": crc_table[0][i] is the CRC register after byte i, crc_table[k][i]
 * after byte i and k zero bytes, so one step xors the next four bytes in
 * and looks each of the register's bytes up in its own table.  Dom0
 * checks every image byte with it, under an emulator that charges per
 * instruction: a nibble at a time (two lookups a byte) it cost more than
 * the images' SHA-256.  The tables (4 KiB) are built on first use: every
 * user is single-threaded (xapid and xl run one event loop each, Dom0's
 * threads are cooperative).
 */
static uint32_t crc_table[4][256];
static int crc_ready;

static void crc_init(void)
{
	unsigned int i, k, bit;
	uint32_t c;

	for (i = 0; i < 256; i++) {
		for (c = i, bit = 0; bit < 8; bit++)
			c = c >> 1 ^ (0xedb88320u & -(c & 1));
		crc_table[0][i] = c;
	}
	for (k = 1; k < 4; k++)
		for (i = 0; i < 256; i++) {
			c = crc_table[k - 1][i];
			crc_table[k][i] = c >> 8 ^ crc_table[0][c & 0xff];
		}
	crc_ready = 1;
}

uint32_t frame_crc32(uint32_t crc, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	if (!crc_ready)
		crc_init();
	crc = ~crc;
	for (; n >= 4; n -= 4, p += 4) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = crc_table[3][crc & 0xff] ^ crc_table[2][crc >> 8 & 0xff] ^
		      crc_table[1][crc >> 16 & 0xff] ^ crc_table[0][crc >> 24];
	}
	while (n--)
		crc = crc >> 8 ^ crc_table[0][(crc ^ *p++) & 0xff];
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
