/* SPDX-License-Identifier: MIT */
/*
 * The boot-time domain builder: turns a multiboot module holding a PVH ELF
 * kernel into a running domain, as Xen does for Dom0 (and as dom0less does
 * for DomUs).  Domains created later are built by Dom0's toolstack.
 */
#ifndef HV_DOMAIN_BUILD_H
#define HV_DOMAIN_BUILD_H

#include <hv/setup.h>

/*
 * Builds a domain from module m with mem_bytes of RAM and vcpus vCPUs
 * (1..MAX_VCPUS_PER_DOMAIN; the ACPI tables list them all): loads the ELF,
 * writes struct hvm_start_info (memory map, command line: the module's
 * string without its first word) after the kernel, and makes vCPU 0
 * runnable at the PHYS32 entry with EBX pointing at the start info; the
 * other vCPUs wait, down, for the guest to start them (VCPUOP_initialise
 * and VCPUOP_up, or INIT/SIPI through the local APIC).  The domain may
 * allocate event channel ports up to max_evtchn_port (~0: the ABI's limit).
 * ramdisk, when not NULL, is copied page-aligned right after the start
 * info page and named by the start info's module list (one entry, its
 * command line the ramdisk module's string without its first word), as
 * Xen hands a PVH kernel its initrd.
 * Returns 0 or a negative errno; on failure the domain does not exist.
 */
int domain_build(const struct boot_module *m, const struct boot_module *ramdisk,
		 bool privileged, uint64_t mem_bytes, unsigned int vcpus,
		 uint32_t max_evtchn_port);

/*
 * True when module m is a domain's ramdisk rather than a kernel: it does
 * not start with the ELF magic.  The boot loader's module list is then
 * "kernel [ramdisk] kernel [ramdisk] ...": a ramdisk belongs to the kernel
 * module just before it.
 */
bool domain_build_is_ramdisk(const struct boot_module *m);

#endif
