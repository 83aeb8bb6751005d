/* SPDX-License-Identifier: MIT */
/*
 * What the guest knows of the hypervisor below it: version, features,
 * its own domain and vCPU ids, and which PV services the hypervisor offers
 * today.  The service probe is where the later pieces of the PV layer plug
 * in: each one (pv/evtchn.c, pv/gnttab.c, pv/xenbus.c, the console ring in
 * pv/console_ring.c, the PV timer in pv/clock.c) starts only when its service is
 * present, so one kernel image runs on every stage of the hypervisor.
 */
#ifndef PV_XEN_H
#define PV_XEN_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/version.h>

/* PV services, bits of xen.services. */
#define XEN_SVC_EVTCHN		(1u << 0)	/* event_channel_op answers */
#define XEN_SVC_GNTTAB		(1u << 1)	/* grant_table_op answers */
#define XEN_SVC_TIMER		(1u << 2)	/* VCPUOP singleshot timer */
#define XEN_SVC_XENSTORE	(1u << 3)	/* HVM_PARAM_STORE_PFN set */
#define XEN_SVC_CONSOLE_RING	(1u << 4)	/* HVM_PARAM_CONSOLE_PFN set */

struct xen {
	uint32_t cpuid_base;		/* where Xen's CPUID leaves start */
	unsigned int major, minor;	/* XENVER_version */
	char extraversion[XEN_EXTRAVERSION_LEN];
	uint32_t features;		/* XENVER_get_features, submap 0 */
	bool has_domid;			/* CPUID leaf base+4 gave the ids */
	domid_t domid;
	uint32_t vcpu_id;
	uint64_t store_pfn, console_pfn;	/* 0: not given */
	uint32_t console_evtchn;	/* its port, bound for Dom0 */
	uint32_t store_evtchn;		/* HVM_PARAM_STORE_EVTCHN */
	uint32_t services;		/* XEN_SVC_* */
};

extern struct xen xen;

/*
 * Fills xen from CPUID and hypercalls and probes the services with calls
 * that change nothing.  Called once by platform_init() after
 * hypercall_init().  Returns 0 or the error of the version hypercall.
 */
int xen_init(void);

/* True when XENVER_get_features reported feature bit nr (XENFEAT_*). */
bool xen_has_feature(unsigned int nr);

/* True when this domain is the privileged one (XENFEAT_dom0). */
bool xen_is_dom0(void);

/* Prints the hypervisor's lines of `info`. */
void xen_print_info(void);

#endif
