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
};

/*
 * Fills up to max entries of info with the live domains whose id is at
 * least first, in id order.  Returns the number filled (>= 0) or -errno.
 */
int ctl_domain_list(domid_t first, struct ctl_dominfo *info, unsigned int max);

/* One domain's state.  0, or -ESRCH when it does not exist (any more). */
int ctl_domain_info(domid_t domid, struct ctl_dominfo *info);

/* HVM parameter param (HVM_PARAM_*) of domid into *value.  0 or -errno. */
int ctl_hvm_param(domid_t domid, unsigned int param, uint64_t *value);

/* "running", "blocked", "paused", "shutdown", "dying": for `list`. */
const char *ctl_state_name(const struct ctl_dominfo *info);

#endif
