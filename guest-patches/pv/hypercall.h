/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls: finding a Xen-compatible hypervisor through CPUID, having it
 * fill the hypercall page, and one typed wrapper per hypercall the PV layer
 * uses, with Xen's argument types from /usr/include/xen.  Every wrapper
 * returns what the hypervisor returns: 0 or a positive value, or a negative
 * Xen errno (-ENOSYS when the hypervisor does not implement the call yet).
 * The page set-up and the raw call are x86 (pv/arch/x86/hypercall.c).
 */
#ifndef PV_HYPERCALL_H
#define PV_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>

#define HYPERCALL_STUB_SIZE	32	/* bytes per call in the page */

/*
 * The page the hypervisor fills, one stub per hypercall number; in .text
 * (pv/arch/x86/hypercall_page.S) so that it is mapped executable.
 */
extern uint8_t hypercall_page[4096];

/*
 * Returns the CPUID leaf where Xen's leaves start (0x40000000, or a later
 * multiple of 0x100 when another interface comes first), or 0 when no
 * "XenVMMXenVMM" signature is found: bare hardware or a foreign hypervisor.
 */
uint32_t hypercall_cpuid_base(void);

/*
 * Finds the hypervisor and asks it to fill hypercall_page through the MSR
 * its CPUID leaf names.  Returns 0, or -ENODEV when there is no
 * Xen-compatible hypervisor (then no hypercall may be made).
 */
int hypercall_init(void);

/* Issues hypercall nr with up to five arguments, Xen's 64-bit convention. */
long hypercall_raw(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5);

static inline long hypercall_console_io(int cmd, unsigned int count, char *buf)
{
	return hypercall_raw(__HYPERVISOR_console_io, (unsigned long)cmd, count,
			     (unsigned long)buf, 0, 0);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
	return hypercall_raw(__HYPERVISOR_xen_version, (unsigned long)cmd,
			     (unsigned long)arg, 0, 0, 0);
}

static inline long hypercall_sched_op(int cmd, void *arg)
{
	return hypercall_raw(__HYPERVISOR_sched_op, (unsigned long)cmd,
			     (unsigned long)arg, 0, 0, 0);
}

static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
	return hypercall_raw(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0,
			     0, 0);
}

/* The n entries of calls, each as if made alone; results in calls[i].result. */
static inline long hypercall_multicall(struct multicall_entry *calls,
				       unsigned int n)
{
	return hypercall_raw(__HYPERVISOR_multicall, (unsigned long)calls, n,
			     0, 0, 0);
}

static inline long hypercall_hvm_op(unsigned int op, void *arg)
{
	return hypercall_raw(__HYPERVISOR_hvm_op, op, (unsigned long)arg, 0, 0,
			     0);
}

static inline long hypercall_vcpu_op(int cmd, unsigned int vcpu, void *extra)
{
	return hypercall_raw(__HYPERVISOR_vcpu_op, (unsigned long)cmd, vcpu,
			     (unsigned long)extra, 0, 0);
}

static inline long hypercall_event_channel_op(int cmd, void *op)
{
	return hypercall_raw(__HYPERVISOR_event_channel_op, (unsigned long)cmd,
			     (unsigned long)op, 0, 0, 0);
}

static inline long hypercall_physdev_op(unsigned int cmd, void *arg)
{
	return hypercall_raw(__HYPERVISOR_physdev_op, cmd, (unsigned long)arg,
			     0, 0, 0);
}

static inline long hypercall_grant_table_op(unsigned int cmd, void *uop,
					    unsigned int count)
{
	return hypercall_raw(__HYPERVISOR_grant_table_op, cmd,
			     (unsigned long)uop, count, 0, 0);
}

#endif
