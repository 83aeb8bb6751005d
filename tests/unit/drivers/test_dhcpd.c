/* SPDX-License-Identifier: MIT */
/*
 * Host tests of Dom0's DHCP server (drivers/backend/dhcpd.c): messages
 * handed to the function it binds to UDP port 67, as udhcpc sends them,
 * and its replies (captured in place of the stack) read field by field.
 * The stack, xenbr0 and the vifs are stand-ins.
 */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "drivers/backend/dhcpd.h"
#include "drivers/backend/vif.h"
#include "drivers/backend/xenbus_back.h"
#include "guest-patches/kernel/net/inet.h"
#include "guest-patches/kernel/net/udp.h"

#define MAC1	"\x00\x16\x3e\x00\x01\x01"
#define MAC2	"\x00\x16\x3e\x00\x01\x02"
#define POOL0	(VIF_SUBNET | DHCPD_POOL_FIRST)

static struct netdev xenbr0 = { .name = "xenbr0", .ip = INET_ADDR(10, 0, 0, 1),
				.netmask = 0xffffff00 };
static udp_recv_fn *serve;
static bool vif1_present = true;

static struct {
	struct netdev *dev;
	uint16_t sport, dport;
	uint32_t dst;
	uint8_t msg[600];
	size_t len;
	unsigned int count;
} sent;

int udp_bind(uint16_t port, udp_recv_fn *fn, void *arg)
{
	(void)arg;
	CU_ASSERT_EQUAL(port, 67);
	serve = fn;
	return 0;
}

int udp_send_via(struct netdev *dev, uint16_t sport, uint32_t dst,
		 uint16_t dport, const void *data, size_t len)
{
	sent.dev = dev;
	sent.sport = sport;
	sent.dst = dst;
	sent.dport = dport;
	memcpy(sent.msg, data, len);
	sent.len = len;
	sent.count++;
	return 0;
}

struct netdev *netdev_find(const char *name)
{
	return !strcmp(name, "xenbr0") ? &xenbr0 : NULL;
}

struct xenbus_back_dev *xenbus_back_find(const char *type, domid_t fe,
					 unsigned int devid)
{
	static struct xenbus_back_dev dev;

	if (strcmp(type, "vif") || devid)
		return NULL;
	return (fe == 1 && vif1_present) || fe == 2 ? &dev : NULL;
}

/* A client's message of type from mac; requested and server 0: absent. */
static size_t request(uint8_t *m, uint8_t type, const char *mac,
		      uint32_t requested, uint32_t server)
{
	uint8_t *p = m + 240;

	memset(m, 0, 300);
	m[0] = 1;			/* BOOTREQUEST */
	m[1] = 1;
	m[2] = 6;
	memcpy(m + 4, "\x12\x34\x56\x78", 4);	/* xid */
	memcpy(m + 28, mac, 6);
	inet_put32(m + 236, 0x63825363);
	*p++ = 53; *p++ = 1; *p++ = type;
	*p++ = 61; *p++ = 7; *p++ = 1; memcpy(p, mac, 6); p += 6;	/* client id */
	if (requested) {
		*p++ = 50; *p++ = 4; inet_put32(p, requested); p += 4;
	}
	if (server) {
		*p++ = 54; *p++ = 4; inet_put32(p, server); p += 4;
	}
	*p++ = 255;
	return (size_t)(p - m);
}

/* The value of option code in the captured reply (4 bytes), or 0. */
static uint32_t reply_option(uint8_t code)
{
	size_t i = 240;

	while (i + 2 <= sent.len && sent.msg[i] != 255) {
		if (sent.msg[i] == code)
			return sent.msg[i + 1] == 1 ? sent.msg[i + 2] :
				inet_get32(sent.msg + i + 2);
		i += 2 + sent.msg[i + 1];
	}
	return 0;
}

static void test_lease(void)
{
	uint32_t ip1, ip2;

	CU_ASSERT_EQUAL(dhcpd_lease(1, 0, (const uint8_t *)MAC1, &ip1), 0);
	CU_ASSERT_EQUAL(ip1, POOL0);
	CU_ASSERT_PTR_NOT_NULL(serve);
	CU_ASSERT_EQUAL(dhcpd_lease(2, 0, (const uint8_t *)MAC2, &ip2), 0);
	CU_ASSERT_EQUAL(ip2, POOL0 + 1);
}

static void test_discover_request(void)
{
	uint8_t m[300];
	size_t len;

	len = request(m, 1, MAC1, 0, 0);		/* DISCOVER */
	serve(NULL, 0, 68, m, len);
	CU_ASSERT_EQUAL_FATAL(sent.count, 1);
	CU_ASSERT_PTR_EQUAL(sent.dev, &xenbr0);
	CU_ASSERT_EQUAL(sent.sport, 67);
	CU_ASSERT_EQUAL(sent.dport, 68);
	CU_ASSERT_EQUAL(sent.dst, INET_ADDR(255, 255, 255, 255));
	CU_ASSERT_EQUAL(sent.msg[0], 2);		/* BOOTREPLY */
	CU_ASSERT_EQUAL(memcmp(sent.msg + 4, "\x12\x34\x56\x78", 4), 0);
	CU_ASSERT_EQUAL(inet_get32(sent.msg + 16), POOL0);	/* yiaddr */
	CU_ASSERT_EQUAL(memcmp(sent.msg + 28, MAC1, 6), 0);
	CU_ASSERT_EQUAL(inet_get32(sent.msg + 236), 0x63825363);
	CU_ASSERT_EQUAL(reply_option(53), 2);		/* OFFER */
	CU_ASSERT_EQUAL(reply_option(54), xenbr0.ip);
	CU_ASSERT_EQUAL(reply_option(1), 0xffffff00);
	CU_ASSERT_EQUAL(reply_option(3), xenbr0.ip);
	CU_ASSERT_EQUAL(reply_option(51), DHCPD_LEASE_S);

	len = request(m, 3, MAC1, POOL0, xenbr0.ip);	/* REQUEST it */
	serve(NULL, 0, 68, m, len);
	CU_ASSERT_EQUAL(sent.count, 2);
	CU_ASSERT_EQUAL(reply_option(53), 5);		/* ACK */
	CU_ASSERT_EQUAL(inet_get32(sent.msg + 16), POOL0);

	len = request(m, 3, MAC1, POOL0 + 1, xenbr0.ip);	/* another's */
	serve(NULL, 0, 68, m, len);
	CU_ASSERT_EQUAL(reply_option(53), 6);		/* NAK */
	CU_ASSERT_EQUAL(inet_get32(sent.msg + 16), 0);

	len = request(m, 3, MAC2, 0, 0);		/* renewing: ciaddr */
	inet_put32(m + 12, POOL0 + 1);
	serve(NULL, POOL0 + 1, 68, m, len);
	CU_ASSERT_EQUAL(reply_option(53), 5);
	CU_ASSERT_EQUAL(inet_get32(sent.msg + 16), POOL0 + 1);
	CU_ASSERT_EQUAL(dhcpd_stats()->offers, 1);
	CU_ASSERT_EQUAL(dhcpd_stats()->acks, 2);
	CU_ASSERT_EQUAL(dhcpd_stats()->naks, 1);
}

/* Not answered: malformed, other MACs, other servers, gone vifs. */
static void test_ignored(void)
{
	uint8_t m[300];
	size_t len;
	unsigned int before = sent.count;
	uint64_t ignored = dhcpd_stats()->ignored;

	len = request(m, 1, "\x00\x16\x3e\x00\x09\x09", 0, 0);	/* no lease */
	serve(NULL, 0, 68, m, len);
	len = request(m, 3, MAC1, POOL0, INET_ADDR(10, 0, 0, 2));	/* another server */
	serve(NULL, 0, 68, m, len);
	len = request(m, 1, MAC1, 0, 0);
	serve(NULL, 0, 67, m, len);			/* not from the client port */
	serve(NULL, 0, 68, m, 239);			/* cut before the cookie */
	m[0] = 2;					/* a reply, not a request */
	serve(NULL, 0, 68, m, len);
	len = request(m, 1, MAC1, 0, 0);
	m[236] = 0;					/* no magic cookie */
	serve(NULL, 0, 68, m, len);
	len = request(m, 1, MAC1, 0, 0);
	m[241] = 200;					/* option past the end */
	serve(NULL, 0, 68, m, len);
	len = request(m, 1, MAC1, 0, 0);
	m[240] = 255;					/* no message type */
	serve(NULL, 0, 68, m, len);
	vif1_present = false;				/* its vif is gone */
	len = request(m, 1, MAC1, 0, 0);
	serve(NULL, 0, 68, m, len);
	CU_ASSERT_EQUAL(sent.count, before);
	CU_ASSERT_EQUAL(dhcpd_stats()->ignored, ignored + 9);
}

/* A lease whose vif is gone is free again; a full pool refuses. */
static void test_pool(void)
{
	uint32_t ip;
	unsigned int i;
	uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x00, 0x02, 0 };

	CU_ASSERT_EQUAL(dhcpd_lease(3, 0, mac, &ip), 0);	/* vif1's gone */
	CU_ASSERT_EQUAL(ip, POOL0);
	vif1_present = true;
	/* Domain 3 has no vif in the stand-in: its lease frees at once, so
	 * fill the pool with domain 2's (always there). */
	for (i = 0; i < DHCPD_POOL_SIZE; i++) {
		mac[5] = (uint8_t)i;
		if (dhcpd_lease(2, 0, mac, &ip))
			break;
	}
	CU_ASSERT_EQUAL(i, DHCPD_POOL_SIZE - 1);	/* domain 2 had one */
	CU_ASSERT_EQUAL(dhcpd_lease(2, 0, mac, &ip), -ENOSPC);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("drivers/dhcpd", NULL, NULL);
	CU_add_test(s, "lease", test_lease);
	CU_add_test(s, "discover_request", test_discover_request);
	CU_add_test(s, "ignored", test_ignored);
	CU_add_test(s, "pool", test_pool);
	return cunit_run();
}
