/* SPDX-License-Identifier: MIT */
/*
 * The VM database: every defined VM (running or not) in one XML file
 * (libxml2), rewritten whole and atomically on each change.
 *
 * A change is committed when db_save() returns 0: the new file was written
 * to a temporary name in the same directory, fsync'd, renamed over the old
 * one and the directory fsync'd.  A crash at any moment leaves either the
 * old file or the new one, never a mix.
 */
#ifndef XAPID_DB_H
#define XAPID_DB_H

#include <stddef.h>
#include <stdint.h>

#define VM_NAME_MAX 63 /* the channel carries 64 bytes with the NUL */
#define VM_PATH_MAX 4096 /* PATH_MAX */
#define VM_CMDLINE_MAX 1024
#define VM_UUID_LEN 36

/* What happens when the guest powers off, reboots or crashes (xl.cfg). */
enum vm_action {
	VM_ACTION_DESTROY,
	VM_ACTION_RESTART,
	VM_ACTION_PRESERVE,
	VM_ACTION_RENAME_RESTART,
};

/* One VM definition: what xl.cfg says about a domain. */
struct vm_def {
	char uuid[VM_UUID_LEN + 1];
	char name[VM_NAME_MAX + 1];
	unsigned long memory_mib; /* initial target */
	unsigned long maxmem_mib; /* maximum, >= memory_mib */
	unsigned int vcpus;
	unsigned int cpu_weight; /* credit scheduler weight, 1..65535 */
	unsigned int cap;	 /* credit cap in % of one CPU, 0 = none */
	unsigned int max_event_channels; /* xl.cfg's: the highest event
					    channel port, 1..131071 */
	uint64_t cpus;		 /* every vCPU's hard affinity (xl.cfg cpus=):
				    bit n = pCPU n; ~0 for any */
	char kernel[VM_PATH_MAX];
	char ramdisk[VM_PATH_MAX];
	char cmdline[VM_CMDLINE_MAX];
	enum vm_action on_poweroff, on_reboot, on_crash;
	int adopted; /* a domain xapid found running and did not create (a
			boot module): kept while that domain exists */
};

/* Names of enum vm_action as xl.cfg spells them; NULL past the end. */
const char *vm_action_name(enum vm_action a);
/* Parses an xl.cfg action name; 0 or -EINVAL. */
int vm_action_parse(const char *s, enum vm_action *out);

/*
 * Reads the database at path into a new array *defs of *n entries (the
 * caller frees it).  A missing file is an empty database.  Returns 0, -errno
 * on I/O errors or -EINVAL if the file is not a valid database.
 */
int db_load(const char *path, struct vm_def **defs, size_t *n);

/* Writes n definitions to path atomically (see above).  0 or -errno. */
int db_save(const char *path, const struct vm_def *defs, size_t n);

#endif
