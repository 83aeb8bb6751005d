/* SPDX-License-Identifier: MIT */
/*
 * Domains: creation from a description, memory ownership, the lifecycle
 * (running, shut down, crashed, destroyed) and the table of live domains.
 *
 * Locking: the foundation runs every domain on the boot CPU with interrupts
 * off inside the hypervisor, so these functions need no lock yet.  Issue 4
 * (SMP) adds the domain-list lock here.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <xen/xen.h>
#include <xen/hvm/params.h>
#include <asm/p2m.h>
#include <hv/param.h>
#include <hv/types.h>
#include <hv/vcpu.h>
#include <hv/gnttab.h>

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_SHUTDOWN,	/* asked SCHEDOP_shutdown; reason in shutdown_reason */
	DOMAIN_CRASHED,		/* killed by the hypervisor for a fault */
	DOMAIN_DEAD,		/* resources returned; slot free (max_vcpus 0) */
};

struct domain {
	domid_t domain_id;
	char name[MAX_DOMAIN_NAME];
	xen_domain_handle_t handle;	/* the toolstack's UUID for it */
	bool is_privileged;		/* Dom0 */
	enum domain_state state;
	unsigned int shutdown_reason;	/* SHUTDOWN_* when state == DOMAIN_SHUTDOWN */

	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VCPUS_PER_DOMAIN];

	uint64_t mem_bytes;		/* guest-physical RAM: [0, mem_bytes) */
	unsigned long tot_pages;	/* frames owned, page tables excluded */
	unsigned long max_pages;	/* tot_pages may not grow beyond it */
	struct p2m p2m;			/* guest-physical -> machine */
	paddr_t hypercall_page_gpa;	/* where the hypercall page was written, or 0 */

	uint64_t hvm_param[HVM_NR_PARAMS];
	struct gnttab gnttab;		/* its grant table and maptrack */

	char console_line[CONSOLE_LINE_MAX];	/* console_io output not yet printed */
	size_t console_len;
};

/* What the boot-time builder (or later a domctl) asks for. */
struct domain_config {
	const char *name;
	bool is_privileged;
	uint64_t mem_bytes;
	unsigned int max_vcpus;
};

/*
 * Creates a domain with the next free id (0 for the first privileged one),
 * allocates and maps its RAM and creates its vCPUs, all DOWN.  Returns the
 * domain, or NULL with *err set to a negative errno (-EINVAL for a bad
 * config, -ENOMEM when frames ran out, -EBUSY when MAX_DOMAINS are live).
 * On failure nothing stays allocated.
 */
struct domain *domain_create(const struct domain_config *cfg, int *err);

/* Marks the domain shut down with a SHUTDOWN_* reason; it stops running. */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * Kills a domain for something it did: prints why and its vCPUs' state,
 * stops it.  Never returns an error: a misbehaving guest dies alone.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/*
 * Frees every resource of a shut-down or crashed domain: prints its exit
 * counters, scrubs and returns its frames, frees its page tables and vCPUs.
 * Must not be called while one of its vCPUs is loaded on a CPU.
 */
void domain_destroy(struct domain *d);

/* Looks a live (not DEAD) domain up by id; NULL when there is none. */
struct domain *domain_by_id(domid_t id);

/* Number of domains not yet DEAD. */
unsigned int domain_count(void);

/* Destroys every domain that has stopped (shut down or crashed). */
void domain_reap(void);

#endif
