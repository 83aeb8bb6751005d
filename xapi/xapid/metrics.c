// SPDX-License-Identifier: MIT
// Prometheus metrics.
#include "metrics.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xrt/exitname.h>

#include "auth.h"
#include "dom0clock.h"
#include "eventlog.h"
#include "http.h"
#include "agent.h"
#include "vm.h"
#include "xsrelay.h"

/* What Dom0 last said of each running domain: its VM exits by reason and
 * its usage of event channels, grants and the store. */
struct sample {
	uint32_t domid;
	char name[VM_NAME_MAX + 1];
	char uuid[VM_UUID_LEN + 1];
	unsigned n;
	struct msg_exit *e;
	bool have_usage;
	struct msg_usage usage;
	struct sample *next;
};

static struct sample *samples;
static struct event *poll_timer;
static unsigned backend; /* EXITNAME_VMX or _SVM once Dom0 said which */

const char *metrics_exit_name(uint32_t reason)
{
	return backend ? exitname(backend, reason) : NULL;
}

static void info_got(const struct agent_result *r,
		     const struct msg_physinfo *info, void *arg)
{
	(void)arg;
	if (!r->err)
		backend = strcmp(info->hvm_backend, "vmx") ? EXITNAME_SVM
							   : EXITNAME_VMX;
}

static const struct vm *running(uint32_t domid)
{
	for (size_t i = 0; i < vm_count(); i++)
		if (vm_at(i)->domid == (int)domid)
			return vm_at(i);
	return NULL;
}

static void sample_drop(uint32_t domid)
{
	for (struct sample **pp = &samples; *pp; pp = &(*pp)->next)
		if ((*pp)->domid == domid) {
			struct sample *x = *pp;

			*pp = x->next;
			free(x->e);
			free(x);
			return;
		}
}

/* The sample of a running domain, made if need be; NULL when it is gone
 * (or out of memory: the figures wait for the next poll). */
static struct sample *sample_get(uint32_t domid)
{
	const struct vm *v = running(domid);
	struct sample *x;

	for (x = samples; x; x = x->next)
		if (x->domid == domid)
			break;
	if (x && (!v || strcmp(x->uuid, v->def.uuid))) {
		sample_drop(domid); /* the domid of a domain gone */
		x = NULL;
	}
	if (x || !v || !(x = calloc(1, sizeof(*x))))
		return x;
	x->domid = domid;
	snprintf(x->name, sizeof(x->name), "%s", v->def.name);
	snprintf(x->uuid, sizeof(x->uuid), "%s", v->def.uuid);
	x->next = samples;
	samples = x;
	return x;
}

static void exits_got(const struct agent_result *r, const struct msg_exit *e,
		      unsigned int n, void *arg)
{
	struct sample *x = sample_get((uint32_t)(uintptr_t)arg);
	struct msg_exit *copy;

	if (r->err || !x || !n || !(copy = malloc(n * sizeof(*e))))
		return;
	memcpy(copy, e, n * sizeof(*e));
	free(x->e);
	x->e = copy;
	x->n = n;
}

static void usage_got(const struct agent_result *r, const struct msg_usage *u,
		      void *arg)
{
	struct sample *x = sample_get((uint32_t)(uintptr_t)arg);

	if (r->err || !x)
		return;
	x->usage = *u;
	x->have_usage = true;
}

static void poll_dom0(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	/* samples of domains no longer running go; the others are
	 * replaced as the answers come */
	for (struct sample *x = samples, *next; x; x = next) {
		next = x->next;
		if (!running(x->domid))
			sample_drop(x->domid);
	}
	if (!agent_connected())
		return;
	if (!backend)
		agent_info(info_got, NULL);
	for (size_t i = 0; i < vm_count(); i++)
		if (vm_at(i)->domid >= 0) {
			void *domid = (void *)(uintptr_t)vm_at(i)->domid;

			agent_exits((uint32_t)vm_at(i)->domid, exits_got, domid);
			agent_usage((uint32_t)vm_at(i)->domid, usage_got, domid);
		}
}

/* Label values escape backslash, quote and newline (the text format). */
static void label(struct evbuffer *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			evbuffer_add_printf(b, "\\%c", *s);
		else if (*s == '\n')
			evbuffer_add(b, "\\n", 2);
		else
			evbuffer_add(b, s, 1);
	}
}

static void count_line(const char *route, int status, unsigned long n,
		       void *arg)
{
	struct evbuffer *b = arg;

	evbuffer_add_printf(b, "xapid_http_requests_total{route=\"");
	label(b, route);
	evbuffer_add_printf(b, "\",status=\"%d\"} %lu\n", status, n);
}

static void domain_lines(struct evbuffer *b, const char *metric,
			 const char *help, const char *type,
			 void (*value)(struct evbuffer *, const struct vm *))
{
	evbuffer_add_printf(b, "# HELP %s %s\n# TYPE %s %s\n", metric, help,
			    metric, type);
	for (size_t i = 0; i < vm_count(); i++) {
		const struct vm *v = vm_at(i);

		evbuffer_add_printf(b, "%s{domain=\"", metric);
		label(b, v->def.name);
		evbuffer_add_printf(b, "\",uuid=\"%s\"} ", v->def.uuid);
		value(b, v);
		evbuffer_add(b, "\n", 1);
	}
}

static void v_cpu(struct evbuffer *b, const struct vm *v)
{
	evbuffer_add_printf(b, "%.9f", (double)v->cpu_ns / 1e9);
}

static void v_mem(struct evbuffer *b, const struct vm *v)
{
	evbuffer_add_printf(b, "%llu", (unsigned long long)v->def.memory_mib << 20);
}

static void v_vcpus(struct evbuffer *b, const struct vm *v)
{
	evbuffer_add_printf(b, "%u", v->def.vcpus);
}

static void v_domid(struct evbuffer *b, const struct vm *v)
{
	evbuffer_add_printf(b, "%d", v->domid);
}

static void xs_line(const char *type, unsigned long n, void *arg)
{
	evbuffer_add_printf(arg, "xapid_xenstore_ops_total{type=\"%s\"} %lu\n",
			    type, n);
}

/* One line per reason name: codes that share a name (the exception
 * vectors, the debug registers, "OTHER") are summed. */
static void exit_lines(struct evbuffer *b, const struct sample *x)
{
	for (unsigned i = 0; i < x->n; i++) {
		const char *name = metrics_exit_name(x->e[i].reason);
		unsigned long long sum = 0;
		char hex[16];
		int seen = 0;

		if (!name) { /* the back end is not known yet */
			snprintf(hex, sizeof(hex), "0x%x", x->e[i].reason);
			name = hex;
		}
		for (unsigned k = 0; k < i && !seen; k++)
			seen = metrics_exit_name(x->e[k].reason) &&
			       !strcmp(metrics_exit_name(x->e[k].reason), name);
		if (seen)
			continue;
		for (unsigned k = i; k < x->n; k++)
			if (k == i || (metrics_exit_name(x->e[k].reason) &&
				       !strcmp(metrics_exit_name(x->e[k].reason),
					       name)))
				sum += x->e[k].count;
		evbuffer_add_printf(b, "xapid_domain_vm_exits_total{domain=\"");
		label(b, x->name);
		evbuffer_add_printf(b, "\",reason=\"%s\"} %llu\n", name, sum);
	}
}

/* A sample is shown while its domain runs (the poll drops it within
 * METRICS_PERIOD; this hides it at once). */
static bool shown(const struct sample *x)
{
	const struct vm *v = running(x->domid);

	return v && !strcmp(v->def.uuid, x->uuid);
}

static const struct usage_metric {
	const char *metric, *help, *type;
	size_t offset, size;
} usage_metrics[] = {
#define U(f) offsetof(struct msg_usage, f), sizeof(((struct msg_usage *)0)->f)
	{ "xapid_domain_event_channels", "event channel ports in use",
	  "gauge", U(evtchn_ports) },
	{ "xapid_domain_grant_entries", "entries of its grant table that "
	  "grant access", "gauge", U(grant_entries) },
	{ "xapid_domain_grant_entries_mapped", "its grant entries another "
	  "domain maps now", "gauge", U(grant_entries_mapped) },
	{ "xapid_domain_grant_mappings", "its mappings of other domains' "
	  "grants", "gauge", U(grant_maps) },
	{ "xapid_domain_xenstore_ops_total", "xenstore requests Dom0's "
	  "xenstored served for it", "counter", U(xs_ops) },
#undef U
};

static void usage_lines(struct evbuffer *b)
{
	for (size_t k = 0; k < sizeof(usage_metrics) / sizeof(usage_metrics[0]);
	     k++) {
		const struct usage_metric *m = &usage_metrics[k];

		evbuffer_add_printf(b, "# HELP %s %s\n# TYPE %s %s\n", m->metric,
				    m->help, m->metric, m->type);
		for (const struct sample *x = samples; x; x = x->next) {
			const char *f = (const char *)&x->usage + m->offset;
			unsigned long long v;

			if (!x->have_usage || !shown(x))
				continue;
			if (m->size == sizeof(uint64_t)) {
				uint64_t u64;

				memcpy(&u64, f, sizeof(u64));
				v = u64;
			} else {
				uint32_t u32;

				memcpy(&u32, f, sizeof(u32));
				v = u32;
			}
			evbuffer_add_printf(b, "%s{domain=\"", m->metric);
			label(b, x->name);
			evbuffer_add_printf(b, "\",uuid=\"%s\"} %llu\n", x->uuid, v);
		}
	}
}

static void serve(struct http_req *r)
{
	struct evbuffer *b = evbuffer_new();
	unsigned long restarts, pending;
	static const enum vm_power states[] = { VM_HALTED, VM_RUNNING,
						VM_PAUSED, VM_SHUTDOWN,
						VM_CRASHED };
	size_t len;
	char *s;

	if (!b) {
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	evbuffer_add_printf(b, "# HELP xapid_domain_state 1 for the state the "
			       "domain is in\n# TYPE xapid_domain_state gauge\n");
	for (size_t i = 0; i < vm_count(); i++)
		for (size_t k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
			const struct vm *v = vm_at(i);

			evbuffer_add_printf(b, "xapid_domain_state{domain=\"");
			label(b, v->def.name);
			evbuffer_add_printf(b, "\",uuid=\"%s\",state=\"%s\"} %d\n",
					    v->def.uuid, vm_power_name(states[k]),
					    v->power == states[k]);
		}
	domain_lines(b, "xapid_domain_cpu_seconds_total",
		     "CPU time the domain used", "counter", v_cpu);
	domain_lines(b, "xapid_domain_memory_bytes",
		     "memory target of the domain", "gauge", v_mem);
	domain_lines(b, "xapid_domain_vcpus", "vCPUs of the domain", "gauge",
		     v_vcpus);
	domain_lines(b, "xapid_domain_id", "domid, -1 while halted", "gauge",
		     v_domid);
	evbuffer_add_printf(b, "# HELP xapid_domain_vm_exits_total VM exits by "
			       "reason\n# TYPE xapid_domain_vm_exits_total "
			       "counter\n");
	for (struct sample *x = samples; x; x = x->next)
		if (shown(x))
			exit_lines(b, x);
	usage_lines(b);
	evbuffer_add_printf(b, "# HELP xapid_http_requests_total API requests "
			       "by route and status\n# TYPE "
			       "xapid_http_requests_total counter\n");
	http_counts_each(count_line, b);
	evbuffer_add_printf(b,
			    "# HELP xapid_sessions live sessions\n"
			    "# TYPE xapid_sessions gauge\nxapid_sessions %zu\n"
			    "# HELP xapid_event_subscribers open event "
			    "streams and waiting event.from calls\n"
			    "# TYPE xapid_event_subscribers gauge\n"
			    "xapid_event_subscribers %u\n"
			    "# HELP xapid_events_total events posted\n"
			    "# TYPE xapid_events_total counter\n"
			    "xapid_events_total %llu\n"
			    "# HELP xapid_dom0_clock_rtt_seconds round trip "
			    "of the echo that maps Dom0's clock to the "
			    "host's (event times are true within half; 0: "
			    "not yet measured)\n"
			    "# TYPE xapid_dom0_clock_rtt_seconds gauge\n"
			    "xapid_dom0_clock_rtt_seconds %.6f\n",
			    auth_session_count(), eventlog_subscribers(),
			    (unsigned long long)eventlog_last_id(),
			    dom0clock_rtt_ns() / 1e9);
	evbuffer_add_printf(b, "# HELP xapid_xenstore_ops_total xenstore "
			       "requests the host made through xapid, by "
			       "type\n# TYPE xapid_xenstore_ops_total "
			       "counter\n");
	xsrelay_ops_each(xs_line, b);
	http_front_stats(&restarts, &pending);
	evbuffer_add_printf(b,
			    "# HELP xapid_front_restarts_total times the "
			    "front process was restarted\n"
			    "# TYPE xapid_front_restarts_total counter\n"
			    "xapid_front_restarts_total %lu\n"
			    "# HELP xapid_http_requests_pending requests and "
			    "streams being served\n"
			    "# TYPE xapid_http_requests_pending gauge\n"
			    "xapid_http_requests_pending %lu\n",
			    restarts, pending);
	len = evbuffer_get_length(b);
	s = malloc(len + 1);
	if (!s) {
		evbuffer_free(b);
		http_error(r, 500, "internal", NULL, "out of memory");
		return;
	}
	evbuffer_remove(b, s, len);
	evbuffer_free(b);
	http_reply(r, 200, "text/plain; version=0.0.4", s, len);
	free(s);
}

static const struct http_route routes[] = {
	{ EVHTTP_REQ_GET, "/metrics", HTTP_READ, serve, "GET /metrics" },
};

int metrics_init(struct event_base *base)
{
	struct timeval tv = { METRICS_PERIOD, 0 };

	poll_timer = event_new(base, -1, EV_PERSIST, poll_dom0, NULL);
	if (!poll_timer)
		return -ENOMEM;
	event_add(poll_timer, &tv);
	return http_routes_add(routes, sizeof(routes) / sizeof(routes[0]));
}

void metrics_fini(void)
{
	if (poll_timer)
		event_free(poll_timer);
	poll_timer = NULL;
	while (samples)
		sample_drop(samples->domid);
}
