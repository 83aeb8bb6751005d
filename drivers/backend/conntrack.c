/* SPDX-License-Identifier: MIT */
/* TCP connection tracking for the NAT (conntrack.h). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "conntrack.h"

static struct conntrack conns[CONNTRACK_CONNS];
static unsigned int next;	/* where the search for a free port starts */

static bool live(const struct conntrack *c, uint64_t now_ns)
{
	return c->state != CONNTRACK_FREE && now_ns < c->expires_ns;
}

static uint64_t timeout_ns(uint8_t state)
{
	switch (state) {
	case CONNTRACK_ESTABLISHED:
		return CONNTRACK_ESTABLISHED_NS;
	case CONNTRACK_TIME_WAIT:
		return CONNTRACK_TIME_WAIT_NS;
	case CONNTRACK_CLOSED:
		return CONNTRACK_CLOSED_NS;
	default:
		return CONNTRACK_TRANSITORY_NS;
	}
}

/* A segment one way (fin: which FIN bit it would set) moves c on. */
static void advance(struct conntrack *c, uint8_t flags, uint8_t fin,
		    uint64_t now_ns)
{
	if (flags & TCP_RST) {
		c->state = CONNTRACK_CLOSED;
	} else if (c->state != CONNTRACK_CLOSED) {
		if (fin == CONNTRACK_FIN_IN && (flags & (TCP_SYN | TCP_ACK)) ==
		    (TCP_SYN | TCP_ACK) && c->state == CONNTRACK_SYN_SENT)
			c->state = CONNTRACK_ESTABLISHED;
		if (flags & TCP_FIN) {
			c->fins |= fin;
			c->state = c->fins == (CONNTRACK_FIN_OUT | CONNTRACK_FIN_IN) ?
				CONNTRACK_TIME_WAIT : CONNTRACK_CLOSING;
		}
	}
	c->expires_ns = now_ns + timeout_ns(c->state);
}

/* A port for a new connection: free, else the oldest closed one. */
static struct conntrack *take(uint64_t now_ns)
{
	struct conntrack *c, *closed = NULL;
	unsigned int i;

	for (i = 0; i < CONNTRACK_CONNS; i++) {
		c = &conns[(next + i) % CONNTRACK_CONNS];
		if (!live(c, now_ns)) {
			next = (unsigned int)(c - conns + 1) % CONNTRACK_CONNS;
			return c;
		}
		if ((c->state == CONNTRACK_TIME_WAIT || c->state == CONNTRACK_CLOSED) &&
		    (!closed || c->expires_ns < closed->expires_ns))
			closed = c;
	}
	return closed;
}

struct conntrack *conntrack_out(uint32_t guest_ip, uint16_t guest_port,
				uint32_t remote_ip, uint16_t remote_port,
				uint8_t flags, uint64_t now_ns, int *err)
{
	bool opening = (flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN;
	struct conntrack *c = NULL;
	unsigned int i;

	for (i = 0; i < CONNTRACK_CONNS && !c; i++)
		if (live(&conns[i], now_ns) && conns[i].guest_ip == guest_ip &&
		    conns[i].guest_port == guest_port &&
		    conns[i].remote_ip == remote_ip &&
		    conns[i].remote_port == remote_port)
			c = &conns[i];
	if (c && opening && (c->state == CONNTRACK_TIME_WAIT ||
			     c->state == CONNTRACK_CLOSED)) {
		c->state = CONNTRACK_SYN_SENT;	/* the tuple opened again */
		c->fins = 0;
	}
	if (!c) {
		if (!opening) {
			*err = -ENOENT;
			return NULL;
		}
		c = take(now_ns);
		if (!c) {
			*err = -ENOSPC;
			return NULL;
		}
		c->guest_ip = guest_ip;
		c->guest_port = guest_port;
		c->remote_ip = remote_ip;
		c->remote_port = remote_port;
		c->port = (uint16_t)(CONNTRACK_PORT_BASE + (c - conns));
		c->state = CONNTRACK_SYN_SENT;
		c->fins = 0;
	}
	advance(c, flags, CONNTRACK_FIN_OUT, now_ns);
	return c;
}

struct conntrack *conntrack_in(uint16_t port, uint32_t remote_ip,
			       uint16_t remote_port, uint8_t flags,
			       uint64_t now_ns)
{
	struct conntrack *c;

	if (port < CONNTRACK_PORT_BASE ||
	    port >= CONNTRACK_PORT_BASE + CONNTRACK_CONNS)
		return NULL;
	c = &conns[port - CONNTRACK_PORT_BASE];
	if (!live(c, now_ns) || c->remote_ip != remote_ip ||
	    c->remote_port != remote_port)
		return NULL;
	advance(c, flags, CONNTRACK_FIN_IN, now_ns);
	return c;
}

const char *conntrack_state_name(enum conntrack_state state)
{
	static const char *const names[] = {
		[CONNTRACK_FREE] = "FREE",
		[CONNTRACK_SYN_SENT] = "SYN_SENT",
		[CONNTRACK_ESTABLISHED] = "ESTABLISHED",
		[CONNTRACK_CLOSING] = "CLOSING",
		[CONNTRACK_TIME_WAIT] = "TIME_WAIT",
		[CONNTRACK_CLOSED] = "CLOSED",
	};

	return (unsigned int)state < sizeof(names) / sizeof(names[0]) ?
		names[state] : "?";
}

void conntrack_for_each(uint64_t now_ns, void (*fn)(const struct conntrack *c))
{
	unsigned int i;

	for (i = 0; i < CONNTRACK_CONNS; i++)
		if (live(&conns[i], now_ns))
			fn(&conns[i]);
}

void conntrack_reset(void)
{
	memset(conns, 0, sizeof(conns));
	next = 0;
}
