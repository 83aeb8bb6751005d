/* SPDX-License-Identifier: MIT */
/* virtio-console, multiport: control messages, ports, the byte-stream API. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "dma.h"
#include "virtio_console.h"
#include "virtio_pci.h"

#define F_MULTIPORT		(1ull << 1)
#define CFG_MAX_PORTS		4	/* device config: le32 max_nr_ports */

/* struct virtio_console_control (5.3.6.2) and its events. */
struct ctl_msg {
	uint32_t id;
	uint16_t event, value;
};
#define EV_DEVICE_READY		0
#define EV_DEVICE_ADD		1
#define EV_DEVICE_REMOVE	2
#define EV_PORT_READY		3
#define EV_CONSOLE_PORT		4
#define EV_PORT_OPEN		6
#define EV_PORT_NAME		7

#define BUF_SIZE		4096u	/* a transmit buffer */
/*
 * A receive buffer: each one the device fills costs an interrupt and,
 * given back, a notification; the toolstack streams kernels of 64 MiB
 * into Dom0 through the mgmt port, so they are 4 pages.
 */
#define RX_BUF_SIZE		16384u
#define PORT_BUFS		8	/* receive and transmit buffers per port */
#define CTL_BUFS		8
#define CTL_BUF_SIZE		128u
#define Q_SIZE			16

struct buf {
	uint8_t *data;
	uint64_t bus;
	uint32_t len, off;	/* received bytes, and how many were read */
	bool busy;		/* with the device */
};

struct vcons_port {
	bool present, ready, host_open, guest_open;
	uint32_t id;
	char name[VCONS_NAME_MAX];
	struct virtq rxq, txq;
	struct buf rx[PORT_BUFS], tx[PORT_BUFS];
	struct buf *pending[PORT_BUFS];	/* received, not yet read, in order */
	unsigned int pend_head, pend_count;
	uint64_t rx_bytes, tx_bytes;
	struct virtio_dev *dev;
};

struct vcons {
	struct virtio_dev *v;
	bool multiport;
	uint32_t nr_ports;
	struct virtq crxq, ctxq;
	struct buf crx[CTL_BUFS], ctx[CTL_BUFS];
	struct vcons_port port[VCONS_MAX_PORTS];
	struct thread_waitq wq;
	bool broken;
	bool ready_sent;	/* DEVICE_READY went out */
};

static struct vcons cons;	/* the first device: the one served */

static uint16_t rxq_index(uint32_t id)
{
	return (uint16_t)(id == 0 ? 0 : 2 * id + 2);
}

static int alloc_bufs(struct buf *b, unsigned int n, uint32_t size)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (b[i].data)
			continue;	/* kept across a reset */
		b[i].data = dma_alloc((size + 4095) / 4096, &b[i].bus);
		if (!b[i].data)
			return -ENOMEM;
	}
	return 0;
}

static int give_rx(struct virtq *q, struct buf *b, uint32_t size)
{
	struct vq_buf vb = { b->bus, size };
	int rc = vq_add(q, &vb, 0, 1, b);

	if (!rc)
		b->busy = true;
	return rc;
}

static int send_ctl(struct vcons *c, uint32_t id, uint16_t event,
		    uint16_t value)
{
	struct ctl_msg m = { id, event, value };
	struct vq_buf vb;
	unsigned int i;
	int rc;

	for (i = 0; i < CTL_BUFS && c->ctx[i].busy; i++)
		;
	if (i == CTL_BUFS)
		return -EAGAIN;
	memcpy(c->ctx[i].data, &m, sizeof(m));
	vb = (struct vq_buf){ c->ctx[i].bus, sizeof(m) };
	rc = vq_add(&c->ctxq, &vb, 1, 0, &c->ctx[i]);
	if (rc)
		return rc;
	c->ctx[i].busy = true;
	virtio_queue_kick(c->v, 3, &c->ctxq);
	return 0;
}

static int port_setup(struct vcons *c, uint32_t id)
{
	struct vcons_port *p = &c->port[id];
	unsigned int i;
	int rc;

	p->id = id;
	p->dev = c->v;
	p->pend_head = p->pend_count = 0;
	rc = virtio_queue_setup(c->v, rxq_index(id), &p->rxq, Q_SIZE);
	if (!rc)
		rc = virtio_queue_setup(c->v, (uint16_t)(rxq_index(id) + 1),
					&p->txq, Q_SIZE);
	if (!rc)
		rc = alloc_bufs(p->rx, PORT_BUFS, RX_BUF_SIZE);
	if (!rc)
		rc = alloc_bufs(p->tx, PORT_BUFS, BUF_SIZE);
	for (i = 0; !rc && i < PORT_BUFS; i++) {
		p->tx[i].busy = false;
		rc = give_rx(&p->rxq, &p->rx[i], RX_BUF_SIZE);
	}
	return rc;
}

static int probe(struct virtio_dev *v)
{
	struct vcons *c = &cons;
	unsigned int i;
	uint32_t id;
	int rc;

	if (c->v && c->v != v)
		return -EBUSY;	/* one console device is served */
	c->v = v;
	v->priv = c;
	c->broken = false;
	c->ready_sent = false;
	c->multiport = v->features & F_MULTIPORT;
	c->nr_ports = c->multiport ? virtio_config_read(v, CFG_MAX_PORTS, 4) : 1;
	if (c->nr_ports > VCONS_MAX_PORTS)
		c->nr_ports = VCONS_MAX_PORTS;
	for (id = 0; id < c->nr_ports; id++) {
		rc = port_setup(c, id);
		if (rc)
			return rc;
	}
	if (!c->multiport) {	/* one port, no names: call it console */
		c->port[0].present = c->port[0].ready = true;
		c->port[0].host_open = true;
		strlcpy(c->port[0].name, "console", VCONS_NAME_MAX);
		return 0;
	}
	rc = virtio_queue_setup(v, 2, &c->crxq, Q_SIZE);
	if (!rc)
		rc = virtio_queue_setup(v, 3, &c->ctxq, Q_SIZE);
	if (!rc)
		rc = alloc_bufs(c->crx, CTL_BUFS, CTL_BUF_SIZE);
	if (!rc)
		rc = alloc_bufs(c->ctx, CTL_BUFS, CTL_BUF_SIZE);
	for (i = 0; !rc && i < CTL_BUFS; i++) {
		c->ctx[i].busy = false;
		rc = give_rx(&c->crxq, &c->crx[i], CTL_BUF_SIZE);
	}
	return rc;
}

/* One control message from the device (its bytes checked here). */
static void control(struct vcons *c, const uint8_t *data, uint32_t len)
{
	struct ctl_msg m;
	struct vcons_port *p;
	uint32_t n;

	if (len < sizeof(m))
		return;
	memcpy(&m, data, sizeof(m));
	if (m.id >= c->nr_ports)
		return;	/* a port we set no queues up for */
	p = &c->port[m.id];
	switch (m.event) {
	case EV_DEVICE_ADD:
		p->present = true;
		if (!p->ready && !send_ctl(c, m.id, EV_PORT_READY, 1))
			p->ready = true;
		break;
	case EV_DEVICE_REMOVE:
		p->present = p->host_open = false;
		break;
	case EV_PORT_NAME:
		n = len - sizeof(m);
		if (n >= VCONS_NAME_MAX)
			n = VCONS_NAME_MAX - 1;
		memcpy(p->name, data + sizeof(m), n);
		p->name[n] = 0;
		break;
	case EV_PORT_OPEN:
		p->host_open = m.value;
		break;
	default:
		break;	/* console port, resize: nothing to do */
	}
}

/* Collects what the device finished on every queue; true when any. */
static bool poll(struct virtio_dev *v)
{
	struct vcons *c = v->priv;
	struct vcons_port *p;
	struct buf *b;
	bool work = false;
	uint32_t len, id;
	int err = 0;

	if (c->broken)
		return false;
	if (c->multiport) {
		if (!c->ready_sent) {
			c->ready_sent = !send_ctl(c, 0, EV_DEVICE_READY, 1);
			work = true;
		}
		while ((b = vq_get_used(&c->crxq, &len, &err))) {
			control(c, b->data, len);
			give_rx(&c->crxq, b, CTL_BUF_SIZE);
			virtio_queue_kick(v, 2, &c->crxq);
			work = true;
		}
		while (!err && (b = vq_get_used(&c->ctxq, &len, &err))) {
			b->busy = false;
			work = true;
		}
	}
	for (id = 0; !err && id < c->nr_ports; id++) {
		p = &c->port[id];
		while ((b = vq_get_used(&p->rxq, &len, &err))) {
			b->len = len;
			b->off = 0;
			b->busy = false;
			p->pending[(p->pend_head + p->pend_count) % PORT_BUFS] = b;
			p->pend_count++;
			p->rx_bytes += len;
			work = true;
		}
		while (!err && (b = vq_get_used(&p->txq, &len, &err))) {
			b->busy = false;
			work = true;
		}
	}
	if (err) {
		kprintf("virtio-console: device broke the ring protocol (%d): reset\n",
			err);
		c->broken = true;
	}
	if (work)
		thread_wake(&c->wq);
	return work;
}

struct vcons_port *vcons_open(const char *name)
{
	struct vcons *c = &cons;
	uint32_t id;

	for (id = 0; c->v && id < c->nr_ports; id++) {
		struct vcons_port *p = &c->port[id];

		if (!p->present || strcmp(p->name, name))
			continue;
		if (!p->guest_open && c->multiport &&
		    !send_ctl(c, id, EV_PORT_OPEN, 1))
			p->guest_open = true;
		return p;
	}
	return NULL;
}

size_t vcons_read(struct vcons_port *p, void *buf, size_t len)
{
	size_t done = 0, n;
	struct buf *b;

	while (done < len && p->pend_count) {
		b = p->pending[p->pend_head];
		n = b->len - b->off;
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)buf + done, b->data + b->off, n);
		b->off += (uint32_t)n;
		done += n;
		if (b->off < b->len)
			break;
		p->pend_head = (p->pend_head + 1) % PORT_BUFS;
		p->pend_count--;
		if (!give_rx(&p->rxq, b, RX_BUF_SIZE))
			virtio_queue_kick(p->dev, rxq_index(p->id), &p->rxq);
	}
	return done;
}

size_t vcons_write(struct vcons_port *p, const void *buf, size_t len)
{
	size_t done = 0, n;
	struct vq_buf vb;
	unsigned int i;

	for (i = 0; i < PORT_BUFS && done < len; i++) {
		if (p->tx[i].busy)
			continue;
		n = len - done < BUF_SIZE ? len - done : BUF_SIZE;
		memcpy(p->tx[i].data, (const uint8_t *)buf + done, n);
		vb = (struct vq_buf){ p->tx[i].bus, (uint32_t)n };
		if (vq_add(&p->txq, &vb, 1, 0, &p->tx[i]))
			break;
		p->tx[i].busy = true;
		done += n;
	}
	if (done) {
		p->tx_bytes += done;
		virtio_queue_kick(p->dev, (uint16_t)(rxq_index(p->id) + 1),
				  &p->txq);
	}
	return done;
}

void vcons_wait(struct vcons_port *p, uint64_t deadline_ns)
{
	uint32_t seen = thread_wait_count(&cons.wq);

	(void)p;
	if (poll(cons.v))
		return;
	thread_wait_until(&cons.wq, seen, deadline_ns);
}

bool vcons_host_connected(const struct vcons_port *p)
{
	return p->host_open;
}

void vcons_print(void)
{
	uint32_t id;

	for (id = 0; cons.v && id < cons.nr_ports; id++) {
		const struct vcons_port *p = &cons.port[id];

		if (p->present)
			kprintf("port %u %-12s host %s, guest %s, rx %lu B, tx %lu B\n",
				id, p->name[0] ? p->name : "-",
				p->host_open ? "connected" : "closed",
				p->guest_open ? "open" : "closed",
				(unsigned long)p->rx_bytes,
				(unsigned long)p->tx_bytes);
	}
}

static void echo_thread(void *arg)
{
	struct vcons_port *p = arg;
	static uint8_t data[RX_BUF_SIZE];
	size_t n, off, w;

	for (;;) {
		n = vcons_read(p, data, sizeof(data));
		for (off = 0; off < n; off += w) {
			w = vcons_write(p, data + off, n - off);
			if (!w)
				vcons_wait(p, clock_ns() + 10000000ull);
		}
		if (!n)
			vcons_wait(p, clock_ns() + 100000000ull);
	}
}

int vcons_echo(const char *name)
{
	struct vcons_port *p = vcons_open(name);
	int rc;

	if (!p)
		return -ENOENT;
	rc = thread_create("vcons-echo", echo_thread, p);
	return rc < 0 ? rc : 0;
}

const struct virtio_driver virtio_console_driver = {
	.name = "virtio-console",
	.type = VIRTIO_ID_CONSOLE,
	.features = F_MULTIPORT,
	.probe = probe,
	.poll = poll,
};
