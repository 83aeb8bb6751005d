/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: hostile bytes on the management channel.  The input
 * is cut into pieces of varying size (the first byte seeds the sizes) and
 * fed to the frame decoder as the serial line would; every frame that
 * comes out is handed to the reader of its operation, as Dom0's agent and
 * xapid do.  Nothing may crash, overrun or leak; a frame the decoder
 * accepts must have a length within bounds and a payload inside its buffer.
 */
#include <stdlib.h>
#include <string.h>
#include "proto/frame.h"
#include "proto/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_payload(const struct frame *f)
{
	struct msg_rd r;
	union {
		struct msg_hello hello;
		struct msg_error error;
		struct msg_domid domid;
		struct msg_physinfo physinfo;
		struct msg_shutdown shutdown;
		struct msg_mem mem;
		struct msg_vcpu_pin pin;
		struct msg_sched sched;
		struct msg_domspec spec;
		struct msg_upload_data up;
		struct msg_upload_zero zero;
		struct msg_rename rename;
		struct msg_dominfo dominfo;
		struct msg_vcpuinfo vcpu;
		struct msg_exit exit;
		struct msg_usage usage;
	} m;
	uint32_t n;

	msg_rd_init(&r, f->payload, f->len);
	if (f->flags & FRAME_ERROR) {
		msg_get_error(&r, &m.error);
		return;
	}
	switch (f->op) {
	case OP_HELLO: msg_get_hello(&r, &m.hello); break;
	case OP_DESTROY: case OP_PAUSE: case OP_UNPAUSE: case OP_EV_GONE:
		msg_get_domid(&r, &m.domid); break;
	case OP_INFO: msg_get_physinfo(&r, &m.physinfo); break;
	case OP_SHUTDOWN: msg_get_shutdown(&r, &m.shutdown); break;
	case OP_MEM_SET: case OP_MEM_MAX: msg_get_mem(&r, &m.mem); break;
	case OP_VCPU_PIN: msg_get_vcpu_pin(&r, &m.pin); break;
	case OP_SCHED_GET: case OP_SCHED_SET: msg_get_sched(&r, &m.sched); break;
	case OP_CREATE: msg_get_domspec(&r, &m.spec); break;
	case OP_UPLOAD_DATA:
		if (!msg_get_upload_data(&r, &m.up) && m.up.len &&
		    (m.up.data < f->payload ||
		     m.up.data + m.up.len > f->payload + f->len))
			abort();
		break;
	case OP_UPLOAD_ZERO: msg_get_upload_zero(&r, &m.zero); break;
	case OP_RENAME: msg_get_rename(&r, &m.rename); break;
	case OP_USAGE: msg_get_usage(&r, &m.usage); break;
	case OP_EV_DOMAIN: msg_get_dominfo(&r, &m.dominfo); break;
	case OP_LIST: case OP_VCPU_LIST: case OP_EXITS:
		n = msg_get_u32(&r);
		while (n-- && !r.err) {
			if (f->op == OP_LIST)
				msg_get_dominfo(&r, &m.dominfo);
			else if (f->op == OP_VCPU_LIST)
				msg_get_vcpuinfo(&r, &m.vcpu);
			else
				msg_get_exit(&r, &m.exit);
		}
		msg_rd_end(&r);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[FRAME_MAX_SIZE];
	struct frame_decoder dec;
	struct frame f;
	size_t pos = 1, piece, used;
	unsigned int seed;
	int rc;

	if (!size)
		return 0;
	seed = data[0];
	frame_decoder_init(&dec, buf);
	while (pos < size) {
		piece = 1 + (seed = seed * 1103515245 + 12345) % 64;
		if (piece > size - pos)
			piece = size - pos;
		rc = frame_decode(&dec, data + pos, piece, &used, &f);
		if (used > piece || dec.have > FRAME_MAX_SIZE)
			abort();
		pos += used;
		if (rc == 1) {
			if (f.len > FRAME_MAX_PAYLOAD)
				abort();
			read_payload(&f);
		}
	}
	return 0;
}
