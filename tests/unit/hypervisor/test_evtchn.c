/* SPDX-License-Identifier: MIT */
/*
 * The event-channel table logic (evtchn.c) with the real shared_info.c,
 * p2m and guest access, and the scheduler and timers stubbed: port
 * allocation, binding, the 2-level pending/mask/selector/upcall protocol,
 * closing, VIRQs, domain death, SCHEDOP_poll and the hypercall's decoding.
 */
#include <errno.h>
#include <string.h>
#include <xen/sched.h>
#include <hv/compat.h>
#include <hv/evtchn.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/time.h>

#include "cunit_run.h"
#include "harness.h"

#define PAGES	16
#define ARG	0x1000ULL	/* guest-physical page for argument structs */
#define BAD	0x100000ULL	/* not mapped */

static struct harness_guest dom0, domu;
static unsigned int woken, blocked, kicked;
static uint64_t poll_timeout;

/* Stubs: the scheduler and the timers record what evtchn.c asked. */
void sched_wake(struct vcpu *v)
{
	v->state = VCPU_RUNNABLE;
	woken++;
}

void sched_kick(struct vcpu *v)
{
	(void)v;
	kicked++;
}

void sched_block(struct vcpu *v)
{
	v->state = VCPU_BLOCKED;
	blocked++;
}

void time_set_poll_timeout(struct vcpu *v, uint64_t timeout)
{
	v->timer.poll_timeout = timeout;
	poll_timeout = timeout;
}

void time_update_vcpu(struct vcpu *v)
{
	(void)v;
}

void time_update_wallclock(struct domain *d)
{
	(void)d;
}

static int setup(void)
{
	if (!harness_guest_create(&dom0, 0, true, PAGES) ||
	    !harness_guest_create(&domu, 1, false, PAGES))
		return 1;
	if (shared_info_domain_init(&dom0.d) || shared_info_domain_init(&domu.d))
		return 1;
	evtchn_domain_init(&dom0.d, ~0u);
	evtchn_domain_init(&domu.d, ~0u);
	dom0.v.state = domu.v.state = VCPU_RUNNABLE;
	woken = blocked = kicked = 0;
	return 0;
}

static int teardown(void)
{
	evtchn_domain_destroy(&domu.d);
	evtchn_domain_destroy(&dom0.d);
	shared_info_domain_destroy(&domu.d);
	shared_info_domain_destroy(&dom0.d);
	harness_guest_destroy(&domu);
	harness_guest_destroy(&dom0);
	return 0;
}

static struct shared_info *si(struct harness_guest *g)
{
	return shared_info_of(&g->d);
}

static bool bit(const xen_ulong_t *w, unsigned int n)
{
	return (w[n / 64] >> (n % 64)) & 1;
}

/* Runs one test on fresh domains. */
#define FRESH()                                                            \
	do {                                                               \
		teardown();                                                \
		CU_ASSERT_FATAL(setup() == 0);                             \
	} while (0)

static void lowest_port_first(void)
{
	evtchn_port_t p;

	FRESH();
	CU_ASSERT(evtchn_alloc_unbound(&domu.d, 0, &p) == 0 && p == 1);
	CU_ASSERT(evtchn_alloc_unbound(&domu.d, 0, &p) == 0 && p == 2);
	CU_ASSERT(evtchn_close(&domu.d, 1) == 0);
	CU_ASSERT(evtchn_alloc_unbound(&domu.d, 0, &p) == 0 && p == 1);
}

/*
 * The domain's max_evtchn_port ends its table below the ABI's limit: the
 * ports above it are never handed out (-ENOSPC), and a limit above the
 * ABI's changes nothing.
 */
static void max_evtchn_port(void)
{
	evtchn_port_t p = 0, last = 0;

	FRESH();
	evtchn_domain_destroy(&domu.d);
	CU_ASSERT_FATAL(evtchn_domain_init(&domu.d, 100) == 0);
	while (evtchn_alloc_unbound(&domu.d, 0, &p) == 0)
		last = p;
	CU_ASSERT_EQUAL(last, 100);
	CU_ASSERT_EQUAL(evtchn_bind_ipi(&domu.d, 0, &p), -ENOSPC);
	CU_ASSERT_EQUAL(evtchn_close(&domu.d, 7), 0);
	CU_ASSERT(evtchn_bind_ipi(&domu.d, 0, &p) == 0 && p == 7);
	evtchn_domain_destroy(&domu.d);
	CU_ASSERT_FATAL(evtchn_domain_init(&domu.d, 0) == 0);
	CU_ASSERT_EQUAL(evtchn_alloc_unbound(&domu.d, 0, &p), -ENOSPC);
	evtchn_domain_destroy(&domu.d);
	CU_ASSERT_FATAL(evtchn_domain_init(&domu.d, 1u << 20) == 0);
	for (last = 0; evtchn_alloc_unbound(&domu.d, 0, &p) == 0;)
		last = p;
	CU_ASSERT_EQUAL(last, EVTCHN_2L_NR_CHANNELS - 1);
}

static void table_full(void)
{
	evtchn_port_t p = 0, last = 0;
	unsigned int n = 0;

	FRESH();
	while (evtchn_alloc_unbound(&domu.d, 0, &p) == 0) {
		last = p;
		n++;
	}
	/* The 2-level ABI's 4096 ports, the table grown to hold them. */
	CU_ASSERT_EQUAL(n, EVTCHN_2L_NR_CHANNELS - 1);
	CU_ASSERT_EQUAL(last, EVTCHN_2L_NR_CHANNELS - 1);
	CU_ASSERT_EQUAL(domu.d.evtchn.nr_buckets,
			EVTCHN_2L_NR_CHANNELS / EVTCHN_BUCKET_PORTS);
	p = 12345;
	CU_ASSERT_EQUAL(evtchn_alloc_unbound(&domu.d, 0, &p), -ENOSPC);
	CU_ASSERT_EQUAL(p, 12345);	/* untouched on failure */
	CU_ASSERT_EQUAL(evtchn_bind_ipi(&domu.d, 0, &p), -ENOSPC);
	evtchn_reset(&domu.d);
	CU_ASSERT(evtchn_alloc_unbound(&domu.d, 0, &p) == 0 && p == 1);
	/* In the i386 shared info layout: 32 x 32 ports, as Xen. */
	evtchn_reset(&domu.d);
	domu.d.shinfo_32 = true;
	for (n = 0; evtchn_alloc_unbound(&domu.d, 0, &p) == 0; n++)
		last = p;
	CU_ASSERT(n == 32 * 32 - 1 && last == 32 * 32 - 1);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, 32 * 32), -EINVAL);
	domu.d.shinfo_32 = false;
	evtchn_reset(&domu.d);
}

static void port0_and_range(void)
{
	struct evtchn_status st;

	FRESH();
	CU_ASSERT_EQUAL(evtchn_close(&domu.d, 0), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, 0), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, EVTCHN_BUCKET_PORTS), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, EVTCHN_2L_NR_CHANNELS), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, 0xffffffffu), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_close(&domu.d, 7), -EINVAL);	/* free */
	CU_ASSERT_EQUAL(evtchn_unmask(&domu.d, EVTCHN_2L_NR_CHANNELS), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_get_status(&domu.d, EVTCHN_BUCKET_PORTS, &st),
			-EINVAL);
	CU_ASSERT(evtchn_get_status(&domu.d, 0, &st) == 0 &&
		  st.status == EVTCHNSTAT_closed);
}

/* DomU offers a port to Dom0; Dom0 binds it; both ends point at each other. */
static void bind_interdomain(evtchn_port_t *up, evtchn_port_t *zp)
{
	CU_ASSERT_FATAL(evtchn_alloc_unbound(&domu.d, 0, up) == 0);
	CU_ASSERT_FATAL(evtchn_bind_interdomain(&dom0.d, &domu.d, *up, zp) == 0);
}

static void interdomain_binding(void)
{
	evtchn_port_t up, zp, p;
	struct evtchn_status st;

	FRESH();
	CU_ASSERT_FATAL(evtchn_alloc_unbound(&domu.d, 0, &up) == 0);
	/* Only the named remote may bind, and only an unbound port. */
	CU_ASSERT_EQUAL(evtchn_bind_interdomain(&domu.d, &domu.d, up, &p), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_bind_interdomain(&dom0.d, &domu.d, up + 1, &p),
			-EINVAL);
	CU_ASSERT_EQUAL(evtchn_bind_interdomain(&dom0.d, &domu.d, 5000, &p),
			-EINVAL);
	CU_ASSERT_FATAL(evtchn_bind_interdomain(&dom0.d, &domu.d, up, &zp) == 0);
	CU_ASSERT_EQUAL(evtchn_bind_interdomain(&dom0.d, &domu.d, up, &p), -EINVAL);
	evtchn_get_status(&domu.d, up, &st);
	CU_ASSERT(st.status == EVTCHNSTAT_interdomain &&
		  st.u.interdomain.dom == 0 && st.u.interdomain.port == zp);
	evtchn_get_status(&dom0.d, zp, &st);
	CU_ASSERT(st.status == EVTCHNSTAT_interdomain &&
		  st.u.interdomain.dom == 1 && st.u.interdomain.port == up);
	/* The binder's port is signalled once, as Xen does. */
	CU_ASSERT(bit(si(&dom0)->evtchn_pending, zp));
	CU_ASSERT(!bit(si(&domu)->evtchn_pending, up));
}

static void send_sets_pending_selector_upcall(void)
{
	evtchn_port_t up, zp;
	struct vcpu_info *vi = &si(&domu)->vcpu_info[0];

	FRESH();
	bind_interdomain(&up, &zp);
	domu.v.state = VCPU_BLOCKED;
	CU_ASSERT_EQUAL(evtchn_send(&dom0.d, zp), 0);
	CU_ASSERT(bit(si(&domu)->evtchn_pending, up));
	CU_ASSERT(vi->evtchn_pending_sel & (1UL << (up / 64)));
	CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 1);
	CU_ASSERT_EQUAL(domu.v.state, VCPU_RUNNABLE);	/* woken */
	CU_ASSERT_EQUAL(woken, 1);
	/* A second send while pending changes nothing and wakes nobody. */
	domu.v.state = VCPU_BLOCKED;
	CU_ASSERT_EQUAL(evtchn_send(&dom0.d, zp), 0);
	CU_ASSERT_EQUAL(woken, 1);
	CU_ASSERT_EQUAL(domu.v.state, VCPU_BLOCKED);
}

/* An event for a vCPU that runs (maybe on another CPU) kicks it. */
static void send_to_running_vcpu_kicks(void)
{
	evtchn_port_t up, zp;

	FRESH();
	bind_interdomain(&up, &zp);	/* sets dom0's end pending: a kick */
	kicked = 0;
	domu.v.state = VCPU_RUNNABLE;
	CU_ASSERT_EQUAL(evtchn_send(&dom0.d, zp), 0);
	CU_ASSERT_EQUAL(kicked, 1);
	CU_ASSERT_EQUAL(woken, 0);
}

static void mask_then_unmask(void)
{
	evtchn_port_t p;
	struct vcpu_info *vi = &si(&domu)->vcpu_info[0];

	FRESH();
	CU_ASSERT_FATAL(evtchn_bind_ipi(&domu.d, 0, &p) == 0);
	si(&domu)->evtchn_mask[0] |= 1UL << p;
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, p), 0);
	CU_ASSERT(bit(si(&domu)->evtchn_pending, p));
	CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 0);	/* masked: no upcall */
	CU_ASSERT_EQUAL(vi->evtchn_pending_sel, 0);
	CU_ASSERT_EQUAL(evtchn_unmask(&domu.d, p), 0);
	CU_ASSERT(!bit(si(&domu)->evtchn_mask, p));
	CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 1);	/* delivered now */
	CU_ASSERT(vi->evtchn_pending_sel & 1);
}

/*
 * The i386 layout (shared_info.h): a port of the second 32-bit word (40)
 * is masked in the i386 mask, and unmasking it sets bit 1 of the 32-bit
 * selector at offset 4, nothing at 8 (cr2 there).
 */
static void i386_layout(void)
{
	struct compat_shared_info *c = (void *)si(&domu);
	struct compat_vcpu_info *vi = &c->vcpu_info[0];
	evtchn_port_t p = 0;

	FRESH();
	shared_info_set_layout(&domu.d, true);
	while (p < 40)
		CU_ASSERT_FATAL(evtchn_bind_ipi(&domu.d, 0, &p) == 0);
	c->evtchn_mask[1] |= 1u << (p % 32);
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, p), 0);
	CU_ASSERT(c->evtchn_pending[1] & (1u << (p % 32)));
	CU_ASSERT_EQUAL(vi->evtchn_pending_sel, 0);
	CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 0);
	CU_ASSERT_EQUAL(evtchn_unmask(&domu.d, p), 0);
	CU_ASSERT_EQUAL(c->evtchn_mask[1], 0);
	CU_ASSERT_EQUAL(vi->evtchn_pending_sel, 2);
	CU_ASSERT_EQUAL(vi->cr2, 0);
	CU_ASSERT_EQUAL(vi->evtchn_upcall_pending, 1);
	shared_info_set_layout(&domu.d, false);
}

/*
 * A DomU binds no pirq (-EPERM, as Xen); Dom0 none it did not map, and
 * no port is used up.
 */
static void bind_unmapped_pirq(void)
{
	evtchn_port_t p = 0, q;

	FRESH();
	CU_ASSERT_EQUAL(evtchn_bind_pirq(&domu.d, 5, &p), -EPERM);
	CU_ASSERT_EQUAL(evtchn_bind_pirq(&dom0.d, 5, &p), -EINVAL);
	CU_ASSERT_EQUAL(p, 0);
	CU_ASSERT_FATAL(evtchn_bind_ipi(&dom0.d, 0, &q) == 0);
	CU_ASSERT_EQUAL(q, 1);
}

static void close_unbinds_peer(void)
{
	evtchn_port_t up, zp;
	struct evtchn_status st;

	FRESH();
	bind_interdomain(&up, &zp);
	CU_ASSERT_EQUAL(evtchn_close(&dom0.d, zp), 0);
	CU_ASSERT(!bit(si(&dom0)->evtchn_pending, zp));
	evtchn_get_status(&domu.d, up, &st);
	CU_ASSERT(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0);
	/* Sending on the now unbound end is dropped, not an error. */
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, up), 0);
	CU_ASSERT_EQUAL(evtchn_send(&dom0.d, zp), -EINVAL);
}

/* Ports in use: every bound state counts, across buckets; a closed one not. */
static void ports_in_use(void)
{
	evtchn_port_t up, zp, p, q;
	unsigned int i;

	FRESH();
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 0);
	bind_interdomain(&up, &zp);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 1);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&dom0.d), 1);
	CU_ASSERT_FATAL(evtchn_bind_virq(&domu.d, VIRQ_TIMER, 0, &p) == 0);
	CU_ASSERT_FATAL(evtchn_bind_ipi(&domu.d, 0, &q) == 0);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 3);
	/* the peer's close leaves domu's port unbound: still in use */
	CU_ASSERT_EQUAL(evtchn_close(&dom0.d, zp), 0);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&dom0.d), 0);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 3);
	CU_ASSERT_EQUAL(evtchn_close(&domu.d, q), 0);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 2);
	/* past the first bucket */
	for (i = 0; i < EVTCHN_BUCKET_PORTS; i++)
		CU_ASSERT_FATAL(evtchn_alloc_unbound(&domu.d, 0, &p) == 0);
	CU_ASSERT(domu.d.evtchn.nr_buckets > 1);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 2 + EVTCHN_BUCKET_PORTS);
	evtchn_reset(&domu.d);
	CU_ASSERT_EQUAL(evtchn_ports_in_use(&domu.d), 0);
}

static void virqs(void)
{
	evtchn_port_t p, q;

	FRESH();
	CU_ASSERT_EQUAL(evtchn_bind_virq(&domu.d, NR_VIRQS, 0, &p), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_bind_virq(&domu.d, VIRQ_TIMER, 1, &p), -ENOENT);
	CU_ASSERT_EQUAL(evtchn_bind_virq(&domu.d, VIRQ_DOM_EXC, 1, &p), -EINVAL);
	CU_ASSERT_FATAL(evtchn_bind_virq(&domu.d, VIRQ_TIMER, 0, &p) == 0);
	CU_ASSERT_EQUAL(evtchn_bind_virq(&domu.d, VIRQ_TIMER, 0, &q), -EEXIST);
	/* A VIRQ port cannot be sent on, nor moved if per-vCPU. */
	CU_ASSERT_EQUAL(evtchn_send(&domu.d, p), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_bind_vcpu(&domu.d, p, 0), -EINVAL);
	evtchn_send_virq(&domu.v, VIRQ_TIMER);
	CU_ASSERT(bit(si(&domu)->evtchn_pending, p));
	CU_ASSERT_EQUAL(evtchn_close(&domu.d, p), 0);
	CU_ASSERT(evtchn_bind_virq(&domu.d, VIRQ_TIMER, 0, &q) == 0 && q == p);
	evtchn_send_virq(&domu.v, NR_VIRQS + 5);	/* ignored */
}

static void domain_death_raises_dom_exc(void)
{
	evtchn_port_t up, zp, exc;
	struct evtchn_status st;

	FRESH();
	CU_ASSERT_FATAL(evtchn_bind_virq(&dom0.d, VIRQ_DOM_EXC, 0, &exc) == 0);
	bind_interdomain(&up, &zp);
	si(&dom0)->evtchn_pending[0] = 0;
	evtchn_domain_destroy(&domu.d);
	CU_ASSERT(bit(si(&dom0)->evtchn_pending, exc));
	evtchn_get_status(&dom0.d, zp, &st);
	CU_ASSERT_EQUAL(st.status, EVTCHNSTAT_unbound);
	evtchn_domain_destroy(&domu.d);		/* twice: harmless */
}

static void upcall_vector_choice(void)
{
	struct vcpu_info *vi = &si(&domu)->vcpu_info[0];

	FRESH();
	CU_ASSERT_EQUAL(evtchn_upcall_vector(&domu.v), -1);
	vi->evtchn_upcall_pending = 1;
	CU_ASSERT_EQUAL(evtchn_upcall_vector(&domu.v), -1);	/* none set */
	domu.d.hvm_param[HVM_PARAM_CALLBACK_IRQ] =
		((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | 0xf3;
	CU_ASSERT_EQUAL(evtchn_upcall_vector(&domu.v), 0xf3);
	domu.v.evtchn.upcall_vector = 0xe0;
	CU_ASSERT_EQUAL(evtchn_upcall_vector(&domu.v), 0xe0);
	domu.d.hvm_param[HVM_PARAM_CALLBACK_IRQ] = 5;	/* GSI: not delivered */
	domu.v.evtchn.upcall_vector = 0;
	CU_ASSERT_EQUAL(evtchn_upcall_vector(&domu.v), -1);
}

static void block_only_without_upcall(void)
{
	struct vcpu_info *vi = &si(&domu)->vcpu_info[0];

	FRESH();
	vi->evtchn_upcall_pending = 1;
	evtchn_block(&domu.v);
	CU_ASSERT_EQUAL(blocked, 0);
	vi->evtchn_upcall_pending = 0;
	evtchn_block(&domu.v);
	CU_ASSERT_EQUAL(blocked, 1);
}

/* Writes a struct sched_poll naming n ports from ARG + 64 into DomU. */
static unsigned long put_poll(unsigned int n, const evtchn_port_t *ports,
			      uint64_t timeout)
{
	struct sched_poll *sp = harness_gpa(&domu, ARG);

	memset(sp, 0, sizeof(*sp));
	set_xen_guest_handle(sp->ports, (evtchn_port_t *)(uintptr_t)(ARG + 64));
	sp->nr_ports = n;
	sp->timeout = timeout;
	if (ports)
		memcpy((char *)sp + 64, ports, n * sizeof(*ports));
	return ARG;
}

static void poll(void)
{
	evtchn_port_t p, ports[2];

	FRESH();
	CU_ASSERT_FATAL(evtchn_bind_ipi(&domu.d, 0, &p) == 0);
	si(&domu)->evtchn_mask[0] |= 1UL << p;
	ports[0] = p;
	CU_ASSERT_EQUAL(evtchn_poll(&domu.v, put_poll(MAX_POLL_PORTS + 1, NULL, 0)),
			-EINVAL);
	ports[1] = EVTCHN_2L_NR_CHANNELS;
	CU_ASSERT_EQUAL(evtchn_poll(&domu.v, put_poll(2, ports, 0)), -EINVAL);
	CU_ASSERT_EQUAL(evtchn_poll(&domu.v, BAD), -EFAULT);
	CU_ASSERT_EQUAL(blocked, 0);
	/* Nothing pending: blocks with the timeout armed. */
	CU_ASSERT_EQUAL(evtchn_poll(&domu.v, put_poll(1, ports, 777)), 0);
	CU_ASSERT(blocked == 1 && poll_timeout == 777 && domu.v.evtchn.polling);
	/* The polled port wakes it although masked. */
	evtchn_send(&domu.d, p);
	CU_ASSERT(domu.v.state == VCPU_RUNNABLE && !domu.v.evtchn.polling);
	CU_ASSERT_EQUAL(domu.v.timer.poll_timeout, 0);
	/* Pending already: returns at once. */
	CU_ASSERT_EQUAL(evtchn_poll(&domu.v, put_poll(1, ports, 0)), 0);
	CU_ASSERT_EQUAL(blocked, 1);
}

/* event_channel_op through its decoder, as DomU. */
static long op(unsigned int cmd, const void *arg, size_t size)
{
	unsigned long args[5] = { cmd, ARG, 0, 0, 0 };

	memcpy(harness_gpa(&domu, ARG), arg, size);
	return do_event_channel_op(&domu.v, args);
}

static void hypercall_decoding(void)
{
	struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = 0 };
	struct evtchn_status st = { .dom = 0, .port = 1 };
	struct evtchn_reset rs = { .dom = 9 };
	unsigned long args[5] = { EVTCHNOP_send, BAD, 0, 0, 0 };

	FRESH();
	CU_ASSERT_EQUAL(op(EVTCHNOP_alloc_unbound, &au, sizeof(au)), -EPERM);
	au.dom = 9;
	CU_ASSERT_EQUAL(op(EVTCHNOP_alloc_unbound, &au, sizeof(au)), -ESRCH);
	au.dom = DOMID_SELF;
	CU_ASSERT_EQUAL(op(EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
	CU_ASSERT_EQUAL(((struct evtchn_alloc_unbound *)harness_gpa(&domu, ARG))->port, 1);
	CU_ASSERT_EQUAL(op(EVTCHNOP_status, &st, sizeof(st)), -EPERM);
	CU_ASSERT_EQUAL(op(EVTCHNOP_reset, &rs, sizeof(rs)), -ESRCH);
	CU_ASSERT_EQUAL(op(EVTCHNOP_bind_pirq, &rs, sizeof(rs)), -EPERM);
	CU_ASSERT_EQUAL(op(99, &rs, sizeof(rs)), -ENOSYS);
	CU_ASSERT_EQUAL(do_event_channel_op(&domu.v, args), -EFAULT);
}

static const struct harness_test tests[] = {
	{ "lowest_port_first", lowest_port_first },
	{ "table_full", table_full },
	{ "max_evtchn_port", max_evtchn_port },
	{ "bind_unmapped_pirq", bind_unmapped_pirq },
	{ "port0_and_range", port0_and_range },
	{ "interdomain_binding", interdomain_binding },
	{ "send_sets_pending_selector_upcall", send_sets_pending_selector_upcall },
	{ "send_to_running_vcpu_kicks", send_to_running_vcpu_kicks },
	{ "mask_then_unmask", mask_then_unmask },
	{ "i386_layout", i386_layout },
	{ "close_unbinds_peer", close_unbinds_peer },
	{ "virqs", virqs },
	{ "ports_in_use", ports_in_use },
	{ "domain_death_raises_dom_exc", domain_death_raises_dom_exc },
	{ "upcall_vector_choice", upcall_vector_choice },
	{ "block_only_without_upcall", block_only_without_upcall },
	{ "poll", poll },
	{ "hypercall_decoding", hypercall_decoding },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite_init("evtchn", setup, teardown, tests,
			       ARRAY_SIZE(tests));
	harness_add_evtchn_fifo_suite();
	return cunit_run();
}
