/* SPDX-License-Identifier: MIT */
/*
 * The DomUs Dom0 serves.  guest_scan() compares the hypervisor's domain
 * list (XEN_SYSCTL_getdomaininfolist) with the domains Dom0 knows:
 *
 *   a new domain N gets its xenstore entries (/local/domain/N/{name,
 *   domid, vm, memory/target, console/..., device, control, data} and
 *   /vm/UUID), then, when the hypervisor gave it a xenstore page and a
 *   console page (HVM_PARAM_STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN), is
 *   introduced to xenstored and connected to the console backend;
 *
 *   a domain that shut down is released (@releaseDomain, its watches and
 *   transactions) and disconnected from the console and device backends,
 *   its entries kept while it stays shut down (xapid's on_poweroff,
 *   on_reboot and on_crash policy decides its fate: `preserve' keeps it);
 *   a boot-built domain (no handle: no configuration to act on) that shut
 *   down is destroyed here, as xl's default policy would;
 *
 *   a domain that is gone has its entries removed.
 *
 * Boot-built domains have no name of their own in the hypervisor's
 * interface, so Dom0 calls domain N "domU-N" (and itself "Domain-0").
 *
 * Not locked: everything runs in Dom0's cooperative threads.
 */
#ifndef DOM0_GUEST_H
#define DOM0_GUEST_H

#include <stdbool.h>
#include <xen/xen.h>

/* Writes Dom0's own entries (/local/domain/0/...).  0 or -errno. */
int guest_init(void);

/* Takes on new domains and lets dead ones go, as described above. */
void guest_scan(void);

/*
 * True once the domain list, read at the last scan, holds no DomU in any
 * state (for exit-when-alone): those that ended before Dom0 first looked
 * count as gone.
 */
bool guest_all_gone(void);

/*
 * True while Dom0 serves DomU domid: taken on (its store entries and
 * console are up) and not yet seen to die.  Devices go only to these.
 */
bool guest_served(domid_t domid);

/* The name Dom0 gives domid, in buf of size bytes. */
void guest_name(domid_t domid, char *buf, unsigned int size);

#endif
