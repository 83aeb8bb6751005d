/* SPDX-License-Identifier: MIT */
/*
 * Dom0's domain builder: PVH domains created at run time, as Xen's libxl
 * and libxenguest build them, in phases.  Each phase's failure names it
 * ("populate: ...") and undoes everything done so far: the domain is
 * destroyed (its memory, event channels and grants go with it), Dom0's
 * foreign mappings are unmapped and the build is forgotten.
 *
 *   builder_create():  create (domctl createdomain, vCPUs, handle),
 *                      memory (max_mem, populate_physmap),
 *                      scheduler (weight, cap, affinity),
 *                      rings (xenstore and console event channels,
 *                      HVM_PARAM_STORE_* and CONSOLE_*)
 *   builder_upload():  upload: each image streamed, in file order, into the
 *                      domain's memory through foreign mappings (never held
 *                      whole in Dom0) while it is hashed; the kernel's ELF
 *                      headers come first and place its segments, the
 *                      ramdisk follows the start-info page; runs of zeros
 *                      (builder_upload_zero()) are hashed as their
 *                      encoding and not written
 *   builder_finish():  verify (each SHA-256), load (the PVH entry note),
 *                      start-info (hvm_start_info, memory map, ACPI tables
 *                      (<xrt/acpi.h>, rsdp_paddr), command line,
 *                      the ramdisk module), vcpu (setvcpucontext),
 *                      xenstore (the standard entries, XS_INTRODUCE, the
 *                      console), devices (the spec's disks and vifs:
 *                      drivers/backend/vbd.h, vif.h), unpause (unless
 *                      asked to stay paused)
 *
 * Guest-physical layout, as the hypervisor's boot builder has it:
 *   kernel segments ... | start-info page | ramdisk ... | free | ACPI tables |
 *   xenstore page | console page (the last two pages, reserved in the map)
 *
 * Fault injection for tests: when /tool/xenolith/builder-fail in Dom0's
 * store names a phase, that phase fails with -EIO ("injected").
 *
 * Not locked: the agent's thread calls it.
 */
#ifndef DOM0_BUILDER_H
#define DOM0_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <xen/xen.h>
#include <stdint.h>
#include "../../xapi/proto/msg.h"

/*
 * Builds up to the upload.  Returns 0 with the new domain's id in *domid,
 * or -errno with why (what failed, "phase: reason") written.
 */
int builder_create(const struct msg_domspec *spec, uint32_t *domid,
		   char *why, size_t why_size);

/* One piece of an image (msg_upload_data).  0 or -errno with why; a failure aborts. */
int builder_upload(const struct msg_upload_data *u, char *why, size_t why_size);

/*
 * A run of zeros of an image (msg_upload_zero), in the image's order like
 * a piece of data; nothing is written (image.h).  As builder_upload().
 */
int builder_upload_zero(const struct msg_upload_zero *z, char *why, size_t why_size);

/* Finishes the build of domid.  0 or -errno with why; a failure aborts. */
int builder_finish(uint32_t domid, char *why, size_t why_size);

/*
 * True while domid is being built and not yet ready for guest.c to take
 * on (its entries, XS_INTRODUCE and console come with the xenstore phase).
 */
bool builder_building(domid_t domid);

/*
 * True while domid is in the builder's hands (created, not yet finished):
 * its devices are the spec's, not the ones Dom0's command line gives.
 */
bool builder_builds(domid_t domid);

/*
 * Abandons the build of domid, if one is in progress: its domain is
 * destroyed and the builder forgets it, so that a later upload for a reused
 * domid cannot write into another domain.  True if there was one.
 */
bool builder_abort(domid_t domid);

/* Abandons every build in progress (its domain destroyed): the host left. */
void builder_abort_all(void);

#endif
