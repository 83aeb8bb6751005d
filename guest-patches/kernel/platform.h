/* SPDX-License-Identifier: MIT */
/*
 * The platform contract: what the machine below the kernel is.  The build
 * links native/platform.c (a PC with no hypervisor) or pv/platform.c (a
 * Xen-compatible hypervisor: Xenolith or Xen), never both; together with
 * console.h, clock.h and power.h this is the whole seam between the kernel
 * core and the piece the paravirtual build replaces.
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

/*
 * Brings the platform up: the console first, then interrupts and the
 * clock.  Called once from kernel_main() with the IDT loaded and nothing
 * printed yet.  The paravirtual build does not return when no
 * Xen-compatible hypervisor is present: it says so and halts.  Returns 0 or
 * a negative errno (the caller panics).
 */
int platform_init(void);

/*
 * Starts what needs the kernel's own page tables (the PV build's console
 * ring).  Called once from kernel_main() after memory_init().  Returns 0
 * or a negative errno (the caller reports it; the boot console stays).
 */
int platform_start(void);

/* "native" or "paravirtual": the build, for the banner. */
const char *platform_name(void);

/* Prints the platform's lines of `info` (domain, hypervisor, features). */
void platform_info(void);

/* Runs the platform's own selftests (selftest_check() per test). */
void platform_selftest(void);

/*
 * Starts the platform's services that need the page allocator, the page
 * tables or threads (the PV build's xenbus client and its `xs` command),
 * called once by kernel_main() after memory_init() and before the first
 * thread.  Returns 0 or the first service's negative errno; the kernel
 * goes on without that service.
 */
int platform_start(void);

#endif
