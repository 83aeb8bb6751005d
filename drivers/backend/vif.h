/* SPDX-License-Identifier: MIT */
/*
 * Network interfaces as Dom0 hands them out until the toolstack's `vif=`
 * key does, and Dom0's own place on the bridge.
 *
 *   vif          (a word of Dom0's command line) Dom0 joins the bridge
 *                xenbr0 as 10.0.0.1/24 (the netdev "xenbr0" of its IP
 *                stack) and every DomU N it takes on gets vif N.0: MAC
 *                00:16:3e:00:00:N (N below 256) and the address
 *                10.0.0.(10 + N)/24 (the backend's `ip` key, which our
 *                netfront takes)
 *   vif attach D | vif detach D    hot-plug / unplug vif D.0
 *   vif [list]   vifs, states, counters
 *   bridge       the bridge's ports and learned MACs
 *
 * Dom0's own shell has `ip` and `ping` on its stack as every kernel does.
 */
#ifndef DRIVERS_VIF_H
#define DRIVERS_VIF_H

#include <xen/xen.h>

#define VIF_SUBNET	0x0a000000u	/* 10.0.0.0/24 */
#define VIF_DOM0_HOST	1
#define VIF_FIRST_HOST	10		/* DomU N is 10 + N */

/*
 * Reads `vif` from Dom0's command line (joining the bridge then) and adds
 * the `vif` and `bridge` commands.  Returns 0 or -errno.
 */
int vif_init(void);

/* A DomU Dom0 just took on: gives it vif N.0 when `vif` asks. */
void vif_domain_new(domid_t domid);

#endif
