/* SPDX-License-Identifier: MIT */
/*
 * Dom0's privileged calls about other domains, typed: the domain list
 * (XEN_SYSCTL_getdomaininfolist), one domain's state
 * (XEN_DOMCTL_getdomaininfo) and its HVM parameters (HVMOP_get_param).
 * Every function returns 0 or the hypervisor's negative Xen errno
 * (-EPERM when the caller is not Dom0, -ESRCH for a domain that is gone).
 */
#ifndef DOM0_CTL_H
#define DOM0_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>

/* What Dom0 needs to know of a domain, decoded from getdomaininfo. */
struct ctl_dominfo {
	domid_t domid;
	bool dying, shutdown, paused, running, blocked;
	unsigned int shutdown_reason;	/* SHUTDOWN_* when shutdown */
	uint64_t tot_pages, max_pages;
	unsigned int nr_vcpus;
	uint64_t cpu_time_ns;
	uint8_t handle[16];	/* the UUID the toolstack gave; 0 for boot domains */
};

/*
 * Fills up to max entries of info with the live domains whose id is at
 * least first, in id order.  Returns the number filled (>= 0) or -errno.
 */
int ctl_domain_list(domid_t first, struct ctl_dominfo *info, unsigned int max);

/*
 * Every live domain with an id of at least first, in id order, into a
 * malloc'd array (*out, *n of them; the caller frees it), grown until
 * the list fits.  0, -ENOMEM or the hypervisor's -errno.
 */
int ctl_domain_list_all(domid_t first, struct ctl_dominfo **out, unsigned int *n);

/* One domain's state.  0, or -ESRCH when it does not exist (any more). */
int ctl_domain_info(domid_t domid, struct ctl_dominfo *info);

/* HVM parameter param (HVM_PARAM_*) of domid into *value.  0 or -errno. */
int ctl_hvm_param(domid_t domid, unsigned int param, uint64_t *value);

/* Pauses (pause true) or unpauses domid.  0 or -errno. */
int ctl_pause(domid_t domid, bool pause);

/* Destroys domid: its memory, event channels and grants go.  0 or -errno. */
int ctl_destroy(domid_t domid);

/* Sets domid's maximum memory in KiB.  0 or -errno (-EINVAL below use). */
int ctl_max_mem(domid_t domid, uint64_t kib);

/* The credit scheduler's weight and cap of domid (get, or set). */
int ctl_sched_get(domid_t domid, uint32_t *weight, uint32_t *cap);
int ctl_sched_set(domid_t domid, uint32_t weight, uint32_t cap);

/* One vCPU of domid, for `vcpu-list`. */
struct ctl_vcpuinfo {
	bool online, blocked, running;
	uint32_t cpu;
	uint64_t cpu_time_ns;
	uint64_t affinity;	/* hard affinity, bit n for CPU n */
};
/* vCPU vcpu of domid.  0, -ESRCH, or -EINVAL past its last vCPU. */
int ctl_vcpu_info(domid_t domid, uint32_t vcpu, struct ctl_vcpuinfo *info);

/* Hard affinity of vCPU vcpu of domid to the CPUs of mask.  0 or -errno. */
int ctl_vcpu_pin(domid_t domid, uint32_t vcpu, uint64_t mask);

/* The host, as XEN_SYSCTL_physinfo gives it. */
struct ctl_physinfo {
	uint32_t nr_cpus, cpu_khz;
	uint64_t total_pages, free_pages;
};
int ctl_physinfo(struct ctl_physinfo *info);

/*
 * Reads the hypervisor's console ring from *index on (0: its oldest byte)
 * into buf (size bytes); *index moves past what was read.  Returns the
 * bytes read (0 at its end) or -errno.
 */
long ctl_read_console(char *buf, uint32_t size, uint32_t *index);

/*
 * VM exits of vCPU vcpu of domid by reason: up to max entries into reasons
 * and counts; *backend (if not NULL) says whose reason codes they are
 * (XENOLITH_HVM_VMX or _SVM).  Returns the entries filled, or -errno.
 */
int ctl_exit_counts(domid_t domid, uint32_t vcpu, uint32_t *reasons,
		    uint64_t *counts, unsigned int max, uint32_t *backend);

/*
 * What domid uses of the hypervisor's event channel and grant tables now
 * (XENOLITH_DOMCTL_get_usage: ports in use, grant entries in use, of those
 * mapped by another domain, its own mappings).  0 or -errno (-ESRCH).
 */
struct ctl_usage {
	uint32_t evtchn_ports, grant_entries, grant_entries_mapped, grant_maps;
};
int ctl_usage(domid_t domid, struct ctl_usage *u);

/*
 * The domain builder's calls (builder/): a new paused PVH domain with
 * max_vcpus vCPUs, event channel ports up to max_evtchn_port and the
 * given handle (UUID) into *domid; nr_pages pages
 * of RAM from gfn 0 (XENMEM_populate_physmap); an event channel of domid
 * left unbound for remote; an HVM parameter of domid; vCPU vcpu's PVH
 * start state (32-bit flat protected mode at eip, ebx the start info).
 * Each returns 0 or the hypervisor's -errno (populate: -ENOMEM when the
 * hypervisor gave fewer pages).
 */
int ctl_create(uint32_t max_vcpus, uint32_t max_evtchn_port,
	       const uint8_t handle[16], domid_t *domid);
int ctl_populate(domid_t domid, uint64_t nr_pages);
int ctl_alloc_unbound(domid_t domid, domid_t remote, uint32_t *port);
int ctl_set_hvm_param(domid_t domid, unsigned int param, uint64_t value);
int ctl_set_pvh_context(domid_t domid, uint32_t vcpu, uint32_t eip, uint32_t ebx);

/* "running", "blocked", "paused", "shutdown", "dying": for `list`. */
const char *ctl_state_name(const struct ctl_dominfo *info);

#endif
