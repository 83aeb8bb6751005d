/* SPDX-License-Identifier: MIT */
/* Ticket spinlocks and the hypervisor lock (see hv/spinlock.h). */
#include <asm/cpu.h>
#include <hv/console.h>
#include <hv/smp.h>
#include <hv/spinlock.h>

spinlock_t hv_lock = SPINLOCK_INIT;

void spin_lock(spinlock_t *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
	l->owner = (int)smp_processor_id();
}

void spin_unlock(spinlock_t *l)
{
	if (l->owner != (int)smp_processor_id())
		panic("CPU %u releases a lock held by %d", smp_processor_id(),
		      l->owner);
	l->owner = -1;
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

bool spin_is_mine(const spinlock_t *l)
{
	return l->owner == (int)smp_processor_id();
}
