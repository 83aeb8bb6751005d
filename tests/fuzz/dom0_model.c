/* SPDX-License-Identifier: MIT */
/* The model under the host build of Dom0's agent (dom0_model.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include <xen/version.h>
#include <xenolith/domctl.h>
#include "../../dom0/agent.h"
#include "../../dom0/builder/builder.h"
#include "../../dom0/ctl.h"
#include "../../dom0/foreign.h"
#include "../../dom0/guest.h"
#include "../../dom0/mgmt.h"
#include "../../dom0/service.h"
#include "../../dom0/xenstored.h"
#include "../../drivers/backend/consback.h"
#include "../../drivers/backend/vbd.h"
#include "../../drivers/backend/vif.h"
#include "../../drivers/backend/xenbus_back.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/hypercall.h"
#include "dom0_model.h"

#define NR_DOMS		16		/* domain ids 0..15 */
#define NR_PORTS	64		/* per domain, and Dom0's */
#define NR_DEVS		16
#define NR_PARAMS	64
#define TOTAL_PAGES	(512u * 256)	/* 512 MiB */
#define DOM0_PAGES	(32u * 256)
#define PAGE		4096u

struct dom {
	bool exists, paused, shutdown;
	unsigned int reason, vcpus;
	uint64_t tot, max, params[NR_PARAMS];
	uint8_t handle[16];
	bool unbound[NR_PORTS];		/* its ports left unbound for Dom0 */
	uint32_t weight, cap;
	uint64_t affinity[8];
	bool console;			/* consback connected */
};

/* Dom0's bound interdomain ports, 1..NR_PORTS-1. */
struct port {
	bool used;
	domid_t remote;
	uint32_t rport;
};

struct map {
	void *page;
	domid_t domid;
};

struct dev {
	bool used;
	struct xenbus_back_dev xb;
};

static struct dom doms[NR_DOMS];
static struct port ports[NR_PORTS];
static struct map *maps;
static size_t nr_maps, maps_size;
static struct dev devs[NR_DEVS];
static uint64_t now_ns, free_pages = TOTAL_PAGES - DOM0_PAGES;
static void (*console_tap)(domid_t, const char *, size_t);
static const struct xenbus_back_ops vbd_ops = { .type = "vbd" };
static const struct xenbus_back_ops vif_ops = { .type = "vif" };

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

static struct dom *dom(domid_t domid)
{
	return domid < NR_DOMS && doms[domid].exists ? &doms[domid] : NULL;
}

/* The kernel: a clock that moves, a console that checks its formats. */
uint64_t clock_ns(void)
{
	return now_ns += 1000000;
}

void kvprintf(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

/* agent_start()'s thread: never started by the fuzzer. */
int thread_create(const char *name, void (*fn)(void *), void *arg)
{
	(void)name, (void)fn, (void)arg;
	abort();
}

void thread_sleep(uint64_t ns)
{
	(void)ns;
	abort();
}

void thread_exit(void)
{
	abort();
}

void service_wake(void)
{
}

long hypercall_raw(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5)
{
	(void)a3, (void)a4, (void)a5;
	if (nr != __HYPERVISOR_xen_version)
		return -ENOSYS;
	if (a1 == XENVER_version)
		return 4 << 16 | 17;
	if (a1 == XENVER_extraversion) {
		strcpy((char *)a2, "-xenolith");
		return 0;
	}
	return -ENOSYS;
}

/* The hypervisor's domctl and sysctl, as dom0/ctl.h gives them. */
static void info(domid_t domid, struct ctl_dominfo *i)
{
	const struct dom *d = &doms[domid];

	memset(i, 0, sizeof(*i));
	i->domid = domid;
	i->shutdown = d->shutdown;
	i->shutdown_reason = d->reason;
	i->paused = d->paused;
	i->blocked = !d->paused && !d->shutdown;
	i->tot_pages = d->tot;
	i->max_pages = d->max;
	i->nr_vcpus = d->vcpus;
	i->cpu_time_ns = now_ns / 2;
	memcpy(i->handle, d->handle, sizeof(i->handle));
}

int ctl_domain_info(domid_t domid, struct ctl_dominfo *i)
{
	if (!dom(domid))
		return -ESRCH;
	info(domid, i);
	return 0;
}

int ctl_domain_list_all(domid_t first, struct ctl_dominfo **out, unsigned int *n)
{
	unsigned int id;

	*out = malloc(NR_DOMS * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (*n = 0, id = first; id < NR_DOMS; id++)
		if (doms[id].exists)
			info((domid_t)id, &(*out)[(*n)++]);
	return 0;
}

int ctl_hvm_param(domid_t domid, unsigned int param, uint64_t *value)
{
	if (!dom(domid))
		return -ESRCH;
	if (param >= NR_PARAMS)
		return -EINVAL;
	*value = doms[domid].params[param];
	return 0;
}

int ctl_set_hvm_param(domid_t domid, unsigned int param, uint64_t value)
{
	if (!dom(domid) || !domid)
		return -ESRCH;
	if (param >= NR_PARAMS)
		return -EINVAL;
	doms[domid].params[param] = value;
	return 0;
}

int ctl_pause(domid_t domid, bool pause)
{
	if (!dom(domid) || !domid)
		return -ESRCH;
	doms[domid].paused = pause;
	return 0;
}

int ctl_destroy(domid_t domid)
{
	struct dom *d = dom(domid);

	if (!d || !domid)
		return -ESRCH;
	free_pages += d->tot;
	memset(d, 0, sizeof(*d));
	return 0;
}

int ctl_max_mem(domid_t domid, uint64_t kib)
{
	if (!dom(domid))
		return -ESRCH;
	doms[domid].max = kib / 4;
	return 0;
}

int ctl_populate(domid_t domid, uint64_t nr_pages)
{
	struct dom *d = dom(domid);

	if (!d)
		return -ESRCH;
	if (nr_pages > free_pages || d->tot + nr_pages > d->max)
		return -ENOMEM;
	free_pages -= nr_pages;
	d->tot += nr_pages;
	return 0;
}

int ctl_sched_get(domid_t domid, uint32_t *weight, uint32_t *cap)
{
	if (!dom(domid))
		return -ESRCH;
	*weight = doms[domid].weight;
	*cap = doms[domid].cap;
	return 0;
}

int ctl_sched_set(domid_t domid, uint32_t weight, uint32_t cap)
{
	if (!dom(domid))
		return -ESRCH;
	if (!weight || weight > 65535 || cap > 200)
		return -EINVAL;
	doms[domid].weight = weight;
	doms[domid].cap = cap;
	return 0;
}

int ctl_vcpu_info(domid_t domid, uint32_t vcpu, struct ctl_vcpuinfo *vi)
{
	if (!dom(domid))
		return -ESRCH;
	if (vcpu >= doms[domid].vcpus)
		return -EINVAL;
	*vi = (struct ctl_vcpuinfo){ .online = true, .cpu = vcpu & 1,
		.affinity = doms[domid].affinity[vcpu] };
	return 0;
}

int ctl_vcpu_pin(domid_t domid, uint32_t vcpu, uint64_t mask)
{
	if (!dom(domid))
		return -ESRCH;
	if (vcpu >= doms[domid].vcpus || !(mask & 3))
		return -EINVAL;
	doms[domid].affinity[vcpu] = mask & 3;
	return 0;
}

int ctl_physinfo(struct ctl_physinfo *pi)
{
	*pi = (struct ctl_physinfo){ .nr_cpus = 2, .cpu_khz = 2000000,
		.total_pages = TOTAL_PAGES, .free_pages = free_pages };
	return 0;
}

long ctl_read_console(char *buf, uint32_t size, uint32_t *index)
{
	static const char ring[] = "(XEN) Xenolith model console\n";
	uint32_t n;

	if (*index >= sizeof(ring) - 1)
		return 0;
	n = (uint32_t)(sizeof(ring) - 1 - *index);
	n = n < size ? n : size;
	memcpy(buf, ring + *index, n);
	*index += n;
	return n;
}

int ctl_exit_counts(domid_t domid, uint32_t vcpu, uint32_t *reasons,
		    uint64_t *counts, unsigned int max, uint32_t *backend)
{
	unsigned int i;

	if (!dom(domid))
		return -ESRCH;
	if (vcpu >= doms[domid].vcpus)
		return -EINVAL;
	if (backend)
		*backend = XENOLITH_HVM_SVM;
	for (i = 0; i < max && i < 3; i++) {
		reasons[i] = 0x60 + i + vcpu;
		counts[i] = 10 * i + 1;
	}
	return (int)i;
}

int ctl_usage(domid_t domid, struct ctl_usage *u)
{
	unsigned int i;

	if (!dom(domid))
		return -ESRCH;
	*u = (struct ctl_usage){ 0 };
	for (i = 1; i < NR_PORTS; i++)
		u->evtchn_ports += domid ? doms[domid].unbound[i] ||
						   (ports[i].used &&
						    ports[i].remote == domid)
					 : ports[i].used;
	if (!domid)
		u->grant_maps = (uint32_t)nr_maps;
	return 0;
}

int ctl_create(uint32_t max_vcpus, uint32_t max_evtchn_port,
	       const uint8_t handle[16], domid_t *domid)
{
	unsigned int id;

	(void)max_evtchn_port;
	if (!max_vcpus || max_vcpus > 8)
		return -EINVAL;
	for (id = 1; id < NR_DOMS && doms[id].exists; id++)
		;
	if (id == NR_DOMS)
		return -ENOSPC;
	doms[id] = (struct dom){ .exists = true, .paused = true,
		.vcpus = max_vcpus, .weight = 256 };
	memcpy(doms[id].handle, handle, 16);
	*domid = (domid_t)id;
	return 0;
}

int ctl_alloc_unbound(domid_t domid, domid_t remote, uint32_t *port)
{
	uint32_t p;

	if (!dom(domid) || remote)
		return -ESRCH;
	for (p = 1; p < NR_PORTS && doms[domid].unbound[p]; p++)
		;
	if (p == NR_PORTS)
		return -ENOSPC;
	doms[domid].unbound[p] = true;
	*port = p;
	return 0;
}

int ctl_set_pvh_context(domid_t domid, uint32_t vcpu, uint32_t eip, uint32_t ebx)
{
	(void)eip, (void)ebx;
	if (!dom(domid))
		return -ESRCH;
	return vcpu < doms[domid].vcpus ? 0 : -EINVAL;
}

/* Dom0's event channels. */
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
			    evtchn_handler_fn *fn, void *data)
{
	uint32_t p;

	(void)fn, (void)data;
	if (!dom(remote))
		return -ESRCH;
	if (rport >= NR_PORTS || !doms[remote].unbound[rport])
		return -EINVAL;
	for (p = 1; p < NR_PORTS && ports[p].used; p++)
		;
	if (p == NR_PORTS)
		return -ENOSPC;
	ports[p] = (struct port){ true, remote, rport };
	return (int)p;
}

int evtchn_close(evtchn_port_t p)
{
	if (p >= NR_PORTS || !ports[p].used)
		abort();	/* Dom0 closes a port it does not hold */
	ports[p].used = false;
	return 0;
}

int evtchn_send(evtchn_port_t p)
{
	if (p >= NR_PORTS || !ports[p].used)
		abort();
	return 0;
}

/* Foreign mappings: a page of Dom0's, for the RAM of a domain. */
void *foreign_map(domid_t domid, uint64_t gfn, int *err)
{
	struct map *bigger;

	if (!dom(domid)) {
		*err = -ESRCH;
		return NULL;
	}
	if (gfn >= doms[domid].tot) {
		*err = -EINVAL;
		return NULL;
	}
	if (nr_maps == maps_size) {
		maps_size = maps_size ? 2 * maps_size : 16;
		bigger = realloc(maps, maps_size * sizeof(*maps));
		if (!bigger)
			abort();
		maps = bigger;
	}
	maps[nr_maps].page = calloc(1, PAGE);
	maps[nr_maps].domid = domid;
	return maps[nr_maps++].page;
}

int foreign_unmap(void *page)
{
	size_t i;

	for (i = 0; i < nr_maps && maps[i].page != page; i++)
		;
	if (i == nr_maps)
		abort();	/* not mapped, or unmapped twice */
	free(page);
	maps[i] = maps[--nr_maps];
	return 0;
}

int foreign_write(domid_t domid, uint64_t gpa, const void *src, uint64_t n,
		  uint64_t *gfn_out)
{
	static uint8_t sink[PAGE];
	uint64_t off, c;

	for (off = 0; off < n; off += c) {
		c = PAGE - (gpa + off) % PAGE;
		c = c < n - off ? c : n - off;
		*gfn_out = (gpa + off) / PAGE;
		if (!dom(domid))
			return -ESRCH;
		if (*gfn_out >= doms[domid].tot)
			return -EINVAL;
		memcpy(sink, (const uint8_t *)src + off, c);	/* ASan reads src */
	}
	return 0;
}

/* The console backend: connected while guest.c serves the domain. */
int consback_connect(domid_t domid, uint64_t gfn, uint32_t port)
{
	(void)port;
	if (!dom(domid) || gfn >= doms[domid].tot)
		return -EINVAL;
	doms[domid].console = true;
	return 0;
}

void consback_disconnect(domid_t domid)
{
	if (domid < NR_DOMS)
		doms[domid].console = false;
}

bool consback_connected(domid_t domid)
{
	return dom(domid) && doms[domid].console;
}

void consback_tap(void (*fn)(domid_t, const char *, size_t))
{
	console_tap = fn;
}

int consback_history(domid_t domid, void (*fn)(domid_t, const char *, size_t))
{
	if (!consback_connected(domid))
		return -ENOENT;
	fn(domid, "login: ", 7);
	return 0;
}

/* The guest echoes what it is sent. */
long consback_type(domid_t domid, const char *data, size_t len)
{
	if (!consback_connected(domid))
		return -ENOENT;
	if (console_tap)
		console_tap(domid, data, len);
	return (long)len;
}

/* The split backends: a table of devices. */
static struct dev *dev_find(const char *type, domid_t fe, unsigned int devid)
{
	unsigned int i;

	for (i = 0; i < NR_DEVS; i++)
		if (devs[i].used && devs[i].xb.fe == fe && devs[i].xb.devid == devid &&
		    !strcmp(devs[i].xb.ops->type, type))
			return &devs[i];
	return NULL;
}

static int dev_add(const struct xenbus_back_ops *ops, domid_t fe,
		   unsigned int devid, char *why, size_t why_size)
{
	unsigned int i;

	if (!dom(fe) || !fe) {
		snprintf(why, why_size, "no domain %u", fe);
		return -ESRCH;
	}
	if (dev_find(ops->type, fe, devid)) {
		snprintf(why, why_size, "%s %u exists", ops->type, devid);
		return -EEXIST;
	}
	for (i = 0; i < NR_DEVS && devs[i].used; i++)
		;
	if (i == NR_DEVS)
		return -ENOSPC;
	devs[i].used = true;
	devs[i].xb = (struct xenbus_back_dev){ .ops = ops, .fe = fe,
		.devid = devid, .state = XenbusStateInitWait };
	snprintf(devs[i].xb.be_path, sizeof(devs[i].xb.be_path),
		 "backend/%s/%u/%u", ops->type, fe, devid);
	snprintf(devs[i].xb.fe_path, sizeof(devs[i].xb.fe_path),
		 "/local/domain/%u/device/%s/%u", fe, ops->type, devid);
	return 0;
}

int vbd_add(domid_t domid, const char *vdev, const char *target,
	    bool readonly, char *why, size_t why_size)
{
	int devid = vbd_devid(vdev);

	(void)readonly;
	if (devid < 0 || (strncmp(target, "ram:", 4) && strncmp(target, "vda", 3))) {
		snprintf(why, why_size, "%s: target %s refused", vdev, target);
		return -EINVAL;
	}
	return dev_add(&vbd_ops, domid, (unsigned int)devid, why, why_size);
}

int vbd_devid(const char *name)
{
	if (strlen(name) != 4 || strncmp(name, "xvd", 3) || name[3] < 'a' ||
	    name[3] > 'z')
		return -EINVAL;
	return 51712 + 16 * (name[3] - 'a');
}

int vbd_remove(domid_t domid, const char *vdev)
{
	int devid = vbd_devid(vdev);
	struct dev *d = devid < 0 ? NULL : dev_find("vbd", domid, (unsigned int)devid);

	if (!d)
		return -ENOENT;
	d->used = false;
	return 0;
}

int vif_add(domid_t domid, unsigned int devid, const uint8_t *mac,
	    const char *bridge, const char *ip, bool nat, char *why,
	    size_t why_size)
{
	(void)mac, (void)ip, (void)nat;
	if (strcmp(bridge, "xenbr0") || devid >= 16) {
		snprintf(why, why_size, "vif %u on %s refused", devid, bridge);
		return -EINVAL;
	}
	return dev_add(&vif_ops, domid, devid, why, why_size);
}

int vif_remove(domid_t domid, unsigned int devid)
{
	struct dev *d = dev_find("vif", domid, devid);

	if (!d)
		return -ENOENT;
	d->used = false;
	return 0;
}

void vbd_domain_new(domid_t domid)
{
	(void)domid;
}

void vif_domain_new(domid_t domid)
{
	(void)domid;
}

struct xenbus_back_dev *xenbus_back_find(const char *type, domid_t fe,
					 unsigned int devid)
{
	struct dev *d = dev_find(type, fe, devid);

	return d ? &d->xb : NULL;
}

struct xenbus_back_dev *xenbus_back_at(unsigned int i)
{
	unsigned int j;

	for (j = 0; j < NR_DEVS; j++)
		if (devs[j].used && !i--)
			return &devs[j].xb;
	return NULL;
}

void xenbus_back_domain_gone(domid_t fe)
{
	unsigned int i;

	for (i = 0; i < NR_DEVS; i++)
		if (devs[i].used && devs[i].xb.fe == fe)
			devs[i].used = false;
}

/* The transport: what Dom0 writes goes to the fuzzer. */
static int vcons_open(void)
{
	return 0;
}

static size_t vcons_read(uint8_t *buf, size_t n)
{
	(void)buf, (void)n;
	return 0;
}

static void vcons_wait(uint64_t deadline_ns)
{
	(void)deadline_ns;
}

static bool vcons_connected(void)
{
	return true;
}

const struct mgmt_transport mgmt_vcons = {
	.name = "model", .open = vcons_open, .read = vcons_read,
	.write = model_sent, .wait = vcons_wait, .connected = vcons_connected,
};

void model_init(void)
{
	doms[0] = (struct dom){ .exists = true, .vcpus = 1, .tot = DOM0_PAGES,
		.max = DOM0_PAGES, .weight = 256 };
	if (xenstored_init())
		abort();
	guest_init();
	agent_attach(&mgmt_vcons);
}

unsigned int model_domains(void)
{
	unsigned int id, n = 0;

	for (id = 0; id < NR_DOMS; id++)
		n += doms[id].exists;
	return n;
}

/* What a bug in Dom0 left behind: said, then the fuzzer stops on it. */
static void __attribute__((noreturn)) left(const char *what)
{
	fprintf(stderr, "dom0 model: %s\n", what);
	abort();
}

void model_shutdown(domid_t domid, unsigned int reason)
{
	if (dom(domid) && domid) {
		doms[domid].shutdown = true;
		doms[domid].reason = reason;
	}
}

void model_reset(void)
{
	static char reply[4096];
	unsigned int id, i;
	size_t len;

	agent_xs_reset();
	agent_console_reset();
	builder_abort_all();
	for (id = 1; id < NR_DOMS; id++)
		if (doms[id].exists)
			ctl_destroy((domid_t)id);
	guest_scan();
	agent_watch_domains();
	xenstored_request(XS_RM, "/tool", 6, reply, sizeof(reply), &len);
	if (nr_maps)
		left("a foreign mapping of a destroyed domain");
	if (free_pages != TOTAL_PAGES - DOM0_PAGES)
		left("memory of a destroyed domain");
	for (i = 1; i < NR_PORTS; i++)
		if (ports[i].used)
			left("an event channel Dom0 bound to a destroyed domain");
	for (i = 0; i < NR_DEVS; i++)
		if (devs[i].used)
			left("a device of a destroyed domain");
	/* Dom0's own entry stays (guest.c names a domain without handle by id). */
	if (!xenstored_request(XS_DIRECTORY, "/vm", 4, reply, sizeof(reply), &len) &&
	    len > 1 && strcmp(reply, "00000000-0000-0000-0000-000000000000")) {
		fprintf(stderr, "dom0 model: /vm has %s\n", reply);
		left("a /vm entry of a destroyed domain");
	}
	console_tap = NULL;
	now_ns = 0;
	agent_attach(&mgmt_vcons);	/* a fresh decoder */
}
