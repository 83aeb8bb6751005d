/* SPDX-License-Identifier: MIT */
/*
 * The network frontend (xen/io/netif.h): each vif under device/vif/ is a
 * netdev of the kernel's IP stack (kernel/net/netdev.h), named eth<N>
 * after its handle.  Its MAC is the `mac` key the toolstack wrote; its
 * address, when the backend directory has an `ip` key ("10.0.0.11/24",
 * as libxl writes it), is set from it, else by hand (`ip addr`).
 *
 * NETFRONT_TX_SLOTS pages for transmitting and NETFRONT_RX_SLOTS for
 * receiving are granted once at connect; the receive buffers stay posted
 * on the rx ring and are posted again as soon as their frame went up the
 * stack.  A thread per vif ("netfront") takes received frames to the
 * stack (netdev_receive() is for threads); the event channel's handler
 * only wakes it.  Full checksums both ways (feature-no-csum-offload),
 * no scatter-gather, the copying receive path (request-rx-copy).  A
 * response producer beyond a ring, or a response for an id not in
 * flight, closes the vif.
 */
#ifndef DRIVERS_NETFRONT_H
#define DRIVERS_NETFRONT_H

#define NETFRONT_TX_SLOTS	16
#define NETFRONT_RX_SLOTS	32

/*
 * Starts following device/vif/ (from a thread, as blkfront).  Needs
 * xenbus.  Returns 0 or -errno.
 */
int netfront_start(void);

#endif
