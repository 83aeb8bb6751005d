/* SPDX-License-Identifier: MIT */
/*
 * Generic bring-up: the banner, the command line, the hvm back end, the
 * domains of the boot modules (the first is Dom0), then the scheduler.
 *
 * Command line options:
 *   dom0_mem=SIZE          Dom0's RAM (default 64M)
 *   domU_mem=SIZE[,SIZE]   RAM of each DomU in module order; the last
 *                          size given holds for the rest (default 16M)
 *   domU_vcpus=N[,N]       vCPUs of each DomU in module order, 1 to 8; the
 *                          last number given holds for the rest (default 1)
 *   pirq_storm_limit=N     interrupts of one pirq in a 10 ms window before
 *                          its source is masked (default 50; the tests
 *                          lower it to reach it under TCG: arch/x86/irq.c)
 *   domU_max_evtchn_port=N[,N]  the highest event channel port each DomU
 *                          may allocate, in module order, the last for the
 *                          rest (default 1023, libxl's max_event_channels);
 *                          Dom0 has no limit but its ABI's, as on Xen
 * SIZE is a number with an optional K, M or G suffix.
 *
 * Modules: each ELF kernel becomes a domain; a module that is not an ELF
 * image is the ramdisk of the kernel module before it (domain_build.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <asm/hvm.h>
#include <hv/console.h>
#include <hv/domain_build.h>
#include <hv/param.h>
#include <hv/mm.h>
#include <hv/setup.h>
#include <hv/smp.h>
#include <hv/time.h>

char hv_cmdline[MAX_CMDLINE];
unsigned long boot_free_frames;

static uint64_t parse_size(const char *s, char **end)
{
	uint64_t v = strtoull(s, end, 0);

	switch (**end) {
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; (*end)++; break;
	default: break;
	}
	return v;
}

/* The value of option name= on the command line, or NULL. */
static const char *option(const char *name)
{
	size_t n = strlen(name);
	const char *p = hv_cmdline;

	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return NULL;
		if (!strncmp(p, name, n) && p[n] == '=')
			return p + n + 1;
		while (*p && *p != ' ')
			p++;
	}
}

uint64_t setup_size_option(const char *name, unsigned int index,
			   uint64_t dflt)
{
	const char *p = option(name);
	uint64_t v = dflt;
	char *end;

	if (!p)
		return dflt;
	for (;;) {
		v = parse_size(p, &end);
		if (!index-- || *end != ',')
			return v;
		p = end + 1;
	}
}

static void build_domains(const struct boot_info *bi)
{
	const struct boot_module *m, *ramdisk;
	unsigned int i, n = 0;
	uint64_t mem, vcpus, evtchns;
	int rc;

	if (!bi->nr_modules)
		printk("no boot modules: there is no domain to start\n");
	for (i = 0; i < bi->nr_modules; i++) {
		m = &bi->modules[i];
		ramdisk = i + 1 < bi->nr_modules &&
				  domain_build_is_ramdisk(&bi->modules[i + 1])
			  ? &bi->modules[i + 1] : NULL;
		mem = n ? setup_size_option("domU_mem", n - 1, DEFAULT_DOMU_MEM)
			: setup_size_option("dom0_mem", 0, DEFAULT_DOM0_MEM);
		vcpus = n ? setup_size_option("domU_vcpus", n - 1, 1) : 1;
		evtchns = n ? setup_size_option("domU_max_evtchn_port", n - 1,
						DEFAULT_DOMU_MAX_EVTCHN_PORT) : ~0u;
		rc = domain_build(m, ramdisk, n == 0, mem,
				  vcpus > MAX_VCPUS_PER_DOMAIN ? 0 : (unsigned int)vcpus,
				  evtchns > ~0u ? ~0u : (uint32_t)evtchns);
		if (rc)
			printk("module %u (%s): cannot build a domain: error %d\n",
			       i, m->cmdline, rc);
		n++;
		if (ramdisk)
			i++;
	}
}

void start_xenolith(struct boot_info *bi)
{
	strlcpy(hv_cmdline, bi->cmdline, sizeof(hv_cmdline));
	printk("Xenolith hypervisor, Xen %d.%d%s ABI\n", XENOLITH_VERSION_MAJOR,
	       XENOLITH_VERSION_MINOR, XENOLITH_EXTRAVERSION);
	printk("Command line: %s\n", hv_cmdline);
	printk("%lu MiB free for domains\n", page_alloc_free_count() >> 8);
	hvm_init();
	time_init();
	arch_devices_init();
	boot_free_frames = page_alloc_free_count();
	build_domains(bi);
	smp_start_others();
	hvm_run_loop();
}
