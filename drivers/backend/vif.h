/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces of DomUs, and Dom0's own place on the bridge.  The
 * toolstack adds them (xl.cfg's `vif`, `xl network-attach`: vif_add());
 * so do Dom0's command line, for the DomUs it boots with, and its shell.
 * Dom0 joins the bridge xenbr0 as 10.0.0.1/24 (the netdev "xenbr0" of
 * its IP stack) with the first vif, or at boot with `vif`; its NIC, when
 * it has one (netdev "eth0"), is bridged onto xenbr0 then, as Xen's
 * vif-bridge does: the NIC is port peth0, Dom0's eth0 a port of its own
 * (bridge.h), so a vif that is not NAT'd is on the NIC's network itself.
 *
 *   vif          (a word of Dom0's command line) every DomU N Dom0 takes
 *                on that the toolstack did not build gets vif N.0: MAC
 *                00:16:3e:00:00:N (N below 256) and the address
 *                10.0.0.(10 + N)/24 (the backend's `ip` key, which our
 *                netfront takes)
 *   vif attach D | vif detach D    hot-plug / unplug vif D.0
 *   vif [list]   vifs, states, counters
 *   bridge       the bridge's ports and learned MACs, the NAT's and the
 *                DHCP server's counters, the NAT's TCP connections
 *
 * Dom0's own shell has `ip` and `ping` on its stack as every kernel does.
 */
#ifndef DRIVERS_VIF_H
#define DRIVERS_VIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

#define VIF_SUBNET	0x0a000000u	/* 10.0.0.0/24 */
#define VIF_DOM0_HOST	1
#define VIF_FIRST_HOST	10		/* DomU N is 10 + N */

/*
 * Reads `vif` from Dom0's command line (joining the bridge then) and adds
 * the `vif` and `bridge` commands.  Returns 0 or -errno.
 */
int vif_init(void);

/*
 * Adds vif devid (vif<domid>.<devid>) to domain domid: MAC mac, on bridge
 * (only "xenbr0" exists), the frontend's address ip ("A.B.C.D/N", "" or
 * NULL for none).  nat asks for address translation (nat.h): without ip
 * the vif is leased an address by Dom0's DHCP server (dhcpd.h), written
 * as its ip; Dom0 (10.0.0.1) is written as the vif's `gateway` and its
 * traffic to the world goes out of eth0 under eth0's address.  0, or
 * -errno with a sentence in why: -ENODEV (no such bridge), -EINVAL (a
 * multicast MAC, an ip that is not an address), -EEXIST, netback_add()'s,
 * nat_add()'s, dhcpd_lease()'s.
 */
int vif_add(domid_t domid, unsigned int devid, const uint8_t *mac,
	    const char *bridge, const char *ip, bool nat, char *why,
	    size_t why_size);

/* Unplugs vif devid of domid.  0 or -ENOENT. */
int vif_remove(domid_t domid, unsigned int devid);

/* A DomU Dom0 just took on: gives it vif N.0 when `vif` asks. */
void vif_domain_new(domid_t domid);

#endif
