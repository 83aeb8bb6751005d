/* SPDX-License-Identifier: MIT */
/*
 * Physical IRQs for Dom0 (hv/irq.h, asm/irq.h).  An interrupt handler only
 * masks a level-triggered pin and sets the vector's bit in a pending
 * bitmap; pirq_softirq(), under hv_lock, turns the bits into events and
 * does the storm accounting.  A pirq's fields change only under hv_lock;
 * the handler reads vector_pirq[] and the pirq's gsi and level, which are
 * set before its source is unmasked and cleared after it is masked.
 */
#include <errno.h>
#include <xen/physdev.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/irq.h>
#include <hv/param.h>
#include <hv/setup.h>
#include <hv/time.h>

enum pirq_kind { PIRQ_FREE, PIRQ_GSI, PIRQ_MSI, PIRQ_MSIX };

struct pirq {
	uint8_t kind;			/* enum pirq_kind */
	uint8_t vector;
	bool level;			/* GSI: level-triggered */
	bool eoi_pending;		/* masked until Dom0's PHYSDEVOP_eoi */
	bool throttled;			/* masked until the storm window ends */
	struct domain *d;		/* the mapper (Dom0) */
	evtchn_port_t port;		/* bound port, 0: none */
	uint32_t gsi;			/* GSI */
	uint16_t bdf;			/* MSI, MSI-X */
	uint16_t entry;			/* MSI-X table entry */
	uint64_t window_start;		/* this storm window's start */
	uint32_t in_window;		/* interrupts in it */
	uint64_t count, throttles;	/* since mapped */
};

static struct pirq pirqs[MAX_PIRQS];
static uint8_t vector_pirq[256];	/* pirq + 1; 0: no pirq */
static uint64_t pending[4];		/* vectors taken, not yet delivered */
static uint32_t dest_apic;
static bool any_throttled;		/* a pirq may be throttled (a hint) */
static uint64_t storm_limit = PIRQ_STORM_LIMIT;

void irq_init(void)
{
	uint64_t n = setup_size_option("pirq_storm_limit", 0, PIRQ_STORM_LIMIT);

	dest_apic = apic_id();
	if (n >= 1 && n <= PIRQ_STORM_LIMIT_MAX)
		storm_limit = n;
	if (storm_limit != PIRQ_STORM_LIMIT)
		printk("pirq storm limit: %lu interrupts a 10 ms window\n",
		       storm_limit);
}

void irq_interrupt(unsigned int vector)
{
	unsigned int i = vector_pirq[vector];

	if (i && pirqs[i - 1].kind == PIRQ_GSI && pirqs[i - 1].level)
		ioapic_mask(pirqs[i - 1].gsi, true);
	__atomic_or_fetch(&pending[vector / 64], 1ULL << (vector % 64),
			  __ATOMIC_RELAXED);
	apic_eoi();
}

static void source_mask(struct pirq *p, bool masked)
{
	if (p->kind == PIRQ_GSI)
		ioapic_mask(p->gsi, masked);
	else
		msi_mask(p->bdf, p->kind == PIRQ_MSIX, p->entry, masked);
}

/* Unmasks p's source unless something still holds it masked. */
static void source_release(struct pirq *p)
{
	if (p->port && !p->eoi_pending && !p->throttled)
		source_mask(p, false);
}

static struct pirq *mapped(struct domain *d, int pirq)
{
	if (pirq < 0 || pirq >= MAX_PIRQS || pirqs[pirq].kind == PIRQ_FREE ||
	    pirqs[pirq].d != d)
		return NULL;
	return &pirqs[pirq];
}

/* A free pirq: want if it is free, else the lowest free from `from`. */
static int alloc_pirq(int want, int from)
{
	int i;

	if (want >= 0)
		return want < MAX_PIRQS && pirqs[want].kind == PIRQ_FREE ? want
									 : -EEXIST;
	for (i = from; i < MAX_PIRQS; i++)
		if (pirqs[i].kind == PIRQ_FREE)
			return i;
	return -ENOSPC;
}

static int alloc_vector(void)
{
	unsigned int v;

	for (v = IRQ_VECTOR_FIRST; v <= IRQ_VECTOR_LAST; v++)
		if (!vector_pirq[v])
			return (int)v;
	return -ENOSPC;
}

/* Takes pirq n with a vector for d; the caller fills in the source. */
static struct pirq *claim(struct domain *d, int n, enum pirq_kind kind,
			  int *rc)
{
	int vec = alloc_vector();
	struct pirq *p = &pirqs[n];

	if (vec < 0) {
		*rc = vec;
		return NULL;
	}
	*p = (struct pirq){ .kind = (uint8_t)kind, .vector = (uint8_t)vec,
			    .d = d };
	return p;
}

static void release(struct pirq *p)
{
	vector_pirq[p->vector] = 0;
	*p = (struct pirq){ .kind = PIRQ_FREE };
}

/*
 * A GSI mapped already, as pirq n: PCI devices share INTx lines, so as on
 * Xen the caller gets that pirq again (its devices share one binding and
 * one EOI); asking for another pirq number is -EEXIST, and another
 * domain's GSI is -EBUSY.
 */
static int shared_gsi(struct domain *d, int n, int *pirq)
{
	if (pirqs[n].d != d)
		return -EBUSY;
	if (*pirq >= 0 && *pirq != n)
		return -EEXIST;
	*pirq = n;
	return 0;
}

int irq_map_gsi(struct domain *d, uint32_t gsi, bool level, bool active_low,
		int *pirq)
{
	struct pirq *p;
	int n, rc;

	if (!ioapic_has_gsi(gsi))
		return -ENODEV;
	for (n = 0; n < MAX_PIRQS; n++)
		if (pirqs[n].kind == PIRQ_GSI && pirqs[n].gsi == gsi)
			return shared_gsi(d, n, pirq);
	n = alloc_pirq(*pirq >= 0 ? *pirq :
		       gsi < MAX_PIRQS && pirqs[gsi].kind == PIRQ_FREE ? (int)gsi : -1, 0);
	if (n < 0)
		return n;
	p = claim(d, n, PIRQ_GSI, &rc);
	if (!p)
		return rc;
	p->gsi = gsi;
	p->level = level;
	rc = ioapic_route(gsi, p->vector, dest_apic, level, active_low);
	if (rc) {
		release(p);
		return rc;
	}
	vector_pirq[p->vector] = (uint8_t)(n + 1);
	*pirq = n;
	return 0;
}

int irq_map_msi(struct domain *d, uint16_t bdf, bool msix, unsigned int entry,
		int *pirq)
{
	enum pirq_kind kind = msix ? PIRQ_MSIX : PIRQ_MSI;
	struct pirq *p;
	int n, rc;

	for (n = 0; n < MAX_PIRQS; n++)
		if (pirqs[n].kind == kind && pirqs[n].bdf == bdf &&
		    pirqs[n].entry == entry)
			return -EEXIST;
	n = alloc_pirq(*pirq, 24);	/* above the IO-APIC's first 24 GSIs */
	if (n < 0)
		return n;
	p = claim(d, n, kind, &rc);
	if (!p)
		return rc;
	p->bdf = bdf;
	p->entry = (uint16_t)entry;
	vector_pirq[p->vector] = (uint8_t)(n + 1);
	/* Left masked until bound, where the device lets us. */
	rc = msi_setup(bdf, msix, entry, p->vector, dest_apic);
	if (rc) {
		release(p);
		return rc;
	}
	*pirq = n;
	return 0;
}

static void unmap(struct pirq *p)
{
	if (p->kind == PIRQ_GSI)
		ioapic_mask(p->gsi, true);
	else
		msi_teardown(p->bdf, p->kind == PIRQ_MSIX, p->entry);
	if (p->count)
		printk("d%u: pirq %ld unmapped: %lu interrupts, %lu storm masks\n",
		       p->d->domain_id, (long)(p - pirqs), p->count, p->throttles);
	release(p);
}

int irq_unmap(struct domain *d, int pirq)
{
	struct pirq *p = mapped(d, pirq);

	if (!p)
		return -EINVAL;
	if (p->port)
		evtchn_close(d, p->port);	/* calls pirq_unbind() */
	unmap(p);
	return 0;
}

int irq_eoi(struct domain *d, int pirq)
{
	struct pirq *p = mapped(d, pirq);

	if (!p)
		return -EINVAL;
	if (p->eoi_pending) {
		p->eoi_pending = false;
		source_release(p);
	}
	return 0;
}

int irq_status(struct domain *d, int pirq, uint32_t *flags)
{
	struct pirq *p = mapped(d, pirq);

	if (!p)
		return -EINVAL;
	*flags = p->kind == PIRQ_GSI && p->level ? XENIRQSTAT_needs_eoi : 0;
	return 0;
}

int pirq_bind(struct domain *d, uint32_t pirq, evtchn_port_t port)
{
	struct pirq *p = mapped(d, (int)MIN(pirq, (uint32_t)MAX_PIRQS));

	if (!p)
		return -EINVAL;
	if (p->port)
		return -EEXIST;
	p->port = port;
	p->eoi_pending = false;
	source_release(p);
	return 0;
}

void pirq_unbind(struct domain *d, uint32_t pirq)
{
	struct pirq *p = mapped(d, (int)MIN(pirq, (uint32_t)MAX_PIRQS));

	if (!p)
		return;
	source_mask(p, true);
	p->port = 0;
}

void pirq_domain_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_PIRQS; i++)
		if (pirqs[i].kind != PIRQ_FREE && pirqs[i].d == d)
			unmap(&pirqs[i]);
}

static void deliver(struct pirq *p, uint64_t now)
{
	if (now - p->window_start >= PIRQ_STORM_WINDOW_NS) {
		p->window_start = now;
		p->in_window = 0;
	}
	p->count++;
	if (p->kind == PIRQ_GSI && p->level)
		p->eoi_pending = true;	/* the handler masked it */
	if (++p->in_window > storm_limit && !p->throttled) {
		p->throttled = true;
		any_throttled = true;
		p->throttles++;
		source_mask(p, true);
	}
	if (p->port)
		evtchn_set_pending(p->d, p->port);
}

/* pirq_softirq() when a vector is pending or a pirq throttled. */
static void __attribute__((noinline)) pirq_work(void)
{
	uint64_t now = 0, bits;
	unsigned int w, i;
	bool still = false;

	for (w = 0; w < 4; w++) {
		if (!__atomic_load_n(&pending[w], __ATOMIC_RELAXED))
			continue;
		now = now ? now : time_now();
		bits = __atomic_exchange_n(&pending[w], 0, __ATOMIC_RELAXED);
		while (bits) {
			unsigned int vec = w * 64 + (unsigned int)__builtin_ctzll(bits);

			bits &= bits - 1;
			if (vector_pirq[vec])
				deliver(&pirqs[vector_pirq[vec] - 1], now);
		}
	}
	if (!any_throttled)
		return;
	now = now ? now : time_now();
	for (i = 0; i < MAX_PIRQS; i++) {
		struct pirq *p = &pirqs[i];

		if (p->throttled && now - p->window_start >= PIRQ_STORM_WINDOW_NS) {
			p->throttled = false;
			p->window_start = now;
			p->in_window = 0;
			source_release(p);
		}
		still |= p->throttled;
	}
	any_throttled = still;
}

void pirq_softirq(void)
{
	/* Runs after every exit: nothing to do must cost next to nothing. */
	if (__atomic_load_n(&pending[0], __ATOMIC_RELAXED) |
	    __atomic_load_n(&pending[1], __ATOMIC_RELAXED) |
	    __atomic_load_n(&pending[2], __ATOMIC_RELAXED) |
	    __atomic_load_n(&pending[3], __ATOMIC_RELAXED) || any_throttled)
		pirq_work();
}
