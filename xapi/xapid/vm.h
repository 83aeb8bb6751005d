/* SPDX-License-Identifier: MIT */
/*
 * The VMs the API knows: every definition from the database (running or
 * halted) joined with the domains Dom0 reports.  Both the REST and the
 * XenAPI layers read and change VMs only through this module, so a change
 * is checked, persisted and announced (event.h) in one place.
 *
 * Identifiers: a VM is found by UUID or by name; a running one also by its
 * domid.  Its XenAPI reference is "OpaqueRef:" + UUID.  Its generation
 * counts changes and is the REST ETag.
 */
#ifndef XAPID_VM_H
#define XAPID_VM_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db.h"
#include "proto/msg.h"

#define VM_VCPUS_MAX MSG_MAX_VCPUS /* the hypervisor's limit (proto/msg.h) */
#define VM_MEMORY_MAX_MIB (1024 * 1024)
#define VM_REF_PREFIX "OpaqueRef:"

enum vm_power { VM_HALTED, VM_RUNNING, VM_PAUSED, VM_SHUTDOWN, VM_CRASHED };

struct vm {
	struct vm_def def;
	int domid;	     /* -1 while halted */
	enum vm_power power;
	char reason[16];     /* last shutdown reason: poweroff, reboot, ... */
	uint64_t cpu_ns;     /* CPU time used, as Dom0 last said */
	unsigned long generation;
	int control;	     /* Dom0 */
	uint64_t mem_kib;    /* current memory, as Dom0 last said */
};

/* The REST state name of a power state ("halted", "running", ...). */
const char *vm_power_name(enum vm_power p);
/* The XenAPI power_state of a power state ("Halted", "Running", ...). */
const char *vm_power_xenapi(enum vm_power p);

/*
 * Loads the database at db_path; every definition becomes a halted VM.
 * Adds Dom0 as the control domain.  0 or -errno (the database is bad).
 */
int vm_init(const char *db_path);
/* Frees every VM (at exit). */
void vm_fini(void);

/* Number of VMs, and the i-th (stable until the next define/undefine). */
size_t vm_count(void);
struct vm *vm_at(size_t i);
/* Finds a VM by UUID, name or (running) domid; NULL if none. */
struct vm *vm_find(const char *id);
/* Finds a VM by XenAPI reference; NULL if none. */
struct vm *vm_find_ref(const char *ref);
/* Writes the XenAPI reference of v to buf (at least 48 bytes). */
void vm_ref(const struct vm *v, char *buf, size_t size);

/*
 * Checks a definition before anything is done with it: name 1..64 of
 * [A-Za-z0-9_.-], memory 1..VM_MEMORY_MAX_MIB, maxmem >= memory, vcpus
 * 1..VM_VCPUS_MAX, weight 1..65535, cap 0..100 per CPU, kernel and
 * ramdisk absolute paths if given (a definition to start needs a kernel;
 * an adopted domain has none).  Returns 0 or -EINVAL with a reason in why.
 */
int vm_def_check(const struct vm_def *d, char *why, size_t whysz);
/* Fills a definition with xl's defaults (memory 128, vcpus 1, weight 256,
 * on_poweroff destroy, on_reboot restart, on_crash destroy). */
void vm_def_defaults(struct vm_def *d);

/*
 * Defines a new VM (checked, given a random UUID if it has none), persists
 * the database and posts a "defined" event.  *out gets the VM.  Returns 0,
 * -EINVAL, -EEXIST (name or UUID taken) or -errno from the database.
 */
int vm_define(const struct vm_def *d, struct vm **out);
/*
 * Replaces the definition of v with d (same UUID), persists and posts a
 * "changed" event.  0, -EINVAL or -errno; v is unchanged on failure.
 */
int vm_redefine(struct vm *v, const struct vm_def *d);
/* Removes a halted VM's definition: 0, -EBUSY if not halted, -EPERM for
 * Dom0, -errno from the database. */
int vm_undefine(struct vm *v);

/*
 * Follows Dom0's domains through the agent (agent.h): each domain it
 * reports updates the VM of that domid or name, or is adopted as a new VM
 * (kept in the database while its domain exists, so that its UUID
 * survives a restart of xapid); a domain that goes leaves its VM halted
 * (an adopted one disappears).  A definition whose domain was renamed in
 * Dom0 while another domain took its name (rename-restart) follows the
 * name; the renamed domain is adopted.
 * When the channel comes up the whole list is read again.  An event is
 * posted for every change.  Call once, after vm_init().
 */
void vm_follow_dom0(void);
/* Records that v now runs as domid (a start Dom0 confirmed). */
void vm_started(struct vm *v, int domid);
/* Records that v's domain was destroyed (Dom0 confirmed). */
void vm_stopped(struct vm *v);
/* Records that Dom0 paused (1) or unpaused (0) v's domain. */
void vm_paused(struct vm *v, int paused);

/* A CPU mask as REST shows it: an array of CPU numbers (a new reference). */
json_t *vm_cpus_json(uint64_t mask);
/* Reads such an array (non-empty, numbers 0..63) into *mask: 0 or -EINVAL,
 * for which VM_CPUS_RULE says what is expected. */
int vm_cpus_parse(const json_t *cpus, uint64_t *mask);
#define VM_CPUS_RULE "cpus must be a non-empty array of CPU numbers 0..63"

/* The VM as REST shows it (a new reference); "cpus" only when the
 * definition restricts them. */
json_t *vm_json(const struct vm *v);

#endif
