/* SPDX-License-Identifier: MIT */
/*
 * The emulated local APIC (asm/hvm/vlapic.h).  Registers live in a page
 * image indexed as the xAPIC MMIO offsets; x2APIC MSR 0x800 + n is offset
 * n << 4.  The timer is a deadline in system time kept by hv/time.h.
 */
#include <errno.h>
#include <asm/hvm.h>
#include <asm/hvm/context.h>
#include <asm/hvm/io.h>
#include <asm/hvm/vlapic.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/time.h>
#include <xrt/acpi.h>

#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080
#define APIC_APR	0x090
#define APIC_PPR	0x0a0
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ISR	0x100
#define APIC_TMR	0x180
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVT_LAST	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0
#define APIC_SELF_IPI	0x3f0	/* x2APIC only */

#define MSR_APIC_BASE		0x01b
#define MSR_TSC_DEADLINE	0x6e0
#define MSR_X2APIC_FIRST	0x800
#define MSR_X2APIC_LAST		0x8ff

#define APIC_BASE_BSP		(1u << 8)
#define APIC_BASE_EXTD		(1u << 10)
#define APIC_BASE_EN		(1u << 11)

#define CPUID1_ECX_X2APIC	(1u << 21)

#define SVR_ENABLE		(1u << 8)
#define LVT_MASKED		(1u << 16)
#define LVT_TIMER_MODE(l)	(((l) >> 17) & 3)
#define TIMER_ONESHOT		0
#define TIMER_PERIODIC		1
#define TIMER_TSC_DEADLINE	2

#define ICR_DELIVERY(l)		(((l) >> 8) & 7)
#define ICR_LOGICAL		(1u << 11)
#define ICR_ASSERT		(1u << 14)
#define ICR_LEVEL		(1u << 15)
#define DM_FIXED		0
#define DM_LOWEST		1
#define DM_NMI			4
#define DM_INIT			5
#define DM_STARTUP		6
#define ICR_SHORTHAND(l)	(((l) >> 18) & 3)
#define SH_SELF			1
#define SH_ALL			2
#define SH_ALL_BUT_SELF		3
#define DFR_FLAT		0xf	/* DFR bits 31:28 */
#define DFR_CLUSTER		0x0

#define BUS_CYCLE_NS		10	/* a 100 MHz APIC bus, as Xen's */
#define VLAPIC_VERSION		0x00050014

static struct vlapic *lapic(struct vcpu *v)
{
	return &v->vlapic;
}

static uint32_t *r32(struct vlapic *l, unsigned int off)
{
	return &l->reg[off / 4];
}

static bool x2apic(const struct vlapic *l)
{
	return l->apic_base & APIC_BASE_EXTD;
}

/* Enabled in APIC_BASE and by software (SVR). */
static bool enabled(const struct vlapic *l)
{
	return (l->apic_base & APIC_BASE_EN) && (l->reg[APIC_SVR / 4] & SVR_ENABLE);
}

static void set_vec(struct vlapic *l, unsigned int base, uint8_t vec, bool on)
{
	uint32_t *w = r32(l, base + (vec / 32) * 16);

	*w = on ? *w | (1u << (vec % 32)) : *w & ~(1u << (vec % 32));
}

/* The highest vector set in the 256-bit array at base, or -1. */
static int highest(struct vlapic *l, unsigned int base)
{
	int i;
	uint32_t w;

	for (i = 7; i >= 0; i--) {
		w = *r32(l, base + (unsigned int)i * 16);
		if (w)
			return i * 32 + 31 - __builtin_clz(w);
	}
	return -1;
}

static uint32_t ppr(struct vlapic *l)
{
	uint32_t tpr = *r32(l, APIC_TPR) & 0xff;
	int isr = highest(l, APIC_ISR);
	uint32_t isrv = isr < 0 ? 0 : (uint32_t)isr;

	return (tpr & 0xf0) >= (isrv & 0xf0) ? tpr : isrv & 0xf0;
}

uint32_t vlapic_id(const struct vcpu *v)
{
	return ACPI_APIC_ID(v->vcpu_id);
}

void vlapic_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t r[4])
{
	if (leaf == 1) {
		r[1] = (r[1] & 0x00ffffff) | (vlapic_id(v) << 24);
		r[2] |= CPUID1_ECX_X2APIC;	/* base_write() lets EXTD be set */
	} else if (leaf == 0xb || leaf == 0x1f) {
		r[3] = vlapic_id(v);
	}
}

/* The state after power-on or INIT: registers cleared, LVTs masked. */
static void reset_regs(struct vcpu *v, uint64_t apic_base)
{
	struct vlapic *l = lapic(v);
	unsigned int off;

	*l = (struct vlapic){ .apic_base = apic_base };
	*r32(l, APIC_ID) = vlapic_id(v) << 24;
	*r32(l, APIC_VERSION) = VLAPIC_VERSION;
	*r32(l, APIC_DFR) = 0xffffffff;
	*r32(l, APIC_SVR) = 0xff;
	for (off = APIC_LVTT; off <= APIC_LVT_LAST; off += 0x10)
		*r32(l, off) = LVT_MASKED;
}

void vlapic_init(struct vcpu *v)
{
	reset_regs(v, VLAPIC_BASE | APIC_BASE_EN |
			      (v->vcpu_id ? 0 : APIC_BASE_BSP));
}

void vlapic_set_irq(struct vcpu *v, uint8_t vector, bool level)
{
	struct vlapic *l = lapic(v);

	if (vector < 16)
		return;		/* illegal vectors: an error on hardware */
	set_vec(l, APIC_IRR, vector, true);
	set_vec(l, APIC_TMR, vector, level);
	evtchn_kick(v);
}

int vlapic_pending(struct vcpu *v)
{
	struct vlapic *l = lapic(v);
	int vec;

	if (!enabled(l))
		return -1;
	vec = highest(l, APIC_IRR);
	if (vec < 0 || ((uint32_t)vec & 0xf0) <= (ppr(l) & 0xf0))
		return -1;
	return vec;
}

static void nmi(struct vcpu *t)
{
	lapic(t)->nmi_pending = true;
	evtchn_kick(t);
}

bool vlapic_nmi_pending(struct vcpu *v)
{
	return lapic(v)->nmi_pending;
}

void vlapic_nmi_taken(struct vcpu *v)
{
	lapic(v)->nmi_pending = false;
}

void vlapic_ack(struct vcpu *v, uint8_t vector)
{
	struct vlapic *l = lapic(v);

	set_vec(l, APIC_IRR, vector, false);
	set_vec(l, APIC_ISR, vector, true);
}

static void eoi(struct vlapic *l)
{
	int vec = highest(l, APIC_ISR);

	if (vec >= 0)
		set_vec(l, APIC_ISR, (uint8_t)vec, false);
}

/* ns per count: the bus cycle times the divider of TDCR. */
static uint64_t count_ns(struct vlapic *l)
{
	uint32_t d = *r32(l, APIC_TDCR);
	unsigned int shift = ((d & 3) | ((d >> 1) & 4)) + 1;

	return (uint64_t)BUS_CYCLE_NS << (shift & 7);
}

/* (Re)starts the count-down of TMICT from now, or stops it. */
static void timer_load(struct vcpu *v)
{
	struct vlapic *l = lapic(v);
	uint32_t icr = *r32(l, APIC_TMICT);

	if (!icr || LVT_TIMER_MODE(*r32(l, APIC_LVTT)) == TIMER_TSC_DEADLINE) {
		l->timer_period = 0;
		if (LVT_TIMER_MODE(*r32(l, APIC_LVTT)) != TIMER_TSC_DEADLINE)
			time_set_lapic(v, 0);
		return;
	}
	l->timer_start = time_now();
	l->timer_period = icr * count_ns(l);
	time_set_lapic(v, l->timer_start + l->timer_period);
}

static uint32_t timer_current(struct vlapic *l)
{
	uint64_t now = time_now(), done;

	if (!l->timer_period)
		return 0;
	done = now - l->timer_start;
	if (LVT_TIMER_MODE(*r32(l, APIC_LVTT)) == TIMER_PERIODIC)
		done %= l->timer_period;
	else if (done >= l->timer_period)
		return 0;
	return (uint32_t)((l->timer_period - done) / count_ns(l));
}

void arch_lapic_timer_expired(struct vcpu *v)
{
	struct vlapic *l = lapic(v);
	uint32_t lvt = *r32(l, APIC_LVTT);

	if (LVT_TIMER_MODE(lvt) == TIMER_TSC_DEADLINE)
		l->tsc_deadline = 0;
	else if (LVT_TIMER_MODE(lvt) == TIMER_PERIODIC && l->timer_period) {
		l->timer_start += l->timer_period;
		if (l->timer_start + l->timer_period <= time_now())
			l->timer_start = time_now();	/* missed periods dropped */
		time_set_lapic(v, l->timer_start + l->timer_period);
	} else {
		l->timer_period = 0;
	}
	if (!(lvt & LVT_MASKED))
		vlapic_set_irq(v, (uint8_t)lvt, false);
}

/*
 * IA32_TSC_DEADLINE (SDM 10.5.4.1): in TSC-deadline mode a write arms the
 * timer for when the TSC reaches the value (at once when it already has)
 * or disarms it (0), and reads give the value until it fires, then 0; in
 * the other modes writes are ignored and reads give 0, as on Xen.
 *
 * The guest's TSC is the TSC of the CPU it runs on: both back ends run
 * guests with no TSC offset and no TSC scaling (vmx leaves "use TSC
 * offsetting" off, svm's VMCB keeps tsc_offset 0) and IA32_TSC is not
 * writable (#GP), so nothing can make the two differ.  The deadline is
 * then one for this CPU's counter, turned into system time from a single
 * reading of it (time_counter_deadline()); the timer is kept in system
 * time, so it fires right on whichever CPU the vCPU runs when it is due.
 */
static void set_tsc_deadline(struct vcpu *v, uint64_t deadline)
{
	struct vlapic *l = lapic(v);

	if (LVT_TIMER_MODE(*r32(l, APIC_LVTT)) != TIMER_TSC_DEADLINE)
		return;
	l->tsc_deadline = deadline;
	time_set_lapic(v, deadline ? time_counter_deadline(deadline) : 0);
}

/* The x2APIC logical ID (SDM 10.12.10.2): cluster id >> 4, bit id & 15. */
static uint32_t x2apic_ldr(const struct vcpu *v)
{
	return ((vlapic_id(v) >> 4) << 16) | (1u << (vlapic_id(v) & 15));
}

/*
 * Logical destination dest against t's LDR, in t's mode, as Xen's vlapic
 * matches it.  x2APIC: the cluster (bits 31:16) equal and a common bit in
 * 15:0, or the broadcast 0xffffffff.  xAPIC: the flat model matches a
 * common bit of the 8-bit logical ID (0xff reaches every APIC with one);
 * the cluster model a cluster (bits 7:4) equal and a common bit in 3:0.
 * A DFR of any other model matches nothing.
 */
static bool logical_match(struct vcpu *t, uint32_t dest)
{
	struct vlapic *l = lapic(t);
	uint32_t id = *r32(l, APIC_LDR) >> 24, mda = dest & 0xff;

	if (x2apic(l))
		return dest == 0xffffffff ||
		       ((dest >> 16) == (x2apic_ldr(t) >> 16) &&
			(dest & x2apic_ldr(t) & 0xffff));
	switch (*r32(l, APIC_DFR) >> 28) {
	case DFR_FLAT:
		return id & mda;
	case DFR_CLUSTER:
		return (id >> 4) == (mda >> 4) && (id & mda & 0xf);
	default:
		return false;
	}
}

/*
 * Does t take an IPI the ICR of v describes?  dest is the destination
 * field in v's mode (ICR2 bits 31:24 in xAPIC mode, all 32 in x2APIC).
 */
static bool dest_match(struct vcpu *v, struct vcpu *t, uint32_t low,
		       uint32_t dest)
{
	uint32_t bcast = x2apic(lapic(v)) ? 0xffffffff : 0xff;

	switch (ICR_SHORTHAND(low)) {
	case SH_SELF:
		return t == v;
	case SH_ALL:
		return true;
	case SH_ALL_BUT_SELF:
		return t != v;
	default:
		if (low & ICR_LOGICAL)
			return logical_match(t, dest);
		return dest == bcast || dest == vlapic_id(t);
	}
}

/*
 * INIT: an initialised target goes down and waits for a startup IPI, its
 * APIC reset but for its ID and base (SDM 10.4.7.3).  STARTUP: a target
 * waiting for one starts in real mode at vector << 12; any other ignores
 * it.  Both as Xen's vlapic does.
 */
static void init_sipi(struct vcpu *t, uint32_t low)
{
	struct guest_regs regs;
	struct hvm_vcpu_state st;

	if (ICR_DELIVERY(low) == DM_INIT) {
		if ((low & (ICR_LEVEL | ICR_ASSERT)) == ICR_LEVEL ||
		    !t->initialised)
			return;		/* a de-assert, or already waiting */
		vcpu_reset(t);
		time_set_lapic(t, 0);
		reset_regs(t, lapic(t)->apic_base);
		return;
	}
	if (t->initialised)
		return;
	hvm_context_sipi((uint8_t)low, &regs, &st);
	if (!vcpu_initialise(t, &regs, &st))
		(void)vcpu_up(t);
}

/*
 * The target of a lowest-priority IPI, as Xen's vlapic picks it: of the
 * vCPUs the destination names whose APIC is enabled, the one with the
 * lowest PPR, looking from the vCPU after the domain's last such target
 * round (so equals take turns); NULL when none.
 */
static struct vcpu *lowest_priority(struct vcpu *v, uint32_t low, uint32_t dest)
{
	struct domain *d = v->domain;
	unsigned int i;
	struct vcpu *t, *best = NULL;

	for (i = 1; i <= d->max_vcpus; i++) {
		t = d->vcpu[(d->vlapic_lowest_last + i) % d->max_vcpus];
		if (t && enabled(lapic(t)) && dest_match(v, t, low, dest) &&
		    (!best || ppr(lapic(t)) < ppr(lapic(best))))
			best = t;
	}
	if (best)
		d->vlapic_lowest_last = best->vcpu_id;
	return best;
}

/*
 * ICR write: fixed IPIs, NMIs, INIT and STARTUP to every vCPU of the
 * domain the destination names (physical, logical, or a shorthand; INIT
 * and STARTUP never to the sender).  Lowest priority goes to one of them
 * (lowest_priority()).  Other delivery modes are ignored (Xen ignores SMI
 * and remote read).
 */
static void send_ipi(struct vcpu *v, uint32_t low, uint32_t dest)
{
	struct domain *d = v->domain;
	unsigned int i, dm = ICR_DELIVERY(low);
	struct vcpu *t;

	if (!x2apic(lapic(v)))
		dest >>= 24;
	if (dm == DM_LOWEST) {
		t = lowest_priority(v, low, dest);
		if (t)
			vlapic_set_irq(t, (uint8_t)low, false);
		return;
	}
	for (i = 0; i < d->max_vcpus; i++) {
		t = d->vcpu[i];
		if (!t || !dest_match(v, t, low, dest))
			continue;
		if (dm == DM_FIXED)
			vlapic_set_irq(t, (uint8_t)low, false);
		else if (dm == DM_NMI)
			nmi(t);
		else if ((dm == DM_INIT || dm == DM_STARTUP) && t != v)
			init_sipi(t, low);
	}
}

static uint32_t lvt_mask(unsigned int off)
{
	if (off == APIC_LVTT)
		return 0x700ff | (3u << 17);	/* vector, masked, mode */
	if (off == 0x350 || off == 0x360)
		return 0x1a7ff;			/* LINT0/1 */
	if (off == 0x370)
		return 0x100ff;			/* error: no delivery mode */
	return 0x107ff;
}

/* Register read at off: 0, or -1 when nothing is there (x2APIC #GP). */
static int reg_read(struct vcpu *v, unsigned int off, uint32_t *val)
{
	struct vlapic *l = lapic(v);

	switch (off) {
	case APIC_ID:
		*val = x2apic(l) ? vlapic_id(v) : vlapic_id(v) << 24;
		return 0;
	case APIC_PPR:
		*val = ppr(l);
		return 0;
	case APIC_APR:
	case APIC_ESR:
		*val = 0;
		return 0;
	case APIC_LDR:
		*val = x2apic(l) ? x2apic_ldr(v) : *r32(l, APIC_LDR);
		return 0;
	case APIC_TMCCT:
		*val = timer_current(l);
		return 0;
	case APIC_VERSION: case APIC_TPR: case APIC_SVR: case APIC_ICR:
	case APIC_TMICT: case APIC_TDCR:
	case APIC_ISR ... APIC_IRR + 0x70:
	case APIC_LVTT ... APIC_LVT_LAST:
		if (off % 16)
			return -1;
		*val = *r32(l, off);
		return 0;
	case APIC_DFR:
	case APIC_ICR2:
		if (x2apic(l))
			return -1;
		*val = *r32(l, off);
		return 0;
	default:
		return -1;
	}
}

/* Register write at off: 0, or -1 for a read-only or absent register. */
static int reg_write(struct vcpu *v, unsigned int off, uint32_t val)
{
	struct vlapic *l = lapic(v);
	unsigned int o;

	switch (off) {
	case APIC_TPR:
		*r32(l, off) = val & 0xff;
		return 0;
	case APIC_EOI:
		eoi(l);
		return 0;
	case APIC_LDR:
		if (x2apic(l))
			return -1;
		*r32(l, off) = val & 0xff000000;
		return 0;
	case APIC_DFR:
		if (x2apic(l))
			return -1;
		*r32(l, off) = val | 0x0fffffff;
		return 0;
	case APIC_SVR:
		*r32(l, off) = val & 0x3ff;
		if (!(val & SVR_ENABLE))	/* software disable masks every LVT */
			for (o = APIC_LVTT; o <= APIC_LVT_LAST; o += 0x10)
				*r32(l, o) |= LVT_MASKED;
		return 0;
	case APIC_ESR:
		return 0;
	case APIC_ICR:
		*r32(l, off) = val & ~(1u << 12);	/* never busy */
		send_ipi(v, val, *r32(l, APIC_ICR2));
		return 0;
	case APIC_ICR2:
		if (x2apic(l))
			return -1;
		*r32(l, off) = val & 0xff000000;
		return 0;
	case APIC_LVTT ... APIC_LVT_LAST:
		if (off % 16)
			return -1;
		if (!(*r32(l, APIC_SVR) & SVR_ENABLE))
			val |= LVT_MASKED;
		o = *r32(l, off);
		*r32(l, off) = val & lvt_mask(off);
		if (off == APIC_LVTT &&
		    LVT_TIMER_MODE(o) != LVT_TIMER_MODE(val)) {
			/* A mode change stops the timer (SDM 10.5.4.1). */
			*r32(l, APIC_TMICT) = 0;
			l->timer_period = 0;
			l->tsc_deadline = 0;
			time_set_lapic(v, 0);
		}
		return 0;
	case APIC_TMICT:
		*r32(l, off) = val;
		timer_load(v);
		return 0;
	case APIC_TDCR:
		*r32(l, off) = val & 0xb;
		return 0;
	case APIC_SELF_IPI:
		if (!x2apic(l))
			return -1;
		vlapic_set_irq(v, (uint8_t)val, false);
		return 0;
	default:
		return -1;
	}
}

/* xAPIC MMIO: 32-bit accesses to 16-byte aligned registers. */
static int mmio_read(struct vcpu *v, void *priv, uint64_t addr,
		     unsigned int size, uint64_t *val)
{
	unsigned int off = (unsigned int)(addr - VLAPIC_BASE);
	uint32_t r = 0;

	(void)priv;
	if (x2apic(lapic(v)) || !(lapic(v)->apic_base & APIC_BASE_EN))
		return -EINVAL;		/* the page is gone: all ones */
	if (reg_read(v, off & ~0xfu, &r))
		r = 0;
	*val = (r >> (8 * (off & 3))) & (size >= 4 ? ~0u : (1u << (8 * size)) - 1);
	return 0;
}

static int mmio_write(struct vcpu *v, void *priv, uint64_t addr,
		      unsigned int size, uint64_t val)
{
	unsigned int off = (unsigned int)(addr - VLAPIC_BASE);

	(void)priv;
	if (x2apic(lapic(v)) || !(lapic(v)->apic_base & APIC_BASE_EN) ||
	    size != 4 || (off & 0xf))
		return -EINVAL;		/* dropped, as hardware drops them */
	if (off == APIC_SELF_IPI)
		return 0;
	(void)reg_write(v, off, (uint32_t)val);
	return 0;
}

static const struct hvm_io_ops mmio_ops = { mmio_read, mmio_write };

int vlapic_domain_init(struct domain *d)
{
	return hvm_io_register(d, HVM_IO_MMIO, VLAPIC_BASE, PAGE_SIZE,
			       &mmio_ops, NULL);
}

static int base_write(struct vcpu *v, uint64_t val)
{
	struct vlapic *l = lapic(v);
	uint64_t fixed = VLAPIC_BASE | (l->apic_base & APIC_BASE_BSP);

	/*
	 * EXTD is settable because vlapic_cpuid() offers x2APIC to every
	 * guest; Xen makes it a reserved bit (#GP) for a guest whose CPUID
	 * policy lacks x2APIC, which no domain here has.
	 */
	if ((val & ~(uint64_t)(APIC_BASE_EN | APIC_BASE_EXTD)) != fixed ||
	    ((val & APIC_BASE_EXTD) && !(val & APIC_BASE_EN)) ||
	    (x2apic(l) && (val & APIC_BASE_EN) && !(val & APIC_BASE_EXTD)))
		return -1;	/* x2APIC back to xAPIC goes through disabled */
	l->apic_base = val;
	return 0;
}

int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	struct vlapic *l = lapic(v);
	uint32_t r;

	if (msr == MSR_APIC_BASE) {
		*val = l->apic_base;
		return 0;
	}
	if (msr == MSR_TSC_DEADLINE) {
		*val = LVT_TIMER_MODE(*r32(l, APIC_LVTT)) == TIMER_TSC_DEADLINE
			       ? l->tsc_deadline : 0;
		return 0;
	}
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
		return 1;
	if (!x2apic(l) || msr == MSR_X2APIC_FIRST + (APIC_EOI >> 4) ||
	    msr == MSR_X2APIC_FIRST + (APIC_SELF_IPI >> 4) ||
	    reg_read(v, (msr - MSR_X2APIC_FIRST) << 4, &r))
		return -1;
	*val = r;
	if (msr == MSR_X2APIC_FIRST + (APIC_ICR >> 4))
		*val |= (uint64_t)*r32(l, APIC_ICR2) << 32;
	return 0;
}

bool vlapic_fast_eoi(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct vlapic *l = lapic(v);

	return msr == MSR_X2APIC_FIRST + (APIC_EOI >> 4) && !val &&
	       x2apic(l) && highest(l, APIC_ISR) < 0;
}

int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct vlapic *l = lapic(v);
	unsigned int off = (msr - MSR_X2APIC_FIRST) << 4;

	if (msr == MSR_APIC_BASE)
		return base_write(v, val);
	if (msr == MSR_TSC_DEADLINE) {
		set_tsc_deadline(v, val);
		return 0;
	}
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
		return 1;
	if (!x2apic(l))
		return -1;
	if (off == APIC_ICR) {
		*r32(l, APIC_ICR2) = (uint32_t)(val >> 32);
		return reg_write(v, off, (uint32_t)val);
	}
	/* Reserved bits above 31, and EOI with a non-zero value, are #GP. */
	if ((val >> 32) || (off == APIC_EOI && val))
		return -1;
	return reg_write(v, off, (uint32_t)val);
}
