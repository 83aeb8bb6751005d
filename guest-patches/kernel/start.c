/* SPDX-License-Identifier: MIT */
/* The bring-up and first thread every kernel built here shares (kernel.h). */
#include <stdbool.h>
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

void kernel_start(int protocol, uint32_t info_pa, const char *banner)
{
	int boot_rc, rc;

	trap_init();
	boot_rc = boot_info_parse(protocol, info_pa);
	rc = platform_init();
	kprintf("%s (%s build)\n", banner, platform_name());
	if (rc)
		panic("platform: error %d", rc);
	if (boot_rc)
		panic("boot information (protocol %d): error %d", protocol,
		      boot_rc);
	memory_init();
	rc = platform_start();
	if (rc)
		kprintf("platform start: error %d\n", rc);
}

void kernel_run(const char *prompt)
{
	bool selftest = args_has(boot_info.cmdline, "selftest");
	int rc;

	rc = thread_create(selftest ? "selftest" : "shell",
			   selftest ? selftest_thread : shell_thread,
			   (void *)prompt);
	if (rc < 0)
		panic("first thread: error %d", rc);
	thread_run_idle();
}
