/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks, and the one lock the hypervisor takes: hv_lock.
 *
 * Xenolith serialises the hypervisor with a single lock, taken on every
 * way in (a VM exit, the wake-up of an idle CPU, an application processor
 * coming up) and released on every way out (VM entry, halt).  Guests run
 * outside it, so domains compute in parallel on all CPUs; only exit
 * handling is serialised.  Exits are short and, on the emulators we
 * target, rare next to guest execution, so one lock costs little and
 * keeps every structure of the hypervisor free of lock ordering rules.
 * docs/architecture.md ("SMP") explains what code outside the lock may
 * touch (the world switch and interrupt handlers: per-CPU flags only).
 *
 * Tickets make the lock fair: CPUs get it in the order they asked, so a
 * busy CPU cannot starve another's exit handling.  Interrupts stay off
 * while it is held or awaited.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/types.h>

typedef struct {
	uint32_t next;		/* the next ticket handed out */
	uint32_t serving;	/* the ticket that holds the lock */
	int owner;		/* CPU holding it, -1 when free (for checks) */
} spinlock_t;

#define SPINLOCK_INIT	{ 0, 0, -1 }

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

/* True when the calling CPU holds l. */
bool spin_is_mine(const spinlock_t *l);

/* The hypervisor lock. */
extern spinlock_t hv_lock;

#endif
