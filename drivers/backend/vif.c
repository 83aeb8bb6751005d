/* SPDX-License-Identifier: MIT */
/* vifs for DomUs and Dom0's interface on the bridge (vif.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../guest-patches/kernel/args.h"
#include "../../guest-patches/kernel/boot.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "bridge.h"
#include "conntrack.h"
#include "dhcpd.h"
#include "nat.h"
#include "netback.h"
#include "vif.h"

static bool enabled;			/* `vif`: every DomU gets vif N.0 */
static bool joined;			/* Dom0 is on the bridge */
static struct netdev xenbr0;		/* Dom0's interface on the bridge */
static struct bridge_port local;	/* the bridge's port to it */

/* Dom0's stack sends: into the bridge. */
static int xenbr0_transmit(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	bridge_input(&local, frame, len);
	return 0;
}

/* The bridge sends to Dom0: into its stack. */
static int local_output(struct bridge_port *port, const void *frame,
			size_t len)
{
	(void)port;
	netdev_receive(&xenbr0, frame, len);
	return 0;
}

static const struct netdev_ops xenbr0_ops = { .transmit = xenbr0_transmit };

/*
 * Dom0's NIC (eth0, when it has one) bridged: the NIC itself is port
 * peth0, Dom0's interface on it (its address, its stack) port eth0.
 */
static struct netdev *nic;
static struct bridge_port peth0 = { .name = "peth0", .side = BRIDGE_WIRE };
static struct bridge_port eth0 = { .name = "eth0", .side = BRIDGE_WIRE };

static void nic_from_driver(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	bridge_input(&peth0, frame, len);
}

static int nic_from_stack(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	bridge_input(&eth0, frame, len);
	return 0;
}

static const struct netdev_bridging nic_bridging = {
	.from_driver = nic_from_driver, .from_stack = nic_from_stack,
};

/* The bridge sends onto the wire: out of the NIC. */
static int peth0_output(struct bridge_port *port, const void *frame,
			size_t len)
{
	(void)port;
	return netdev_driver_transmit(nic, frame, len);
}

/* The bridge sends to Dom0's interface on the NIC: into its stack. */
static int eth0_output(struct bridge_port *port, const void *frame,
		       size_t len)
{
	(void)port;
	netdev_stack_receive(nic, frame, len);
	return 0;
}

/* Bridges Dom0's NIC, if it has one, onto xenbr0.  0 or -errno. */
static int bridge_nic(void)
{
	int rc;

	nic = netdev_find("eth0");
	if (!nic)
		return 0;
	peth0.output = peth0_output;
	eth0.output = eth0_output;
	rc = bridge_add_port(&peth0);
	if (!rc)
		rc = bridge_add_port(&eth0);
	if (rc) {
		bridge_remove_port(&peth0);
		return rc;
	}
	netdev_set_bridging(nic, &nic_bridging);
	return 0;
}

static int join(void);

static int inet_parse_prefixed(const char *s, uint32_t *addr);

int vif_add(domid_t domid, unsigned int devid, const uint8_t *mac,
	    const char *bridge, const char *ip, bool nat, char *why,
	    size_t why_size)
{
	struct xenbus_back_dev *dev;
	char a[INET_ADDR_LEN], leased[INET_ADDR_LEN + 4];
	uint32_t addr = 0;
	int rc;

	if (strcmp(bridge, "xenbr0")) {
		snprintf(why, why_size, "vif %u: bridge %s: Dom0 has one bridge, "
			 "xenbr0", devid, bridge);
		return -ENODEV;
	}
	if (nat && ip && ip[0] && inet_parse_prefixed(ip, &addr)) {
		snprintf(why, why_size, "vif %u: ip %s: not an address", devid, ip);
		return -EINVAL;
	}
	if (mac[0] & 1) {
		snprintf(why, why_size, "vif %u: a multicast MAC", devid);
		return -EINVAL;
	}
	rc = joined ? 0 : join();
	if (rc) {
		snprintf(why, why_size, "vif %u: Dom0 cannot join xenbr0 (error %d)",
			 devid, rc);
		return rc;
	}
	if (nat && !addr) {
		/* No ip=: one from Dom0's DHCP server's pool. */
		rc = dhcpd_lease(domid, devid, mac, &addr);
		if (rc) {
			snprintf(why, why_size, "vif %u: no address to lease "
				 "(error %d)", devid, rc);
			return rc;
		}
		snprintf(leased, sizeof(leased), "%s/24", inet_format(addr, a));
		ip = leased;
	}
	dev = netback_add(domid, devid, mac, ip && ip[0] ? ip : NULL, nat, &rc);
	if (!dev) {
		snprintf(why, why_size, "vif %u: %s (error %d)", devid,
			 rc == -EEXIST ? "the domain has that vif already" :
			 "the backend refused it", rc);
		return rc;
	}
	if (!nat)
		return 0;
	/* Dom0 is its gateway, and translates what it sends past it. */
	rc = xenbus_back_write(dev, "gateway", inet_format(VIF_SUBNET | VIF_DOM0_HOST, a));
	if (!rc)
		rc = nat_add(domid, devid, addr);
	if (rc) {
		snprintf(why, why_size, "vif %u: NAT refused (error %d)", devid, rc);
		xenbus_back_remove(dev);
	}
	return rc;
}

/* "A.B.C.D/N" (or without /N) to the address in *addr.  0 or -EINVAL. */
static int inet_parse_prefixed(const char *s, uint32_t *addr)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char a[INET_ADDR_LEN];

	if (n >= sizeof(a))
		return -EINVAL;
	memcpy(a, s, n);
	a[n] = 0;
	return inet_parse(a, addr);
}

int vif_remove(domid_t domid, unsigned int devid)
{
	struct xenbus_back_dev *dev = xenbus_back_find("vif", domid, devid);

	if (!dev)
		return -ENOENT;
	xenbus_back_remove(dev);
	return 0;
}

static int attach(domid_t domid)
{
	uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0, (uint8_t)(domid >> 8),
			   (uint8_t)domid };
	char ip[INET_ADDR_LEN + 4], a[INET_ADDR_LEN], why[96];
	int rc;

	if (domid + VIF_FIRST_HOST > 254)
		return -ERANGE;	/* outside 10.0.0.0/24 */
	snprintf(ip, sizeof(ip), "%s/24",
		 inet_format(VIF_SUBNET | (VIF_FIRST_HOST + domid), a));
	rc = vif_add(domid, 0, mac, "xenbr0", ip, false, why, sizeof(why));
	if (rc)
		kprintf("vif: d%u %s\n", domid, why);
	return rc;
}

void vif_domain_new(domid_t domid)
{
	if (enabled)
		attach(domid);
}

static void list(void)
{
	const struct netback_stats *st;
	struct xenbus_back_dev *dev;
	unsigned int i;

	for (i = 0; (dev = xenbus_back_at(i)); i++) {
		if (strcmp(dev->ops->type, "vif"))
			continue;
		st = netback_stats(dev);
		kprintf("vif%u.%u %s/%s rx %lu/%lu tx %lu/%lu drops %lu\n",
			dev->fe, dev->devid, xenbus_dev_state_name(dev->state),
			xenbus_dev_state_name(dev->fe_state),
			(unsigned long)st->rx_packets,
			(unsigned long)st->rx_bytes,
			(unsigned long)st->tx_packets,
			(unsigned long)st->tx_bytes, (unsigned long)st->drops);
	}
}

static int domain_arg(const char *s, domid_t *d)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	*d = (domid_t)v;
	return 0;
}

static int vif_command(int argc, char **argv)
{
	domid_t d;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "list"))) {
		list();
		return 0;
	}
	if (argc != 3 || domain_arg(argv[2], &d))
		return -EINVAL;
	if (!strcmp(argv[1], "attach"))
		return attach(d);
	if (strcmp(argv[1], "detach"))
		return -EINVAL;
	return vif_remove(d, 0);
}

static int cmd_vif(int argc, char **argv)
{
	int rc = vif_command(argc, argv);

	if (rc)
		kprintf("vif: error %d\n", rc);
	return rc;
}

static void print_fdb(const uint8_t *m, const struct bridge_port *port,
		      uint64_t age_ns)
{
	kprintf("  %02x:%02x:%02x:%02x:%02x:%02x  %-8s %lu s\n", m[0], m[1],
		m[2], m[3], m[4], m[5], port->name,
		(unsigned long)(age_ns / 1000000000));
}

static void print_conn(const struct conntrack *c)
{
	char g[INET_ADDR_LEN], r[INET_ADDR_LEN];

	kprintf("  tcp %s:%u <-> %s:%u port %u %s\n", inet_format(c->guest_ip, g),
		c->guest_port, inet_format(c->remote_ip, r), c->remote_port,
		c->port, conntrack_state_name(c->state));
}

static int cmd_bridge(int argc, char **argv)
{
	struct bridge_port *p;
	unsigned int i;

	(void)argc;
	(void)argv;
	for (i = 0; (p = bridge_port_at(i)); i++)
		kprintf("%-8s forwarded %lu dropped %lu\n", p->name,
			(unsigned long)p->forwarded, (unsigned long)p->dropped);
	bridge_for_each(print_fdb);
	kprintf("nat: out %lu in %lu dropped %lu tcp-full %lu\n",
		(unsigned long)nat_stats()->out, (unsigned long)nat_stats()->in,
		(unsigned long)nat_stats()->dropped,
		(unsigned long)nat_stats()->tcp_full);
	conntrack_for_each(clock_ns(), print_conn);
	kprintf("dhcpd: offers %lu acks %lu naks %lu ignored %lu\n",
		(unsigned long)dhcpd_stats()->offers,
		(unsigned long)dhcpd_stats()->acks,
		(unsigned long)dhcpd_stats()->naks,
		(unsigned long)dhcpd_stats()->ignored);
	return 0;
}

static const struct shell_command vif_commands[] = {
	{ "vif", cmd_vif, 0, 2, "[attach|detach D]", "network interfaces of DomUs" },
	{ "bridge", cmd_bridge, 0, 0, "", "xenbr0's ports and learned MACs, NAT and DHCP counters, TCP connections" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

/*
 * Dom0 on the bridge: netdev xenbr0 (MAC 00:16:3e:00:00:00), 10.0.0.1/24;
 * and its NIC bridged onto it.
 */
static int join(void)
{
	int rc;

	strlcpy(xenbr0.name, "xenbr0", sizeof(xenbr0.name));
	memcpy(xenbr0.mac, "\x00\x16\x3e\x00\x00\x00", 6);
	xenbr0.ops = &xenbr0_ops;
	strlcpy(local.name, "xenbr0", sizeof(local.name));
	local.output = local_output;
	rc = netdev_register(&xenbr0);
	if (!rc)
		rc = netdev_set_addr(&xenbr0, VIF_SUBNET | VIF_DOM0_HOST, 24, 0);
	if (!rc)
		rc = bridge_add_port(&local);
	if (!rc)
		rc = bridge_nic();
	joined = !rc;
	return rc;
}

int vif_init(void)
{
	int rc;

	enabled = args_has(boot_info.cmdline, "vif");
	if (enabled && !joined) {
		rc = join();
		if (rc)
			return rc;
	}
	return shell_add(vif_commands);
}
