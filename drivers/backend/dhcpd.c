/* SPDX-License-Identifier: MIT */
/* Dom0's DHCP server on xenbr0 (dhcpd.h). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "../../guest-patches/kernel/net/inet.h"
#include "../../guest-patches/kernel/net/netdev.h"
#include "../../guest-patches/kernel/net/udp.h"
#include "dhcpd.h"
#include "vif.h"
#include "xenbus_back.h"

#define SERVER_PORT	67
#define CLIENT_PORT	68
#define BOOTP_REQUEST	1
#define BOOTP_REPLY	2
#define HTYPE_ETHER	1
#define FIXED_LEN	236	/* op ... file */
#define MAGIC		0x63825363u
#define REPLY_LEN	300	/* BOOTP's minimum message */

/* Offsets in a BOOTP message, and the DHCP options used. */
#define O_XID		4
#define O_FLAGS		10
#define O_CIADDR	12
#define O_YIADDR	16
#define O_SIADDR	20
#define O_CHADDR	28
enum { OPT_PAD = 0, OPT_MASK = 1, OPT_ROUTER = 3, OPT_REQUESTED = 50,
       OPT_LEASE = 51, OPT_TYPE = 53, OPT_SERVER = 54, OPT_END = 255 };
enum { DISCOVER = 1, OFFER = 2, REQUEST = 3, ACK = 5, NAK = 6 };

static struct lease {
	domid_t domid;
	unsigned int devid;
	uint8_t mac[ETH_ALEN];
	bool used;
} leases[DHCPD_POOL_SIZE];

static struct dhcpd_stats stats;
static bool bound;

const struct dhcpd_stats *dhcpd_stats(void)
{
	return &stats;
}

static bool live(struct lease *l)
{
	if (l->used && !xenbus_back_find("vif", l->domid, l->devid))
		l->used = false;	/* its vif is gone */
	return l->used;
}

static uint32_t lease_ip(const struct lease *l)
{
	return VIF_SUBNET | (uint32_t)(DHCPD_POOL_FIRST + (l - leases));
}

static void input(void *arg, uint32_t src, uint16_t sport, const void *data,
		  size_t len);

int dhcpd_lease(domid_t domid, unsigned int devid, const uint8_t *mac,
		uint32_t *ip)
{
	struct lease *l = NULL;
	unsigned int i;
	int rc;

	for (i = 0; i < DHCPD_POOL_SIZE && !l; i++)
		if (!live(&leases[i]))
			l = &leases[i];
	if (!l)
		return -ENOSPC;
	if (!bound) {
		rc = udp_bind(SERVER_PORT, input, NULL);
		if (rc)
			return rc;
		bound = true;
	}
	l->domid = domid;
	l->devid = devid;
	memcpy(l->mac, mac, ETH_ALEN);
	l->used = true;
	*ip = lease_ip(l);
	return 0;
}

/* The options of message d (len bytes): type, requested address, server. */
static int parse(const uint8_t *d, size_t len, uint8_t *type,
		 uint32_t *requested, uint32_t *server)
{
	size_t i = FIXED_LEN + 4;

	*type = 0;
	*requested = *server = 0;
	while (i < len && d[i] != OPT_END) {
		if (d[i] == OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + d[i + 1] > len)
			return -EBADMSG;
		if (d[i] == OPT_TYPE && d[i + 1] == 1)
			*type = d[i + 2];
		else if (d[i] == OPT_REQUESTED && d[i + 1] == 4)
			*requested = inet_get32(d + i + 2);
		else if (d[i] == OPT_SERVER && d[i + 1] == 4)
			*server = inet_get32(d + i + 2);
		i += 2 + (size_t)d[i + 1];
	}
	return *type ? 0 : -EBADMSG;
}

static uint8_t *option(uint8_t *p, uint8_t code, uint32_t value)
{
	p[0] = code;
	p[1] = 4;
	inet_put32(p + 2, value);
	return p + 6;
}

/* Answers request d with type (OFFER, ACK or NAK) for lease l. */
static void reply(const uint8_t *d, uint8_t type, const struct lease *l)
{
	struct netdev *xenbr0 = netdev_find("xenbr0");
	uint8_t r[REPLY_LEN] = { BOOTP_REPLY, HTYPE_ETHER, ETH_ALEN }, *p;

	if (!xenbr0 || !xenbr0->ip)
		return;
	memcpy(r + O_XID, d + O_XID, 4);
	memcpy(r + O_FLAGS, d + O_FLAGS, 2);
	if (type != NAK) {
		inet_put32(r + O_YIADDR, lease_ip(l));
		inet_put32(r + O_SIADDR, xenbr0->ip);
	}
	memcpy(r + O_CHADDR, d + O_CHADDR, ETH_ALEN);
	inet_put32(r + FIXED_LEN, MAGIC);
	p = r + FIXED_LEN + 4;
	*p++ = OPT_TYPE;
	*p++ = 1;
	*p++ = type;
	p = option(p, OPT_SERVER, xenbr0->ip);
	if (type != NAK) {
		p = option(p, OPT_LEASE, DHCPD_LEASE_S);
		p = option(p, OPT_MASK, xenbr0->netmask);
		p = option(p, OPT_ROUTER, xenbr0->ip);
	}
	*p = OPT_END;
	udp_send_via(xenbr0, SERVER_PORT, INET_ADDR(255, 255, 255, 255),
		     CLIENT_PORT, r, sizeof(r));
}

static void input(void *arg, uint32_t src, uint16_t sport, const void *data,
		  size_t len)
{
	const uint8_t *d = data;
	struct netdev *xenbr0 = netdev_find("xenbr0");
	struct lease *l = NULL;
	uint32_t requested, server;
	uint8_t type;
	unsigned int i;

	(void)arg;
	(void)src;
	if (sport != CLIENT_PORT || len < FIXED_LEN + 4 || d[0] != BOOTP_REQUEST ||
	    d[1] != HTYPE_ETHER || d[2] != ETH_ALEN ||
	    inet_get32(d + FIXED_LEN) != MAGIC ||
	    parse(d, len, &type, &requested, &server) || !xenbr0)
		goto ignored;
	for (i = 0; i < DHCPD_POOL_SIZE && !l; i++)
		if (live(&leases[i]) && !memcmp(leases[i].mac, d + O_CHADDR, ETH_ALEN))
			l = &leases[i];
	if (!l)
		goto ignored;
	if (type == DISCOVER) {
		stats.offers++;
		reply(d, OFFER, l);
		return;
	}
	if (type != REQUEST || (server && server != xenbr0->ip))
		goto ignored;
	if (!requested)
		requested = inet_get32(d + O_CIADDR);	/* renewing */
	if (requested == lease_ip(l)) {
		stats.acks++;
		reply(d, ACK, l);
	} else {
		stats.naks++;
		reply(d, NAK, l);
	}
	return;

ignored:
	stats.ignored++;
}
