/* SPDX-License-Identifier: MIT */
/* The test guests' event layer (see events.h). */
#include <string.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include "events.h"
#include "pv.h"

static uint8_t shared_page[4096] __attribute__((aligned(4096)));
struct shared_info *shared;
struct vcpu_info *vcpu_info;
volatile uint32_t ev_count[EV_MAX_PORTS];
volatile uint64_t ev_time[EV_MAX_PORTS];
volatile uint64_t upcalls, upcalls_vector2;
void (*volatile ev_upcall_hook)(void);
extern char upcall_entry[], upcall_entry2[];

uint64_t ev_now(void)
{
	const volatile struct vcpu_time_info *t = &vcpu_info->time;
	uint32_t version;
	uint64_t delta, system_time;
	uint32_t mul;
	int8_t shift;

	do {
		version = t->version;
		__asm__ volatile("" ::: "memory");
		delta = rdtsc() - t->tsc_timestamp;
		system_time = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		__asm__ volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	delta = shift >= 0 ? delta << shift : delta >> -shift;
	return system_time + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

void ev_handle(struct vcpu_info *vi, bool (*mine)(evtchn_port_t port))
{
	unsigned long sel, pend;
	unsigned int w, b, port;

	vi->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		w = (unsigned int)__builtin_ctzl(sel);
		sel &= sel - 1;
		pend = shared->evtchn_pending[w] & ~shared->evtchn_mask[w];
		while (pend) {
			b = (unsigned int)__builtin_ctzl(pend);
			pend &= pend - 1;
			port = w * 64 + b;
			if (mine && !mine(port))
				continue;
			__atomic_fetch_and(&shared->evtchn_pending[w], ~(1UL << b),
					   __ATOMIC_SEQ_CST);
			if (port < EV_MAX_PORTS) {
				ev_count[port]++;
				ev_time[port] = ev_now();
			}
		}
	}
}

/* Called by upcall_entry (head.S) with interrupts off. */
void ev_upcall(void);
void ev_upcall(void)
{
	upcalls++;
	if (ev_upcall_hook)
		ev_upcall_hook();
	else
		ev_handle(vcpu_info, NULL);
}

long ev_map_shared(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0,
		.gpfn = (uintptr_t)shared_page >> 12,
	};
	long rc;

	rc = HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, &xatp);
	if (rc)
		return rc;
	shared = (struct shared_info *)shared_page;
	vcpu_info = &shared->vcpu_info[0];
	return 0;
}

long ev_init(void)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
		.value = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | EV_VECTOR,
	};
	long rc;

	rc = ev_map_shared();
	if (rc)
		return rc;
	pv_install_idt();
	pv_set_gate(EV_VECTOR, upcall_entry);
	pv_set_gate(EV_VECTOR2, upcall_entry2);
	rc = HYPERCALL2(__HYPERVISOR_hvm_op, HVMOP_set_param, &p);
	if (rc)
		return rc;
	__asm__ volatile("sti" ::: "memory");
	return 0;
}

long ev_op(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

long ev_alloc_unbound(domid_t remote)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = ev_op(EVTCHNOP_alloc_unbound, &a);

	return rc ? rc : a.port;
}

long ev_bind_interdomain(domid_t remote, evtchn_port_t rport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote,
					     .remote_port = rport };
	long rc = ev_op(EVTCHNOP_bind_interdomain, &b);

	return rc ? rc : b.local_port;
}

long ev_bind_virq(uint32_t virq)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	long rc = ev_op(EVTCHNOP_bind_virq, &b);

	return rc ? rc : b.port;
}

long ev_bind_ipi(void)
{
	struct evtchn_bind_ipi b = { .vcpu = 0 };
	long rc = ev_op(EVTCHNOP_bind_ipi, &b);

	return rc ? rc : b.port;
}

long ev_send(evtchn_port_t port)
{
	struct evtchn_send s = { .port = port };

	return ev_op(EVTCHNOP_send, &s);
}

long ev_close(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };
	long rc = ev_op(EVTCHNOP_close, &c);

	/* The next channel on this port counts from zero. */
	if (!rc && port < EV_MAX_PORTS)
		ev_count[port] = 0;
	return rc;
}

void ev_mask(evtchn_port_t port)
{
	__atomic_fetch_or(&shared->evtchn_mask[port / 64], 1UL << (port % 64),
			  __ATOMIC_SEQ_CST);
}

int ev_pending(evtchn_port_t port)
{
	return (shared->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

void ev_wait(evtchn_port_t port, uint32_t n)
{
	for (;;) {
		__asm__ volatile("cli" ::: "memory");
		if (ev_count[port] >= n)
			break;
		/* STI's shadow covers HLT: no event slips in between. */
		__asm__ volatile("sti; hlt" ::: "memory");
	}
	__asm__ volatile("sti" ::: "memory");
}
