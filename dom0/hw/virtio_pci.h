/* SPDX-License-Identifier: MIT */
/*
 * The virtio 1.x PCI transport, modern interface only (virtio spec 4.1):
 * the vendor capabilities that locate the common configuration, the
 * notification area, the ISR status and the device configuration in the
 * BARs; device status, feature negotiation, reset and queue set-up.
 *
 * A device driver (console, block, net) is a struct virtio_driver in the
 * table in virtio_pci.c: it names its device type and the features it
 * understands, sets its queues up in probe() and is called back in poll()
 * when the device may have used buffers.  Each device's interrupt comes
 * as an event (pci_irq.h): MSI-X vector 0 for the configuration and every
 * queue when the device has MSI-X, else its INTx line (the ISR read
 * acknowledges it, then PHYSDEVOP_eoi).  One thread runs every poll()
 * after an interrupt, blocked in between; every 20 ms anyway, and every
 * millisecond while traffic flows for a device whose interrupt could not
 * be mapped.
 *
 * Not locked: only cooperative threads call it.
 */
#ifndef DOM0_HW_VIRTIO_PCI_H
#define DOM0_HW_VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include "pci.h"
#include "pci_irq.h"
#include "virtqueue.h"

#define VIRTIO_F_VERSION_1	(1ull << 32)
#define VIRTIO_F_EVENT_IDX	(1ull << 29)

#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3

struct virtio_dev;

struct virtio_driver {
	const char *name;
	uint16_t type;			/* VIRTIO_ID_* */
	uint64_t features;		/* device-specific bits understood */
	/* Sets the queues up (virtio_queue_setup); 0 or -errno. */
	int (*probe)(struct virtio_dev *v);
	/* The device may have work done: returns true when there was some. */
	bool (*poll)(struct virtio_dev *v);
};

struct virtio_dev {
	struct pci_dev *pci;
	const struct virtio_driver *drv;
	volatile uint8_t *common, *isr, *devcfg, *notify;
	uint32_t notify_mult;
	uint64_t features;		/* negotiated */
	struct pci_irq irq;		/* pirq -1: polled */
	uint16_t vector;		/* MSI-X vector of config and queues */
	void *priv;			/* the driver's state */
};

extern const struct pci_driver virtio_pci_driver;

/*
 * Sets queue index up with room for up to size entries (fewer when the
 * device offers fewer; a power of two), its rings in DMA memory.  0,
 * -ENOENT (no such queue), -ENOMEM, -EINVAL.
 */
int virtio_queue_setup(struct virtio_dev *v, uint16_t index, struct virtq *vq,
		       uint16_t size);

/* Tells the device queue index has new buffers (when it wants to know). */
void virtio_queue_kick(struct virtio_dev *v, uint16_t index, struct virtq *vq);

/*
 * Resets the device (status 0, waits until it reads back 0) and runs the
 * initialisation again: features, the driver's probe(), DRIVER_OK.  The
 * driver drains its queues (vq_drain) before and re-creates them in
 * probe().  0 or -errno.
 */
int virtio_reset(struct virtio_dev *v);

/* Device configuration: size 1, 2 or 4 bytes at off. */
uint32_t virtio_config_read(const struct virtio_dev *v, unsigned int off,
			    unsigned int size);

#endif
