/* SPDX-License-Identifier: MIT */
/* The hypervisor as the guest sees it, and the probe of its services. */
#include <errno.h>
#include <string.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/features.h>
#include <xen/hvm/params.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/print.h"
#include "hypercall.h"
#include "xen.h"

struct xen xen;

static const char *const service_names[] = {
	"event channels", "grant tables", "PV timer", "xenstore ring",
	"console ring",
};

static void read_ids(void)
{
	uint32_t r[4];

	cpuid(xen.cpuid_base, 0, r);
	if (r[0] < xen.cpuid_base + 4)
		return;
	cpuid(xen.cpuid_base + 4, 0, r);
	if (r[0] & XEN_HVM_CPUID_DOMID_PRESENT) {
		xen.has_domid = true;
		xen.domid = (domid_t)r[2];
	}
	if (r[0] & XEN_HVM_CPUID_VCPU_ID_PRESENT)
		xen.vcpu_id = r[1];
}

static uint64_t get_param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

	return hypercall_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

/* Each probe is a call without side effects; -ENOSYS means "not yet". */
static void probe_services(void)
{
	struct evtchn_status es = { .dom = DOMID_SELF, .port = 0 };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };

	if (hypercall_event_channel_op(EVTCHNOP_status, &es) != -ENOSYS)
		xen.services |= XEN_SVC_EVTCHN;
	if (hypercall_grant_table_op(GNTTABOP_query_size, &qs, 1) != -ENOSYS)
		xen.services |= XEN_SVC_GNTTAB;
	if (hypercall_vcpu_op(VCPUOP_stop_singleshot_timer, xen.vcpu_id,
			      NULL) != -ENOSYS)
		xen.services |= XEN_SVC_TIMER;
	xen.store_pfn = get_param(HVM_PARAM_STORE_PFN);
	xen.store_evtchn = (uint32_t)get_param(HVM_PARAM_STORE_EVTCHN);
	xen.console_pfn = get_param(HVM_PARAM_CONSOLE_PFN);
	xen.console_evtchn = (uint32_t)get_param(HVM_PARAM_CONSOLE_EVTCHN);
	if (xen.store_pfn)
		xen.services |= XEN_SVC_XENSTORE;
	if (xen.console_pfn)
		xen.services |= XEN_SVC_CONSOLE_RING;
}

int xen_init(void)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	long v;

	xen.cpuid_base = hypercall_cpuid_base();
	v = hypercall_xen_version(XENVER_version, NULL);
	if (v < 0)
		return (int)v;
	xen.major = (unsigned int)v >> 16;
	xen.minor = (unsigned int)v & 0xffff;
	if (hypercall_xen_version(XENVER_extraversion, xen.extraversion))
		xen.extraversion[0] = '\0';
	xen.extraversion[sizeof(xen.extraversion) - 1] = '\0';
	if (!hypercall_xen_version(XENVER_get_features, &fi))
		xen.features = fi.submap;
	read_ids();
	probe_services();
	return 0;
}

bool xen_has_feature(unsigned int nr)
{
	return nr < 32 && (xen.features >> nr & 1);
}

bool xen_is_dom0(void)
{
	return xen_has_feature(XENFEAT_dom0);
}

void xen_print_info(void)
{
	unsigned int i;

	if (xen.has_domid)
		kprintf("domain:   %u%s, vCPU %u\n", xen.domid,
			xen_is_dom0() ? " (Dom0, privileged)" : " (DomU)",
			xen.vcpu_id);
	else
		kprintf("domain:   id not given by CPUID%s\n",
			xen_is_dom0() ? " (Dom0, privileged)" : "");
	kprintf("xen:      version %u.%u%s, CPUID leaves at %#x\n", xen.major,
		xen.minor, xen.extraversion, xen.cpuid_base);
	kprintf("features: %#010x:%s%s%s%s%s\n", xen.features,
		xen_has_feature(XENFEAT_auto_translated_physmap) ?
			" auto_translated_physmap" : "",
		xen_has_feature(XENFEAT_supervisor_mode_kernel) ?
			" supervisor_mode_kernel" : "",
		xen_has_feature(XENFEAT_writable_page_tables) ?
			" writable_page_tables" : "",
		xen_has_feature(XENFEAT_hvm_callback_vector) ?
			" hvm_callback_vector" : "",
		xen_is_dom0() ? " dom0" : "");
	for (i = 0; i < sizeof(service_names) / sizeof(service_names[0]); i++)
		kprintf("service:  %-15s %s\n", service_names[i],
			xen.services & (1u << i) ? "present" :
						   "not offered yet");
}
