/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel's entry: the shared bring-up (start.c), then the first
 * thread: the shell, or the selftest when the command line says
 * `selftest` (it powers off when done, for tests).
 */
#include "kernel.h"

void kernel_main(int protocol, uint32_t info_pa)
{
	kernel_start(protocol, info_pa, KERNEL_BANNER);
	kernel_run("guest> ");
}
