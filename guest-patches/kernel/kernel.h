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

#endif
