// SPDX-License-Identifier: MIT
// The front process from the core's side: sockets, start, link, restart.
#include "frontproc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>

#include "http.h"
#include "log.h"

/* The descriptors the front finds (frontproc.h). */
enum { FD_LINK = 3, FD_HTTPS = 4, FD_HTTP = 5 };

static struct event_base *evbase;
static const struct frontproc_ops *fops;
static struct bufferevent *link_bev;
static struct event *restart_ev;
static int https_fd = -1, http_fd = -1;
static pid_t pid;
static time_t started;
static unsigned long restarts;
static char timeout_arg[16], cert_arg[4096], key_arg[4096], level_arg[16];

static int is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, addr, &a6) == 1 &&
	       IN6_IS_ADDR_LOOPBACK(&a6);
}

/* A listening TCP socket on addr:port; *bound gets the port. */
static int bind_listen(const char *addr, unsigned port, unsigned *bound)
{
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICHOST |
					      AI_NUMERICSERV,
				  .ai_socktype = SOCK_STREAM };
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct addrinfo *ai;
	char serv[8];
	int fd, one = 1;

	snprintf(serv, sizeof(serv), "%u", port);
	if (getaddrinfo(addr, serv, &hints, &ai))
		return -EINVAL;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		freeaddrinfo(ai);
		return -errno;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Replies leave in several writes (TLS records, headers then body):
	 * without TCP_NODELAY, which accepted sockets inherit, Nagle and the
	 * client's delayed ACK hold each reply for 40 ms. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, SOMAXCONN) ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		int rc = errno == EADDRINUSE ? -EADDRINUSE : -errno;

		freeaddrinfo(ai);
		close(fd);
		return rc;
	}
	freeaddrinfo(ai);
	*bound = ntohs(ss.ss_family == AF_INET6
			       ? ((struct sockaddr_in6 *)&ss)->sin6_port
			       : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

/* In the child: the fixed descriptors, nothing else, then the exec. */
static void child(int link_fd)
{
	int src[3] = { link_fd, https_fd, http_fd }, devnull;
	char *argv[] = { "xapid",   "front",  timeout_arg, cert_arg,
			 key_arg,   level_arg, http_fd >= 0 ? "http" : "-",
			 NULL };

	/* out of the way of 3..5 first, then into place */
	for (int i = 0; i < 3; i++)
		if (src[i] >= 0)
			src[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 16);
	for (int i = 0; i < 3; i++)
		if (src[i] >= 0 && dup2(src[i], FD_LINK + i) < 0)
			_exit(127);
	if (dup2(log_fd(), 1) < 0 || dup2(log_fd(), 2) < 0)
		_exit(127);
	devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0)
		_exit(127);
	close_range(FD_HTTP + 1, ~0u, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execv("/proc/self/exe", argv);
	_exit(127);
}

static void front_down(void);

static void on_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	struct frontmsg_in m;
	unsigned char *buf;
	int rc;

	(void)arg;
	while ((rc = frontmsg_next(in, &m, &buf)) == 1) {
		rc = fops->message(&m);
		free(buf);
		if (rc)
			break;
	}
	if (rc < 0) {
		log_error("xapid: the front sent a bad message (%s): "
			  "restarting it", strerror(-rc));
		front_down();
	}
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		front_down();
}

static int spawn(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	pid = fork();
	if (pid < 0) {
		int rc = -errno;

		pid = 0;
		close(sv[0]);
		close(sv[1]);
		return rc;
	}
	if (pid == 0)
		child(sv[1]);
	close(sv[1]);
	evutil_make_socket_nonblocking(sv[0]);
	link_bev = bufferevent_socket_new(evbase, sv[0], BEV_OPT_CLOSE_ON_FREE);
	if (!link_bev) {
		close(sv[0]);
		front_down();
		return -ENOMEM;
	}
	bufferevent_setcb(link_bev, on_read, NULL, on_event, NULL);
	bufferevent_enable(link_bev, EV_READ | EV_WRITE);
	started = time(NULL);
	log_debug("xapid: front process %d started", (int)pid);
	return 0;
}

static void on_restart(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	restarts++;
	if (spawn()) {
		struct timeval later = { 1, 0 };

		evtimer_add(restart_ev, &later);
	}
}

/* Kills and reaps the front, tells the core, and starts another: at once,
 * or after a quarter second if the last one lived less than a second (a
 * front that cannot start is not restarted in a tight loop). */
static void front_down(void)
{
	struct timeval later = { 0, 0 };
	int status = 0;

	if (link_bev)
		bufferevent_free(link_bev);
	link_bev = NULL;
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			log_error("xapid: the front process died (signal %d)",
				  WTERMSIG(status));
		else
			log_warn("xapid: the front process is gone");
	}
	pid = 0;
	fops->lost();
	if (time(NULL) - started < 1)
		later.tv_usec = 250000;
	evtimer_add(restart_ev, &later);
}

int frontproc_start(struct event_base *base, const struct http_config *cfg,
		    const struct frontproc_ops *ops, unsigned *https_port,
		    unsigned *http_port)
{
	int rc;

	*https_port = *http_port = 0;
	if (cfg->http_addr && !is_loopback(cfg->http_addr))
		return -EPERM;
	evbase = base;
	fops = ops;
	snprintf(timeout_arg, sizeof(timeout_arg), "%u", cfg->timeout);
	snprintf(cert_arg, sizeof(cert_arg), "%s", cfg->cert);
	snprintf(key_arg, sizeof(key_arg), "%s", cfg->key);
	snprintf(level_arg, sizeof(level_arg), "%s", log_level_name());
	https_fd = bind_listen(cfg->https_addr, cfg->https_port, https_port);
	if (https_fd < 0)
		return https_fd;
	if (cfg->http_addr) {
		http_fd = bind_listen(cfg->http_addr, cfg->http_port,
				      http_port);
		if (http_fd < 0) {
			rc = http_fd;
			frontproc_stop();
			return rc;
		}
	}
	restart_ev = evtimer_new(base, on_restart, NULL);
	rc = restart_ev ? spawn() : -ENOMEM;
	if (rc)
		frontproc_stop();
	return rc;
}

void frontproc_stop(void)
{
	if (link_bev)
		bufferevent_free(link_bev);
	link_bev = NULL;
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	pid = 0;
	if (restart_ev)
		event_free(restart_ev);
	restart_ev = NULL;
	if (https_fd >= 0)
		close(https_fd);
	if (http_fd >= 0)
		close(http_fd);
	https_fd = http_fd = -1;
}

struct evbuffer *frontproc_out(void)
{
	return link_bev ? bufferevent_get_output(link_bev) : NULL;
}

int frontproc_pid(void)
{
	return pid;
}

unsigned long frontproc_restarts(void)
{
	return restarts;
}
