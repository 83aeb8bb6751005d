/* SPDX-License-Identifier: MIT */
/*
 * Dom0's real devices (dom0/hw/): the PCI bus (pci.h), the virtio PCI
 * transport (virtio_pci.h, virtqueue.h), device drivers (virtio_console.h,
 * virtio_blk.h, virtio_net.h)
 * and DMA memory (dma.h); their shell commands are `lspci`, `vcons`, `blk` and `net`.
 */
#ifndef DOM0_HW_HW_H
#define DOM0_HW_HW_H

/*
 * Enumerates PCI, binds the drivers and adds the shell commands.  A device
 * whose driver fails is left unbound (and said so); 0, or the shell
 * table's error.
 */
int hw_init(void);

#endif
