/* SPDX-License-Identifier: MIT */
/* Private listening UNIX sockets. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <event2/listener.h>
#include "listen.h"

int listen_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, probe, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	/* Someone answering there is another xapid: leave it alone. */
	probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe >= 0) {
		rc = connect(probe, (struct sockaddr *)&sa, sizeof(sa));
		close(probe);
		if (!rc)
			return -EADDRINUSE;
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	old = umask(077);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc || chmod(path, 0600) || listen(fd, 64)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

struct evconnlistener *listen_unix_on(struct event_base *base, const char *path,
				      void (*accept)(struct evconnlistener *l, int fd,
						     struct sockaddr *sa, int len,
						     void *arg),
				      void *arg, int *err)
{
	struct evconnlistener *l;
	int fd = listen_unix(path);

	if (fd < 0) {
		*err = fd;
		return NULL;
	}
	l = evconnlistener_new(base, accept, arg, LEV_OPT_CLOSE_ON_FREE, -1, fd);
	if (!l) {
		close(fd);
		unlink(path);
		*err = -ENOMEM;
	}
	return l;
}

void listen_close(struct evconnlistener *l, const char *path)
{
	if (l)
		evconnlistener_free(l);
	if (path)
		unlink(path);
}
