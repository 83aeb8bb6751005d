/* SPDX-License-Identifier: MIT */
/* The DomUs Dom0 serves: discovery, xenstore entries, release. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/sched.h>
#include <xen/hvm/params.h>
#include <xen/io/xs_wire.h>
#include "../drivers/backend/consback.h"
#include "../drivers/backend/vbd.h"
#include "../drivers/backend/vif.h"
#include "../drivers/backend/xenbus_back.h"
#include "../guest-patches/kernel/clock.h"
#include "../guest-patches/kernel/print.h"
#include "builder/builder.h"
#include "ctl.h"
#include "guest.h"
#include "xenstored.h"

#define PAGE_KIB	4

struct guest {
	bool known;
	bool stopped;	/* shut down: no longer served, entries kept */
	domid_t domid;
};

/* The domains Dom0 serves: a table that doubles when it fills. */
static struct guest *guests;
static unsigned int nr_slots;
static bool scanned;		/* the domain list was read at least once */
static unsigned int nr_listed;	/* DomUs it held last time, any state */

void guest_name(domid_t domid, char *buf, unsigned int size)
{
	if (domid == 0)
		snprintf(buf, size, "Domain-0");
	else
		snprintf(buf, size, "domU-%u", domid);
}

/* Writes "/local/domain/N/" + rel = value; 0 or -errno. */
static int put(domid_t domid, const char *rel, const char *value)
{
	char path[XENSTORE_ABS_PATH_MAX];

	snprintf(path, sizeof(path), "/local/domain/%u%s%s", domid,
		 *rel ? "/" : "", rel);
	return xenstored_write(path, value);
}

static int put_num(domid_t domid, const char *rel, unsigned long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lu", v);
	return put(domid, rel, num);
}

/*
 * Owner and readers of /local/domain/N/rel: "n0" "rN" for what the guest
 * may read, "nN" for what it owns (device, control, data), as libxl does.
 */
static int perms(domid_t domid, const char *rel, bool guest_owns)
{
	char path[XENSTORE_ABS_PATH_MAX], owner[8], reader[8];
	const char *list[2] = { owner, reader };

	snprintf(path, sizeof(path), "/local/domain/%u%s%s", domid,
		 *rel ? "/" : "", rel);
	snprintf(owner, sizeof(owner), "n%u", guest_owns ? domid : 0);
	snprintf(reader, sizeof(reader), "r%u", domid);
	return xenstored_set_perms(path, list, guest_owns ? 1 : 2);
}

/*
 * /vm/UUID: the UUID the toolstack gave the domain (its handle), or for a
 * boot-built domain, which has none, one made of its id.  True for the
 * former.
 */
static bool vm_path(const struct ctl_dominfo *info, char *vm, size_t size)
{
	const uint8_t *u = info->handle;
	unsigned int i, any = 0;

	for (i = 0; i < sizeof(info->handle); i++)
		any |= u[i];
	if (!any) {
		snprintf(vm, size, "/vm/00000000-0000-0000-0000-%012x", info->domid);
		return false;
	}
	snprintf(vm, size, "/vm/%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
		 u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return true;
}

/* The entries of a domain, with its memory and console as Dom0 sees them. */
static int write_entries(const struct ctl_dominfo *info, uint64_t cons_pfn,
			 uint64_t cons_port)
{
	static const char *const owned[] = { "device", "control", "data" };
	domid_t id = info->domid;
	char name[32], vm[64], start[32];
	unsigned int i;
	int rc;

	guest_name(id, name, sizeof(name));
	/* A boot-built domain (no handle from a toolstack) started at 0. */
	if (vm_path(info, vm, sizeof(vm)))
		snprintf(start, sizeof(start), "%llu.%02llu",
			 (unsigned long long)(clock_ns() / 1000000000ULL),
			 (unsigned long long)(clock_ns() / 10000000ULL % 100));
	else
		snprintf(start, sizeof(start), "0");
	rc = put(id, "", "");
	if (!rc)
		rc = perms(id, "", false);
	if (!rc)
		rc = put(id, "name", name);
	if (!rc)
		rc = put_num(id, "domid", id);
	if (!rc)
		rc = put(id, "vm", vm);
	if (!rc)
		rc = put_num(id, "memory/target", info->tot_pages * PAGE_KIB);
	if (!rc && cons_pfn) {
		rc = put_num(id, "console/ring-ref", cons_pfn);
		if (!rc)
			rc = put_num(id, "console/port", cons_port);
		if (!rc)
			rc = put(id, "console/type", "xenconsoled");
	}
	for (i = 0; !rc && i < sizeof(owned) / sizeof(owned[0]); i++) {
		rc = put(id, owned[i], "");
		if (!rc)
			rc = perms(id, owned[i], true);
	}
	if (!rc) {
		size_t len = strlen(vm);

		snprintf(vm + len, sizeof(vm) - len, "/name");
		rc = xenstored_write(vm, name);
		/*
		 * When Dom0 took it on, in seconds of the hypervisor's system
		 * time (Xen's libxl writes the wall clock); `xl uptime' reads
		 * it.  A boot-built domain was made before Dom0 ran: 0.
		 */
		snprintf(vm + len, sizeof(vm) - len, "/start_time");
		if (!rc)
			rc = xenstored_write(vm, start);
	}
	return rc;
}

/*
 * /local/domain itself stays Dom0's but every domain may list it ("r0"),
 * so a guest's `xs ls /local/domain` shows the domains (issue 5); the
 * homes below keep libxl's permissions.
 */
static int domains_listable(void)
{
	static const char *const list[] = { "r0" };

	return xenstored_set_perms("/local/domain", list, 1);
}

int guest_init(void)
{
	struct ctl_dominfo self;
	int rc = ctl_domain_info(0, &self);

	if (!rc)
		rc = write_entries(&self, 0, 0);
	return rc ? rc : domains_listable();
}

/* Connects what the hypervisor gave the domain; failures are reported. */
static void connect(const struct ctl_dominfo *info)
{
	uint64_t store_pfn = 0, store_port = 0, cons_pfn = 0, cons_port = 0;
	domid_t id = info->domid;
	int rc;

	ctl_hvm_param(id, HVM_PARAM_STORE_PFN, &store_pfn);
	ctl_hvm_param(id, HVM_PARAM_STORE_EVTCHN, &store_port);
	ctl_hvm_param(id, HVM_PARAM_CONSOLE_PFN, &cons_pfn);
	ctl_hvm_param(id, HVM_PARAM_CONSOLE_EVTCHN, &cons_port);
	rc = write_entries(info, cons_pfn, cons_port);
	if (rc)
		kprintf("xenstored: entries of d%u: error %d\n", id, rc);
	if (store_pfn) {
		rc = xenstored_introduce(id, store_pfn, (uint32_t)store_port);
		if (rc)
			kprintf("xenstored: introducing d%u: error %d\n", id, rc);
	}
	if (cons_pfn) {
		rc = consback_connect(id, cons_pfn, (uint32_t)cons_port);
		if (rc)
			kprintf("consback: d%u: error %d\n", id, rc);
	}
	kprintf("d%u: served (xenstore %s, console %s)\n", id,
		store_pfn ? "ring" : "none", cons_pfn ? "ring" : "none");
	if (!builder_builds(id)) {	/* the toolstack's own come from its spec */
		vbd_domain_new(id);
		vif_domain_new(id);
	}
}

/* A domain that shut down: its rings and devices let go, its entries kept. */
static void stop_serving(domid_t id)
{
	consback_disconnect(id);
	xenbus_back_domain_gone(id);
	xenstored_release(id);
}

/* A domain that is gone: its entries, /vm's included, removed. */
static void forget(domid_t id)
{
	char path[64];
	char reply[64];
	size_t len;

	/* Its /vm entry goes too: the home's `vm' names it. */
	snprintf(path, sizeof(path), "/local/domain/%u/vm", id);
	if (!xenstored_request(XS_READ, path, strlen(path) + 1, reply,
			       sizeof(reply), &len) && !strncmp(reply, "/vm/", 4))
		xenstored_request(XS_RM, reply, strlen(reply) + 1, path,
				  sizeof(path), &len);
	snprintf(path, sizeof(path), "/local/domain/%u", id);
	xenstored_request(XS_RM, path, strlen(path) + 1, reply, sizeof(reply),
			  &len);
	kprintf("d%u: gone\n", id);
}

static struct guest *find(domid_t id)
{
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (guests[i].known && guests[i].domid == id)
			return &guests[i];
	return NULL;
}

static bool alive(const struct ctl_dominfo *info)
{
	return !info->dying && !info->shutdown;
}

/* A free slot, the table grown when it is full; NULL when out of memory. */
static struct guest *free_slot(void)
{
	struct guest *bigger;
	unsigned int i, n;

	for (i = 0; i < nr_slots; i++)
		if (!guests[i].known)
			return &guests[i];
	n = nr_slots ? 2 * nr_slots : 32;
	bigger = realloc(guests, n * sizeof(*guests));
	if (!bigger)
		return NULL;
	memset(bigger + nr_slots, 0, (n - nr_slots) * sizeof(*guests));
	guests = bigger;
	nr_slots = n;
	return &guests[i];
}

/* A domain the toolstack did not make: built at boot, it has no handle. */
static bool boot_built(const struct ctl_dominfo *info)
{
	unsigned int i;

	for (i = 0; i < sizeof(info->handle); i++)
		if (info->handle[i])
			return false;
	return true;
}

/*
 * A boot-built domain that shut down has no configuration for xapid to
 * act on: Dom0 destroys it, as xl's defaults would (on_poweroff and
 * on_crash destroy; a reboot cannot rebuild it).  Marked dying in list.
 */
static void destroy_boot_built(struct ctl_dominfo *info)
{
	int rc;

	if (!info->shutdown || info->dying || !boot_built(info) ||
	    builder_building(info->domid))
		return;
	rc = ctl_destroy(info->domid);
	if (rc) {
		kprintf("d%u: destroying it after its shutdown: error %d\n",
			info->domid, rc);
		return;
	}
	/* Not "crashed:": the tests read that as the hypervisor's word. */
	kprintf("d%u: destroyed after its shutdown (%s)\n", info->domid,
		info->shutdown_reason == SHUTDOWN_crash ? "crash" : "not a crash");
	info->dying = true;
}

void guest_scan(void)
{
	struct ctl_dominfo *list;
	struct guest *g;
	unsigned int i, j, n;

	if (ctl_domain_list_all(1, &list, &n))
		return;
	scanned = true;
	nr_listed = n;
	for (i = 0; i < nr_slots; i++) {
		g = &guests[i];
		if (!g->known || g->stopped)
			continue;
		for (j = 0; j < n && list[j].domid != g->domid; j++)
			;
		if (j == n || !alive(&list[j])) {
			stop_serving(g->domid);
			g->stopped = true;
		}
	}
	for (j = 0; j < n; j++)
		destroy_boot_built(&list[j]);
	for (i = 0; i < nr_slots; i++) {
		g = &guests[i];
		if (!g->known)
			continue;
		for (j = 0; j < n && list[j].domid != g->domid; j++)
			;
		if (j == n || list[j].dying) {
			forget(g->domid);
			g->known = false;
		}
	}
	for (j = 0; j < n; j++) {
		/* A domain being built is taken on when the builder says so. */
		if (!alive(&list[j]) || find(list[j].domid) ||
		    builder_building(list[j].domid))
			continue;
		g = free_slot();
		if (!g) {
			kprintf("d%u: not served: Dom0 is out of memory\n", list[j].domid);
			break;
		}
		g->known = true;
		g->stopped = false;
		g->domid = list[j].domid;
		connect(&list[j]);
	}
	free(list);
}

bool guest_served(domid_t domid)
{
	const struct guest *g = find(domid);

	/* A stopped one's devices went with stop_serving(): none are added back. */
	return g && !g->stopped;
}

bool guest_all_gone(void)
{
	unsigned int i;

	/*
	 * The list, not what was served: a DomU that died before Dom0 first
	 * looked (the hypervisor destroys it while nobody listens for
	 * VIRQ_DOM_EXC) was never served, and one Dom0 destroyed after its
	 * shutdown is still listed, dying, until the next scan.
	 */
	if (!scanned || nr_listed)
		return false;
	for (i = 0; i < nr_slots; i++)
		if (guests[i].known)
			return false;
	return true;
}
