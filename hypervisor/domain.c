/* SPDX-License-Identifier: MIT */
/*
 * Domains: the table of live domains, creation with RAM and vCPUs, and the
 * end of a domain, as in Xen: it shuts down (SCHEDOP_shutdown, or a crash,
 * which is a shutdown with reason crash) and stays so, its vCPUs
 * descheduled and its memory kept, until the toolstack destroys it, which
 * gives every frame back and leaves the other domains running.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xen/sched.h>
#include <asm/cpu.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/foreign.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/mm.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <hv/shared_info.h>
#include <hv/spinlock.h>
#include <hv/time.h>

static domid_t next_domid = 1;
static struct domain *graveyard;	/* destroyed, freed by domain_reap() */
static unsigned int waiters;		/* CPUs in wait_off_cpu() */

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

/* Ids are not reused soon after a domain dies, as in Xen. */
static domid_t alloc_domid(void)
{
	for (;;) {
		if (next_domid >= DOMID_FIRST_RESERVED)
			next_domid = 1;
		if (!domain_by_id(next_domid))
			return next_domid++;
		next_domid++;
	}
}

/*
 * A domain and its vCPUs live in one run of frames, taken when it is
 * created and given back once it is destroyed and no CPU can still hold a
 * pointer to it (see domain_reap()).
 */
#define VCPUS_OFFSET	ALIGN_UP(sizeof(struct domain), 64)

static unsigned long block_pages(unsigned int max_vcpus)
{
	return ALIGN_UP(VCPUS_OFFSET + max_vcpus * sizeof(struct vcpu),
			PAGE_SIZE) >> PAGE_SHIFT;
}

static struct domain *alloc_block(unsigned int max_vcpus)
{
	paddr_t maddr;

	if (page_alloc_contig(DOMID_XEN, block_pages(max_vcpus), 0, &maddr))
		return NULL;
	return maddr_to_virt(maddr);
}

static void free_block(struct domain *d)
{
	unsigned long i, n = block_pages(d->nr_vcpu_slots);
	paddr_t maddr = virt_to_maddr(d);

	for (i = 0; i < n; i++)
		page_free(maddr + i * PAGE_SIZE);
}

static int check_config(const struct domain_config *cfg)
{
	if ((cfg->mem_bytes && cfg->mem_bytes < MIN_DOMAIN_MEM) ||
	    cfg->mem_bytes > MAX_DOMAIN_MEM || cfg->mem_bytes % PAGE_SIZE)
		return -EINVAL;
	if (!cfg->max_vcpus || cfg->max_vcpus > MAX_VCPUS_PER_DOMAIN)
		return -EINVAL;
	if (cfg->domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	return 0;
}

/* Gives the domain mem_bytes of RAM at guest-physical 0, frame by frame. */
static int populate_ram(struct domain *d)
{
	uint64_t gfn, nr = d->mem_bytes >> PAGE_SHIFT;
	paddr_t maddr;
	int rc;

	for (gfn = 0; gfn < nr; gfn++) {
		rc = page_alloc(d->domain_id, &maddr);
		if (rc)
			return rc;
		d->tot_pages++;
		rc = p2m_set(&d->p2m, gfn, maddr, P2M_RWX);
		if (rc)
			return rc;
	}
	return 0;
}

static int create_vcpus(struct domain *d)
{
	struct vcpu *vcpus = (struct vcpu *)((char *)d + VCPUS_OFFSET);
	unsigned int i;
	struct vcpu *v;
	int rc;

	for (i = 0; i < d->max_vcpus; i++) {
		v = &vcpus[i];
		v->vcpu_id = i;
		v->domain = d;
		v->state = VCPU_DOWN;
		v->affinity = ~0ULL;
		credit_vcpu_init(&v->csched);
		runstate_init(v);
		fpu_init(&v->fpu);
		hvm_cpustate_init(&v->cpustate);
		vlapic_init(v);
		rc = hvm_ops->vcpu_create(v);
		if (rc)
			return rc;
		d->vcpu[i] = v;
	}
	return vlapic_domain_init(d);
}

/* Undoes whatever domain_create() got done; the slot becomes free. */
static void release(struct domain *d)
{
	unsigned int i;

	evtchn_domain_destroy(d);

	for (i = 0; i < d->max_vcpus; i++) {
		if (!d->vcpu[i])
			continue;
		sched_remove(d->vcpu[i]);
		time_vcpu_stop(d->vcpu[i]);
		hvm_ops->vcpu_destroy(d->vcpu[i]);
		d->vcpu[i] = NULL;
	}
	shared_info_domain_destroy(d);
	if (d->p2m.root)
		p2m_destroy(&d->p2m);
	page_free_all(d->domain_id);
	d->tot_pages = 0;
	d->state = DOMAIN_DEAD;
	domain_table_remove(d);
	d->next_dead = graveyard;
	graveyard = d;
}

struct domain *domain_create(const struct domain_config *cfg, int *err)
{
	struct domain *d;
	int rc = check_config(cfg);

	if (rc)
		goto out;
	rc = -EEXIST;
	if (cfg->domid && domain_by_id(cfg->domid))
		goto out;
	rc = -EBUSY;
	if (domain_count() >= DOMID_FIRST_RESERVED - 1)
		goto out;	/* every id is taken */
	rc = -ENOMEM;
	d = alloc_block(cfg->max_vcpus);
	if (!d)
		goto out;
	d->nr_vcpu_slots = cfg->max_vcpus;
	d->domain_id = cfg->is_privileged ? 0
			: cfg->domid ? cfg->domid : alloc_domid();
	rc = domain_table_add(d);
	if (rc) {
		free_block(d);
		goto out;
	}
	if (cfg->name[0])
		strlcpy(d->name, cfg->name, sizeof(d->name));
	else	/* the toolstack names its domains itself: Xen's "dN" in our logs */
		snprintf(d->name, sizeof(d->name), "d%u", d->domain_id);
	d->is_privileged = cfg->is_privileged;
	d->mem_bytes = cfg->mem_bytes;
	d->max_pages = cfg->mem_bytes >> PAGE_SHIFT;
	d->max_vcpus = cfg->max_vcpus;
	d->paused = cfg->paused;
	credit_domain_init(&d->sched);
	if (cfg->handle)
		memcpy(d->handle, cfg->handle, sizeof(d->handle));
	d->state = DOMAIN_RUNNING;
	rc = p2m_init(&d->p2m, hvm_ops->p2m_format);
	if (rc)
		goto err_release;
	rc = shared_info_domain_init(d);
	if (rc)
		goto err_release;
	rc = evtchn_domain_init(d, cfg->max_evtchn_port);
	if (rc)
		goto err_release;
	rc = populate_ram(d);
	if (rc)
		goto err_release;
	rc = gnttab_domain_init(d);
	if (rc)
		goto err_release;
	rc = create_vcpus(d);
	if (rc)
		goto err_gnttab;
	return d;

err_gnttab:
	gnttab_domain_destroy(d);
err_release:
	release(d);
out:
	*err = rc;
	return NULL;
}

static void stop_vcpus(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++) {
		sched_remove(d->vcpu[i]);
		d->vcpu[i]->state = VCPU_DEAD;
	}
}

static bool any_running(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]->running)
			return true;
	return false;
}

/*
 * Waits until no vCPU of d is loaded on any CPU, once they can no longer
 * be picked: their CPUs were kicked and switch them out as soon as they
 * get the lock, which is why it is let go meanwhile.
 */
static void wait_off_cpu(const struct domain *d)
{
	waiters++;
	while (any_running(d)) {
		spin_unlock(&hv_lock);
		cpu_relax();
		spin_lock(&hv_lock);
	}
	waiters--;
}

/*
 * Frees the frames of the destroyed domains, unless a CPU waits with the
 * lock let go (pause, destroy): it may still look at one.
 */
static void free_dead(void)
{
	struct domain *d;

	while (!waiters && graveyard) {
		d = graveyard;
		graveyard = d->next_dead;
		free_block(d);
	}
}

void domain_pause(struct domain *d)
{
	unsigned int i;

	d->paused = true;
	for (i = 0; i < d->max_vcpus; i++)
		sched_kick(d->vcpu[i]);
	wait_off_cpu(d);
}

void domain_unpause(struct domain *d)
{
	unsigned int i;

	d->paused = false;
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]->state == VCPU_RUNNABLE)
			sched_wake(d->vcpu[i]);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	if (d->state != DOMAIN_RUNNING)
		return;
	console_guest_flush(d);
	printk("domain %u (%s) shut down: %s\n", d->domain_id, d->name,
	       reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] : "?");
	d->state = DOMAIN_SHUTDOWN;
	d->shutdown_reason = reason;
	stop_vcpus(d);
	evtchn_send_global_virq(VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	unsigned int i;
	va_list ap;

	if (d->state != DOMAIN_RUNNING)
		return;
	console_guest_flush(d);
	printk("domain %u (%s) crashed: ", d->domain_id, d->name);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	for (i = 0; i < d->max_vcpus; i++) {
		hvm_ops->dump(d->vcpu[i]);
		hypercall_print_last(d->vcpu[i]);
	}
	domain_shutdown(d, SHUTDOWN_crash);
}

void domain_destroy(struct domain *d)
{
	unsigned long before;
	unsigned int i;
	domid_t id;

	if (d->destroying)
		return;	/* another CPU is at it, or was */
	d->destroying = true;
	stop_vcpus(d);
	wait_off_cpu(d);
	before = page_alloc_free_count();
	console_guest_flush(d);
	for (i = 0; i < d->max_vcpus; i++)
		vcpu_print_exits(d->vcpu[i]);
	hvm_io_print_counts(d);
	gnttab_domain_destroy(d);
	foreign_domain_destroy(d);
	pirq_domain_destroy(d);
	release(d);
	id = d->domain_id;
	free_dead();	/* d too, unless a CPU waits */
	printk("domain %u destroyed: %lu frames returned, %lu free\n", id,
	       page_alloc_free_count() - before, page_alloc_free_count());
}

/*
 * Whether a toolstack decides what becomes of a domain that stopped: Dom0
 * runs and listens for VIRQ_DOM_EXC, as Xen's xenstored and xl do.
 */
static bool toolstack_listens(void)
{
	struct domain *d0 = domain_by_id(0);

	return d0 && d0->state == DOMAIN_RUNNING &&
	       d0->evtchn.global_virq[VIRQ_DOM_EXC];
}

void domain_reap(void)
{
	bool keep = toolstack_listens();
	struct domain *d;
	domid_t id;

	/* By id: destroying may free any domain that was destroyed. */
	for (d = domain_next(0); d; d = domain_next(id + 1)) {
		id = d->domain_id;
		if (d->state != DOMAIN_RUNNING && (!keep || d->is_privileged) &&
		    !any_running(d))
			domain_destroy(d);
	}
	free_dead();
}
