/* SPDX-License-Identifier: MIT */
/*
 * xl block-attach, block-detach, block-list, network-attach,
 * network-detach, network-list: the disks and vifs of running domains,
 * with the counters the backends keep in the store.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "config/config.h"
#include "xl.h"

int cmd_block_attach(int argc, char **argv)
{
	struct msg_block m = { 0 };
	const uint8_t *reply;
	uint32_t len;

	if (argc < 3)
		return xl_usage(argv[0]);
	if (config_parse_disk((const char *const *)argv + 2, (unsigned int)argc - 2,
			      stderr, &m.disk))
		return 1;
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(OP_BLOCK_ATTACH, msg_put_block, &m, &reply, &len))
		return xl_fail("attaching %s to %s", m.disk.vdev, argv[1]);
	return 0;
}

int cmd_block_detach(int argc, char **argv)
{
	struct msg_block m = { 0 };
	const uint8_t *reply;
	uint32_t len;

	if (argc != 3)
		return xl_usage(argv[0]);
	if (strlen(argv[2]) >= sizeof(m.disk.vdev)) {
		fprintf(stderr, "xl: `%s' is not a virtual disk\n", argv[2]);
		return 1;
	}
	strcpy(m.disk.vdev, argv[2]);
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(OP_BLOCK_DETACH, msg_put_block, &m, &reply, &len))
		return xl_fail("detaching %s from %s", argv[2], argv[1]);
	return 0;
}

static int block_list_of(const char *dom)
{
	struct msg_domid q;
	struct msg_blockinfo b;
	const uint8_t *reply;
	struct msg_rd r;
	uint32_t len, n, i;

	if (xl_resolve(dom, &q.domid))
		return 1;
	if (client_call_msg(OP_BLOCK_LIST, msg_put_domid, &q, &reply, &len))
		return xl_fail("the disks of %s", dom);
	msg_rd_init(&r, reply, len);
	n = msg_get_u32(&r);
	for (i = 0; i < n && !msg_get_blockinfo(&r, &b); i++)
		printf("%-6u %-5s %-3u %u/%-4u %-20s %-4s %8llu %8llu %9llu %9llu %6llu  "
		       "/local/domain/0/backend/vbd/%u/%u\n",
		       b.devid, b.disk.vdev, 0u, b.state.backend, b.state.frontend,
		       b.disk.target, b.disk.readonly ? "r" : "w",
		       (unsigned long long)b.rd_req, (unsigned long long)b.wr_req,
		       (unsigned long long)b.rd_sect, (unsigned long long)b.wr_sect,
		       (unsigned long long)b.errors, q.domid, b.devid);
	if (msg_rd_end(&r)) {
		fprintf(stderr, "xl: the disks of %s: the reply does not parse\n", dom);
		return 1;
	}
	return 0;
}

int cmd_block_list(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2)
		return xl_usage(argv[0]);
	printf("%-6s %-5s %-3s %-6s %-20s %-4s %8s %8s %9s %9s %6s  %s\n", "Vdev",
	       "Name", "BE", "State", "Target", "Mode", "rd_req", "wr_req",
	       "rd_sect", "wr_sect", "errors", "BE-path");
	for (i = 1; i < argc; i++)
		rc |= block_list_of(argv[i]);
	return rc;
}

int cmd_network_attach(int argc, char **argv)
{
	struct msg_net m = { .devid = MSG_DEVID_ANY };
	struct msg_rd r;
	const uint8_t *reply;
	uint32_t len;

	if (argc < 2)
		return xl_usage(argv[0]);
	if (config_parse_vif((const char *const *)argv + 2, (unsigned int)argc - 2,
			     stderr, &m.vif))
		return 1;
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (client_call_msg(OP_NET_ATTACH, msg_put_net, &m, &reply, &len))
		return xl_fail("attaching a vif to %s", argv[1]);
	msg_rd_init(&r, reply, len);
	if (msg_get_net(&r, &m)) {
		fprintf(stderr, "xl: attaching a vif to %s: the reply does not parse\n",
			argv[1]);
		return 1;
	}
	return 0;
}

/* The devid of the vif of domid whose MAC is mac.  0, or 1 after saying why. */
static int devid_of_mac(uint32_t domid, const uint8_t *mac, uint32_t *devid)
{
	struct msg_domid q = { domid };
	struct msg_netinfo n;
	const uint8_t *reply;
	struct msg_rd r;
	uint32_t len, count, i;

	if (client_call_msg(OP_NET_LIST, msg_put_domid, &q, &reply, &len))
		return xl_fail("the vifs of domain %u", domid);
	msg_rd_init(&r, reply, len);
	count = msg_get_u32(&r);
	for (i = 0; i < count && !msg_get_netinfo(&r, &n); i++)
		if (!memcmp(n.vif.mac, mac, 6)) {
			*devid = n.devid;
			return 0;
		}
	fprintf(stderr, "xl: domain %u has no vif with that MAC\n", domid);
	return 1;
}

int cmd_network_detach(int argc, char **argv)
{
	struct msg_net m = { 0 };
	const uint8_t *reply;
	uint8_t mac[6];
	uint32_t len;
	char *end;

	if (argc != 3)
		return xl_usage(argv[0]);
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	if (!config_parse_mac(argv[2], mac)) {
		if (devid_of_mac(m.domid, mac, &m.devid))
			return 1;
	} else {
		m.devid = (uint32_t)strtoul(argv[2], &end, 10);
		if (!argv[2][0] || *end) {
			fprintf(stderr, "xl: `%s' is neither a device number nor a MAC\n",
				argv[2]);
			return 1;
		}
	}
	if (client_call_msg(OP_NET_DETACH, msg_put_net, &m, &reply, &len))
		return xl_fail("detaching vif %s from %s", argv[2], argv[1]);
	return 0;
}

static int network_list_of(const char *dom)
{
	struct msg_domid q;
	struct msg_netinfo n;
	const uint8_t *reply;
	const uint8_t *a;
	struct msg_rd r;
	uint32_t len, count, i;

	if (xl_resolve(dom, &q.domid))
		return 1;
	if (client_call_msg(OP_NET_LIST, msg_put_domid, &q, &reply, &len))
		return xl_fail("the vifs of %s", dom);
	msg_rd_init(&r, reply, len);
	count = msg_get_u32(&r);
	for (i = 0; i < count && !msg_get_netinfo(&r, &n); i++) {
		a = n.vif.mac;
		printf("%-3u %-2u %02x:%02x:%02x:%02x:%02x:%02x %-18s %u/%-4u %10llu "
		       "%10llu %10llu %10llu %6llu  /local/domain/0/backend/vif/%u/%u\n",
		       n.devid, 0u, a[0], a[1], a[2], a[3], a[4], a[5],
		       n.vif.ip[0] ? n.vif.ip : "-", n.state.backend, n.state.frontend,
		       (unsigned long long)n.rx_packets, (unsigned long long)n.rx_bytes,
		       (unsigned long long)n.tx_packets, (unsigned long long)n.tx_bytes,
		       (unsigned long long)n.drops, q.domid, n.devid);
	}
	if (msg_rd_end(&r)) {
		fprintf(stderr, "xl: the vifs of %s: the reply does not parse\n", dom);
		return 1;
	}
	return 0;
}

int cmd_network_list(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2)
		return xl_usage(argv[0]);
	printf("%-3s %-2s %-17s %-18s %-6s %10s %10s %10s %10s %6s  %s\n", "Idx", "BE",
	       "Mac Addr.", "IP", "State", "rx_packets", "rx_bytes", "tx_packets",
	       "tx_bytes", "drops", "BE-path");
	for (i = 1; i < argc; i++)
		rc |= network_list_of(argv[i]);
	return rc;
}
