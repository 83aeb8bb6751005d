/* SPDX-License-Identifier: MIT */
/*
 * What the xenbus client needs from the kernel (threads, event channels),
 * played on the host for test_xenbus.c.  There are no threads: the store
 * runs when the client signals the port, and a wait that nothing could
 * end calls the test's hook to move the store's side by hand; a wait the
 * hook cannot end either is a deadlock and fails the test.
 */
#ifndef TESTS_UNIT_GUEST_XENBUS_STUB_H
#define TESTS_UNIT_GUEST_XENBUS_STUB_H

#include <stdbool.h>

/*
 * Called when the client signals the store's port (evtchn_send): a test
 * runs the store there.  NULL: the signal is only counted.
 */
extern void (*stub_on_send)(void);

/*
 * Called when the client would block: returns true when it produced
 * something for the client (and signalled it with stub_store_kick()).
 * NULL, or false returned: the wait is a deadlock (the test fails).
 */
extern bool (*stub_on_wait)(void);

/* Signals sent by the client since the last stub_reset(). */
extern unsigned int stub_sends;

/* The store signals the client: runs the handler xenbus attached. */
void stub_store_kick(void);

/* Forgets hooks and counts (not the attached handler). */
void stub_reset(void);

#endif
