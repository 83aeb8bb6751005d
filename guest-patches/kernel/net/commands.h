/* SPDX-License-Identifier: MIT */
/*
 * The network's shell commands, built into every kernel's shell
 * (kernel/shell.c): `ip` (devices, addresses, counters; `ip addr` sets an
 * address, `ip neigh` lists the ARP table) and `ping` (ICMP echo, with
 * the round trip of each reply).
 */
#ifndef KERNEL_NET_COMMANDS_H
#define KERNEL_NET_COMMANDS_H

#include "../shell.h"

extern const struct shell_command net_commands[];

#endif
