/* SPDX-License-Identifier: MIT */
/*
 * Virtual block devices: a disk of Dom0's (target.h: a RAM disk, vda or a
 * region of it) given to a DomU as xvda, xvdb, ...  The toolstack adds
 * them (xl.cfg's `disk`, `xl block-attach`: vbd_add()); so do Dom0's
 * command line, for the DomUs it boots with, and Dom0's shell:
 *
 *   vbd=N             (Dom0's command line) every DomU Dom0 takes on that
 *                     the toolstack did not build gets xvda, a RAM disk of
 *                     N MiB of its own (1..16)
 *   vbd attach D V TARGET [ro]   hot-plugs TARGET (target.h) as V (xvda,
 *                     xvdb, ...) into running domain D, read-only with `ro`
 *   vbd detach D V    unplugs it (the frontend is asked to close first)
 *   vbd [list]        devices, their states, counters
 *   vbd sum D V S N   checksum of sectors S..S+N-1 as Dom0's disk holds
 *                     them (drivers/pattern.h), to compare with a guest's
 *   vbd fill D V S N SEED   writes the pattern there, for a guest to read
 *   vbd bench D V MIB   Dom0's own MB/s and 4 KiB reads/s on that disk,
 *                     measured as the guest's `blkbench` does (make bench)
 *
 * A RAM disk lives as long as its device: unplugged, or its domain gone,
 * it is freed; a region of vda is released then (its data stays).
 */
#ifndef DRIVERS_VBD_H
#define DRIVERS_VBD_H

#include <stdbool.h>
#include <stddef.h>
#include <xen/xen.h>

/*
 * Reads `vbd=` from Dom0's command line and adds the `vbd` command to
 * Dom0's shell.  Returns 0 or shell_add()'s error.
 */
int vbd_init(void);

/*
 * Gives domain domid the disk target names (target.h) as vdev ("xvda"),
 * read-only when readonly.  0, or -errno with a sentence in why (naming
 * vdev and what was wrong): vbd_devid()'s, target_open()'s, -EEXIST (the
 * domain has vdev), blkback_add()'s.
 */
int vbd_add(domid_t domid, const char *vdev, const char *target,
	    bool readonly, char *why, size_t why_size);

/*
 * Unplugs vdev (a name, or a device number such as 51712) of domain domid
 * (xenbus_back_remove(): the frontend is asked to close first).  0,
 * -EINVAL (neither), -ENOENT (no such disk).
 */
int vbd_remove(domid_t domid, const char *vdev);

/* A DomU Dom0 just took on: gives it xvda when `vbd=` asks. */
void vbd_domain_new(domid_t domid);

/*
 * The virtual device number of a name: xvda 51712, xvdb 51728, ... (Xen's
 * (202 << 8) | (disk << 4)), or -EINVAL for anything but xvd[a-z].
 */
int vbd_devid(const char *name);

#endif
