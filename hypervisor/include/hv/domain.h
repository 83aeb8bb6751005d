/* SPDX-License-Identifier: MIT */
/*
 * Domains: creation from a description, memory ownership, the lifecycle
 * (running, shut down, crashed, destroyed) and the table of live domains.
 *
 * Locking: everything here runs under the hypervisor lock.  Pausing and
 * destroying wait for the domain's vCPUs to leave the other CPUs, letting
 * go of the lock while they wait: other CPUs may act in between.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <xen/xen.h>
#include <xen/hvm/params.h>
#include <asm/hvm/io.h>
#include <asm/p2m.h>
#include <hv/credit.h>
#include <hv/evtchn.h>
#include <hv/param.h>
#include <hv/types.h>
#include <hv/vcpu.h>
#include <hv/gnttab.h>

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_SHUTDOWN,	/* SCHEDOP_shutdown, or crashed (reason
				   SHUTDOWN_crash): kept, not running, until
				   destroyed */
	DOMAIN_DEAD,		/* resources returned; its frames go next */
};

struct domain {
	domid_t domain_id;
	char name[MAX_DOMAIN_NAME];	/* for logs: the boot module's, else "dN" */
	xen_domain_handle_t handle;	/* the toolstack's UUID for it */
	bool is_privileged;		/* Dom0 */
	bool paused;			/* by the toolstack: its vCPUs do not run */
	enum domain_state state;
	unsigned int shutdown_reason;	/* SHUTDOWN_* when state == DOMAIN_SHUTDOWN */

	bool destroying;		/* domain_destroy() has begun */
	struct domain *next_dead;	/* destroyed, waiting to be freed */
	unsigned int nr_vcpu_slots;	/* vCPUs its frames hold */

	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VCPUS_PER_DOMAIN];
	struct credit_domain sched;	/* weight and cap (credit.c) */

	uint64_t mem_bytes;		/* guest-physical RAM: [0, mem_bytes) */
	uint64_t acpi_bytes;		/* just below the reserved pages: the ACPI
					   tables (domain_build.c), typed ACPI in
					   the memory map; 0 when none */
	uint64_t reserved_bytes;	/* top of that RAM kept for the xenstore and
					   console pages (domain_build.c): reserved
					   in the memory map; 0 when none */
	unsigned long tot_pages;	/* frames owned, page tables excluded */
	unsigned long max_pages;	/* the toolstack's limit on tot_pages */
	struct p2m p2m;			/* guest-physical -> machine */
	paddr_t hypercall_page_gpa;	/* where the hypercall page was written, or 0 */
	struct hvm_io io;		/* port and MMIO intercepts (asm/hvm/io.h) */
	unsigned int vlapic_lowest_last;	/* the vCPU the last lowest-priority
						 * IPI went to (hvm/vlapic.c) */

	uint64_t hvm_param[HVM_NR_PARAMS];
	unsigned long vm_assist;	/* VMASST_TYPE_* bits turned on (runstate.c) */
	struct gnttab gnttab;		/* its grant table and maptrack */

	char console_line[CONSOLE_LINE_MAX];	/* console_io output not yet printed */
	size_t console_len;

	/* Events and time (shared_info.c, evtchn.c). */
	paddr_t shared_info_maddr;	/* the hypervisor-owned page, or 0 */
	uint64_t shared_info_gfn;	/* where the guest mapped it, or ~0 */
	bool shinfo_32;			/* in the i386 layout (shared_info.h) */
	struct evtchn_domain evtchn;
};

/* What the boot-time builder or XEN_DOMCTL_createdomain asks for. */
struct domain_config {
	const char *name;
	bool is_privileged;
	bool paused;			/* created paused (the toolstack's way) */
	uint64_t mem_bytes;		/* 0: no RAM yet (the toolstack adds it) */
	unsigned int max_vcpus;
	uint32_t max_evtchn_port;	/* the highest event channel port it may
					 * allocate (~0: the ABI's limit) */
	const uint8_t *handle;		/* 16-byte UUID, or NULL */
	domid_t domid;			/* wanted id for a DomU; 0: pick one */
};

/*
 * Creates a domain with cfg->domid or else the next free id (0 for the
 * privileged one), allocates and maps its RAM and creates its vCPUs, all
 * DOWN.  Returns the domain, or NULL with *err set to a negative errno
 * (-EINVAL for a bad config, -EEXIST when the wanted id is taken, -ENOMEM
 * when frames ran out, -EBUSY when every domid is in use).  The domain and
 * its vCPUs take frames of their own: memory, not a table, bounds how many
 * domains live.
 * On failure nothing stays allocated.
 */
struct domain *domain_create(const struct domain_config *cfg, int *err);

/*
 * Stops (pause) or lets run again (unpause) every vCPU of d.  Pausing
 * returns once none of them runs on any CPU.
 */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/*
 * Marks the domain shut down with a SHUTDOWN_* reason, as Xen does: its
 * vCPUs stop and leave the run queues, its memory, grants and event
 * channels stay, XEN_DOMINF_shutdown and the reason show in
 * getdomaininfo, and Dom0 gets VIRQ_DOM_EXC to act on it (destroy it, or
 * keep it for inspection).  A domain that is not running is left alone.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * Kills a domain for something it did: prints why and its vCPUs' state,
 * then shuts it down with SHUTDOWN_crash.  Never returns an error: a
 * misbehaving guest dies alone.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/*
 * Frees every resource of d: stops its vCPUs and waits until none runs on
 * any CPU, then prints its exit counters, scrubs and returns its frames,
 * frees its page tables and vCPUs.  d must not be the caller's domain, and
 * is not to be touched after: its own frames go now, or, while another CPU
 * waits with the lock let go, at the next domain_reap().
 */
void domain_destroy(struct domain *d);

/*
 * The table of live domains (domain_table.c), in domid order, grown and
 * shrunk in frames as domains come and go.  domain_create() adds and
 * domain_destroy() removes: 0 or -ENOMEM (no frame for a bigger table).
 */
int domain_table_add(struct domain *d);
void domain_table_remove(struct domain *d);

/* Looks a live (not DEAD) domain up by id; NULL when there is none. */
struct domain *domain_by_id(domid_t id);

/* The live domain with the lowest id >= id, or NULL (for listings). */
struct domain *domain_next(domid_t id);

/* Number of domains not yet DEAD. */
unsigned int domain_count(void);

/*
 * Destroys every domain that has shut down and whose vCPUs are all
 * switched out, when no toolstack will: Dom0 itself, and every domain while
 * no running Dom0 has bound VIRQ_DOM_EXC (test boots without Dom0's
 * services).  Otherwise a shut-down domain waits for XEN_DOMCTL_destroydomain.
 * Then frees the frames of destroyed domains that could not go at once
 * (a CPU waited with the lock let go, in pause or destroy).
 */
void domain_reap(void);

#endif
