/* SPDX-License-Identifier: MIT */
/* Event channels: the callback vector, the 2-level scan, the bind calls. */
#include <errno.h>
#include <stddef.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include "../kernel/trap.h"
#include "evtchn.h"
#include "hypercall.h"
#include "shared_info.h"
#include "xen.h"

#define BITS_PER_WORD	(sizeof(xen_ulong_t) * 8)

static unsigned long stray;
static bool ready;

static bool port_valid(evtchn_port_t port)
{
	return port > 0 && port < EVTCHN_MAX_PORTS;
}

static void set_bit_atomic(xen_ulong_t *words, evtchn_port_t port)
{
	__atomic_fetch_or(&words[port / BITS_PER_WORD],
			  1ul << (port % BITS_PER_WORD), __ATOMIC_SEQ_CST);
}

static void clear_bit_atomic(xen_ulong_t *words, evtchn_port_t port)
{
	__atomic_fetch_and(&words[port / BITS_PER_WORD],
			   ~(1ul << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
}

static void dispatch(evtchn_port_t port)
{
	struct evtchn_slot *p = evtchn_table_find(port);
	evtchn_handler_fn *fn = p ? __atomic_load_n(&p->fn, __ATOMIC_ACQUIRE)
				  : NULL;

	if (!fn) {
		stray++;
		return;
	}
	p->count++;
	fn(port, p->data);
}

/* One selected word: its pending, unmasked ports, lowest first. */
static void scan_word(unsigned int w)
{
	xen_ulong_t bits;
	evtchn_port_t port;

	bits = __atomic_load_n(&shared_info->evtchn_pending[w],
			       __ATOMIC_SEQ_CST) &
	       ~__atomic_load_n(&shared_info->evtchn_mask[w], __ATOMIC_SEQ_CST);
	while (bits) {
		port = (evtchn_port_t)(w * BITS_PER_WORD +
				       (unsigned int)__builtin_ctzl(bits));
		bits &= bits - 1;
		clear_bit_atomic(shared_info->evtchn_pending, port);
		dispatch(port);
	}
}

/* The callback vector's handler; interrupts are off. */
static void upcall(struct trap_frame *f)
{
	xen_ulong_t sel;

	(void)f;
	while (__atomic_exchange_n(&vcpu_info->evtchn_upcall_pending, 0,
				   __ATOMIC_SEQ_CST)) {
		sel = __atomic_exchange_n(&vcpu_info->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			scan_word((unsigned int)__builtin_ctzl(sel));
			sel &= sel - 1;
		}
	}
}

int evtchn_init(void)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 |
			 EVTCHN_VECTOR,
	};
	unsigned int w;
	long rc;

	/* Nothing is delivered before a port has a handler. */
	for (w = 0; w < sizeof(shared_info->evtchn_mask) / sizeof(xen_ulong_t);
	     w++)
		__atomic_store_n(&shared_info->evtchn_mask[w], ~0ul,
				 __ATOMIC_SEQ_CST);
	rc = trap_set_handler(EVTCHN_VECTOR, upcall);
	if (!rc)
		rc = hypercall_hvm_op(HVMOP_set_param, &p);
	if (rc)
		return (int)rc;
	ready = true;
	return 0;
}

bool evtchn_ready(void)
{
	return ready;
}

int evtchn_attach(evtchn_port_t port, evtchn_handler_fn *fn, void *data)
{
	struct evtchn_slot *p;
	int err = 0;

	if (!ready)
		return -ENODEV;
	p = evtchn_table_grow(port, &err);
	if (!p)
		return err;
	if (p->fn)
		return -EBUSY;
	p->data = data;
	p->count = 0;
	__atomic_store_n(&p->fn, fn, __ATOMIC_RELEASE);
	evtchn_unmask(port);
	return 0;
}

/* A port the hypervisor just bound for us: attach, else close it again. */
static int adopt(evtchn_port_t port, evtchn_handler_fn *fn, void *data)
{
	struct evtchn_close c = { .port = port };
	int rc = evtchn_attach(port, fn, data);

	if (rc) {
		hypercall_event_channel_op(EVTCHNOP_close, &c);
		return rc;
	}
	return (int)port;
}

int evtchn_bind_virq(uint32_t virq, evtchn_handler_fn *fn, void *data)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = xen.vcpu_id };
	long rc;

	if (!ready)
		return -ENODEV;
	rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);
	return rc ? (int)rc : adopt(b.port, fn, data);
}

int evtchn_bind_ipi(evtchn_handler_fn *fn, void *data)
{
	struct evtchn_bind_ipi b = { .vcpu = xen.vcpu_id };
	long rc;

	if (!ready)
		return -ENODEV;
	rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &b);
	return rc ? (int)rc : adopt(b.port, fn, data);
}

int evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn *fn, void *data)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
					  .remote_dom = remote };
	long rc;

	if (!ready)
		return -ENODEV;
	rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);
	return rc ? (int)rc : adopt(a.port, fn, data);
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			    evtchn_handler_fn *fn, void *data)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote,
					     .remote_port = remote_port };
	long rc;

	if (!ready)
		return -ENODEV;
	rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);
	return rc ? (int)rc : adopt(b.local_port, fn, data);
}

int evtchn_close(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };
	struct evtchn_slot *p = evtchn_table_find(port);

	if (!ready)
		return -ENODEV;
	if (p) {
		evtchn_mask(port);
		__atomic_store_n(&p->fn, NULL, __ATOMIC_RELEASE);
	}
	return (int)hypercall_event_channel_op(EVTCHNOP_close, &c);
}

int evtchn_send(evtchn_port_t port)
{
	struct evtchn_send s = { .port = port };

	if (!ready)
		return -ENODEV;
	return (int)hypercall_event_channel_op(EVTCHNOP_send, &s);
}

void evtchn_mask(evtchn_port_t port)
{
	if (ready && port_valid(port))
		set_bit_atomic(shared_info->evtchn_mask, port);
}

void evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask u = { .port = port };

	/*
	 * The hypervisor clears the mask and raises the upcall for an event
	 * that came meanwhile in one step; clearing the bit here first
	 * would race with an event arriving between the two.
	 */
	if (ready && port_valid(port))
		hypercall_event_channel_op(EVTCHNOP_unmask, &u);
}

unsigned long evtchn_count(evtchn_port_t port)
{
	struct evtchn_slot *p = evtchn_table_find(port);

	return p ? p->count : 0;
}

unsigned long evtchn_stray_count(void)
{
	return stray;
}

void evtchn_for_each(void (*fn)(evtchn_port_t port, unsigned long count))
{
	struct evtchn_slot *p;
	evtchn_port_t port;

	for (port = 1; port < EVTCHN_MAX_PORTS; port++)
		if ((p = evtchn_table_find(port)) && p->fn)
			fn(port, p->count);
}
