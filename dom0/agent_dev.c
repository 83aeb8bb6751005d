/* SPDX-License-Identifier: MIT */
/*
 * The agent's device operations: disks and vifs of running domains
 * (`xl block-attach|detach|list', `xl network-attach|detach|list').
 * Adding and removing go through the same calls as the builder's devices
 * phase (drivers/backend/vbd.h, vif.h); the lists read what the backends
 * wrote in the store, counters included, as Xen's xl reads xenstore.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../drivers/backend/vbd.h"
#include "../drivers/backend/vif.h"
#include "../drivers/backend/xenbus_back.h"
#include "agent.h"
#include "guest.h"
#include "xenstored.h"

/* A domain's vifs are numbered below this: it bounds a request's search for a free one. */
#define VIF_DEVIDS	1000

/* Checks the request parsed and names a DomU Dom0 serves. */
static int check_domain(struct agent_call *c, int parsed, uint32_t domid)
{
	if (parsed) {
		agent_why(c, "malformed request for operation %u", c->frame->op);
		return -EBADMSG;
	}
	if (domid == 0 || domid >= DOMID_FIRST_RESERVED) {
		agent_why(c, "domain %u: devices go to DomUs", domid);
		return -EINVAL;
	}
	if (!guest_served((domid_t)domid)) {
		agent_why(c, "domain %u: no such running DomU", domid);
		return -ESRCH;
	}
	return 0;
}

static int op_block_attach(struct agent_call *c)
{
	struct msg_block m;
	int rc = msg_get_block(c->r, &m);

	rc = check_domain(c, rc, m.domid);
	if (!rc)
		rc = vbd_add((domid_t)m.domid, m.disk.vdev, m.disk.target,
			     m.disk.readonly, c->why, c->why_size);
	return rc;
}

static int op_block_detach(struct agent_call *c)
{
	struct msg_block m;
	int rc = msg_get_block(c->r, &m);

	rc = check_domain(c, rc, m.domid);
	if (!rc && (rc = vbd_remove((domid_t)m.domid, m.disk.vdev)))
		agent_why(c, "domain %u has no disk %s", m.domid, m.disk.vdev);
	return rc;
}

static int op_net_attach(struct agent_call *c)
{
	struct msg_net m;
	int rc = msg_get_net(c->r, &m);

	rc = check_domain(c, rc, m.domid);
	if (rc)
		return rc;
	if (m.devid == MSG_DEVID_ANY)
		for (m.devid = 0; xenbus_back_find("vif", (domid_t)m.domid, m.devid);
		     m.devid++)
			;
	if (m.devid >= VIF_DEVIDS) {
		agent_why(c, "vif %u: vifs are numbered below %u", m.devid,
			  VIF_DEVIDS);
		return -EINVAL;
	}
	rc = vif_add((domid_t)m.domid, m.devid, m.vif.mac, m.vif.bridge, m.vif.ip,
		     m.vif.nat, c->why, c->why_size);
	if (!rc)
		msg_put_net(c->out, &m);
	return rc;
}

static int op_net_detach(struct agent_call *c)
{
	struct msg_net m;
	int rc = msg_get_net(c->r, &m);

	rc = check_domain(c, rc, m.domid);
	if (!rc && (rc = vif_remove((domid_t)m.domid, m.devid)))
		agent_why(c, "domain %u has no vif %u", m.domid, m.devid);
	return rc;
}

/* dir/key from the store into buf ("" when absent). */
static void read_key(const char *dir, const char *key, char *buf, size_t size)
{
	char path[XENBUS_DEV_PATH_MAX + 32];
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	if (xenstored_request(XS_READ, path, strlen(path) + 1, buf, size - 1, &len))
		len = 0;
	buf[len < size ? len : size - 1] = 0;
}

static uint64_t read_num(const char *dir, const char *key)
{
	char v[24];

	read_key(dir, key, v, sizeof(v));
	return strtoull(v, NULL, 10);
}

static void read_state(const struct xenbus_back_dev *dev, struct msg_devstate *s)
{
	s->backend = (uint32_t)read_num(dev->be_path, "state");
	s->frontend = (uint32_t)read_num(dev->fe_path, "state");
}

static void block_info(const struct xenbus_back_dev *dev, struct msg_blockinfo *b)
{
	char mode[4];

	memset(b, 0, sizeof(*b));
	b->devid = dev->devid;
	read_key(dev->be_path, "dev", b->disk.vdev, sizeof(b->disk.vdev));
	read_key(dev->be_path, "params", b->disk.target, sizeof(b->disk.target));
	read_key(dev->be_path, "mode", mode, sizeof(mode));
	b->disk.readonly = !strcmp(mode, "r");
	read_state(dev, &b->state);
	b->rd_req = read_num(dev->be_path, "statistics/rd_req");
	b->wr_req = read_num(dev->be_path, "statistics/wr_req");
	b->rd_sect = read_num(dev->be_path, "statistics/rd_sect");
	b->wr_sect = read_num(dev->be_path, "statistics/wr_sect");
	b->errors = read_num(dev->be_path, "statistics/errors");
}

static void net_info(const struct xenbus_back_dev *dev, struct msg_netinfo *n)
{
	char v[24], *p = v;
	unsigned int i;

	memset(n, 0, sizeof(*n));
	n->devid = dev->devid;
	read_key(dev->be_path, "mac", v, sizeof(v));
	for (i = 0; i < 6 && *p; i++) {
		n->vif.mac[i] = (uint8_t)strtoul(p, &p, 16);
		if (*p == ':')
			p++;
	}
	strlcpy(n->vif.bridge, "xenbr0", sizeof(n->vif.bridge));
	read_key(dev->be_path, "ip", n->vif.ip, sizeof(n->vif.ip));
	read_state(dev, &n->state);
	n->rx_packets = read_num(dev->be_path, "statistics/rx_packets");
	n->rx_bytes = read_num(dev->be_path, "statistics/rx_bytes");
	n->tx_packets = read_num(dev->be_path, "statistics/tx_packets");
	n->tx_bytes = read_num(dev->be_path, "statistics/tx_bytes");
	n->drops = read_num(dev->be_path, "statistics/drops");
}

/* The devices of type ("vbd" or "vif") of a domain, as the store has them. */
static int list(struct agent_call *c, const char *type)
{
	struct xenbus_back_dev *dev;
	struct msg_domid m;
	struct msg_blockinfo b;
	struct msg_netinfo n;
	uint32_t count = 0;
	unsigned int i;
	int rc = msg_get_domid(c->r, &m);

	rc = check_domain(c, rc, m.domid);
	if (rc)
		return rc;
	for (i = 0; (dev = xenbus_back_at(i)); i++)
		count += dev->fe == m.domid && !strcmp(dev->ops->type, type);
	msg_put_u32(c->out, count);
	for (i = 0; (dev = xenbus_back_at(i)); i++) {
		if (dev->fe != m.domid || strcmp(dev->ops->type, type))
			continue;
		if (!strcmp(type, "vbd")) {
			block_info(dev, &b);
			msg_put_blockinfo(c->out, &b);
		} else {
			net_info(dev, &n);
			msg_put_netinfo(c->out, &n);
		}
	}
	return c->out->err;
}

static int op_block_list(struct agent_call *c)
{
	return list(c, "vbd");
}

static int op_net_list(struct agent_call *c)
{
	return list(c, "vif");
}

const struct agent_op agent_dev_ops[] = {
	{ OP_BLOCK_ATTACH, op_block_attach, 1 },
	{ OP_BLOCK_DETACH, op_block_detach, 1 },
	{ OP_BLOCK_LIST, op_block_list, 1 },
	{ OP_NET_ATTACH, op_net_attach, 1 },
	{ OP_NET_DETACH, op_net_detach, 1 },
	{ OP_NET_LIST, op_net_list, 1 },
};
const unsigned int agent_nr_dev_ops =
	sizeof(agent_dev_ops) / sizeof(agent_dev_ops[0]);
