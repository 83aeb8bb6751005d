/* SPDX-License-Identifier: MIT */
/* The shell's `ip`, `ping`, `udp`, `udpecho` and `udpbench`. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "../clock.h"
#include "../print.h"
#include "../thread.h"
#include "arp.h"
#include "commands.h"
#include "icmp.h"
#include "inet.h"
#include "udp.h"

#define PING_DATA	56		/* bytes of data, as Linux's ping */
#define PING_MAX	1000		/* requests one ping may send */
#define PING_WAIT_NS	1000000000ull	/* for each reply */
#define PING_ID		0x5845		/* "XE" */
#define UDPBENCH_MAX	100000		/* round trips one udpbench may make */

static unsigned int prefix_len(uint32_t mask)
{
	unsigned int n = 0;

	for (; mask & 0x80000000u; mask <<= 1)
		n++;
	return n;
}

static void print_mac(const uint8_t *m)
{
	kprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		m[5]);
}

static void print_dev(const struct netdev *d)
{
	char a[INET_ADDR_LEN], g[INET_ADDR_LEN];

	kprintf("%-8s mac ", d->name);
	print_mac(d->mac);
	if (d->ip)
		kprintf("  inet %s/%u", inet_format(d->ip, a),
			prefix_len(d->netmask));
	if (d->gateway)
		kprintf(" gw %s", inet_format(d->gateway, g));
	kprintf("\n         rx %lu packets %lu bytes %lu dropped\n"
		"         tx %lu packets %lu bytes %lu dropped\n",
		d->stats.rx_packets, d->stats.rx_bytes, d->stats.rx_dropped,
		d->stats.tx_packets, d->stats.tx_bytes, d->stats.tx_dropped);
}

static void print_neigh(const struct netdev *d, uint32_t ip,
			const uint8_t *mac, uint64_t age_ns, void *arg)
{
	char a[INET_ADDR_LEN];

	(void)arg;
	kprintf("%-15s %-8s ", inet_format(ip, a), d->name);
	if (mac)
		print_mac(mac);
	else
		kprintf("(asking)         ");
	kprintf("  %lu s\n", age_ns / 1000000000);
}

/* `ip addr DEV A.B.C.D/N [GW]`, or A.B.C.D alone for /24. */
static int set_addr(int argc, char **argv)
{
	struct netdev *d = netdev_find(argv[2]);
	uint32_t ip, gw = 0;
	unsigned long prefix = 24;
	char *slash = strchr(argv[3], '/'), *end;

	if (!d) {
		kprintf("no device %s\n", argv[2]);
		return -ENODEV;
	}
	if (slash) {
		*slash = '\0';
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || end == slash + 1)
			return -EINVAL;
	}
	if (inet_parse(argv[3], &ip) || prefix > 32 ||
	    (argc == 5 && inet_parse(argv[4], &gw)))
		return -EINVAL;
	return netdev_set_addr(d, ip, (unsigned int)prefix, gw);
}

static int cmd_ip(int argc, char **argv)
{
	const struct netdev *d;
	unsigned int i;

	if (argc == 1) {
		for (i = 0; (d = netdev_at(i)); i++)
			print_dev(d);
		if (!i)
			kprintf("no network devices\n");
		kprintf("dropped: eth %lu/%lu/%lu arp %lu ip %lu/%lu/%lu/%lu/%lu "
			"icmp %lu udp %lu/%lu/%lu (see net/netdev.h)\n",
			net_drops.eth_short, net_drops.eth_not_ours,
			net_drops.eth_type, net_drops.arp_bad,
			net_drops.ip_bad_header, net_drops.ip_bad_checksum,
			net_drops.ip_fragment, net_drops.ip_not_ours,
			net_drops.ip_proto, net_drops.icmp_bad,
			net_drops.udp_bad, net_drops.udp_bad_checksum,
			net_drops.udp_no_port);
		return 0;
	}
	if (!strcmp(argv[1], "neigh") && argc == 2) {
		arp_for_each(print_neigh, NULL);
		return 0;
	}
	if (!strcmp(argv[1], "addr") && argc >= 4)
		return set_addr(argc, argv);
	return -EINVAL;
}

/* What the reply listener tells the ping command. */
struct ping {
	uint32_t dst;
	uint16_t seq;			/* the request waiting for its reply */
	bool answered, corrupt;
	struct thread_waitq waitq;
};

static void fill(uint8_t *data, uint16_t seq)
{
	unsigned int i;

	for (i = 0; i < PING_DATA; i++)
		data[i] = (uint8_t)(seq + i);
}

static void on_reply(void *arg, uint32_t src, uint16_t id, uint16_t seq,
		     const void *data, size_t len)
{
	struct ping *p = arg;
	uint8_t want[PING_DATA];

	if (id != PING_ID || seq != p->seq || src != p->dst || p->answered)
		return;
	fill(want, seq);
	p->corrupt = len != PING_DATA || memcmp(data, want, PING_DATA);
	p->answered = true;
	thread_wake(&p->waitq);
}

/* Sends request seq and waits for its reply; returns the round trip or 0. */
static uint64_t ping_once(struct ping *p)
{
	uint8_t data[PING_DATA];
	uint64_t start, deadline;
	uint32_t seen;
	int rc;

	fill(data, p->seq);
	p->answered = false;
	start = clock_ns();
	deadline = start + PING_WAIT_NS;
	rc = icmp_echo_send(p->dst, PING_ID, p->seq, data, sizeof(data));
	if (rc) {
		kprintf("icmp_seq=%u: error %d\n", p->seq, rc);
		thread_sleep(PING_WAIT_NS);
		return 0;
	}
	for (;;) {
		seen = thread_wait_count(&p->waitq);
		if (p->answered || clock_ns() >= deadline)
			break;
		thread_wait_until(&p->waitq, seen, deadline);
	}
	return p->answered ? clock_ns() - start + 1 : 0;
}

static int cmd_ping(int argc, char **argv)
{
	static struct ping p;
	char a[INET_ADDR_LEN];
	unsigned long count = 4, got = 0, i;
	uint64_t rtt, total = 0;
	char *end;

	if (inet_parse(argv[1], &p.dst))
		return -EINVAL;
	if (argc == 3) {
		count = strtoul(argv[2], &end, 10);
		if (*end || !count || count > PING_MAX)
			return -EINVAL;
	}
	icmp_echo_listen(on_reply, &p);
	for (i = 1; i <= count; i++) {
		p.seq = (uint16_t)i;
		rtt = ping_once(&p);
		if (!rtt) {
			kprintf("no reply from %s: icmp_seq=%lu\n",
				inet_format(p.dst, a), i);
			continue;
		}
		kprintf("%u bytes from %s: icmp_seq=%lu time=%lu us%s\n",
			PING_DATA, inet_format(p.dst, a), i, rtt / 1000,
			p.corrupt ? " (data differs)" : "");
		got += !p.corrupt;
		total += rtt;
	}
	icmp_echo_listen(NULL, NULL);
	if (got)
		kprintf("rtt avg %lu us\n", (unsigned long)(total / got / 1000));
	kprintf("%lu packets transmitted, %lu received\n", count, got);
	return got == count ? 0 : -ETIMEDOUT;
}

#define UDP_SPORT	4321		/* `udp` sends from, and waits on */
#define UDP_WAIT_NS	3000000000ull

struct udp_wait {
	char reply[UDP_MAX_DATA + 1];
	uint32_t src;
	uint16_t sport;
	bool answered;
	struct thread_waitq waitq;
};

static void on_datagram(void *arg, uint32_t src, uint16_t sport,
			const void *data, size_t len)
{
	struct udp_wait *w = arg;

	if (w->answered)
		return;
	memcpy(w->reply, data, len);
	w->reply[len] = 0;
	w->src = src;
	w->sport = sport;
	w->answered = true;
	thread_wake(&w->waitq);
}

/* `udp A.B.C.D PORT TEXT`: one datagram, and the first answer within 3 s. */
static int cmd_udp(int argc, char **argv)
{
	static struct udp_wait w;
	char a[INET_ADDR_LEN];
	unsigned long port;
	uint64_t deadline;
	uint32_t dst, seen;
	char *end;
	int rc;

	(void)argc;
	port = strtoul(argv[2], &end, 10);
	if (inet_parse(argv[1], &dst) || *end || !port || port > 65535 ||
	    strlen(argv[3]) > UDP_MAX_DATA)
		return -EINVAL;
	w.answered = false;
	rc = udp_bind(UDP_SPORT, on_datagram, &w);
	if (rc)
		return rc;
	rc = udp_send(UDP_SPORT, dst, (uint16_t)port, argv[3], strlen(argv[3]));
	deadline = clock_ns() + UDP_WAIT_NS;
	while (!rc && !w.answered && clock_ns() < deadline) {
		seen = thread_wait_count(&w.waitq);
		if (!w.answered)
			thread_wait_until(&w.waitq, seen, deadline);
	}
	udp_unbind(UDP_SPORT);
	if (rc)
		return rc;
	if (!w.answered) {
		kprintf("no udp reply from %s:%lu\n", inet_format(dst, a), port);
		return -ETIMEDOUT;
	}
	kprintf("udp reply from %s:%u: %s\n", inet_format(w.src, a), w.sport,
		w.reply);
	return 0;
}

/* `udpecho PORT`: an echo service on PORT (udp_echo()). */
static int cmd_udpecho(int argc, char **argv)
{
	unsigned long port;
	char *end;
	int rc;

	(void)argc;
	port = strtoul(argv[1], &end, 10);
	if (*end || !port || port > 65535)
		return -EINVAL;
	rc = udp_echo((uint16_t)port);
	kprintf("udp echo on port %lu: %s %d\n", port, rc ? "error" : "listening", rc);
	return rc;
}

/*
 * `udpbench A.B.C.D PORT N`: N round trips of a full datagram (1472
 * bytes) to an echo service, one at a time, each waited for up to 1 s.
 */
static int cmd_udpbench(int argc, char **argv)
{
	static struct udp_wait w;
	static uint8_t data[UDP_MAX_DATA];
	unsigned long port, n, i, answered = 0;
	uint64_t start, us, deadline;
	uint32_t dst, seen;
	char *end, *end_n;
	int rc;

	(void)argc;
	port = strtoul(argv[2], &end, 10);
	n = strtoul(argv[3], &end_n, 10);
	if (inet_parse(argv[1], &dst) || *end || !port || port > 65535 ||
	    *end_n || !n || n > UDPBENCH_MAX)
		return -EINVAL;
	memset(data, 0x5a, sizeof(data));
	rc = udp_bind(UDP_SPORT, on_datagram, &w);
	if (rc)
		return rc;
	start = clock_ns();
	for (i = 0; i < n && !rc; i++) {
		w.answered = false;
		rc = udp_send(UDP_SPORT, dst, (uint16_t)port, data, sizeof(data));
		deadline = clock_ns() + PING_WAIT_NS;
		while (!rc && !w.answered && clock_ns() < deadline) {
			seen = thread_wait_count(&w.waitq);
			if (!w.answered)
				thread_wait_until(&w.waitq, seen, deadline);
		}
		answered += w.answered;
	}
	us = (clock_ns() - start) / 1000;
	udp_unbind(UDP_SPORT);
	if (rc)
		return rc;
	if (!us)
		us = 1;
	kprintf("udpbench %lu x %u bytes: %lu answered in %lu us: "
		"rtt_per_s=%lu kbytes_per_s=%lu\n", n, (unsigned int)sizeof(data),
		answered, (unsigned long)us,
		(unsigned long)(answered * 1000000 / us),
		(unsigned long)(answered * sizeof(data) * 1000000 / 1024 / us));
	return 0;
}

const struct shell_command net_commands[] = {
	{ "ip", cmd_ip, 0, 4, "[addr DEV A/N [GW]|neigh]",
	  "network devices, counters; set an address; ARP table" },
	{ "ping", cmd_ping, 1, 2, "A.B.C.D [N]", "ICMP echo N times (4)" },
	{ "udp", cmd_udp, 3, 3, "A.B.C.D PORT TEXT",
	  "send TEXT from port 4321, print the first answer (3 s)" },
	{ "udpbench", cmd_udpbench, 3, 3, "A.B.C.D PORT N",
	  "N round trips of 1472-byte datagrams to an echo service" },
	{ "udpecho", cmd_udpecho, 1, 1, "PORT",
	  "answer each datagram to PORT with the same bytes" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};
