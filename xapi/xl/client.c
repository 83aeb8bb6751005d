/* SPDX-License-Identifier: MIT */
/* xl's blocking client of xapid's local socket. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int client_call(uint16_t op, const void *payload, uint32_t len,
		const uint8_t **reply, uint32_t *reply_len)
{
	uint8_t *buf = malloc(FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE);
	uint8_t in[4096];
	uint32_t id = next_id++;
	static uint8_t *kept;
	struct msg_error e;
	struct msg_rd r;
	struct frame f;
	size_t pos, used;
	ssize_t n;
	long size;
	int rc;

	if (!buf)
		return -ENOMEM;
	size = frame_encode(buf, op, 0, id, 0, payload, len);
	rc = size < 0 ? (int)size : send_all(buf, (size_t)size);
	free(buf);
	if (rc) {
		snprintf(error_text, sizeof(error_text), "sending to xapid: %s",
			 strerror(-rc));
		return rc;
	}
	for (;;) {
		n = read(fd, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(error_text, sizeof(error_text),
				 "xapid closed the connection without an answer");
			return -ECONNRESET;
		}
		for (pos = 0; pos < (size_t)n; pos += used) {
			if (frame_decode(&dec, in + pos, (size_t)n - pos, &used, &f) != 1 ||
			    f.id != id || !(f.flags & FRAME_REPLY))
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
}
