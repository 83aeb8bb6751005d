/* SPDX-License-Identifier: MIT */
/*
 * xl's connection to xapid: its local socket (paths.h: $XAPID_SOCKET, else
 * the checkout's BUILD/run/xapid.sock), one request at a time, waiting
 * for each reply.
 */
#ifndef XL_CLIENT_H
#define XL_CLIENT_H

#include <stdint.h>
#include "proto/frame.h"
#include "proto/msg.h"

/* Connects.  0, or -errno with a sentence for the user in client_error(). */
int client_open(void);

/*
 * Sends request op (payload, len) and waits for its reply.  On success
 * returns 0 and points *reply and *reply_len at the reply's payload (valid
 * until the next call).  On failure returns -errno: Dom0's (or xapid's)
 * error, with its sentence in client_error().
 */
int client_call(uint16_t op, const void *payload, uint32_t len,
		const uint8_t **reply, uint32_t *reply_len);

/* client_call() for a request about channel chan (a console's domain). */
int client_call_chan(uint16_t op, uint32_t chan, const void *payload,
		     uint32_t len, const uint8_t **reply, uint32_t *reply_len);

/* Sends a request that gets no reply (CONSOLE_WRITE).  0 or -errno. */
int client_send(uint16_t op, uint32_t chan, const void *payload, uint32_t len);

/*
 * The socket's descriptor and the next frame from it (an event), for
 * `xl console': waits at most timeout_ms (-1: no limit).  1 with *f
 * filled (valid until the next call), 0 at the timeout, -errno when
 * xapid closed the connection.
 */
int client_fd(void);
int client_next_frame(struct frame *f, int timeout_ms);

/* client_call() with a message written by put (msg.h) as the payload. */
#define client_call_msg(op, put, m, reply, reply_len)                    \
	({                                                               \
		uint8_t buf_[1024];                                      \
		struct msg_buf b_;                                       \
		msg_buf_init(&b_, buf_, sizeof(buf_));                   \
		put(&b_, m);                                             \
		client_call(op, buf_, (uint32_t)b_.len, reply, reply_len); \
	})

/* client_call_msg() for messages too big for the stack (msg_create). */
#define client_call_msg_big(op, put, m, reply, reply_len)                 \
	({                                                               \
		static uint8_t big_[FRAME_MAX_PAYLOAD];                  \
		struct msg_buf b_;                                       \
		msg_buf_init(&b_, big_, sizeof(big_));                   \
		put(&b_, m);                                             \
		b_.err ? b_.err : client_call(op, big_, (uint32_t)b_.len, reply, reply_len); \
	})

/* What the last failure was, in a sentence. */
const char *client_error(void);

#endif
