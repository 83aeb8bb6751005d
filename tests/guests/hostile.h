/* SPDX-License-Identifier: MIT */
/*
 * What the hostile frontends of guest-pv-hostile.elf (blkhostile.c,
 * nethostile.c) share: their one device, followed through the xenbus
 * callbacks they have in common, and the event that wakes their waits.
 *
 * Each keeps a struct hostile_dev and names it in hostile_start(); the
 * common callbacks find it by the device's ops.  Cooperative threads of
 * the guest kernel: not locked.
 */
#ifndef TESTS_GUESTS_HOSTILE_H
#define TESTS_GUESTS_HOSTILE_H

#include <stdbool.h>
#include "../../drivers/frontend/xenbus_front.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/evtchn.h"
#include "../../guest-patches/pv/gnttab.h"

struct hostile_dev {
	struct xenbus_front_dev *xb;	/* the first device probed, or NULL */
	volatile bool connected;	/* between connect and teardown */
	struct thread_waitq waitq;	/* woken by events and teardown */
};

/*
 * Follows ops->type's devices (xenbus_front_start()) for dev.  ops must
 * use hostile_probe, hostile_teardown and hostile_remove.  0 or -errno
 * (-ENOSPC: both hostile frontends started already).
 */
int hostile_start(struct hostile_dev *dev, const struct xenbus_front_ops *ops);

/* xenbus_front_ops callbacks: the first device is ours, the rest refused
 * (-EEXIST); teardown marks it not connected (its grants stay: the test
 * ends there) and wakes the waits; remove does nothing. */
int hostile_probe(struct xenbus_front_dev *xb);
void hostile_teardown(struct xenbus_front_dev *xb);
void hostile_remove(struct xenbus_front_dev *xb);

/* Binds to an unbound port of xb's backend whose events wake dev's
 * waits: the port, or -errno (evtchn_alloc_unbound()'s). */
int hostile_evtchn(struct hostile_dev *dev);

/* A zeroed page granted to xb's backend, read-write: 0 with its address
 * in *pa and grant in *ref, or -ENOMEM or gnttab_grant_access()'s error. */
int hostile_grant_page(const struct hostile_dev *dev, uint64_t *pa,
		       grant_ref_t *ref);

/* Writes key = v (decimal) in xb's device directory: 0 or -errno. */
int hostile_write_num(struct xenbus_front_dev *xb, const char *key,
		      unsigned long v);

#endif
