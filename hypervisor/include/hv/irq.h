/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts for Dom0, Xen's PV-Dom0 model (docs/devices.md).
 *
 * Dom0 asks for a physical IRQ ("pirq") with PHYSDEVOP_map_pirq: a GSI (an
 * IO-APIC pin: a PCI device's INTx, named by its Interrupt Line register)
 * or one MSI / MSI-X vector of a PCI function.  The hypervisor picks a CPU
 * vector and programs the IO-APIC redirection entry or the MSI address and
 * data itself (Dom0 never writes them: its writes to the MSI and MSI-X
 * capabilities and the MSI-X table are mediated, asm/pci.h).  Dom0 binds
 * the pirq to an event channel (EVTCHNOP_bind_pirq); each interrupt then
 * marks that port pending.
 *
 * A level-triggered GSI is masked at the IO-APIC when it fires and stays
 * masked until Dom0 says PHYSDEVOP_eoi (irq_status_query reports
 * XENIRQSTAT_needs_eoi for it), so a device that holds its line up costs
 * one event per EOI, not a CPU.  Every pirq is also rate-limited: more than
 * PIRQ_STORM_LIMIT (or the pirq_storm_limit= boot option) interrupts in
 * one PIRQ_STORM_WINDOW_NS window and its source is masked until the
 * window ends (an IO-APIC pin, an MSI-X vector, an MSI vector that has a
 * mask bit), so a storming device cannot starve the CPUs that take its
 * interrupts.
 *
 * Context: everything here runs under hv_lock but irq_interrupt().
 * Errors are Xen's: -EINVAL for a bad or unmapped pirq, -ENODEV for a GSI
 * no IO-APIC has or a function without the capability, -EEXIST for a pirq
 * or source mapped twice, -ENOSPC when pirqs or vectors ran out.
 */
#ifndef HV_IRQ_H
#define HV_IRQ_H

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <hv/types.h>

struct domain;
struct vcpu;

/*
 * Binds pirq, mapped by d, to d's port: its interrupts mark the port
 * pending from now on, and its source is unmasked.
 */
int pirq_bind(struct domain *d, uint32_t pirq, evtchn_port_t port);

/* The port bound to pirq was closed: the source is masked again. */
void pirq_unbind(struct domain *d, uint32_t pirq);

/* d dies: every pirq it mapped is unmapped and its source masked. */
void pirq_domain_destroy(struct domain *d);

/*
 * Delivers the interrupts taken since the last call (interrupt handlers
 * only note them) and ends storm windows.  Run loop, after each window in
 * which interrupts were taken, hv_lock held.
 */
void pirq_softirq(void);

/* The physdev_op hypercall (Dom0 only, -ENOSYS for others: the table says so). */
long do_physdev_op(struct vcpu *v, const unsigned long *args);

struct physdev_map_pirq;

/*
 * PHYSDEVOP_map_pirq's act half, m copied in already (native layout):
 * maps m->index (a GSI, or an MSI of m->bus/m->devfn) for v's domain and
 * sets m->pirq.  Returns 0, -EPERM for another domain or a GSI the
 * hypervisor keeps, -EINVAL for an unknown type or a bad index, -ENODEV
 * for an MSI of no device, or irq.c's errors.
 */
long physdev_map_pirq(struct vcpu *v, struct physdev_map_pirq *m);

#endif
