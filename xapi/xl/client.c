/* SPDX-License-Identifier: MIT */
/* xl's blocking client of xapid's local socket. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "config/paths.h"
#include "client.h"
#include "proto/frame.h"

static int fd = -1;
static uint32_t next_id = 1;
static char error_text[PATH_MAX + 512];
static uint8_t *dec_buf;
static struct frame_decoder dec;

const char *client_error(void)
{
	return error_text;
}

int client_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[PATH_MAX];
	int rc = paths_get(PATH_SOCKET, path, sizeof(path));

	if (rc) {
		snprintf(error_text, sizeof(error_text),
			 "cannot work out xapid's socket: %s", strerror(-rc));
		return rc;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(error_text, sizeof(error_text),
			 "xapid's socket path is too long: %s", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	dec_buf = malloc(FRAME_MAX_SIZE);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!dec_buf || fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		snprintf(error_text, sizeof(error_text),
			 "cannot reach xapid at %s: %s (is it running? `make run` "
			 "starts it; XAPID_SOCKET names another)", path, strerror(errno));
		return rc;
	}
	frame_decoder_init(&dec, dec_buf);
	return 0;
}

static int send_all(const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int client_fd(void)
{
	return fd;
}

int client_send(uint16_t op, uint32_t chan, const void *payload, uint32_t len)
{
	uint8_t *buf = malloc(FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE);
	long size;
	int rc;

	if (!buf)
		return -ENOMEM;
	size = frame_encode(buf, op, 0, next_id++, chan, payload, len);
	rc = size < 0 ? (int)size : send_all(buf, (size_t)size);
	free(buf);
	return rc;
}

/* Bytes read from the socket and not yet decoded. */
static uint8_t pending[4096];
static size_t pending_len, pending_pos;

int client_next_frame(struct frame *f, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t used;
	ssize_t n;
	int rc;

	for (;;) {
		while (pending_pos < pending_len) {
			rc = frame_decode(&dec, pending + pending_pos,
					  pending_len - pending_pos, &used, f);
			pending_pos += used;
			if (rc == 1)
				return 1;
		}
		rc = poll(&p, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return rc < 0 ? -errno : 0;
		n = read(fd, pending, sizeof(pending));
		if (n <= 0)
			return -ECONNRESET;
		pending_len = (size_t)n;
		pending_pos = 0;
	}
}

int client_call(uint16_t op, const void *payload, uint32_t len,
		const uint8_t **reply, uint32_t *reply_len)
{
	return client_call_chan(op, 0, payload, len, reply, reply_len);
}

int client_call_chan(uint16_t op, uint32_t chan, const void *payload,
		     uint32_t len, const uint8_t **reply, uint32_t *reply_len)
{
	uint32_t id = next_id;
	static uint8_t *kept;
	struct msg_error e;
	struct msg_rd r;
	struct frame f;
	int rc = client_send(op, chan, payload, len);

	if (rc) {
		snprintf(error_text, sizeof(error_text), "sending to xapid: %s",
			 strerror(-rc));
		return rc;
	}
	for (;;) {
		rc = client_next_frame(&f, -1);
		if (rc <= 0) {
			snprintf(error_text, sizeof(error_text),
				 "xapid closed the connection without an answer");
			return -ECONNRESET;
		}
		if (f.id != id || !(f.flags & FRAME_REPLY))
			continue;
		if (f.flags & FRAME_ERROR) {
			msg_rd_init(&r, f.payload, f.len);
			if (msg_get_error(&r, &e)) {
				snprintf(error_text, sizeof(error_text),
					 "an error reply that does not parse");
				return -EBADMSG;
			}
			snprintf(error_text, sizeof(error_text), "%s", e.text);
			return e.err;
		}
		/* The decoder's buffer is reused by the next call: keep a copy. */
		free(kept);
		kept = malloc(f.len ? f.len : 1);
		if (!kept)
			return -ENOMEM;
		memcpy(kept, f.payload, f.len);
		*reply = kept;
		*reply_len = f.len;
		return 0;
	}
}
