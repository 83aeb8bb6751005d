/* SPDX-License-Identifier: MIT */
/* The management channel's framing: encoder, CRC-32, resynchronising decoder. */
#include <errno.h>
#include <string.h>
#include "frame.h"

/* Nibble-at-a-time CRC-32 (reflected polynomial 0xedb88320): 64 bytes of table. */
static const uint32_t crc_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
	0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t frame_crc32(uint32_t crc, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc_nibble[crc & 15];
		crc = (crc >> 4) ^ crc_nibble[crc & 15];
	}
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
