/* SPDX-License-Identifier: MIT */
/* Dom0's device commands (lspci, vcons) and the bring-up of dom0/hw/. */
#include <errno.h>
#include <string.h>
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/shell.h"
#include "hw.h"
#include "pci.h"
#include "virtio_console.h"

static int cmd_lspci(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_print();
	return 0;
}

static int cmd_vcons(int argc, char **argv)
{
	int rc;

	if (argc == 1) {
		vcons_print();
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "echo")) {
		kprintf("usage: vcons [echo PORT]\n");
		return -EINVAL;
	}
	rc = vcons_echo(argv[2]);
	if (rc)
		kprintf("vcons: echo %s: error %d\n", argv[2], rc);
	else
		kprintf("vcons: echoing port %s\n", argv[2]);
	return rc;
}

static const struct shell_command hw_commands[] = {
	{ "lspci", cmd_lspci, 0, 0, "lspci",
	  "PCI devices: BDF, ids, class, interrupt, BARs, driver" },
	{ "vcons", cmd_vcons, 0, 2, "vcons [echo PORT]",
	  "virtio-console ports; echo PORT writes back what it receives" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

int hw_init(void)
{
	pci_init();
	return shell_add(hw_commands);
}
