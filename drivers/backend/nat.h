/* SPDX-License-Identifier: MIT */
/*
 * Dom0's NAT: vifs asked for with `script=vif-nat` reach the world behind
 * Dom0's NIC (eth0, virtio-net) under the NIC's own address, as Xen's
 * vif-nat script has Dom0's Linux masquerade them.
 *
 * Such a vif sits on xenbr0 like any other, with its own address there
 * and Dom0's (10.0.0.1) as its gateway (the backend's `gateway` key).
 * Datagrams it sends to an address outside xenbr0's subnet reach Dom0's
 * stack on xenbr0, and this module takes them (ipv4_set_hook()):
 *
 *   UDP, and ICMP echo requests: the source address becomes eth0's, the
 *   source port (the echo identifier) one of NAT_PORTS ports from
 *   NAT_PORT_BASE, remembered with the guest's address and port; TTL one
 *   less, checksums recomputed; out of eth0 to the destination or eth0's
 *   gateway, through ARP.
 *   Coming back on eth0 to eth0's address and a remembered port (an echo
 *   reply's identifier): translated back, out of xenbr0 to the guest.
 *
 *   TCP: the same, with connection tracking (conntrack.h): a connection
 *   is made by the guest's SYN and gets a port of its own from
 *   CONNTRACK_PORT_BASE; segments coming back are taken only from the
 *   remote end it was opened to; FIN and RST close it, and it times out.
 *   A TCP segment whose header is cut or whose checksum is wrong is
 *   dropped either way (the NAT recomputes the checksum, so it checks it
 *   first: corruption is not laundered).
 *
 * Anything else (fragments, other ICMP, a vif not asked for NAT) is not
 * translated and goes on as before: Dom0 routes nothing.  The UDP and
 * ICMP table holds NAT_PORTS mappings; when full the least recently used
 * goes.
 * eth0 needs an address and gateway (`ip addr eth0 10.0.2.15/24
 * 10.0.2.2` in Dom0's shell under QEMU's user network).
 *
 * Not locked: Dom0's cooperative threads (the stack's receive path).
 */
#ifndef DRIVERS_NAT_H
#define DRIVERS_NAT_H

#include <stdint.h>
#include <xen/xen.h>

#define NAT_PORT_BASE	40000
#define NAT_PORTS	64

/*
 * Translates the traffic of address ip (host order), vif devid of domain
 * domid: the mapping holds while that vif exists.  Hooks the stack on
 * first use.  0 or -ENOSPC (NAT_PORTS translated vifs).
 */
int nat_add(domid_t domid, unsigned int devid, uint32_t ip);

/*
 * Counters for `bridge` and the tests: datagrams each way, drops, and of
 * those the TCP SYNs refused for a table full of live connections.
 */
struct nat_stats {
	uint64_t out, in, dropped, tcp_full;
};
const struct nat_stats *nat_stats(void);

#endif
