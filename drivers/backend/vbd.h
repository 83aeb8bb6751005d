/* SPDX-License-Identifier: MIT */
/*
 * Virtual block devices as Dom0 hands them out until the toolstack's
 * `disk=` key does: RAM disks attached to DomUs, by Dom0's command line
 * or by hand from Dom0's shell.
 *
 *   vbd=N             (Dom0's command line) every DomU Dom0 takes on gets
 *                     xvda, a RAM disk of N MiB of its own (1..16)
 *   vbd attach D V N [ro]   hot-plugs RAM disk V (xvda, xvdb, ...) of N
 *                     MiB into running domain D, read-only with `ro`
 *   vbd detach D V    unplugs it (the frontend is asked to close first)
 *   vbd [list]        devices, their states, counters
 *   vbd sum D V S N   checksum of sectors S..S+N-1 as Dom0's disk holds
 *                     them (drivers/pattern.h), to compare with a guest's
 *   vbd fill D V S N SEED   writes the pattern there, for a guest to read
 *   vbd bench D V MIB   Dom0's own MB/s and 4 KiB reads/s on that disk,
 *                     measured as the guest's `blkbench` does (make bench)
 *
 * A RAM disk lives as long as its device: unplugged, or its domain gone,
 * it is freed.
 */
#ifndef DRIVERS_VBD_H
#define DRIVERS_VBD_H

#include <xen/xen.h>

/*
 * Reads `vbd=` from Dom0's command line and adds the `vbd` command to
 * Dom0's shell.  Returns 0 or shell_add()'s error.
 */
int vbd_init(void);

/* A DomU Dom0 just took on: gives it xvda when `vbd=` asks. */
void vbd_domain_new(domid_t domid);

/*
 * The virtual device number of a name: xvda 51712, xvdb 51728, ... (Xen's
 * (202 << 8) | (disk << 4)), or -EINVAL for anything but xvd[a-z].
 */
int vbd_devid(const char *name);

#endif
