/* SPDX-License-Identifier: MIT */
/*
 * A domain built by Dom0 the way a toolstack builds one, with this very
 * guest image as its kernel (child.c).
 */
#ifndef GUESTS_CHILD_H
#define GUESTS_CHILD_H

/*
 * Dom0: createdomain, max_mem, populate_physmap, the image and a start
 * info written through foreign mappings (add_to_physmap_batch,
 * remove_from_physmap), setvcpucontext at the PVH entry, unpause; then
 * waits for the child to end and finds its line in the console ring
 * (sysctl readconsole).  Prints PASS/FAIL lines named domctl/child-*.
 */
void child_domain_test(void);

/*
 * The child's side, when the command line starts with "child": prints the
 * token Dom0 wrote into its command line and powers off.  Returns only
 * when the command line is not a child's.
 */
void child_main(const char *cmdline);

#endif
