/* SPDX-License-Identifier: MIT */
/*
 * Generic bring-up.  The arch entry code gathers what the boot loader said
 * into struct boot_info, hands the RAM to the frame allocator and calls
 * start_xenolith(), which never returns.
 */
#ifndef HV_SETUP_H
#define HV_SETUP_H

#include <hv/param.h>
#include <hv/types.h>

struct acpi_mcfg;
struct domain;

struct boot_module {
	paddr_t start, end;		/* machine addresses of the image */
	char cmdline[MAX_CMDLINE];	/* the loader's string for it */
};

struct boot_info {
	char cmdline[MAX_CMDLINE];	/* the hypervisor's command line */
	unsigned int nr_modules;
	struct boot_module *modules;	/* nr_modules of them, in frames */
};

#define XENOLITH_VERSION_MAJOR	4	/* the Xen ABI version we speak */
#define XENOLITH_VERSION_MINOR	17
#define XENOLITH_EXTRAVERSION	".0-xenolith"

/* The hypervisor's command line, kept for XENVER_commandline. */
extern char hv_cmdline[MAX_CMDLINE];

/* Free frames before the first domain was built: each must come back. */
extern unsigned long boot_free_frames;

void start_xenolith(struct boot_info *bi) __noreturn;

/*
 * The index-th number of option name=N[,N...] on the hypervisor's command
 * line (K, M, G suffixes allowed; the last one given repeats), or dflt
 * when the option is absent.  Valid once start_xenolith() has run.
 */
uint64_t setup_size_option(const char *name, unsigned int index,
			   uint64_t dflt);

/*
 * Finds the machine's devices (PCI) that Dom0 will own; called once, after
 * the back end is up and before the boot domains are built.
 */
void arch_devices_init(void);

/*
 * Hands the machine's devices to the hardware domain d (Dom0) as it is
 * built.  0 or -errno (the build fails).
 */
int arch_hardware_domain_init(struct domain *d);

/*
 * The configuration space windows (ECAM) the hardware domain may use, as
 * entries of the MCFG in its ACPI tables: the windows the hypervisor
 * mediates for it, at most max of them into out.  Returns how many.
 */
unsigned int arch_hardware_domain_mcfg(struct acpi_mcfg *out, unsigned int max);

/* Arch entry, called by boot.S with the multiboot magic and info address. */
void arch_start(uint32_t magic, uint32_t info) __noreturn;

#endif
