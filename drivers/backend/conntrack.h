/* SPDX-License-Identifier: MIT */
/*
 * TCP connection tracking for Dom0's NAT (nat.h): which guest connection
 * each of the NAT's TCP ports carries, in which state, until when.
 *
 * A connection is made only by the guest's opening SYN (SYN without ACK)
 * and is the 4-tuple (guest address and port, remote address and port)
 * behind one port of CONNTRACK_CONNS from CONNTRACK_PORT_BASE.  Segments
 * coming back are taken only on that port and from that remote address
 * and port: nobody else can reach the guest through it.
 *
 * States and how long a connection is kept without traffic (RFC 5382,
 * TCP requirements for NATs: REQ-5, at least 2 h 4 min once established,
 * at least 4 min while opening or closing):
 *
 *   SYN_SENT     the guest's SYN seen, no answer yet      CONNTRACK_TRANSITORY_NS
 *   ESTABLISHED  the remote's SYN (SYN+ACK) seen          CONNTRACK_ESTABLISHED_NS
 *   CLOSING      a FIN one way                            CONNTRACK_TRANSITORY_NS
 *   TIME_WAIT    a FIN both ways                          CONNTRACK_TIME_WAIT_NS
 *   CLOSED       a RST either way                         CONNTRACK_CLOSED_NS
 *
 * Every segment that belongs to a connection renews its time.  A
 * connection past its time is free.  A new SYN takes a free port, the
 * next after the last one given (so a port just freed is reused last),
 * else the connection in TIME_WAIT or CLOSED that would expire first;
 * when every port carries a live connection that is opening, open or
 * closing, the SYN is refused (-ENOSPC: the NAT drops it, the guest's
 * TCP retries).
 *
 * Not locked: Dom0's cooperative threads.
 */
#ifndef DRIVERS_CONNTRACK_H
#define DRIVERS_CONNTRACK_H

#include <stdint.h>

#define CONNTRACK_PORT_BASE	40064	/* after the NAT's UDP and ICMP ports */
#define CONNTRACK_CONNS		128

#define CONNTRACK_TRANSITORY_NS		(240 * 1000000000ull)
#define CONNTRACK_ESTABLISHED_NS	(7440 * 1000000000ull)
#define CONNTRACK_TIME_WAIT_NS		(120 * 1000000000ull)
#define CONNTRACK_CLOSED_NS		(10 * 1000000000ull)

/* TCP header flags (RFC 9293), as in the segment's byte 13. */
#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_RST	0x04
#define TCP_ACK	0x10

#define TCP_HLEN	20	/* a TCP header without options */

enum conntrack_state {
	CONNTRACK_FREE,
	CONNTRACK_SYN_SENT,
	CONNTRACK_ESTABLISHED,
	CONNTRACK_CLOSING,
	CONNTRACK_TIME_WAIT,
	CONNTRACK_CLOSED,
};

struct conntrack {
	uint32_t guest_ip, remote_ip;	/* host order */
	uint16_t guest_port, remote_port;
	uint16_t port;			/* the NAT's port for it */
	uint8_t state;			/* enum conntrack_state */
	uint8_t fins;			/* CONNTRACK_FIN_OUT | CONNTRACK_FIN_IN */
	uint64_t expires_ns;
};

#define CONNTRACK_FIN_OUT	1	/* the guest sent a FIN */
#define CONNTRACK_FIN_IN	2	/* the remote sent a FIN */

/*
 * A segment the guest sends (flags: its TCP flags) at now_ns: its
 * connection, made when flags are an opening SYN, its state advanced and
 * its time renewed.  Returns NULL with *err: -ENOENT (no connection and
 * not an opening SYN) or -ENOSPC (table full of live connections).
 */
struct conntrack *conntrack_out(uint32_t guest_ip, uint16_t guest_port,
				uint32_t remote_ip, uint16_t remote_port,
				uint8_t flags, uint64_t now_ns, int *err);

/*
 * A segment from remote_ip:remote_port to the NAT's port at now_ns: its
 * connection (state advanced, time renewed), or NULL when port carries
 * no live connection with that remote end.
 */
struct conntrack *conntrack_in(uint16_t port, uint32_t remote_ip,
			       uint16_t remote_port, uint8_t flags,
			       uint64_t now_ns);

/* The state's name ("ESTABLISHED"). */
const char *conntrack_state_name(enum conntrack_state state);

/* Calls fn for each live connection at now_ns (`bridge`). */
void conntrack_for_each(uint64_t now_ns, void (*fn)(const struct conntrack *c));

/* Forgets every connection (the unit tests). */
void conntrack_reset(void);

#endif
