/* SPDX-License-Identifier: MIT */
/*
 * The local APIC every vCPU sees, as Xen emulates it for an HVM/PVH guest:
 * xAPIC registers at guest-physical 0xfee00000 (through the MMIO
 * intercepts, asm/hvm/io.h) and x2APIC registers as MSRs 0x800-0x8ff once
 * the guest sets IA32_APIC_BASE.EXTD.
 *
 * What it models: ID (the vCPU id, as CPUID reports), version 0x50014,
 * TPR / PPR, EOI, SVR (software enable), ISR / IRR / TMR for the vectors
 * delivered through it (IPIs, the timer, LVT vectors), LDR / DFR, ESR,
 * the LVT entries, and the timer in one-shot, periodic and TSC-deadline
 * modes at a 100 MHz bus clock, driven by the hypervisor's timers
 * (hv/time.h).  ICR sends fixed and lowest-priority IPIs within the domain
 * to a physical or logical destination (xAPIC: the LDR in the flat or
 * cluster model of the DFR; x2APIC: the read-only LDR derived from the
 * x2APIC ID) or by shorthand (self, all, all but self), and INIT and
 * STARTUP IPIs that take a vCPU down and start it in real mode (the way
 * Linux brings up its CPUs; hv/vcpu.h), and NMIs (to any destination,
 * the sender too; SMI and remote read are ignored, as Xen ignores them).
 *
 * LINT0 and LINT1 keep the delivery mode the guest writes (fixed, NMI,
 * ExtINT) but nothing drives them: a PVH domain has no PIC and no NMI
 * source wired to them, as on Xen, where LINT0's ExtINT only matters for
 * an HVM guest's emulated PIC.  The timer LVT has no delivery mode (always
 * fixed), and neither has the error LVT, as Xen masks them.
 *
 * Xen's event-channel upcall vector is not routed through it: the run
 * loop injects that vector directly while evtchn_upcall_pending is set,
 * as Xen does for HVM_PARAM_CALLBACK_IRQ's vector type, so an EOI for it
 * finds nothing in ISR and is harmless.
 *
 * Context: hv_lock held; the MMIO and MSR paths run on v's CPU at its
 * exit, delivery to another vCPU from anywhere (it is kicked).
 */
#ifndef ASM_HVM_VLAPIC_H
#define ASM_HVM_VLAPIC_H

#include <hv/types.h>

struct vcpu;
struct domain;

#define VLAPIC_BASE		0xfee00000ULL

struct vlapic {
	uint32_t reg[0x400 / 4];	/* the register page, 32 bits per 16 bytes used */
	uint64_t apic_base;		/* IA32_APIC_BASE */
	uint64_t timer_start;		/* system time the count was loaded */
	uint64_t timer_period;		/* ns of one count-down; 0: stopped */
	uint64_t tsc_deadline;		/* IA32_TSC_DEADLINE, 0: disarmed */
	bool nmi_pending;		/* an NMI latched, not yet injected */
};

/*
 * v's APIC ID, as Xen numbers them (vcpu_id * 2, xrt/acpi.h): the ID
 * register, the x2APIC ID, CPUID leaves 1 and 0xb, the MADT.
 */
uint32_t vlapic_id(const struct vcpu *v);

/*
 * The APIC's part of v's CPUID leaf r[0..3] (EAX..EDX), applied over the
 * host's values: leaf 1 gives the APIC ID in EBX[31:24] and x2APIC in
 * ECX[21]; leaves 0xb and 0x1f the x2APIC ID in EDX.  x2APIC is offered
 * to every domain whatever the host CPU has, as Xen offers it to HVM and
 * PVH guests, so IA32_APIC_BASE.EXTD is settable for every guest (on
 * Xen it is a reserved bit, #GP, exactly when a guest's policy lacks
 * x2APIC).
 */
void vlapic_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t r[4]);

/* Power-on state for v (BSP bit on vCPU 0). */
void vlapic_init(struct vcpu *v);

/* Registers the xAPIC page of d in its MMIO intercepts.  0 or -errno. */
int vlapic_domain_init(struct domain *d);

/*
 * RDMSR / WRMSR of IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC
 * range: 0 done, -1 #GP, 1 not one of them.
 */
int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

/*
 * The exit fast path's x2APIC EOI (asm/hvm.h: hvm_fast_exit()): true when
 * msr and val are an EOI write v's APIC takes (x2APIC mode, value 0) and
 * its ISR is empty, so the EOI has nothing to do: no state changes and
 * nothing becomes deliverable.  That is the EOI of Xen's event upcall
 * vector, which is injected without passing through the ISR (Linux
 * acknowledges each per-vCPU upcall so).  Any other EOI (false) goes the
 * slow way, where the run loop decides again what to inject.  Runs on
 * v's CPU without hv_lock, and writes nothing: it reads v's mode and ISR,
 * which only v's CPU changes but for an INIT another vCPU sends, and that
 * leaves the ISR empty (an EOI with nothing to do either way).
 */
bool vlapic_fast_eoi(struct vcpu *v, uint32_t msr, uint64_t val);

/* Latches vector into v's IRR (TMR too when level) and wakes v. */
void vlapic_set_irq(struct vcpu *v, uint8_t vector, bool level);

/*
 * The highest vector v's APIC would deliver now (IRR above PPR, APIC
 * enabled), or -1.  vlapic_ack() moves it from IRR to ISR once injected.
 */
int vlapic_pending(struct vcpu *v);
void vlapic_ack(struct vcpu *v, uint8_t vector);

/*
 * An NMI (an ICR write with delivery mode NMI) waits for v: one is
 * latched at most, as on hardware.  vlapic_nmi_taken() once injected.
 */
bool vlapic_nmi_pending(struct vcpu *v);
void vlapic_nmi_taken(struct vcpu *v);

#endif
