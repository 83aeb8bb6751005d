/* SPDX-License-Identifier: MIT */
/*
 * The console backend: Dom0's end of each DomU's console ring
 * (xen/io/console.h, the page of HVM_PARAM_CONSOLE_PFN, the event channel
 * of HVM_PARAM_CONSOLE_EVTCHN; the DomU's end is
 * drivers/frontend/consfront.h).  What a DomU writes to its ring is copied
 * to Dom0's own console, each line prefixed with "[N] " (N the domain id),
 * and kept: the last CONSBACK_HISTORY bytes per domain, for `console N`
 * (CONSBACK_HISTORY_FIRST at first, doubled as output comes: a quiet
 * domain costs Dom0 little).
 * While Dom0's terminal is attached to domain N (consback_attach()), N's
 * output is written to it raw and input typed on it goes to N's ring.
 *
 * Event-driven: each ring's port has a handler that marks the ring and
 * wakes the service thread (service_wake()), which calls consback_poll().  Every index the guest
 * writes is read once and checked against Dom0's own copy of the other
 * index; a ring with impossible indexes is disconnected (the domain loses
 * its console, Dom0 goes on).
 *
 * Not locked: everything but the event handler runs in Dom0's cooperative
 * threads; the handler only sets a flag and wakes a thread.
 */
#ifndef DRIVERS_CONSBACK_H
#define DRIVERS_CONSBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

#define CONSBACK_HISTORY	65536	/* bytes of output kept per domain */
#define CONSBACK_HISTORY_FIRST	2048	/* what a new domain's history starts at */
#define CONSBACK_DETACH_KEY	0x1d	/* Ctrl-]: back to Dom0's shell */

/*
 * Connects to domid's console ring: maps page gfn, binds its event channel
 * (remote port) with the backend's handler.  Returns 0 or -errno (foreign map, event channel,
 * -ENOMEM, -EEXIST when connected already).
 */
int consback_connect(domid_t domid, uint64_t gfn, uint32_t port);

/*
 * The domain is gone (or broke its ring): prints what is left, unbinds,
 * unmaps, forgets it.  Nothing happens for a domain not connected.
 */
void consback_disconnect(domid_t domid);

/*
 * Copies the new output of every ring that signalled its event (to the
 * console and the history).  Called by the service thread (service.h),
 * which the events wake.
 */
void consback_poll(void);

/*
 * Attaches Dom0's terminal to domid: prints its history, then runs until
 * CONSBACK_DETACH_KEY is typed, moving output and input both ways.
 * Returns 0 after the key, -ENOENT when domid has no console ring, or
 * -ESRCH when the domain went away while attached.  Call from the shell
 * thread, not the one calling consback_poll(): it blocks in
 * console_wait_input() between keys, and the service thread's
 * consback_poll() (domid's output, shown raw) and consback_disconnect()
 * wake it with console_wake_input().
 */
int consback_attach(domid_t domid);

/*
 * The toolstack's tap (Dom0's management agent streams consoles to the
 * host): fn sees each domain's console output as it is drained, in the
 * service thread.  One tap at a time; NULL removes it.
 */
void consback_tap(void (*fn)(domid_t domid, const char *data, size_t len));

/* Calls fn with domid's kept output, oldest first.  0, or -ENOENT. */
int consback_history(domid_t domid,
		     void (*fn)(domid_t domid, const char *data, size_t len));

/*
 * Types len bytes into domid's console input.  Returns the bytes taken
 * (fewer when the ring is full), or -ENOENT (no console), -EBADMSG (the
 * guest broke its ring).
 */
long consback_type(domid_t domid, const char *data, size_t len);

/* True when domid's console ring is connected. */
bool consback_connected(domid_t domid);

#endif
