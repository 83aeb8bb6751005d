/* SPDX-License-Identifier: MIT */
/*
 * xl's commands: one function per verb, in files by what they act on
 * (domains.c: the domain list and names; lifecycle.c: create, destroy,
 * shutdown, pause...; resources.c: memory, vCPUs, scheduler; host.c:
 * info, dmesg, top; devices.c: disks and vifs).  A command returns the exit status: 0, or 1 after
 * printing "xl: what failed: why" on stderr.
 */
#ifndef XL_XL_H
#define XL_XL_H

#include <stdbool.h>
#include <stdint.h>
#include "proto/msg.h"

/* A row of the command table (main.c). */
struct xl_command {
	const char *name;
	int (*fn)(int argc, char **argv);	/* argv[0] is the verb */
	const char *args;			/* usage after the verb */
	const char *help;			/* one line */
};

/* Prints "usage: xl VERB ARGS" for argv[0]'s verb; returns 1. */
int xl_usage(const char *verb);

/* Prints "xl: <what>: <why>" (why: the client's last error); returns 1. */
int xl_fail(const char *what, ...) __attribute__((format(printf, 1, 2)));

/*
 * Every domain (Dom0's list), malloc'd into *doms.  0, or -errno after
 * printing why.
 */
int xl_domains(struct msg_dominfo **doms, unsigned int *n);

/*
 * A domain named by the user: its id, or its name (xl accepts both).
 * 0, or -errno after printing why ("no domain called ...").
 */
int xl_resolve(const char *dom, uint32_t *domid);

/*
 * True when d is among the domains argv[first..argc) name, by name or id
 * (every domain when they name none).
 */
bool xl_wanted(const struct msg_dominfo *d, int argc, char **argv, int first);

int cmd_list(int argc, char **argv);
int cmd_domid(int argc, char **argv);
int cmd_domname(int argc, char **argv);
int cmd_rename(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_unpause(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_mem_set(int argc, char **argv);
int cmd_mem_max(int argc, char **argv);
int cmd_vcpu_list(int argc, char **argv);
int cmd_vcpu_pin(int argc, char **argv);
int cmd_sched_credit(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_block_attach(int argc, char **argv);
int cmd_block_detach(int argc, char **argv);
int cmd_block_list(int argc, char **argv);
int cmd_network_attach(int argc, char **argv);
int cmd_network_detach(int argc, char **argv);
int cmd_network_list(int argc, char **argv);

#endif
