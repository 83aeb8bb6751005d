/* SPDX-License-Identifier: MIT */
/*
 * Bring-up: traps, boot information, the platform (console first), memory,
 * page tables, then the first thread: the shell, or the selftest when the
 * command line says `selftest` (it powers off when done, for tests).
 */
#include <stddef.h>
#include "args.h"
#include "boot.h"
#include "kernel.h"
#include "memory.h"
#include "platform.h"
#include "power.h"
#include "print.h"
#include "selftest.h"
#include "shell.h"
#include "thread.h"
#include "trap.h"

static void selftest_thread(void *arg)
{
	(void)arg;
	selftest_run();
	power_off();
}

void kernel_main(int protocol, uint32_t info_pa)
{
	int boot_rc, rc;
	bool selftest;

	trap_init();
	boot_rc = boot_info_parse(protocol, info_pa);
	rc = platform_init();
	kprintf("%s (%s build)\n", KERNEL_BANNER, platform_name());
	if (rc)
		panic("platform: error %d", rc);
	if (boot_rc)
		panic("boot information (protocol %d): error %d", protocol,
		      boot_rc);
	memory_init();
	rc = platform_start();
	if (rc)
		kprintf("platform services: error %d\n", rc);
	selftest = args_has(boot_info.cmdline, "selftest");
	rc = thread_create(selftest ? "selftest" : "shell",
			   selftest ? selftest_thread : shell_thread, "guest> ");
	if (rc < 0)
		panic("first thread: error %d", rc);
	thread_run_idle();
}
