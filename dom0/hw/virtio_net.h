/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio spec 5.1): Dom0's NIC, registered with the kernel's
 * IP stack (guest-patches/kernel/net/netdev.h) as "eth0".  The MAC comes
 * from the device (VIRTIO_NET_F_MAC), the link state from its status
 * (VIRTIO_NET_F_STATUS); received frames may span several buffers
 * (VIRTIO_NET_F_MRG_RXBUF).  Frames go through DMA buffers; the stack's
 * buffers are never given to the device.
 *
 * eth0 starts with the address QEMU's user network (slirp) leases its
 * first guest, VIRTIO_NET_DEFAULT_ADDR/24 via VIRTIO_NET_DEFAULT_GW, so
 * that Dom0's NAT (drivers/backend/nat.h) works from boot under `make
 * run` and the tests; on another network, `ip addr eth0 A.B.C.D/N GW` in
 * Dom0's shell sets it.
 *
 * Frames received are handed to the stack from the thread that polls the
 * device.  Not locked: cooperative threads only.
 */
#ifndef DOM0_HW_VIRTIO_NET_H
#define DOM0_HW_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>
#include "../../guest-patches/kernel/net/inet.h"

#define VIRTIO_NET_DEFAULT_ADDR	INET_ADDR(10, 0, 2, 15)
#define VIRTIO_NET_DEFAULT_GW	INET_ADDR(10, 0, 2, 2)

struct virtio_driver;
extern const struct virtio_driver virtio_net_driver;

/* Prints the NIC: MAC, link, address, counters (the shell's `net`). */
void vnet_print(void);

#endif
