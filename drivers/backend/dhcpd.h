/* SPDX-License-Identifier: MIT */
/*
 * Dom0's DHCP server on xenbr0 (RFC 2131, the part a client such as
 * busybox's udhcpc needs): the addresses of `script=vif-nat` vifs given
 * no `ip=`, as Xen's vif-nat script has Dom0's dhcpd hand them out.
 *
 * Such a vif is leased an address from a pool (DHCPD_POOL_SIZE addresses
 * from DHCPD_POOL_FIRST on xenbr0's subnet) when it is added; the lease
 * is bound to the vif's MAC and lasts as long as the vif.  The toolstack
 * also writes it as the vif's `ip` key, which our own netfront takes
 * without asking; Linux's netfront has udhcpc ask.
 *
 * On UDP port 67 of Dom0's stack: a DISCOVER from a leased MAC gets an
 * OFFER of its address, a REQUEST of that address an ACK, of another a
 * NAK; each with the subnet mask, Dom0 (10.0.0.1) as router and server,
 * and a lease time of DHCPD_LEASE_S.  Replies are broadcast on xenbr0.
 * A message that is not a well-formed BOOTP request with DHCP's magic
 * cookie and a message type, or from a MAC without a lease, or a REQUEST
 * naming another server, is ignored and counted.
 *
 * Not locked: Dom0's cooperative threads.
 */
#ifndef DRIVERS_DHCPD_H
#define DRIVERS_DHCPD_H

#include <stdint.h>
#include <xen/xen.h>

#define DHCPD_POOL_FIRST	128	/* 10.0.0.128 ... */
#define DHCPD_POOL_SIZE		64	/* ... 10.0.0.191 */
#define DHCPD_LEASE_S		86400

/*
 * Leases an address (host order, in *ip) to vif devid of domain domid,
 * MAC mac, and starts serving on xenbr0 (netdev `xenbr0`) on first use.
 * A lease whose vif is gone is free again.  0, -ENOSPC (pool used up) or
 * the stack's error binding port 67.
 */
int dhcpd_lease(domid_t domid, unsigned int devid, const uint8_t *mac,
		uint32_t *ip);

/* Counters for `bridge` and the tests. */
struct dhcpd_stats {
	uint64_t offers, acks, naks, ignored;
};
const struct dhcpd_stats *dhcpd_stats(void);

#endif
