/* SPDX-License-Identifier: MIT */
/* The kernel's name and its C entry point. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdint.h>

#define KERNEL_VERSION	"0.1"
#define KERNEL_BANNER	"Xenolith guest kernel " KERNEL_VERSION

/*
 * Called by head.S in long mode on the boot stack, interrupts off:
 * protocol is BOOT_MULTIBOOT or BOOT_PVH (0 for an unknown loader), info_pa
 * the loader's information block.  Never returns: the boot thread becomes
 * the idle thread.
 */
void kernel_main(int protocol, uint32_t info_pa) __attribute__((noreturn));

/*
 * The bring-up every kernel built here shares (start.c): traps, boot
 * information, the platform (console first; the banner printed as
 * "banner (platform build)"), memory and page tables, then the platform's
 * services that need them.  Panics on what the kernel cannot run without.
 */
void kernel_start(int protocol, uint32_t info_pa, const char *banner);

/*
 * Starts the first thread — the selftest when the command line says
 * `selftest` (it powers off when done, for tests), else the shell with
 * prompt — and becomes the idle thread.
 */
void kernel_run(const char *prompt) __attribute__((noreturn));

#endif
