/* SPDX-License-Identifier: MIT */
/*
 * Dom0's shell commands, added to the kernel's own (help info mem uptime
 * selftest poweroff reboot):
 *   list                  domains: id, name, memory, vCPUs, state
 *   console N             attach the terminal to domain N's console ring;
 *                         Ctrl-] comes back
 *   xs read|write|ls|rm PATH [VALUE]
 *                         the store, through Dom0's own privileged
 *                         connection (xenstored.h)
 */
#ifndef DOM0_COMMANDS_H
#define DOM0_COMMANDS_H

/* Adds the table to the shell.  0, or shell_add()'s error. */
int commands_init(void);

#endif
