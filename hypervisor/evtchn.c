/* SPDX-License-Identifier: MIT */
/*
 * Event channels (2-level ABI): each domain's port table, the pending and
 * mask bitmaps in shared_info, notification of vCPUs, SCHEDOP_poll and
 * the event_channel_op hypercall.
 *
 * Each operation below checks every number it was given before it changes
 * anything, so a failed call leaves both tables as they were.
 */
#include <errno.h>
#include <string.h>
#include <xen/sched.h>
#include <asm/hvm.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/time.h>

#define BITS_PER_WORD	(8 * sizeof(xen_ulong_t))

_Static_assert(sizeof(struct evtchn_bucket) <= PAGE_SIZE, "a bucket a frame");
_Static_assert(MAX_VCPUS_PER_DOMAIN <= 256, "notify_vcpu is 8 bits");

/* Atomic bit operations on words the guest writes too. */
static bool test_and_set(xen_ulong_t *w, unsigned int bit)
{
	xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

	return __atomic_fetch_or(&w[bit / BITS_PER_WORD], m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(xen_ulong_t *w, unsigned int bit)
{
	xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

	return __atomic_fetch_and(&w[bit / BITS_PER_WORD], ~m,
				  __ATOMIC_SEQ_CST) & m;
}

static bool test_bit(const xen_ulong_t *w, unsigned int bit)
{
	return (__atomic_load_n(&w[bit / BITS_PER_WORD], __ATOMIC_SEQ_CST) >>
		(bit % BITS_PER_WORD)) & 1;
}

/*
 * Global VIRQs belong to the domain, not to one vCPU (Xen's "G." in
 * public/xen.h); the rest are per vCPU ("V.").
 */
static bool virq_is_global(uint32_t virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return virq < NR_VIRQS;
	}
}

/* 2-level: 64 x 64 ports, 32 x 32 in the i386 layout (as Xen). */
evtchn_port_t evtchn_max_ports(const struct domain *d)
{
	if (d->evtchn.ops == &evtchn_fifo_ops)
		return EVTCHN_FIFO_NR_CHANNELS;
	return d->shinfo_32 ? 32 * 32 : EVTCHN_2L_NR_CHANNELS;
}

unsigned int evtchn_ports_in_use(const struct domain *d)
{
	evtchn_port_t p, end = d->evtchn.nr_buckets * EVTCHN_BUCKET_PORTS;
	unsigned int n = 0;

	for (p = 1; p < end; p++)
		n += evtchn_chn(d, p)->state != EVTCHN_FREE;
	return n;
}

bool evtchn_port_valid(const struct domain *d, evtchn_port_t port)
{
	return port < evtchn_max_ports(d) &&
	       port / EVTCHN_BUCKET_PORTS < d->evtchn.nr_buckets;
}

struct evtchn *evtchn_chn(const struct domain *d, evtchn_port_t port)
{
	return &d->evtchn.bucket[port / EVTCHN_BUCKET_PORTS]
			->port[port % EVTCHN_BUCKET_PORTS];
}

struct evtchn_fifo_port *evtchn_fifo_port(const struct domain *d,
					  evtchn_port_t port)
{
	return &d->evtchn.bucket[port / EVTCHN_BUCKET_PORTS]
			->fifo[port % EVTCHN_BUCKET_PORTS];
}

static struct evtchn *chn(struct domain *d, evtchn_port_t port)
{
	return evtchn_chn(d, port);
}

static struct vcpu *domain_vcpu(struct domain *d, uint32_t id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Adds a bucket of free ports to d's table: 0 or -ENOMEM. */
static int grow(struct domain *d)
{
	struct evtchn_bucket *b;
	evtchn_port_t p, first = d->evtchn.nr_buckets * EVTCHN_BUCKET_PORTS;
	paddr_t pa;

	if (page_alloc(DOMID_XEN, &pa))
		return -ENOMEM;
	b = maddr_to_virt(pa);
	memset(b, 0, sizeof(*b));
	d->evtchn.bucket[d->evtchn.nr_buckets++] = b;
	for (p = first; p < first + EVTCHN_BUCKET_PORTS; p++)
		evtchn_fifo_port_reset(d, p);
	return 0;
}

/* How many ports d may allocate: its ABI's limit or its max_port + 1. */
static evtchn_port_t alloc_limit(const struct domain *d)
{
	evtchn_port_t abi = evtchn_max_ports(d);

	return d->evtchn.max_port < abi ? d->evtchn.max_port + 1 : abi;
}

/*
 * The lowest free port of d in *port, growing the table when every port
 * is in use: 0, -ENOSPC at the ABI's or the domain's limit, or -ENOMEM.
 */
static int free_port(struct domain *d, evtchn_port_t *port)
{
	evtchn_port_t p, end = d->evtchn.nr_buckets * EVTCHN_BUCKET_PORTS;
	evtchn_port_t limit = alloc_limit(d);
	int rc;

	for (p = 1; p < end && p < limit; p++)
		if (chn(d, p)->state == EVTCHN_FREE) {
			*port = p;
			return 0;
		}
	if (end >= limit)
		return -ENOSPC;
	rc = grow(d);
	if (!rc)
		*port = end;
	return rc;
}

static const struct evtchn_port_ops l2_ops;

int evtchn_domain_init(struct domain *d, evtchn_port_t max_port)
{
	int rc;

	memset(&d->evtchn, 0, sizeof(d->evtchn));
	d->evtchn.ops = &l2_ops;
	d->evtchn.max_port = max_port;
	rc = grow(d);
	if (!rc)
		chn(d, 0)->state = EVTCHN_RESERVED;
	return rc;
}

void evtchn_kick(struct vcpu *v)
{
	if (v->state != VCPU_BLOCKED) {
		sched_kick(v);	/* in guest mode elsewhere: enter it again */
		return;
	}
	v->evtchn.polling = false;
	v->timer.poll_timeout = 0;
	sched_wake(v);
}

/* Wakes the vCPUs of d polling port (or any port). */
static void wake_pollers(struct domain *d, evtchn_port_t port)
{
	unsigned int i;
	struct vcpu *v;

	for (i = 0; i < d->max_vcpus; i++) {
		v = d->vcpu[i];
		if (v && v->evtchn.polling &&
		    (!v->evtchn.poll_port || v->evtchn.poll_port == port))
			evtchn_kick(v);
	}
}

void evtchn_mark_upcall(struct vcpu *v)
{
	struct vcpu_info *vi = vcpu_info_of(v);

	if (vi && !__atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
				       __ATOMIC_SEQ_CST))
		evtchn_kick(v);
}

/*
 * 2-level: sets v's selector bit for port's word and, on a 0->1 edge, its
 * upcall flag.  The bitmaps and the selector are in the domain's layout
 * (shared_info.h: 32- or 64-bit words); the 64-bit atomics below touch
 * the same bits either way.
 */
static void mark_vcpu_pending(struct vcpu *v, evtchn_port_t port)
{
	if (!vcpu_info_select(v, port))
		evtchn_mark_upcall(v);
}

static bool l2_set_pending(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, chn(d, port)->notify_vcpu);

	if (test_and_set(shared_info_evtchn_pending(d), port))
		return true;
	if (v && !test_bit(shared_info_evtchn_mask(d), port))
		mark_vcpu_pending(v, port);
	return false;
}

static void l2_clear_pending(struct domain *d, evtchn_port_t port)
{
	if (d->shared_info_maddr)
		test_and_clear(shared_info_evtchn_pending(d), port);
}

static void l2_unmask(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, chn(d, port)->notify_vcpu);

	/* An event that came while masked is delivered now. */
	if (test_and_clear(shared_info_evtchn_mask(d), port) &&
	    test_bit(shared_info_evtchn_pending(d), port) && v)
		mark_vcpu_pending(v, port);
}

static bool l2_is_pending(const struct domain *d, evtchn_port_t port)
{
	return test_bit(shared_info_evtchn_pending(d), port);
}

static const struct evtchn_port_ops l2_ops = {
	.set_pending = l2_set_pending,
	.clear_pending = l2_clear_pending,
	.unmask = l2_unmask,
	.is_pending = l2_is_pending,
};

void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
	if (!d->evtchn.ops->set_pending(d, port))
		wake_pollers(d, port);
}

int evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port)
{
	evtchn_port_t p;
	int rc = free_port(d, &p);

	if (rc)
		return rc;
	*chn(d, p) = (struct evtchn){ .state = EVTCHN_UNBOUND,
				      .remote_dom = remote };
	*port = p;
	return 0;
}

int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
			    evtchn_port_t rport, evtchn_port_t *port)
{
	struct evtchn *r;
	evtchn_port_t p;
	int rc;

	if (!evtchn_port_valid(rd, rport))
		return -EINVAL;
	r = chn(rd, rport);
	if (r->state != EVTCHN_UNBOUND || r->remote_dom != ld->domain_id)
		return -EINVAL;
	rc = free_port(ld, &p);
	if (rc)
		return rc;
	*chn(ld, p) = (struct evtchn){ .state = EVTCHN_INTERDOMAIN,
				       .remote_dom = rd->domain_id,
				       .remote_port = rport };
	r->state = EVTCHN_INTERDOMAIN;
	r->remote_dom = ld->domain_id;
	r->remote_port = p;
	/*
	 * A notification sent to the unbound port was dropped: as Xen does,
	 * signal the new port once so that the binder looks at the channel.
	 */
	evtchn_set_pending(ld, p);
	*port = p;
	return 0;
}

int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
		     evtchn_port_t *port)
{
	bool global = virq_is_global(virq);
	evtchn_port_t *slot, p;
	struct vcpu *v;
	int rc;

	if (virq >= NR_VIRQS || (global && vcpu != 0))
		return -EINVAL;
	v = domain_vcpu(d, vcpu);
	if (!v)
		return -ENOENT;
	slot = global ? &d->evtchn.global_virq[virq] : &v->evtchn.virq[virq];
	if (*slot)
		return -EEXIST;
	rc = free_port(d, &p);
	if (rc)
		return rc;
	*chn(d, p) = (struct evtchn){ .state = EVTCHN_VIRQ,
				      .notify_vcpu = (uint8_t)vcpu,
				      .virq = virq };
	*slot = p;
	*port = p;
	return 0;
}

int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port)
{
	evtchn_port_t p;
	int rc;

	if (!domain_vcpu(d, vcpu))
		return -ENOENT;
	rc = free_port(d, &p);
	if (rc)
		return rc;
	*chn(d, p) = (struct evtchn){ .state = EVTCHN_IPI,
				      .notify_vcpu = (uint8_t)vcpu };
	*port = p;
	return 0;
}

int evtchn_bind_pirq(struct domain *d, uint32_t pirq, evtchn_port_t *port)
{
	evtchn_port_t p;
	int rc;

	if (!d->is_privileged)
		return -EPERM;	/* only Dom0 has physical IRQs */
	rc = free_port(d, &p);
	if (rc)
		return rc;
	rc = pirq_bind(d, pirq, p);
	if (rc)
		return rc;
	*chn(d, p) = (struct evtchn){ .state = EVTCHN_PIRQ, .pirq = pirq };
	*port = p;
	return 0;
}

/* Frees port p of d, which is in use; unbinds what pointed at it. */
static void close_port(struct domain *d, evtchn_port_t p)
{
	struct evtchn *c = chn(d, p), *r;
	struct domain *rd;
	struct vcpu *v;

	switch (c->state) {
	case EVTCHN_INTERDOMAIN:
		rd = domain_by_id(c->remote_dom);
		if (rd && evtchn_port_valid(rd, c->remote_port)) {
			r = chn(rd, c->remote_port);
			if (r->state == EVTCHN_INTERDOMAIN &&
			    r->remote_dom == d->domain_id && r->remote_port == p) {
				r->state = EVTCHN_UNBOUND;
				r->remote_dom = d->domain_id;
				r->remote_port = 0;
			}
		}
		break;
	case EVTCHN_PIRQ:
		pirq_unbind(d, c->pirq);
		break;
	case EVTCHN_VIRQ:
		if (virq_is_global(c->virq)) {
			d->evtchn.global_virq[c->virq] = 0;
		} else {
			v = domain_vcpu(d, c->notify_vcpu);
			if (v)
				v->evtchn.virq[c->virq] = 0;
		}
		break;
	default:
		break;
	}
	*c = (struct evtchn){ .state = EVTCHN_FREE };
	/* As Xen: the port's pending bit is cleared, its mask left alone. */
	d->evtchn.ops->clear_pending(d, p);
	evtchn_fifo_port_reset(d, p);
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	if (chn(d, port)->state == EVTCHN_FREE ||
	    chn(d, port)->state == EVTCHN_RESERVED)
		return -EINVAL;
	close_port(d, port);
	return 0;
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
	struct evtchn *c;
	struct domain *rd;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	c = chn(d, port);
	switch (c->state) {
	case EVTCHN_INTERDOMAIN:
		rd = domain_by_id(c->remote_dom);
		if (rd)
			evtchn_set_pending(rd, c->remote_port);
		return 0;
	case EVTCHN_IPI:
		evtchn_set_pending(d, port);
		return 0;
	case EVTCHN_UNBOUND:
		return 0;	/* nobody listens yet: dropped, as in Xen */
	default:
		return -EINVAL;
	}
}

int evtchn_get_status(struct domain *d, evtchn_port_t port,
		      struct evtchn_status *st)
{
	const struct evtchn *c;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	c = chn(d, port);
	memset(&st->u, 0, sizeof(st->u));
	st->vcpu = c->notify_vcpu;
	switch (c->state) {
	case EVTCHN_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = c->remote_dom;
		break;
	case EVTCHN_INTERDOMAIN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = c->remote_dom;
		st->u.interdomain.port = c->remote_port;
		break;
	case EVTCHN_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = c->virq;
		break;
	case EVTCHN_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	case EVTCHN_PIRQ:
		st->status = EVTCHNSTAT_pirq;
		st->u.pirq = c->pirq;
		break;
	default:
		st->status = EVTCHNSTAT_closed;
		st->vcpu = 0;
		break;
	}
	return 0;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	d->evtchn.ops->unmask(d, port);
	return 0;
}

int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn *c;

	if (!domain_vcpu(d, vcpu))
		return -ENOENT;
	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	c = chn(d, port);
	switch (c->state) {
	case EVTCHN_VIRQ:
		if (!virq_is_global(c->virq))
			return -EINVAL;
		break;
	case EVTCHN_UNBOUND:
	case EVTCHN_INTERDOMAIN:
		break;
	default:
		return -EINVAL;
	}
	c->notify_vcpu = (uint8_t)vcpu;
	return 0;
}

void evtchn_reset(struct domain *d)
{
	evtchn_port_t p;

	for (p = 1; p < d->evtchn.nr_buckets * EVTCHN_BUCKET_PORTS; p++)
		if (chn(d, p)->state != EVTCHN_FREE)
			close_port(d, p);
	/* As Xen: a reset domain is back on the 2-level ABI. */
	evtchn_fifo_destroy(d);
	d->evtchn.ops = &l2_ops;
	for (p = 0; p < d->evtchn.nr_buckets * EVTCHN_BUCKET_PORTS; p++)
		evtchn_fifo_port_reset(d, p);
}

void evtchn_domain_destroy(struct domain *d)
{
	unsigned int i;

	if (!d->evtchn.nr_buckets)
		return;		/* never initialised, or destroyed */
	evtchn_reset(d);
	for (i = 0; i < d->evtchn.nr_buckets; i++)
		page_free(virt_to_maddr(d->evtchn.bucket[i]));
	d->evtchn.nr_buckets = 0;
	evtchn_send_global_virq(VIRQ_DOM_EXC);
}

void evtchn_send_virq(struct vcpu *v, uint32_t virq)
{
	evtchn_port_t p;

	if (virq >= NR_VIRQS)
		return;
	p = v->evtchn.virq[virq];
	if (p)
		evtchn_set_pending(v->domain, p);
}

void evtchn_send_global_virq(uint32_t virq)
{
	struct domain *d = domain_by_id(0);
	evtchn_port_t p;

	if (!d || virq >= NR_VIRQS)
		return;
	p = d->evtchn.global_virq[virq];
	if (p)
		evtchn_set_pending(d, p);
}

int evtchn_upcall_vector(struct vcpu *v)
{
	struct vcpu_info *vi = vcpu_info_of(v);
	uint64_t cb = v->domain->hvm_param[HVM_PARAM_CALLBACK_IRQ];

	if (!vi || !__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
		return -1;
	if (v->evtchn.upcall_vector)
		return v->evtchn.upcall_vector;
	if ((cb >> 56) == HVM_PARAM_CALLBACK_TYPE_VECTOR && (cb & 0xff))
		return (int)(cb & 0xff);
	return -1;
}

void evtchn_block(struct vcpu *v)
{
	struct vcpu_info *vi = vcpu_info_of(v);

	if (vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
		return;
	sched_block(v);
}

long evtchn_poll_ports(struct vcpu *v, uint64_t ports, uint32_t nr_ports,
		       uint64_t timeout)
{
	struct domain *d = v->domain;
	evtchn_port_t port = 0;
	bool pending = false;
	unsigned int i;

	if (nr_ports > MAX_POLL_PORTS)
		return -EINVAL;
	for (i = 0; i < nr_ports; i++) {
		if (copy_from_guest(v, &port, ports + i * sizeof(port),
				    sizeof(port)))
			return -EFAULT;
		if (!evtchn_port_valid(d, port))
			return -EINVAL;
		if (d->evtchn.ops->is_pending(d, port))
			pending = true;
	}
	if (pending)
		return 0;
	v->evtchn.polling = true;
	v->evtchn.poll_port = nr_ports == 1 ? port : 0;
	sched_block(v);
	time_set_poll_timeout(v, timeout);
	return 0;
}

long evtchn_poll(struct vcpu *v, unsigned long arg)
{
	struct sched_poll sp;

	if (copy_from_guest(v, &sp, arg, sizeof(sp)))
		return -EFAULT;
	return evtchn_poll_ports(v, guest_handle_addr(sp.ports), sp.nr_ports,
				 sp.timeout);
}

/* Decodes the domain an op names: itself, or another for Dom0 only. */
static int target_domain(struct vcpu *v, domid_t id, struct domain **d)
{
	if (id == DOMID_SELF || id == v->domain->domain_id) {
		*d = v->domain;
		return 0;
	}
	*d = domain_by_id(id);
	if (!*d)
		return -ESRCH;
	return v->domain->is_privileged ? 0 : -EPERM;
}

/* Each op's argument, copied in whole and copied back for the OUT ones. */
union evtchn_arg {
	struct evtchn_alloc_unbound alloc_unbound;
	struct evtchn_bind_interdomain bind_interdomain;
	struct evtchn_bind_virq bind_virq;
	struct evtchn_bind_ipi bind_ipi;
	struct evtchn_bind_pirq bind_pirq;
	struct evtchn_close close;
	struct evtchn_send send;
	struct evtchn_status status;
	struct evtchn_bind_vcpu bind_vcpu;
	struct evtchn_unmask unmask;
	struct evtchn_reset reset;
	struct evtchn_init_control init_control;
	struct evtchn_expand_array expand_array;
	struct evtchn_set_priority set_priority;
};

static const size_t arg_size[] = {
	[EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
	[EVTCHNOP_bind_interdomain] = sizeof(struct evtchn_bind_interdomain),
	[EVTCHNOP_bind_virq] = sizeof(struct evtchn_bind_virq),
	[EVTCHNOP_bind_ipi] = sizeof(struct evtchn_bind_ipi),
	[EVTCHNOP_bind_pirq] = sizeof(struct evtchn_bind_pirq),
	[EVTCHNOP_close] = sizeof(struct evtchn_close),
	[EVTCHNOP_send] = sizeof(struct evtchn_send),
	[EVTCHNOP_status] = sizeof(struct evtchn_status),
	[EVTCHNOP_bind_vcpu] = sizeof(struct evtchn_bind_vcpu),
	[EVTCHNOP_unmask] = sizeof(struct evtchn_unmask),
	[EVTCHNOP_reset] = sizeof(struct evtchn_reset),
	[EVTCHNOP_init_control] = sizeof(struct evtchn_init_control),
	[EVTCHNOP_expand_array] = sizeof(struct evtchn_expand_array),
	[EVTCHNOP_set_priority] = sizeof(struct evtchn_set_priority),
};

static long op(struct vcpu *v, unsigned long cmd, union evtchn_arg *a,
	       bool *copy_back)
{
	struct domain *d = v->domain, *rd;
	domid_t remote;
	long rc;

	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		rc = target_domain(v, a->alloc_unbound.dom, &d);
		if (rc)
			return rc;
		remote = a->alloc_unbound.remote_dom;
		if (remote == DOMID_SELF)
			remote = v->domain->domain_id;
		*copy_back = true;
		return evtchn_alloc_unbound(d, remote, &a->alloc_unbound.port);
	case EVTCHNOP_bind_interdomain:
		remote = a->bind_interdomain.remote_dom;
		rd = remote == DOMID_SELF ? d : domain_by_id(remote);
		if (!rd)
			return -ESRCH;
		*copy_back = true;
		return evtchn_bind_interdomain(d, rd,
					       a->bind_interdomain.remote_port,
					       &a->bind_interdomain.local_port);
	case EVTCHNOP_bind_virq:
		*copy_back = true;
		return evtchn_bind_virq(d, a->bind_virq.virq, a->bind_virq.vcpu,
					&a->bind_virq.port);
	case EVTCHNOP_bind_ipi:
		*copy_back = true;
		return evtchn_bind_ipi(d, a->bind_ipi.vcpu, &a->bind_ipi.port);
	case EVTCHNOP_bind_pirq:
		*copy_back = true;
		return evtchn_bind_pirq(d, a->bind_pirq.pirq, &a->bind_pirq.port);
	case EVTCHNOP_close:
		return evtchn_close(d, a->close.port);
	case EVTCHNOP_send:
		return evtchn_send(d, a->send.port);
	case EVTCHNOP_status:
		rc = target_domain(v, a->status.dom, &d);
		if (rc)
			return rc;
		*copy_back = true;
		return evtchn_get_status(d, a->status.port, &a->status);
	case EVTCHNOP_bind_vcpu:
		return evtchn_bind_vcpu(d, a->bind_vcpu.port, a->bind_vcpu.vcpu);
	case EVTCHNOP_unmask:
		return evtchn_unmask(d, a->unmask.port);
	case EVTCHNOP_reset:
		rc = target_domain(v, a->reset.dom, &d);
		if (rc)
			return rc;
		evtchn_reset(d);
		return 0;
	case EVTCHNOP_init_control:
		*copy_back = true;
		return evtchn_fifo_init_control(d, &a->init_control);
	case EVTCHNOP_expand_array:
		return evtchn_fifo_expand_array(d, &a->expand_array);
	case EVTCHNOP_set_priority:
		return evtchn_fifo_set_priority(d, &a->set_priority);
	default:
		return -ENOSYS;
	}
}

/* event_channel_op(cmd, arg) */
long do_event_channel_op(struct vcpu *v, const unsigned long *args)
{
	unsigned long cmd = args[0];
	union evtchn_arg a;
	bool copy_back = false;
	size_t size;
	long rc;

	if (cmd >= ARRAY_SIZE(arg_size) || !arg_size[cmd])
		return -ENOSYS;
	size = arg_size[cmd];
	if (copy_from_guest(v, &a, args[1], size))
		return -EFAULT;
	rc = op(v, cmd, &a, &copy_back);
	if (!rc && copy_back && copy_to_guest(v, args[1], &a, size))
		return -EFAULT;
	return rc;
}
