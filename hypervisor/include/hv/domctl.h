/* SPDX-License-Identifier: MIT */
/*
 * Domain control for Dom0: the domctl and sysctl hypercalls, with Xen's
 * structures (xen/domctl.h, xen/sysctl.h, interface version 0x15).  Both
 * rows of the hypercall table are Dom0-only; every request is still
 * checked as hostile input: a buggy Dom0 must not bring the hypervisor down.
 *
 * Where Xenolith departs from Xen:
 * - XEN_DOMCTL_setvcpucontext takes a struct vcpu_hvm_context (the PVH
 *   start state, as VCPUOP_initialise does for HVM guests in Xen), not a
 *   PV vcpu_guest_context, and accepts only the PVH entry state: 32-bit
 *   protected mode, paging off, flat segments.
 * - XEN_DOMCTL_getdomaininfo answers for exactly the domain named.
 * - XENOLITH_DOMCTL_get_exit_counts (<xenolith/domctl.h>) is Xenolith's
 *   own: per-vCPU VM-exit counters for the toolstack.
 */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

/* The Makefile defines __XEN_TOOLS__: these headers are the toolstack's. */
#include <xen/domctl.h>
#include <xen/sysctl.h>

struct domain;
struct vcpu;

/* Fills Xen's description of d: state flags, pages, CPU time, vCPUs. */
void domctl_get_info(const struct domain *d,
		     struct xen_domctl_getdomaininfo *info);

long do_domctl(struct vcpu *v, const unsigned long *args);
long do_sysctl(struct vcpu *v, const unsigned long *args);

#endif
