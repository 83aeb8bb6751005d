/* SPDX-License-Identifier: MIT */
/*
 * The agent's toolstack operations (docs/xapi-protocol.md), one handler
 * each, and the domain-list watch that sends state-change events.  Each
 * handler parses its request whole before it acts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/io/xs_wire.h>
#include <xenolith/domctl.h>
#include "../guest-patches/kernel/clock.h"
#include "../guest-patches/pv/hypercall.h"
#include "agent.h"
#include "builder/builder.h"
#include "ctl.h"
#include "guest.h"
#include "xenstored.h"

#define PAGE_KIB	4
#define MAX_EXIT_KINDS	32
#define DMESG_MAX	(FRAME_MAX_PAYLOAD - 16)

static int bad_request(struct agent_call *c)
{
	agent_why(c, "malformed request for operation %u", c->frame->op);
	return -EBADMSG;
}

static int xs_read(const char *path, char *value, size_t size)
{
	size_t len;

	return xenstored_request(XS_READ, path, strlen(path) + 1, value, size, &len);
}

static void domain_name(domid_t domid, char *name, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (xs_read(path, name, size) || !name[0])
		guest_name(domid, name, (unsigned int)size);
}

/* When the domain started: <vm>/start_time ("S.CC" seconds), 0 if unknown. */
static uint64_t start_time(domid_t domid)
{
	char path[96], vm[64], value[32], *dot;
	uint64_t ns;

	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (xs_read(path, vm, sizeof(vm)) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/start_time", vm);
	if (xs_read(path, value, sizeof(value)) < 0)
		return 0;
	ns = strtoul(value, &dot, 10) * 1000000000ULL;
	if (*dot == '.')
		ns += strtoul(dot + 1, NULL, 10) * 10000000ULL;
	return ns;
}

/* The MSG_DOM_* state of d. */
static uint32_t state_of(const struct ctl_dominfo *d)
{
	return (d->running ? MSG_DOM_RUNNING : 0) |
	       (d->blocked ? MSG_DOM_BLOCKED : 0) |
	       (d->paused ? MSG_DOM_PAUSED : 0) |
	       (d->shutdown ? MSG_DOM_SHUTDOWN : 0) |
	       (d->dying ? MSG_DOM_DYING : 0) |
	       (d->shutdown && d->shutdown_reason == SHUTDOWN_crash ? MSG_DOM_CRASHED : 0);
}

/* seen_ns: Dom0's clock when the hypervisor's domain list was read. */
static void to_msg(const struct ctl_dominfo *d, uint64_t seen_ns,
		   struct msg_dominfo *m)
{
	memset(m, 0, sizeof(*m));
	m->domid = d->domid;
	m->state = state_of(d);
	m->shutdown_reason = d->shutdown ? d->shutdown_reason : 0;
	m->mem_kib = d->tot_pages * PAGE_KIB;
	m->maxmem_kib = d->max_pages * PAGE_KIB;
	m->vcpus = d->nr_vcpus;
	m->cpu_time_ns = d->cpu_time_ns;
	domain_name(d->domid, m->name, sizeof(m->name));
	m->start_ns = start_time(d->domid);
	memcpy(m->uuid, d->handle, sizeof(m->uuid));
	m->seen_ns = seen_ns;
}

static int op_hello(struct agent_call *c)
{
	struct msg_hello h;

	if (msg_get_hello(c->r, &h))
		return bad_request(c);
	if (h.version != MSG_PROTO_VERSION) {
		agent_why(c, "protocol version %u, this Dom0 speaks %u", h.version,
			  MSG_PROTO_VERSION);
		return -EINVAL;
	}
	/* A new xapid: the old one's connections and half-built domains go. */
	agent_xs_reset();
	agent_console_reset();
	builder_abort_all();
	h.version = MSG_PROTO_VERSION;
	snprintf(h.agent, sizeof(h.agent), "xenolith-dom0");
	msg_put_hello(c->out, &h);
	return 0;
}

static int op_list(struct agent_call *c)
{
	struct ctl_dominfo *doms;
	struct msg_dominfo m;
	unsigned int n, i, k;
	uint64_t stamp;
	int rc;

	if (msg_rd_end(c->r))
		return bad_request(c);
	rc = ctl_domain_list_all(0, &doms, &n);
	stamp = clock_ns();
	if (rc) {
		agent_why(c, "domain list: error %d", rc);
		return rc;
	}
	/* a domain being built has no name yet: it is shown once it has */
	for (i = 0, k = 0; i < n; i++)
		k += !builder_building(doms[i].domid);
	msg_put_u32(c->out, k);
	for (i = 0; i < n; i++) {
		if (builder_building(doms[i].domid))
			continue;
		to_msg(&doms[i], stamp, &m);
		msg_put_dominfo(c->out, &m);
	}
	free(doms);
	return 0;
}

static int op_info(struct agent_call *c)
{
	struct msg_physinfo m = { 0 };
	struct ctl_physinfo pi;
	struct ctl_dominfo *doms;
	uint32_t reason, backend = 0;
	uint64_t count;
	char extra[XEN_EXTRAVERSION_LEN] = "";
	long version;
	unsigned int n;
	int rc;

	if (msg_rd_end(c->r))
		return bad_request(c);
	rc = ctl_physinfo(&pi);
	if (!rc)
		rc = ctl_domain_list_all(0, &doms, &n);
	if (rc) {
		agent_why(c, "physinfo: error %d", rc);
		return rc;
	}
	free(doms);
	version = hypercall_xen_version(XENVER_version, NULL);
	hypercall_xen_version(XENVER_extraversion, extra);
	extra[sizeof(extra) - 1] = 0;
	m.nr_cpus = pi.nr_cpus;
	m.cpu_khz = pi.cpu_khz;
	m.total_kib = pi.total_pages * PAGE_KIB;
	m.free_kib = pi.free_pages * PAGE_KIB;
	m.xen_major = (uint32_t)(version >> 16);
	m.xen_minor = (uint32_t)(version & 0xffff);
	snprintf(m.xen_extra, sizeof(m.xen_extra), "%s", extra);
	/* The exit counters say which back end runs Dom0's vCPU 0. */
	ctl_exit_counts(0, 0, &reason, &count, 1, &backend);
	snprintf(m.hvm_backend, sizeof(m.hvm_backend), "%s",
		 backend == XENOLITH_HVM_SVM ? "svm" :
		 backend == XENOLITH_HVM_VMX ? "vmx" : "unknown");
	m.nr_domains = n;
	m.uptime_ns = clock_ns();
	msg_put_physinfo(c->out, &m);
	return 0;
}

/*
 * The domain a request names, checked to exist (and not to be Dom0 when
 * not_dom0); its state into *d.
 */
static int target(struct agent_call *c, uint32_t domid, bool not_dom0,
		  struct ctl_dominfo *d)
{
	if (domid >= DOMID_FIRST_RESERVED || ctl_domain_info((domid_t)domid, d)) {
		agent_why(c, "no domain %u", domid);
		return -ESRCH;
	}
	if (not_dom0 && domid == 0) {
		agent_why(c, "domain 0 runs the toolstack: it cannot be "
			  "destroyed, paused or shut down from here");
		return -EPERM;
	}
	return 0;
}

/* A request that is one domid: read, and target() checked. */
static int domid_request(struct agent_call *c, bool not_dom0,
			 struct msg_domid *q, struct ctl_dominfo *d)
{
	if (msg_get_domid(c->r, q))
		return bad_request(c);
	return target(c, q->domid, not_dom0, d);
}

static int op_domain(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct msg_domid m;
	int rc;

	rc = domid_request(c, true, &m, &d);
	if (rc)
		return rc;
	switch (c->frame->op) {
	case OP_DESTROY:	/* a domain still being built takes its build along */
		rc = builder_abort((domid_t)m.domid) ? 0 : ctl_destroy((domid_t)m.domid);
		break;
	case OP_PAUSE:
		rc = ctl_pause((domid_t)m.domid, true);
		break;
	default:
		rc = ctl_pause((domid_t)m.domid, false);
		break;
	}
	if (rc)
		agent_why(c, "domain %u: hypervisor error %d", m.domid, rc);
	return rc;
}

static int op_shutdown(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct msg_shutdown m;
	char path[64], value[8];
	int rc;

	if (msg_get_shutdown(c->r, &m))
		return bad_request(c);
	if (m.reason != SHUTDOWN_poweroff && m.reason != SHUTDOWN_reboot) {
		agent_why(c, "shutdown reason %u: poweroff (0) or reboot (1)", m.reason);
		return -EINVAL;
	}
	rc = target(c, m.domid, true, &d);
	if (rc)
		return rc;
	/* As Xen's xl: a guest that does not watch control/shutdown would ignore it. */
	snprintf(path, sizeof(path), "/local/domain/%u/control/feature-%s", m.domid,
		 m.reason == SHUTDOWN_poweroff ? "poweroff" : "reboot");
	if (xs_read(path, value, sizeof(value)) || strcmp(value, "1")) {
		agent_why(c, "domain %u has no PV control interface (%s is not 1): "
			  "it would ignore the request; `xl destroy' stops it",
			  m.domid, path);
		return -EOPNOTSUPP;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", m.domid);
	rc = xenstored_write(path, m.reason == SHUTDOWN_poweroff ? "poweroff" : "reboot");
	if (rc)
		agent_why(c, "writing %s: error %d", path, rc);
	return rc;
}

static int op_mem(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct msg_mem m;
	char path[64], value[24];
	int rc;

	if (msg_get_mem(c->r, &m))
		return bad_request(c);
	rc = target(c, m.domid, false, &d);
	if (rc)
		return rc;
	if (c->frame->op == OP_MEM_MAX) {
		rc = ctl_max_mem((domid_t)m.domid, m.kib);
		if (rc)
			agent_why(c, "domain %u: maximum %llu KiB refused (error %d)",
				  m.domid, (unsigned long long)m.kib, rc);
		return rc;
	}
	if (m.kib > d.max_pages * PAGE_KIB) {
		agent_why(c, "domain %u: target %llu KiB is above its maximum, "
			  "%llu KiB (raise it with mem-max)", m.domid,
			  (unsigned long long)m.kib,
			  (unsigned long long)(d.max_pages * PAGE_KIB));
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/memory/target", m.domid);
	snprintf(value, sizeof(value), "%llu", (unsigned long long)m.kib);
	rc = xenstored_write(path, value);
	if (rc)
		agent_why(c, "writing %s: error %d", path, rc);
	return rc;
}

static int op_vcpu_list(struct agent_call *c)
{
	struct ctl_vcpuinfo vi;
	struct ctl_dominfo d;
	struct msg_vcpuinfo m;
	struct msg_domid q;
	uint32_t i;
	int rc;

	rc = domid_request(c, false, &q, &d);
	if (rc)
		return rc;
	msg_put_u32(c->out, d.nr_vcpus);
	for (i = 0; i < d.nr_vcpus; i++) {
		rc = ctl_vcpu_info((domid_t)q.domid, i, &vi);
		if (rc) {
			agent_why(c, "domain %u vCPU %u: error %d", q.domid, i, rc);
			return rc;
		}
		m = (struct msg_vcpuinfo){ .vcpu = i, .cpu = vi.cpu,
			.online = vi.online, .blocked = vi.blocked,
			.running = vi.running, .cpu_time_ns = vi.cpu_time_ns,
			.affinity = vi.affinity };
		msg_put_vcpuinfo(c->out, &m);
	}
	return 0;
}

static int op_vcpu_pin(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct msg_vcpu_pin m;
	uint32_t i;
	int rc;

	if (msg_get_vcpu_pin(c->r, &m))
		return bad_request(c);
	rc = target(c, m.domid, false, &d);
	if (rc)
		return rc;
	if (m.vcpu != MSG_ALL_VCPUS && m.vcpu >= d.nr_vcpus) {
		agent_why(c, "domain %u has no vCPU %u", m.domid, m.vcpu);
		return -EINVAL;
	}
	for (i = 0; i < d.nr_vcpus; i++) {
		if (m.vcpu != MSG_ALL_VCPUS && i != m.vcpu)
			continue;
		rc = ctl_vcpu_pin((domid_t)m.domid, i, m.affinity);
		if (rc) {
			agent_why(c, "domain %u vCPU %u: affinity 0x%llx refused "
				  "(error %d: no online CPU in it?)", m.domid, i,
				  (unsigned long long)m.affinity, rc);
			return rc;
		}
	}
	return 0;
}

static int op_sched(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct msg_sched m;
	int rc;

	if (c->frame->op == OP_SCHED_GET) {
		struct msg_domid q;

		if (msg_get_domid(c->r, &q))
			return bad_request(c);
		m.domid = q.domid;
	} else if (msg_get_sched(c->r, &m)) {
		return bad_request(c);
	}
	rc = target(c, m.domid, false, &d);
	if (rc)
		return rc;
	if (c->frame->op == OP_SCHED_SET) {
		rc = ctl_sched_set((domid_t)m.domid, m.weight, m.cap);
		if (rc)
			agent_why(c, "domain %u: weight %u cap %u refused (error %d)",
				  m.domid, m.weight, m.cap, rc);
		return rc;
	}
	rc = ctl_sched_get((domid_t)m.domid, &m.weight, &m.cap);
	if (rc) {
		agent_why(c, "domain %u: scheduler: error %d", m.domid, rc);
		return rc;
	}
	msg_put_sched(c->out, &m);
	return 0;
}

static int op_dmesg(struct agent_call *c)
{
	static char text[DMESG_MAX];
	uint32_t index = 0, len = 0;
	long n;

	if (msg_rd_end(c->r))
		return bad_request(c);
	/* The newest DMESG_MAX bytes: slide when the ring holds more. */
	for (;;) {
		if (len > DMESG_MAX - 4096) {
			memmove(text, text + 4096, len - 4096);
			len -= 4096;
		}
		n = ctl_read_console(text + len, DMESG_MAX - len, &index);
		if (n < 0) {
			agent_why(c, "reading the console ring: error %ld", n);
			return (int)n;
		}
		if (!n)
			break;
		len += (uint32_t)n;
	}
	msg_put_bytes(c->out, text, len);
	return 0;
}

static int op_exits(struct agent_call *c)
{
	uint32_t reasons[MAX_EXIT_KINDS], sum_reason[MAX_EXIT_KINDS];
	uint64_t counts[MAX_EXIT_KINDS], sum_count[MAX_EXIT_KINDS];
	struct ctl_dominfo d;
	struct msg_domid q;
	struct msg_exit e;
	unsigned int kinds = 0, v, i, j;
	int rc, n;

	rc = domid_request(c, false, &q, &d);
	if (rc)
		return rc;
	for (v = 0; v < d.nr_vcpus; v++) {
		n = ctl_exit_counts((domid_t)q.domid, v, reasons, counts,
				    MAX_EXIT_KINDS, NULL);
		if (n < 0) {
			agent_why(c, "domain %u vCPU %u: exit counters: error %d",
				  q.domid, v, n);
			return n;
		}
		for (i = 0; i < (unsigned int)n; i++) {
			for (j = 0; j < kinds && sum_reason[j] != reasons[i]; j++)
				;
			if (j == kinds) {
				if (kinds == MAX_EXIT_KINDS)
					continue;
				sum_reason[kinds] = reasons[i];
				sum_count[kinds++] = 0;
			}
			sum_count[j] += counts[i];
		}
	}
	msg_put_u32(c->out, kinds);
	for (j = 0; j < kinds; j++) {
		e.reason = sum_reason[j];
		e.count = sum_count[j];
		msg_put_exit(c->out, &e);
	}
	return 0;
}

static int op_usage(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct ctl_usage u;
	struct msg_domid q;
	struct msg_usage m;
	int rc;

	rc = domid_request(c, false, &q, &d);
	if (rc)
		return rc;
	rc = ctl_usage((domid_t)q.domid, &u);
	if (rc) {
		agent_why(c, "domain %u: usage: error %d", q.domid, rc);
		return rc;
	}
	m = (struct msg_usage){
		.domid = q.domid,
		.evtchn_ports = u.evtchn_ports,
		.grant_entries = u.grant_entries,
		.grant_entries_mapped = u.grant_entries_mapped,
		.grant_maps = u.grant_maps,
		.xs_ops = xenstored_domain_ops((domid_t)q.domid),
	};
	msg_put_usage(c->out, &m);
	return 0;
}

static int op_rename(struct agent_call *c)
{
	struct ctl_dominfo d;
	struct ctl_dominfo *doms;
	struct msg_rename m;
	char path[64], name[MSG_NAME_MAX];
	unsigned int n, i;
	int rc;

	if (msg_get_rename(c->r, &m))
		return bad_request(c);
	if (!m.name[0] || strchr(m.name, '/')) {
		agent_why(c, "\"%s\" is not a domain name", m.name);
		return -EINVAL;
	}
	rc = target(c, m.domid, false, &d);
	if (!rc)
		rc = ctl_domain_list_all(0, &doms, &n);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		domain_name(doms[i].domid, name, sizeof(name));
		if (doms[i].domid != m.domid && !strcmp(name, m.name))
			break;
	}
	free(doms);
	if (i < n) {
		agent_why(c, "domain name \"%s\" is taken", m.name);
		return -EEXIST;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/name", m.domid);
	rc = xenstored_write(path, m.name);
	if (rc)
		agent_why(c, "writing %s: error %d", path, rc);
	return rc;
}

const struct agent_op agent_ops[] = {
	{ OP_HELLO, op_hello, 1 },
	{ OP_LIST, op_list, 1 },
	{ OP_INFO, op_info, 1 },
	{ OP_DESTROY, op_domain, 1 },
	{ OP_PAUSE, op_domain, 1 },
	{ OP_UNPAUSE, op_domain, 1 },
	{ OP_SHUTDOWN, op_shutdown, 1 },
	{ OP_MEM_SET, op_mem, 1 },
	{ OP_MEM_MAX, op_mem, 1 },
	{ OP_VCPU_LIST, op_vcpu_list, 1 },
	{ OP_VCPU_PIN, op_vcpu_pin, 1 },
	{ OP_SCHED_GET, op_sched, 1 },
	{ OP_SCHED_SET, op_sched, 1 },
	{ OP_DMESG, op_dmesg, 1 },
	{ OP_EXITS, op_exits, 1 },
	{ OP_USAGE, op_usage, 1 },
	{ OP_RENAME, op_rename, 1 },
};
const unsigned int agent_nr_ops = sizeof(agent_ops) / sizeof(agent_ops[0]);

/* What the last look saw of each domain. */
struct seen {
	domid_t domid;
	uint32_t state;
};
static struct seen *seen;
static unsigned int nr_seen;

void agent_watch_domains(void)
{
	struct ctl_dominfo *doms;
	struct msg_dominfo m;
	struct msg_buf b;
	struct seen *now;
	static uint8_t buf[256];
	unsigned int n, i, j = 0, k = 0;
	uint64_t stamp;

	if (ctl_domain_list_all(0, &doms, &n))
		return;
	stamp = clock_ns();	/* the moment Dom0 sees a change */
	now = malloc((n ? n : 1) * sizeof(*now));
	if (!now) {
		free(doms);
		return;
	}
	for (i = 0; i < n; i++) {
		/* reported once built, with its name (op_list) */
		if (builder_building(doms[i].domid))
			continue;
		now[k].domid = doms[i].domid;
		now[k].state = state_of(&doms[i]) &
			       ~(MSG_DOM_RUNNING | MSG_DOM_BLOCKED);
		/* Both lists are in domid order: walk them side by side. */
		for (; j < nr_seen && seen[j].domid < now[k].domid; j++) {
			msg_buf_init(&b, buf, sizeof(buf));
			msg_put_u32(&b, seen[j].domid);
			agent_send(OP_EV_GONE, FRAME_EVENT, 0, 0, buf, (uint32_t)b.len);
		}
		if (j < nr_seen && seen[j].domid == now[k].domid &&
		    seen[j].state == now[k].state) {
			j++;
			k++;
			continue;
		}
		if (j < nr_seen && seen[j].domid == now[k].domid)
			j++;
		k++;
		/*
		 * Only a domain that changed is read from the store (its
		 * name and start time): a look every WATCH_NS at hundreds
		 * of unchanged domains must not cost hundreds of requests.
		 */
		to_msg(&doms[i], stamp, &m);
		msg_buf_init(&b, buf, sizeof(buf));
		msg_put_dominfo(&b, &m);
		agent_send(OP_EV_DOMAIN, FRAME_EVENT, 0, 0, buf, (uint32_t)b.len);
	}
	for (; j < nr_seen; j++) {
		msg_buf_init(&b, buf, sizeof(buf));
		msg_put_u32(&b, seen[j].domid);
		agent_send(OP_EV_GONE, FRAME_EVENT, 0, 0, buf, (uint32_t)b.len);
	}
	free(seen);
	free(doms);
	seen = now;
	nr_seen = k;
}
