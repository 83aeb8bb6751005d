/* SPDX-License-Identifier: MIT */
/* make bench: xenstore operations per second and memory per node. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "conn.h"
#include "store.h"

/*
 * Each measurement runs one operation in a loop for SECONDS and reports
 * operations per second.  The same four operations run three ways:
 *   in-process  requests fed to a connection of the core, no socket
 *               (decode, dispatch, store, encode: everything but I/O);
 *   1 client    Debian's libxenstore over our daemon's UNIX socket;
 *   8 clients   eight threads, each with its own libxenstore handle.
 * A single socket client waits for each reply before sending the next
 * request, so it measures the round trip; the in-process column shows
 * what the store itself costs.  Nothing here passes or fails.
 */
#define SECONDS	  0.5
#define CLIENTS	  8
#define MEM_NODES 100000

enum op { OP_READ, OP_WRITE, OP_DIRECTORY, OP_TRANSACTION, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"read", "write", "directory",
					       "transaction"};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In process: one conn, requests built by hand, replies dropped. */
static struct conn *ipc;
static char ipbuf[256];
static uint32_t ip_last; /* type of the last reply, for a sanity check */

static void ip_req(uint32_t type, uint32_t tx, const void *p, uint32_t len)
{
	struct xsd_sockmsg hdr = {type, 1, tx, len};
	const void *data;
	size_t n;

	memcpy(ipbuf, &hdr, sizeof(hdr));
	memcpy(ipbuf + sizeof(hdr), p, len);
	conn_feed(ipc, ipbuf, sizeof(hdr) + len);
	for (;;) {
		conn_output(ipc, &data, &n);
		if (!n)
			break;
		memcpy(&ip_last, data, sizeof(ip_last));
		if (type == XS_TRANSACTION_START && n > sizeof(hdr))
			memcpy(ipbuf + 128, (const char *)data + sizeof(hdr),
			       n - sizeof(hdr));
		conn_output_done(ipc, n);
	}
}

static void ip_op(enum op op, unsigned long i)
{
	char p[64];
	int len;
	uint32_t tx;

	switch (op) {
	case OP_READ:
		ip_req(XS_READ, 0, "/bench/dir/k7", 14);
		break;
	case OP_WRITE:
		len = snprintf(p, sizeof(p), "/bench/w/k%lu", i % 64) + 1;
		memcpy(p + len, "value", 5);
		ip_req(XS_WRITE, 0, p, (uint32_t)len + 5);
		break;
	case OP_DIRECTORY:
		ip_req(XS_DIRECTORY, 0, "/bench/dir", 11);
		break;
	default:
		ip_req(XS_TRANSACTION_START, 0, "", 1);
		tx = (uint32_t)strtoul(ipbuf + 128, NULL, 10);
		ip_req(XS_WRITE, tx, "/bench/t\0v", 10);
		ip_req(XS_TRANSACTION_END, tx, "T", 2);
		break;
	}
}

static double ip_rate(enum op op)
{
	double t0 = now(), t;
	unsigned long n = 0;

	do {
		for (int k = 0; k < 256; k++)
			ip_op(op, n++);
		t = now() - t0;
	} while (t < SECONDS);
	return (double)n / t;
}

/* Over the socket with libxenstore. */
static bool sock_op(struct xs_handle *h, enum op op, unsigned long i)
{
	xs_transaction_t t;
	unsigned int len;
	char p[64], **dir;
	void *v;

	switch (op) {
	case OP_READ:
		v = xs_read(h, XBT_NULL, "/bench/dir/k7", &len);
		free(v);
		return v != NULL;
	case OP_WRITE:
		snprintf(p, sizeof(p), "/bench/w/k%lu", i % 64);
		return xs_write(h, XBT_NULL, p, "value", 5);
	case OP_DIRECTORY:
		dir = xs_directory(h, XBT_NULL, "/bench/dir", &len);
		free(dir);
		return dir != NULL;
	default:
		snprintf(p, sizeof(p), "/bench/t%lu", i % CLIENTS);
		t = xs_transaction_start(h);
		if (t == XBT_NULL || !xs_write(h, t, p, "v", 1))
			return false;
		/* EAGAIN counts as done: a retry is the client's business. */
		return xs_transaction_end(h, t, false) || errno == EAGAIN;
	}
}

struct worker {
	pthread_t thread;
	enum op op;
	unsigned long id, n;
	double start;
	bool failed;
};

static void *sock_worker(void *arg)
{
	struct worker *w = arg;
	struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
	unsigned long i = w->id;

	if (!h) {
		w->failed = true;
		return NULL;
	}
	while (now() - w->start < SECONDS) {
		if (!sock_op(h, w->op, i)) {
			w->failed = true;
			break;
		}
		i += CLIENTS;
		w->n++;
	}
	xs_close(h);
	return NULL;
}

static double sock_rate(enum op op, int clients)
{
	struct worker w[CLIENTS];
	double start = now(), total = 0;
	int i;

	for (i = 0; i < clients; i++) {
		w[i] = (struct worker){
		    .op = op, .id = (unsigned long)i, .start = start};
		pthread_create(&w[i].thread, NULL, sock_worker, &w[i]);
	}
	for (i = 0; i < clients; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].failed)
			return -1;
		total += (double)w[i].n;
	}
	return total / (now() - start);
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void fill(struct xs_handle *h, struct conn *c, int n)
{
	char p[64];
	int i, len;

	for (i = 0; i < n; i++) {
		len =
		    snprintf(p, sizeof(p), "/mem/d%d/n%d", i / 1000, i % 1000);
		if (h) {
			xs_write(h, XBT_NULL, p, "some-value", 10);
		} else {
			ipc = c;
			memcpy(p + len + 1, "some-value", 10);
			ip_req(XS_WRITE, 0, p, (uint32_t)len + 11);
		}
	}
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/xsbench.XXXXXX", sock[128], p[64];
	struct mallinfo2 m0, m1;
	struct xs_handle *h;
	struct store *s;
	long r0, r1;
	pid_t pid;
	int i, op;

	if (argc != 2) {
		fprintf(stderr, "usage: %s XENSTORED\n", argv[0]);
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	pid = fork();
	if (pid == 0) {
		execl(argv[1], argv[1], "--socket", sock, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && access(sock, F_OK); i++)
		usleep(20000);
	setenv("XENSTORED_PATH", sock, 1);
	h = xs_open(XS_OPEN_SOCKETONLY);
	if (!h) {
		fprintf(stderr, "bench: cannot reach the daemon\n");
		kill(pid, SIGTERM);
		return 1;
	}

	/* The same small tree in both stores. */
	s = store_create(NULL);
	ipc = conn_create(s, 0, NULL, NULL);
	for (i = 0; i < 16; i++) {
		snprintf(p, sizeof(p), "/bench/dir/k%d", i);
		xs_write(h, XBT_NULL, p, "0123456789", 10);
		memcpy(p + strlen(p) + 1, "0123456789", 10);
		ip_req(XS_WRITE, 0, p, (uint32_t)strlen(p) + 11);
	}

	for (op = 0; op < OP_COUNT; op++) {
		ip_op(op, 0);
		if (ip_last == XS_ERROR) {
			fprintf(stderr, "bench: in-process %s fails\n",
				op_names[op]);
			return 1;
		}
	}
	printf("xenstore bench (%.1f s per cell, operations per second)\n",
	       SECONDS);
	printf("%-12s %14s %14s %14s\n", "operation", "in-process", "socket x1",
	       "socket x8");
	for (op = 0; op < OP_COUNT; op++)
		printf("%-12s %14.0f %14.0f %14.0f\n", op_names[op],
		       ip_rate(op), sock_rate(op, 1), sock_rate(op, CLIENTS));
	printf("(transaction = start + write + commit; socket x8 counts EAGAIN "
	       "as done)\n\n");

	m0 = mallinfo2();
	fill(NULL, ipc, MEM_NODES);
	m1 = mallinfo2();
	printf(
	    "memory for %d nodes (paths like /mem/d12/n345, 10-byte values):\n",
	    MEM_NODES);
	printf("  in-process heap: %.1f MiB, %.0f bytes/node\n",
	       (double)(m1.uordblks - m0.uordblks) / 1048576.0,
	       (double)(m1.uordblks - m0.uordblks) / MEM_NODES);
	r0 = rss_kb(pid);
	fill(h, NULL, MEM_NODES);
	r1 = rss_kb(pid);
	printf("  daemon RSS growth: %.1f MiB, %.0f bytes/node\n",
	       (double)(r1 - r0) / 1024.0,
	       (double)(r1 - r0) * 1024.0 / MEM_NODES);

	conn_destroy(ipc);
	store_destroy(s);
	xs_close(h);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	rmdir(dir);
	return 0;
}
