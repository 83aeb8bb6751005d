/* SPDX-License-Identifier: MIT */
/* The virtio 1.x modern PCI transport, and the thread that serves devices. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "dma.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"
#include "virtio_pci.h"

#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_MODERN_BASE	0x1040	/* + device type */
#define PCI_SUBSYS_ID		0x2e

/* struct virtio_pci_cap (4.1.4). */
#define CAP_CFG_TYPE		3
#define CAP_BAR			4
#define CAP_OFFSET		8
#define CAP_LENGTH		12
#define CAP_NOTIFY_MULT		16
#define CFG_COMMON		1
#define CFG_NOTIFY		2
#define CFG_ISR			3
#define CFG_DEVICE		4

/* struct virtio_pci_common_cfg (4.1.4.3). */
#define COMMON_DFSELECT		0x00
#define COMMON_DF		0x04
#define COMMON_GFSELECT		0x08
#define COMMON_GF		0x0c
#define COMMON_MSIX		0x10
#define COMMON_NUMQ		0x12
#define COMMON_STATUS		0x14
#define COMMON_Q_SELECT		0x16
#define COMMON_Q_SIZE		0x18
#define COMMON_Q_MSIX		0x1a
#define COMMON_Q_ENABLE		0x1c
#define COMMON_Q_NOFF		0x1e
#define COMMON_Q_DESC		0x20
#define COMMON_Q_AVAIL		0x28
#define COMMON_Q_USED		0x30
#define COMMON_SIZE		0x38

#define STATUS_ACK		1
#define STATUS_DRIVER		2
#define STATUS_DRIVER_OK	4
#define STATUS_FEATURES_OK	8
#define STATUS_FAILED		128
#define NO_VECTOR		0xffff

#define POLL_BUSY_NS		1000000ull	/* 1 ms while work flows (polled) */
#define POLL_IDLE_NS		20000000ull	/* 20 ms once idle (polled) */
/*
 * Every device has an interrupt: one safety pass a second all the same
 * (a lost interrupt costs a second, not a device).  A 20 ms pass once
 * hid two bugs that made xl/split-hotplug fail with a 1 s one: the
 * hypervisor's TSC calibration made every guest clock run 1.5 to 3 times
 * slow under load, and virtio-net stopped sending after 32 frames.  So
 * that it hides nothing again, a pass that finds work no interrupt
 * announced says so ("work without an interrupt"); devices.sh requires
 * that it never does.
 */
#define POLL_SAFETY_NS		1000000000ull
#define POLL_IDLE_AFTER		200		/* empty polls before slowing */
#define MAX_VIRTIO_DEVS		8

static const struct virtio_driver *const virtio_drivers[] = {
	&virtio_console_driver,
	&virtio_blk_driver,
	&virtio_net_driver,
};

static struct virtio_dev vdevs[MAX_VIRTIO_DEVS];
static int nr_vdevs;
static int poller = -1;
static struct thread_waitq interrupts;	/* woken by every device interrupt */
static int nr_polled;			/* devices without an interrupt */

static uint16_t device_type(const struct pci_dev *p)
{
	if (p->device >= VIRTIO_MODERN_BASE)
		return (uint16_t)(p->device - VIRTIO_MODERN_BASE);
	/* Transitional devices (0x1000-0x103f) name their type here. */
	return (uint16_t)pci_read(p, PCI_SUBSYS_ID, 2);
}

static const struct virtio_driver *find_driver(const struct pci_dev *p)
{
	uint16_t type = device_type(p);
	unsigned int i;

	for (i = 0; i < sizeof(virtio_drivers) / sizeof(virtio_drivers[0]); i++)
		if (virtio_drivers[i]->type == type)
			return virtio_drivers[i];
	return NULL;
}

static bool match(const struct pci_dev *p)
{
	return p->vendor == VIRTIO_VENDOR && p->device >= 0x1000 &&
	       p->device <= 0x107f && find_driver(p);
}

static void w8(volatile uint8_t *b, unsigned int off, uint8_t v)
{
	*(volatile uint8_t *)(b + off) = v;
}

static void w16(volatile uint8_t *b, unsigned int off, uint16_t v)
{
	*(volatile uint16_t *)(b + off) = v;
}

static void w32(volatile uint8_t *b, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(b + off) = v;
}

static void w64(volatile uint8_t *b, unsigned int off, uint64_t v)
{
	w32(b, off, (uint32_t)v);
	w32(b, off + 4, (uint32_t)(v >> 32));
}

static uint8_t r8(volatile uint8_t *b, unsigned int off)
{
	return *(volatile uint8_t *)(b + off);
}

static uint16_t r16(volatile uint8_t *b, unsigned int off)
{
	return *(volatile uint16_t *)(b + off);
}

static uint32_t r32(volatile uint8_t *b, unsigned int off)
{
	return *(volatile uint32_t *)(b + off);
}

/* Maps the structure a virtio capability at pos describes. */
static volatile uint8_t *map_cap(struct pci_dev *p, unsigned int pos,
				 uint32_t min_len)
{
	unsigned int bar = pci_read(p, pos + CAP_BAR, 1);
	uint32_t off = pci_read(p, pos + CAP_OFFSET, 4);
	uint32_t len = pci_read(p, pos + CAP_LENGTH, 4);

	if (bar >= PCI_NR_BARS || len < min_len)
		return NULL;
	return (volatile uint8_t *)pci_map_bar(p, bar, off, len);
}

/* Finds and maps the four structures (4.1.4); -ENODEV when one lacks. */
static int find_caps(struct virtio_dev *v)
{
	struct pci_dev *p = v->pci;
	unsigned int pos = 0, type;

	while ((pos = pci_find_cap(p, PCI_CAP_VENDOR, pos))) {
		type = pci_read(p, pos + CAP_CFG_TYPE, 1);
		if (type == CFG_COMMON && !v->common)
			v->common = map_cap(p, pos, COMMON_SIZE);
		else if (type == CFG_ISR && !v->isr)
			v->isr = map_cap(p, pos, 1);
		else if (type == CFG_DEVICE && !v->devcfg)
			v->devcfg = map_cap(p, pos, 4);
		else if (type == CFG_NOTIFY && !v->notify) {
			v->notify = map_cap(p, pos, 2);
			v->notify_mult = pci_read(p, pos + CAP_NOTIFY_MULT, 4);
		}
	}
	return v->common && v->isr && v->notify ? 0 : -ENODEV;
}

static void set_status(struct virtio_dev *v, uint8_t bits)
{
	w8(v->common, COMMON_STATUS, (uint8_t)(r8(v->common, COMMON_STATUS) | bits));
}

/* Status 0 and back (4.1.4.3.2: the device reads 0 once reset is done). */
static int reset_device(struct virtio_dev *v)
{
	int i;

	w8(v->common, COMMON_STATUS, 0);
	for (i = 0; i < 100000; i++)
		if (!r8(v->common, COMMON_STATUS))
			return 0;
	return -ETIMEDOUT;
}

/* 3.1.1: acknowledge, features, the driver's queues, DRIVER_OK. */
static int initialise(struct virtio_dev *v)
{
	uint64_t offered, wanted;
	int rc;

	rc = reset_device(v);
	if (rc)
		return rc;
	set_status(v, STATUS_ACK);
	set_status(v, STATUS_DRIVER);
	w32(v->common, COMMON_DFSELECT, 0);
	offered = r32(v->common, COMMON_DF);
	w32(v->common, COMMON_DFSELECT, 1);
	offered |= (uint64_t)r32(v->common, COMMON_DF) << 32;
	if (!(offered & VIRTIO_F_VERSION_1))
		goto err_failed;	/* legacy only: not ours */
	wanted = offered & (v->drv->features | VIRTIO_F_VERSION_1 |
			    VIRTIO_F_EVENT_IDX);
	w32(v->common, COMMON_GFSELECT, 0);
	w32(v->common, COMMON_GF, (uint32_t)wanted);
	w32(v->common, COMMON_GFSELECT, 1);
	w32(v->common, COMMON_GF, (uint32_t)(wanted >> 32));
	set_status(v, STATUS_FEATURES_OK);
	if (!(r8(v->common, COMMON_STATUS) & STATUS_FEATURES_OK))
		goto err_failed;
	v->features = wanted;
	w16(v->common, COMMON_MSIX, v->vector);
	rc = v->drv->probe(v);
	if (rc)
		goto err_failed_rc;
	set_status(v, STATUS_DRIVER_OK);
	return 0;

err_failed:
	rc = -ENODEV;
err_failed_rc:
	set_status(v, STATUS_FAILED);
	return rc;
}

int virtio_queue_setup(struct virtio_dev *v, uint16_t index, struct virtq *vq,
		       uint16_t size)
{
	uint16_t max;
	size_t pages;
	uint64_t bus;
	void *mem;
	int rc;

	if (index >= r16(v->common, COMMON_NUMQ))
		return -ENOENT;
	w16(v->common, COMMON_Q_SELECT, index);
	max = r16(v->common, COMMON_Q_SIZE);
	if (!max)
		return -ENOENT;
	while (size > max || (size & (size - 1)))
		size = (uint16_t)(size & (size - 1) ? size & (size - 1) : size / 2);
	if (vq->desc)	/* set up before a reset: its memory is reused */
		dma_free(vq->desc, (vq_mem_size(vq->size) + 4095) / 4096);
	pages = (vq_mem_size(size) + 4095) / 4096;
	mem = dma_alloc(pages, &bus);
	if (!mem)
		return -ENOMEM;
	rc = vq_init(vq, size, mem, bus,
		     v->features & VIRTIO_F_EVENT_IDX);
	if (rc) {
		dma_free(mem, pages);
		return rc;
	}
	w16(v->common, COMMON_Q_SIZE, size);
	w16(v->common, COMMON_Q_MSIX, v->vector);
	if (r16(v->common, COMMON_Q_MSIX) != v->vector)
		return -ENOSPC;		/* the device has no vector for it */
	w64(v->common, COMMON_Q_DESC, vq->desc_bus);
	w64(v->common, COMMON_Q_AVAIL, vq->avail_bus);
	w64(v->common, COMMON_Q_USED, vq->used_bus);
	w16(v->common, COMMON_Q_ENABLE, 1);
	return 0;
}

void virtio_queue_kick(struct virtio_dev *v, uint16_t index, struct virtq *vq)
{
	uint16_t off;

	if (!vq_kick_needed(vq))
		return;
	w16(v->common, COMMON_Q_SELECT, index);
	off = r16(v->common, COMMON_Q_NOFF);
	w16(v->notify, (unsigned int)off * v->notify_mult, index);
}

int virtio_reset(struct virtio_dev *v)
{
	return initialise(v);
}

uint32_t virtio_config_read(const struct virtio_dev *v, unsigned int off,
			    unsigned int size)
{
	if (!v->devcfg)
		return 0;
	return size == 1 ? r8(v->devcfg, off)
	       : size == 2 ? r16(v->devcfg, off) : r32(v->devcfg, off);
}

/*
 * Every device's poll() after each interrupt, until none has work; then
 * blocked until the next interrupt (or the polled devices' next turn).
 */
static void poll_thread(void *arg)
{
	unsigned int idle = 0;
	bool work, safety_pass = false;
	uint32_t seen;
	int i;

	(void)arg;
	for (;;) {
		seen = thread_wait_count(&interrupts);
		work = false;
		for (i = 0; i < nr_vdevs; i++) {
			if (!vdevs[i].drv->poll(&vdevs[i]))
				continue;
			if (vdevs[i].irq.pirq < 0)
				vdevs[i].pci->irqs++;
			else if (safety_pass)
				kprintf("virtio %02x:%02x.%x: work without an "
					"interrupt, found by the 1 s pass\n",
					vdevs[i].pci->bus, vdevs[i].pci->dev,
					vdevs[i].pci->fn);
			work = true;
		}
		idle = work ? 0 : idle + 1;
		safety_pass = false;
		if (work) {
			thread_yield();
		} else if (nr_polled) {
			thread_wait_until(&interrupts, seen, clock_ns() +
					  (idle < POLL_IDLE_AFTER ? POLL_BUSY_NS
								  : POLL_IDLE_NS));
		} else {
			thread_wait_until(&interrupts, seen,
					  clock_ns() + POLL_SAFETY_NS);
			safety_pass = thread_wait_count(&interrupts) == seen;
		}
	}
}

/* Event handler (interrupt context): the device's interrupt. */
static void on_interrupt(evtchn_port_t port, void *data)
{
	struct virtio_dev *v = data;

	(void)port;
	v->pci->irqs++;
	if (!v->irq.msix) {
		(void)r8(v->isr, 0);	/* reading acknowledges: INTx goes down */
		pci_irq_eoi(&v->irq);
	}
	thread_wake(&interrupts);
}

/* The device's interrupt as an event; without one it is polled. */
static void attach_irq(struct virtio_dev *v)
{
	int rc = pci_irq_attach(v->pci, false, on_interrupt, v, &v->irq);

	v->vector = v->irq.pirq >= 0 && v->irq.msix ? 0 : NO_VECTOR;
	if (!rc)
		kprintf("virtio %02x:%02x.%x: interrupt %s, pirq %d\n",
			v->pci->bus, v->pci->dev, v->pci->fn,
			v->irq.msix ? "MSI-X" : "INTx", v->irq.pirq);
	if (rc) {
		kprintf("virtio %02x:%02x.%x: no interrupt (%d): polled\n",
		       v->pci->bus, v->pci->dev, v->pci->fn, rc);
		nr_polled++;
	}
}

static int probe(struct pci_dev *p)
{
	struct virtio_dev *v;
	int rc;

	if (nr_vdevs == MAX_VIRTIO_DEVS)
		return -ENOSPC;
	v = &vdevs[nr_vdevs];
	memset(v, 0, sizeof(*v));
	v->pci = p;
	v->drv = find_driver(p);
	pci_enable(p);
	rc = find_caps(v);
	if (rc)
		return rc;
	attach_irq(v);
	rc = initialise(v);
	if (rc) {
		if (v->irq.pirq >= 0)
			pci_irq_detach(&v->irq);
		else
			nr_polled--;
		return rc;
	}
	p->priv = v;
	p->driver = v->drv->name;
	nr_vdevs++;
	thread_wake(&interrupts);	/* a first poll() after DRIVER_OK */
	if (poller < 0) {
		poller = thread_create("virtio", poll_thread, NULL);
		if (poller < 0)
			return poller;
	}
	return 0;
}

const struct pci_driver virtio_pci_driver = {
	.name = "virtio-pci",
	.match = match,
	.probe = probe,
};
