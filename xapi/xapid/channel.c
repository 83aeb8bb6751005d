/* SPDX-License-Identifier: MIT */
/* The channel to Dom0 on libevent: connect, reconnect, frames both ways. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include "channel.h"
#include "log.h"

#define RETRY_S		1

static struct event_base *base;
static const struct channel_hooks *hooks;
static char *sock_path;
static struct bufferevent *bev;
static struct event *retry_ev;
static struct frame_decoder dec;
static uint8_t *dec_buf;
static bool warned_missing;

static void schedule_retry(void)
{
	struct timeval tv = { RETRY_S, 0 };

	evtimer_add(retry_ev, &tv);
}

static void drop(const char *why)
{
	if (!bev)
		return;
	bufferevent_free(bev);
	bev = NULL;
	log_warn("channel: %s: lost (%s); reconnecting every %d s", sock_path,
		 why, RETRY_S);
	hooks->down();
	schedule_retry();
}

static void on_read(struct bufferevent *b, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(b);
	uint8_t chunk[4096];
	size_t n, pos, used;
	int got;
	struct frame f;
	int rc;

	(void)arg;
	while ((got = evbuffer_remove(in, chunk, sizeof(chunk))) > 0) {
		n = (size_t)got;
		for (pos = 0; pos < n; pos += used) {
			rc = frame_decode(&dec, chunk + pos, n - pos, &used, &f);
			if (rc == 1)
				hooks->frame(&f);
			else if (rc < 0)
				log_warn("channel: a frame from Dom0 refused (%s)",
					 strerror(-rc));
			if (!bev)
				return;	/* a hook dropped the channel */
		}
	}
}

static void on_event(struct bufferevent *b, short what, void *arg)
{
	(void)b;
	(void)arg;
	if (what & BEV_EVENT_EOF)
		drop("QEMU closed it");
	else if (what & BEV_EVENT_ERROR)
		drop(strerror(EVUTIL_SOCKET_ERROR()));
}

static void try_connect(evutil_socket_t fd_unused, short what, void *arg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	(void)fd_unused;
	(void)what;
	(void)arg;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_error("channel: socket: %s", strerror(errno));
		schedule_retry();
		return;
	}
	strncpy(sa.sun_path, sock_path, sizeof(sa.sun_path) - 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (!warned_missing)
			log_info("channel: %s: %s; retrying every %d s (is QEMU running?)",
				 sock_path, strerror(errno), RETRY_S);
		warned_missing = true;
		close(fd);
		schedule_retry();
		return;
	}
	evutil_make_socket_nonblocking(fd);
	bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		close(fd);
		schedule_retry();
		return;
	}
	warned_missing = false;
	frame_decoder_init(&dec, dec_buf);
	bufferevent_setcb(bev, on_read, NULL, on_event, NULL);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	log_info("channel: connected to %s", sock_path);
	hooks->up();
}

int channel_init(struct event_base *b, const char *path,
		 const struct channel_hooks *h)
{
	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return -ENAMETOOLONG;
	base = b;
	hooks = h;
	sock_path = strdup(path);
	dec_buf = malloc(FRAME_MAX_SIZE);
	retry_ev = evtimer_new(base, try_connect, NULL);
	if (!sock_path || !dec_buf || !retry_ev) {
		channel_fini();
		return -ENOMEM;
	}
	try_connect(-1, 0, NULL);
	return 0;
}

void channel_fini(void)
{
	if (bev)
		bufferevent_free(bev);
	bev = NULL;
	if (retry_ev)
		event_free(retry_ev);
	retry_ev = NULL;
	free(sock_path);
	free(dec_buf);
	sock_path = NULL;
	dec_buf = NULL;
}

bool channel_connected(void)
{
	return bev != NULL;
}

int channel_send(uint16_t op, uint16_t flags, uint32_t id, uint32_t chan,
		 const void *payload, uint32_t len)
{
	uint8_t *buf;
	long n;

	if (!bev)
		return -ENOTCONN;
	if (len > FRAME_MAX_PAYLOAD)
		return -EMSGSIZE;
	buf = malloc(FRAME_HEADER_SIZE + len + FRAME_TRAILER_SIZE);
	if (!buf)
		return -ENOMEM;
	n = frame_encode(buf, op, flags, id, chan, payload, len);
	if (bufferevent_write(bev, buf, (size_t)n)) {
		free(buf);
		return -ENOMEM;
	}
	free(buf);
	return 0;
}

size_t channel_backlog(void)
{
	return bev ? evbuffer_get_length(bufferevent_get_output(bev)) : 0;
}
