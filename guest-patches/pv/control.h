/* SPDX-License-Identifier: MIT */
/*
 * The PV control interface, as Linux's xen/manage.c offers it: the guest
 * says it understands shutdown requests (control/feature-poweroff and
 * control/feature-reboot = 1 in its home), then watches control/shutdown;
 * "poweroff" powers the domain off and "reboot" reboots it
 * (SCHEDOP_shutdown), which is what `xl shutdown` and `xl reboot` ask.
 */
#ifndef PV_CONTROL_H
#define PV_CONTROL_H

/*
 * Starts a thread that writes the features and sets the watch (requests
 * wait for replies, which the boot context may not).  0 or -errno.
 */
int control_start(void);

#endif
