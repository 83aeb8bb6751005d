/* SPDX-License-Identifier: MIT */
/* virtio-net: eth0 for the kernel's IP stack, mergeable receive buffers. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "../../guest-patches/kernel/print.h"
#include "dma.h"
#include "virtio_net.h"
#include "virtio_pci.h"

#define F_MAC			(1ull << 5)
#define F_MRG_RXBUF		(1ull << 15)
#define F_STATUS		(1ull << 16)
#define CFG_MAC			0
#define CFG_STATUS		6
#define STATUS_LINK_UP		1

/* struct virtio_net_hdr_v1 (5.1.6): 12 bytes, num_buffers last. */
#define HDR_LEN			12
#define HDR_NUM_BUFFERS		10
#define BUF_SIZE		2048u
#define RX_BUFS			32
#define TX_BUFS			32
#define Q_SIZE			64

struct nbuf {
	uint8_t *data;
	uint64_t bus;
	bool busy;
};

static struct {
	struct virtio_dev *v;
	struct netdev dev;
	bool registered;
	bool started;		/* the receive queue was announced */
	struct virtq rxq, txq;
	struct nbuf rx[RX_BUFS], tx[TX_BUFS];
	uint8_t frame[ETH_FRAME_MAX];	/* a received frame, reassembled */
	uint64_t rx_frames, tx_frames, rx_bad, tx_full, multi;
} net;

static int give_rx(struct nbuf *b)
{
	struct vq_buf vb = { b->bus, BUF_SIZE };
	int rc = vq_add(&net.rxq, &vb, 0, 1, b);

	if (!rc)
		b->busy = true;
	return rc;
}

static int alloc_bufs(struct nbuf *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		b[i].busy = false;
		if (!b[i].data && !(b[i].data = dma_alloc(1, &b[i].bus)))
			return -ENOMEM;
	}
	return 0;
}

static int transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct nbuf *b;
	struct vq_buf vb;
	unsigned int i;
	uint32_t l;
	int err;

	(void)dev;
	if (len > ETH_FRAME_MAX)
		return -EINVAL;
	while ((b = vq_get_used(&net.txq, &l, &err)))
		b->busy = false;	/* reclaim what the device sent */
	for (i = 0; i < TX_BUFS && net.tx[i].busy; i++)
		;
	if (i == TX_BUFS || err) {
		net.tx_full++;
		return err ? -EIO : -EAGAIN;
	}
	memset(net.tx[i].data, 0, HDR_LEN);
	memcpy(net.tx[i].data + HDR_LEN, frame, len);
	vb = (struct vq_buf){ net.tx[i].bus, (uint32_t)(HDR_LEN + len) };
	if (vq_add(&net.txq, &vb, 1, 0, &net.tx[i]))
		return -EAGAIN;
	net.tx[i].busy = true;
	net.tx_frames++;
	virtio_queue_kick(net.v, 1, &net.txq);
	return 0;
}

static const struct netdev_ops ops = { transmit };

static int probe(struct virtio_dev *v)
{
	unsigned int i;
	int rc;

	if (net.v && net.v != v)
		return -EBUSY;	/* eth0 is the first NIC */
	net.v = v;
	v->priv = &net;
	net.started = false;
	rc = virtio_queue_setup(v, 0, &net.rxq, Q_SIZE);
	if (!rc)
		rc = virtio_queue_setup(v, 1, &net.txq, Q_SIZE);
	if (!rc)
		rc = alloc_bufs(net.rx, RX_BUFS);
	if (!rc)
		rc = alloc_bufs(net.tx, TX_BUFS);
	for (i = 0; !rc && i < RX_BUFS; i++)
		rc = give_rx(&net.rx[i]);
	if (rc || net.registered)
		return rc;
	strlcpy(net.dev.name, "eth0", sizeof(net.dev.name));
	for (i = 0; i < ETH_ALEN; i++)
		net.dev.mac[i] = v->features & F_MAC
			? (uint8_t)virtio_config_read(v, CFG_MAC + i, 1)
			: (uint8_t)(i ? 0x16 * i : 0x02);	/* local, fixed */
	net.dev.ops = &ops;
	rc = netdev_register(&net.dev);
	net.registered = !rc;
	if (!rc)
		rc = netdev_set_addr(&net.dev, VIRTIO_NET_DEFAULT_ADDR, 24,
				     VIRTIO_NET_DEFAULT_GW);
	return rc;
}

/*
 * One received frame starting at buffer b (len bytes, header included):
 * with mergeable buffers its num_buffers says how many used entries it
 * spans.  Returns -EIO when the device broke the protocol.
 */
static int receive(struct nbuf *b, uint32_t len)
{
	uint16_t nbufs = 1, i;
	size_t got;
	uint32_t l;
	int err;

	if (len < HDR_LEN)
		goto bad;
	if (net.v->features & F_MRG_RXBUF)
		memcpy(&nbufs, b->data + HDR_NUM_BUFFERS, 2);
	if (!nbufs)
		goto bad;
	got = len - HDR_LEN;
	if (got > sizeof(net.frame))
		goto bad;
	memcpy(net.frame, b->data + HDR_LEN, got);
	give_rx(b);
	for (i = 1; i < nbufs; i++) {
		b = vq_get_used(&net.rxq, &l, &err);
		if (!b)
			return err ? err : -EIO;	/* announced, not there */
		if (l > sizeof(net.frame) - got) {
			give_rx(b);
			net.rx_bad++;
			return 0;
		}
		memcpy(net.frame + got, b->data, l);
		got += l;
		give_rx(b);
		net.multi++;
	}
	net.rx_frames++;
	netdev_receive(&net.dev, net.frame, got);
	return 0;
bad:
	give_rx(b);
	net.rx_bad++;
	return 0;
}

static bool poll(struct virtio_dev *v)
{
	struct nbuf *b;
	bool work = false;
	uint32_t len;
	int err = 0;

	while (!err && (b = vq_get_used(&net.rxq, &len, &err))) {
		b->busy = false;
		err = receive(b, len);
		work = true;
	}
	/* The first kick, after DRIVER_OK, lets QEMU flush what it queued. */
	if (work || !net.started)
		virtio_queue_kick(v, 0, &net.rxq);
	net.started = true;
	if (err)
		kprintf("virtio-net: device broke the ring protocol (%d)\n", err);
	return work;
}

void vnet_print(void)
{
	char a[INET_ADDR_LEN];
	unsigned int prefix = 0;
	uint32_t m;
	uint16_t st;

	for (m = net.dev.netmask; m; m <<= 1)
		prefix++;
	if (!net.v) {
		kprintf("net: no NIC\n");
		return;
	}
	st = net.v->features & F_STATUS
		? (uint16_t)virtio_config_read(net.v, CFG_STATUS, 2) : STATUS_LINK_UP;
	inet_format(net.dev.ip, a);
	kprintf("net: %s %02x:%02x:%02x:%02x:%02x:%02x link %s, %s/%u, "
		"mergeable rx %s\n", net.dev.name, net.dev.mac[0],
		net.dev.mac[1], net.dev.mac[2], net.dev.mac[3], net.dev.mac[4],
		net.dev.mac[5], st & STATUS_LINK_UP ? "up" : "down", a,
		prefix,
		net.v->features & F_MRG_RXBUF ? "yes" : "no");
	kprintf("net: rx %lu frames (%lu multi-buffer, %lu bad), tx %lu frames "
		"(%lu refused: ring full)\n", (unsigned long)net.rx_frames,
		(unsigned long)net.multi, (unsigned long)net.rx_bad,
		(unsigned long)net.tx_frames, (unsigned long)net.tx_full);
}

const struct virtio_driver virtio_net_driver = {
	.name = "virtio-net",
	.type = VIRTIO_ID_NET,
	.features = F_MAC | F_STATUS | F_MRG_RXBUF,
	.probe = probe,
	.poll = poll,
};
