/* SPDX-License-Identifier: MIT */
/*
 * Dom0's service thread: it finds new and dead domains (guest_scan()),
 * then serves every xenstore ring (xenstored_poll()) and every console
 * ring (consback_poll()) that signalled, then blocks until something
 * wakes it:
 *
 *   the event of a DomU's xenstore or console ring (their handlers call
 *   service_wake());
 *
 *   VIRQ_DOM_EXC, which the hypervisor raises when it destroys a domain:
 *   the next round scans the domain list;
 *
 *   a fallback deadline, SERVICE_SCAN_NS after the last scan (see
 *   service.c for why it is still needed); when VIRQ_DOM_EXC cannot be
 *   bound, the domain list is polled every SERVICE_POLL_NS as before.
 *
 * Domains the hypervisor built at boot exist before Dom0 starts: the
 * first round, right after VIRQ_DOM_EXC is bound, finds them.  Dom0
 * creates no domains itself.
 *
 * The boot argument `exit-when-alone` powers Dom0 off once no DomU is
 * left, however each ended (test boots that must end by themselves; a DomU
 * that crashed before Dom0 looked, which the hypervisor destroyed, ends
 * the run as well).
 */
#ifndef DOM0_SERVICE_H
#define DOM0_SERVICE_H

#define SERVICE_SCAN_NS	1000000000ull	/* fallback scan: 1 s */
#define SERVICE_POLL_NS	10000000ull	/* no VIRQ_DOM_EXC: 10 ms */

/*
 * Binds VIRQ_DOM_EXC and starts the service thread.  Call once, after
 * xenstored_init() and guest_init().  Returns 0 or a negative errno
 * (thread_create()'s); a VIRQ that cannot be bound is reported and the
 * domain list polled instead.
 */
int service_start(void);

/*
 * Wakes the service thread for another round.  Callable from event
 * handlers (interrupt context) and threads; a wake-up while the thread is
 * busy is not lost: the round after it runs at once.
 */
void service_wake(void);

#endif
