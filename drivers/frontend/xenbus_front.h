/* SPDX-License-Identifier: MIT */
/*
 * The frontend half of the xenbus device model (drivers/xenbus_dev.h) in
 * a DomU: finds this domain's devices of a type under device/<type>/
 * (relative to /local/domain/<self>), now and when the toolstack adds or
 * removes one (a watch on the directory: hot-plug), and follows each
 * backend's state (a watch on <backend>/state) through the frontend's
 * side of the handshake (docs/split-drivers.md), calling the device
 * type's ops at each step:
 *
 *   backend InitWait, we Initialising (or Closed: a new start):
 *       setup(), then Initialised
 *   backend Connected, we Initialised:   connect(), then Connected
 *   backend Closing or Closed:           xenbus_front_close()
 *
 * and a failed step closes the device too.
 *
 * A backend whose state cannot be read (its directory removed) or is not
 * a state reads as Closed.  A device whose directory disappeared is
 * removed: remove() runs, then it is forgotten.
 *
 * Callbacks run in the xenwatch thread (pv/xenbus.h) and may make
 * requests.  Not locked: the kernel's cooperative threads.
 */
#ifndef DRIVERS_XENBUS_FRONT_H
#define DRIVERS_XENBUS_FRONT_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/grant_table.h>
#include "../xenbus_dev.h"

#define XENBUS_FRONT_DEVICES	8	/* devices per type */

struct xenbus_front_dev;

struct xenbus_front_ops {
	const char *type;	/* "vbd", "vif" */
	/* A new device: set dev->priv up.  0, or -errno (device ignored). */
	int (*probe)(struct xenbus_front_dev *dev);
	/*
	 * The backend waits (InitWait): allocate the rings, grant them,
	 * write our keys.  0 (we go Initialised) or -errno (we close).
	 */
	int (*setup)(struct xenbus_front_dev *dev);
	/*
	 * The backend is Connected: read its keys, start I/O.  0 (we go
	 * Connected) or -errno (we close).
	 */
	int (*connect)(struct xenbus_front_dev *dev);
	/*
	 * Undoes setup() and connect(), as far as they got (ends the
	 * grants, closes the port).  Called whenever the device closes.
	 */
	void (*teardown)(struct xenbus_front_dev *dev);
	/* The device's directory is gone: free priv (after teardown()). */
	void (*remove)(struct xenbus_front_dev *dev);
};

struct xenbus_front_dev {
	const struct xenbus_front_ops *ops;
	unsigned int devid;
	domid_t backend_id;
	enum xenbus_state state;		/* ours, as last written */
	enum xenbus_state backend_state;	/* theirs, as last read */
	char path[XENBUS_DEV_PATH_MAX];		/* device/<type>/<devid> */
	char backend[XENBUS_DEV_PATH_MAX];	/* the backend's directory */
	char watch[XENBUS_DEV_PATH_MAX + 8];	/* <backend>/state */
	char token[24];				/* the watch's: be:<path> */
	void *priv;
};

/*
 * Starts following device/<ops->type>/ from a thread of its own (store
 * requests wait, which the boot thread may not): probes what is there and
 * watches for more.  Needs xenbus_ready().  Returns 0 or thread_create()'s
 * error; the thread prints the store's.
 */
int xenbus_front_start(const struct xenbus_front_ops *ops);

/*
 * Closes dev: Closing; then, once the backend is Closing or Closed (it
 * has unmapped our ring), teardown() and Closed.  A backend still
 * connected answers our Closing and the watch comes back here.  Nothing
 * when Closed already.
 */
void xenbus_front_close(struct xenbus_front_dev *dev);

/*
 * Ends the n grants in refs (zeroing them) and frees the n-page run at
 * *pa (zeroing it) when every grant ended; a grant the backend still
 * maps cannot end, and then the pages are kept, never reused while
 * another domain can write them.  For teardown().
 */
void xenbus_front_ungrant(grant_ref_t *refs, unsigned int n, uint64_t *pa);

/* Writes our state.  0 or -errno. */
int xenbus_front_switch(struct xenbus_front_dev *dev, enum xenbus_state s);

/*
 * Reads our device's "mac" key ("00:16:3e:00:00:01", netif.h) into mac[6].
 * 0, or -EINVAL when missing or not a MAC.
 */
int xenbus_front_read_mac(const struct xenbus_front_dev *dev, uint8_t *mac);

/* Writes our key below path.  0 or -errno. */
int xenbus_front_write(const struct xenbus_front_dev *dev, const char *key,
		       const char *value);

/* Reads the backend's key as a decimal number.  0, -errno, -EINVAL. */
int xenbus_front_read_ulong(const struct xenbus_front_dev *dev,
			    const char *key, unsigned long *v);

#endif
