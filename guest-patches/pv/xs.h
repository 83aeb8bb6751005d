/* SPDX-License-Identifier: MIT */
/*
 * The DomU shell's `xs` command over the xenbus client: read, write, ls,
 * rm and watch a path in the store, as Xen's xenstore-* tools do.  Added
 * only in a domain with a xenstore ring (Dom0 has its own `xs`, straight
 * into its xenstored).
 */
#ifndef PV_XS_H
#define PV_XS_H

/*
 * Adds the `xs` table to the shell (shell_add()).  Called once by
 * platform_start() after xenbus_init() succeeded.  Returns 0 or -ENOSPC.
 */
int xs_shell_add(void);

#endif
