/* SPDX-License-Identifier: MIT */
/*
 * docs/hypercalls.md against the hypervisor: every numbered row's status
 * (generated into hypercall_rows.h by hypercall-rows.awk) is compared with
 * what the sub-op really answers, -ENOSYS or not.  Each probe passes
 * arguments with which a real sub-op fails before it acts: an unreadable
 * pointer, a count of 0, a domain that does not exist.  Runs in Dom0,
 * which may call everything.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <xen/domctl.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include <xen/vcpu.h>
#include "events.h"
#include "pv.h"
#include "doc_rows.h"

#define BAD_PTR		0x8000000000UL
#define NO_DOMAIN	(DOMID_FIRST_RESERVED - 16)
#define MS		1000000ULL

struct doc_row {
	unsigned int hypercall;
	unsigned long sub;
	bool enosys;		/* the row says "not yet" */
	const char *name;
};

static const struct doc_row rows[] = {
#include "hypercall_rows.h"
};

/* domctl / sysctl number sub with a zeroed structure (NO_DOMAIN). */
static long domctl_probe(unsigned long sub)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = (uint32_t)sub;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = NO_DOMAIN;
	return HYPERCALL2(__HYPERVISOR_domctl, &op, 0);
}

static long sysctl_probe(unsigned long sub)
{
	struct xen_sysctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = (uint32_t)sub;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERCALL2(__HYPERVISOR_sysctl, &op, 0);
}

/*
 * SCHEDOP_block returns once an event is pending: a single-shot timer
 * 1 ms on (VIRQ_TIMER bound in doc_rows_test()) makes sure one comes.
 * Interrupts stay off until the call returns, so that a timer that fires
 * before the block leaves its event pending (block returns at once)
 * rather than taken by the upcall (block would wait for another).
 */
static long sched_probe(unsigned long sub)
{
	struct vcpu_set_singleshot_timer ss;
	long rc;

	__asm__ volatile("cli" ::: "memory");
	ss.timeout_abs_ns = ev_now() + MS;
	ss.flags = 0;
	HYPERCALL3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, &ss);
	rc = HYPERCALL2(__HYPERVISOR_sched_op, sub, BAD_PTR);
	__asm__ volatile("sti" ::: "memory");
	return rc;
}

/*
 * The answer of row r's sub-op, or 1 with *skip set when it is not
 * called, or 2 when the hypercall has no probe here.
 */
static long probe(const struct doc_row *r, const char **skip)
{
	switch (r->hypercall) {
	case __HYPERVISOR_memory_op:
	case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_hvm_op:
	case __HYPERVISOR_xen_version:
	case __HYPERVISOR_physdev_op:
		return HYPERCALL2(r->hypercall, r->sub, BAD_PTR);
	case __HYPERVISOR_grant_table_op:
		return HYPERCALL3(r->hypercall, r->sub, BAD_PTR, 1);
	case __HYPERVISOR_console_io:
		return HYPERCALL3(r->hypercall, r->sub, 0, BAD_PTR);
	case __HYPERVISOR_sched_op:
		return sched_probe(r->sub);
	case __HYPERVISOR_vcpu_op:
		if (r->sub == VCPUOP_down) {
			*skip = "would take this domain's only vCPU down";
			return 1;
		}
		return HYPERCALL3(r->hypercall, r->sub, 0, BAD_PTR);
	case __HYPERVISOR_domctl:
		return domctl_probe(r->sub);
	case __HYPERVISOR_sysctl:
		return sysctl_probe(r->sub);
	default:
		return 2;
	}
}

void doc_rows_test(void)
{
	const struct doc_row *r;
	const char *skip;
	unsigned int i, checked = 0;
	long rc, port;
	bool ok;

	if (ev_init() || (port = ev_bind_virq(VIRQ_TIMER)) < 0) {
		expect_true("hypercalls.md/setup", 0, "no timer event");
		return;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		skip = NULL;
		rc = probe(r, &skip);
		if (skip) {
			pv_printf("SKIP %s: %s\n", r->name, skip);
			continue;
		}
		if (rc == 2) {
			expect_true(r->name, 0, "no probe for its hypercall");
			continue;
		}
		checked++;
		ok = r->enosys ? rc == -ENOSYS : rc != -ENOSYS;
		if (!ok)
			pv_printf("%s answered %ld\n", r->name, rc);
		expect_true(r->name, ok, r->enosys ? "the row says not yet"
						   : "the row says it is there");
	}
	ev_close((evtchn_port_t)port);
	pv_printf("docs/hypercalls.md: %u of %u numbered rows checked\n",
		  checked, (unsigned int)(sizeof(rows) / sizeof(rows[0])));
}
