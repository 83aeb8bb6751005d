/* SPDX-License-Identifier: MIT */
/*
 * The management channel's frames: how Dom0's agent and the host's xapid
 * cut a byte stream (a serial line or a virtio-console port) into messages.
 * docs/xapi-protocol.md describes the format for readers of the wire.
 *
 * This file is freestanding (it needs only memcpy, memmove, memset): Dom0
 * compiles it against the one freestanding runtime, the host against libc.
 *
 * A frame is a 24-byte header, the payload, and a CRC-32 of the payload:
 *
 *	0  4  magic "XLF1"
 *	4  2  op (enum frame_op)
 *	6  2  flags (FRAME_REPLY, FRAME_ERROR, FRAME_EVENT)
 *	8  4  id: the request's number; its reply carries the same; events 0
 *	12 4  chan: a xenstore connection or a console's domain id, else 0
 *	16 4  len: payload bytes, at most FRAME_MAX_PAYLOAD
 *	20 4  CRC-32 of bytes 0..19
 *	24 len payload, then 4 bytes: CRC-32 of the payload
 *
 * Every integer is little-endian.  The header has a CRC of its own so that
 * a corrupt length is refused before the decoder waits for its payload;
 * the decoder resynchronises on the next magic after any bad byte, so a
 * peer that restarts mid-frame (QEMU killed, Dom0 rebooted) costs one
 * frame, never the channel.
 */
#ifndef XAPI_PROTO_FRAME_H
#define XAPI_PROTO_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_MAGIC		0x31464c58u	/* "XLF1" read little-endian */
#define FRAME_HEADER_SIZE	24
#define FRAME_TRAILER_SIZE	4
/* The largest payload: an upload chunk of 32 KiB plus its fields fits. */
#define FRAME_MAX_PAYLOAD	(64u * 1024)
#define FRAME_MAX_SIZE	(FRAME_HEADER_SIZE + FRAME_MAX_PAYLOAD + FRAME_TRAILER_SIZE)

/* flags */
#define FRAME_REPLY	0x1	/* the answer to request `id` */
#define FRAME_ERROR	0x2	/* with FRAME_REPLY: payload is struct msg_error */
#define FRAME_EVENT	0x4	/* unsolicited, from Dom0 (id is 0) */

/*
 * Operations.  A request is sent by the host; Dom0 answers each with one
 * reply (FRAME_REPLY, or FRAME_REPLY|FRAME_ERROR).  Events flow from Dom0
 * unasked.  msg.h gives each payload's layout.
 */
enum frame_op {
	OP_HELLO = 1,		/* versions; Dom0 also sends it as an event when it starts */
	OP_XS_OPEN = 2,		/* chan: open a privileged xenstore connection */
	OP_XS_DATA = 3,		/* chan: xenstore wire bytes, either way (no reply) */
	OP_XS_CLOSE = 4,	/* chan: close it (its watches and transactions go) */
	OP_LIST = 10,		/* the domains: struct msg_dominfo each */
	OP_INFO = 11,		/* the host: struct msg_physinfo */
	OP_DESTROY = 12,	/* struct msg_domid */
	OP_PAUSE = 13,		/* struct msg_domid */
	OP_UNPAUSE = 14,	/* struct msg_domid */
	OP_SHUTDOWN = 15,	/* struct msg_shutdown: through control/shutdown */
	OP_MEM_SET = 16,	/* struct msg_mem: the target (memory/target) */
	OP_MEM_MAX = 17,	/* struct msg_mem: the maximum (max_mem) */
	OP_VCPU_LIST = 18,	/* struct msg_domid -> struct msg_vcpuinfo each */
	OP_VCPU_PIN = 19,	/* struct msg_vcpu_pin */
	OP_SCHED_GET = 20,	/* struct msg_domid -> struct msg_sched */
	OP_SCHED_SET = 21,	/* struct msg_sched */
	OP_DMESG = 22,		/* the hypervisor's console ring, text */
	OP_EXITS = 23,		/* struct msg_domid -> struct msg_exit each */
	OP_CONSOLE_OPEN = 24,	/* chan = domid: stream its console as events */
	OP_CONSOLE_WRITE = 25,	/* chan = domid: bytes into its console input */
	OP_CONSOLE_CLOSE = 26,	/* chan = domid */
	OP_USAGE = 27,		/* struct msg_domid -> struct msg_usage */
	OP_UPLOAD_BEGIN = 30,	/* struct msg_upload_begin -> struct msg_upload */
	OP_UPLOAD_DATA = 31,	/* struct msg_upload_data */
	OP_UPLOAD_END = 32,	/* struct msg_domid: check the digests, finish */
	OP_CREATE = 33,		/* struct msg_domspec -> struct msg_domid */
	OP_RENAME = 34,		/* struct msg_rename */
	OP_UPLOAD_ZERO = 35,	/* struct msg_upload_zero: a run of zero bytes */
	OP_EV_DOMAIN = 40,	/* event: struct msg_dominfo of a changed domain */
	OP_EV_CONSOLE = 41,	/* event, chan = domid: console output bytes */
	OP_EV_GONE = 42,	/* event: struct msg_domid of a domain gone */
	OP_BLOCK_ATTACH = 50,	/* struct msg_block */
	OP_BLOCK_DETACH = 51,	/* struct msg_block (disk.vdev only) */
	OP_BLOCK_LIST = 52,	/* struct msg_domid -> struct msg_blockinfo each */
	OP_NET_ATTACH = 53,	/* struct msg_net -> struct msg_net (the devid given) */
	OP_NET_DETACH = 54,	/* struct msg_net (devid only) */
	OP_NET_LIST = 55,	/* struct msg_domid -> struct msg_netinfo each */
};

/* A decoded frame; payload points into the decoder's buffer. */
struct frame {
	uint16_t op, flags;
	uint32_t id, chan, len;
	const uint8_t *payload;
};

/* CRC-32 (IEEE 802.3, as zlib's crc32) of n bytes, continuing from crc. */
uint32_t frame_crc32(uint32_t crc, const void *buf, size_t n);

/*
 * Writes the frame (header, payload, trailer) into out, which must hold
 * FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE bytes.  Returns the bytes
 * written, or -EMSGSIZE when len exceeds FRAME_MAX_PAYLOAD.
 */
long frame_encode(uint8_t *out, uint16_t op, uint16_t flags, uint32_t id,
		  uint32_t chan, const void *payload, uint32_t len);

/*
 * The incremental decoder: bytes go in as they arrive, in pieces of any
 * size; whole, checked frames come out.  buf is the caller's (at least
 * FRAME_MAX_SIZE bytes: Dom0 gives a static array, the host malloc's one).
 * Counters say what was thrown away, for logs and tests.
 */
struct frame_decoder {
	uint8_t *buf;
	size_t have;		/* bytes of the current frame held in buf */
	unsigned long bad_header, bad_crc, oversize, skipped;
};

void frame_decoder_init(struct frame_decoder *dec, uint8_t *buf);

/*
 * Takes bytes from in[0..n) until a frame is complete.  *used says how
 * many were taken.  Returns 1 with *out filled (valid until the next call),
 * 0 when all n were taken and no frame is complete yet, or a negative
 * errno when a frame was refused: -EBADMSG (a CRC did not match),
 * -EMSGSIZE (a length over FRAME_MAX_PAYLOAD).  After an error the decoder
 * has already resynchronised; call again with the rest of the input.
 */
int frame_decode(struct frame_decoder *dec, const uint8_t *in, size_t n,
		 size_t *used, struct frame *out);

#endif
