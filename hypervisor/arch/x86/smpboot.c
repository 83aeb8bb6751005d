/* SPDX-License-Identifier: MIT */
/* Bringing the application processors up (see asm/smp.h and hv/smp.h). */
#include <string.h>
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <hv/console.h>
#include <hv/mm.h>
#include <hv/param.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/spinlock.h>

#define AP_WAIT_MS	200

extern const uint8_t ap_trampoline[], ap_trampoline_end[];

static volatile unsigned int cpus_online = 1;
static volatile bool go;	/* the boot CPU built the domains: schedule */

void ap_start(unsigned int cpu);
void ap_start(unsigned int cpu)
{
	percpu_init(cpu);
	traps_init_ap(cpu);
	apic_enable_ap();
	spin_lock(&hv_lock);
	printk("CPU %u up (APIC ID %u)\n", cpu, this_cpu()->apic_id);
	__atomic_add_fetch(&cpus_online, 1, __ATOMIC_RELEASE);
	spin_unlock(&hv_lock);
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		cpu_relax();
	hvm_run_loop();
}

void smp_boot(void)
{
	size_t len = (size_t)(ap_trampoline_end - ap_trampoline);
	uint64_t end;

	_Static_assert(AP_TRAMPOLINE % PAGE_SIZE == 0 && AP_TRAMPOLINE < 0x100000,
		       "the SIPI vector names a page below 1 MiB");
	memcpy(maddr_to_virt(AP_TRAMPOLINE), ap_trampoline, len);
	apic_start_aps(AP_TRAMPOLINE >> PAGE_SHIFT);
	end = rdtsc() + tsc_per_ms * AP_WAIT_MS;
	/* Done when the CPUs that took a number have all reported. */
	while (rdtsc() < end)
		cpu_relax();
	spin_lock(&hv_lock);
	printk("%u CPU%s online\n", smp_cpus_online(),
	       smp_cpus_online() > 1 ? "s" : "");
	spin_unlock(&hv_lock);
}

void smp_start_others(void)
{
	__atomic_store_n(&go, true, __ATOMIC_RELEASE);
}

unsigned int smp_cpus_online(void)
{
	return __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
}

unsigned int smp_processor_id(void)
{
	return this_cpu()->cpu_id;
}

void smp_kick(unsigned int cpu)
{
	apic_send_kick(per_cpu(cpu)->apic_id);
}
