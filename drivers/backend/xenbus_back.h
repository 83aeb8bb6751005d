/* SPDX-License-Identifier: MIT */
/*
 * The backend half of the xenbus device model (drivers/xenbus_dev.h) in
 * Dom0: the devices Dom0 serves, their directories in the store, and the
 * backend's side of the handshake, the same for every device type.
 *
 * xenbus_back_add() plays the toolstack's part: it writes both
 * directories (the backend's owned by Dom0 and readable by the frontend,
 * the frontend's owned by the frontend and readable by Dom0, as libxl
 * does), both states Initialising, then moves the backend to InitWait.
 * From then on xenbus_back_poll() (the service thread, after xenstored
 * served the rings) reads each frontend's state and reacts:
 *
 *   frontend Initialised or Connected, backend InitWait:
 *       ops->connect() (map the ring, bind the port, write the keys the
 *       frontend reads); backend Connected, or Closed when it failed;
 *   frontend Closing or Closed, backend connected:
 *       ops->disconnect(); backend Closing, then Closed;
 *   frontend Initialising again after Closed (it restarted):
 *       backend InitWait again;
 *   a state key that is not a state: as a frontend that closed.
 *
 * xenbus_back_fail() disconnects a device whose frontend broke its
 * protocol (a ring that is not a ring): that device alone goes Closed.
 * xenbus_back_remove() unplugs a device while its domain runs;
 * xenbus_back_domain_gone() drops every device of a dead domain.
 *
 * Not locked: Dom0's cooperative threads only.
 */
#ifndef DRIVERS_XENBUS_BACK_H
#define DRIVERS_XENBUS_BACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include "../xenbus_dev.h"

struct xenbus_back_dev;

/* What a device type adds to the common handshake. */
struct xenbus_back_ops {
	const char *type;	/* "vbd", "vif" */
	/*
	 * The frontend is ready: read its keys (xenbus_back_read()), set up
	 * the data path, write what the frontend reads before it connects.
	 * Returns 0 (the backend goes Connected) or -errno (Closed).
	 */
	int (*connect)(struct xenbus_back_dev *dev);
	/* Undoes connect(); called only after it succeeded.  Cannot fail. */
	void (*disconnect)(struct xenbus_back_dev *dev);
	/* The device is being freed (after disconnect()): free priv. */
	void (*release)(struct xenbus_back_dev *dev);
};

/* A key and its value, for the directories xenbus_back_add() writes. */
struct xenbus_back_key {
	const char *key, *value;
};

struct xenbus_back_dev {
	const struct xenbus_back_ops *ops;
	domid_t fe;			/* the frontend's domain */
	unsigned int devid;		/* the virtual device number */
	enum xenbus_state state;	/* ours, as last written */
	enum xenbus_state fe_state;	/* theirs, as last read */
	bool connected;			/* connect() succeeded, not undone */
	bool removing;			/* xenbus_back_remove() asked */
	char be_path[XENBUS_DEV_PATH_MAX], fe_path[XENBUS_DEV_PATH_MAX];
	void *priv;			/* the device type's */
};

/*
 * Creates device devid of ops->type for domain fe: both directories with
 * the common keys (backend: frontend, frontend-id, online, state;
 * frontend: backend, backend-id, state) plus be_keys and fe_keys (arrays
 * ended by a NULL key), then InitWait.  Returns the device, or NULL with
 * *err: -EEXIST (that device exists), -ENOMEM (as many devices as Dom0's
 * memory holds), or the store's error (what was written is removed again).
 */
struct xenbus_back_dev *xenbus_back_add(const struct xenbus_back_ops *ops,
					domid_t fe, unsigned int devid,
					const struct xenbus_back_key *be_keys,
					const struct xenbus_back_key *fe_keys,
					void *priv, int *err);

/* The device (type, fe, devid), or NULL. */
struct xenbus_back_dev *xenbus_back_find(const char *type, domid_t fe,
					 unsigned int devid);

/* The i-th device (0, 1, ...), NULL past the last: a walk for listings. */
struct xenbus_back_dev *xenbus_back_at(unsigned int i);

/*
 * Unplugs dev while its domain runs: the backend unmaps the frontend's
 * ring and goes Closing (so the frontend can end its grants); once the
 * frontend answers Closed (or after a few seconds if it does not), the device is disconnected, goes Closed and both directories
 * are removed.  The device is freed then: forget dev.
 */
void xenbus_back_remove(struct xenbus_back_dev *dev);

/*
 * Domain fe is gone: each of its devices is disconnected and freed, the
 * backend directories removed up to backend/<type>/<fe>.  (Its own
 * directory goes with the domain.)
 */
void xenbus_back_domain_gone(domid_t fe);

/*
 * The frontend of dev broke the protocol (reason is printed): dev is
 * disconnected and goes Closed; the domain's other devices, and everyone
 * else, go on.
 */
void xenbus_back_fail(struct xenbus_back_dev *dev, const char *reason);

/* Reads the frontend's key (below fe_path) into buf.  Length or -errno. */
int xenbus_back_read(const struct xenbus_back_dev *dev, const char *key,
		     char *buf, size_t size);

/* xenbus_back_read() of a decimal number.  0, -errno or -EINVAL. */
int xenbus_back_read_ulong(const struct xenbus_back_dev *dev, const char *key,
			   unsigned long *v);

/* Writes our key (below be_path).  0 or -errno. */
int xenbus_back_write(const struct xenbus_back_dev *dev, const char *key,
		      const char *value);

#define XENBUS_BACK_STATS_NS	1000000000ull	/* between two writes */
#define XENBUS_BACK_STATS_MAX	8		/* counters per device */

/* What xenbus_back_write_stats() wrote last, and when. */
struct xenbus_back_stats {
	uint64_t written[XENBUS_BACK_STATS_MAX];
	uint64_t at;
};

/*
 * Writes n counters (values[i] to statistics/<names[i]> below be_path)
 * when one changed since the last write and that was at least
 * XENBUS_BACK_STATS_NS ago: the store carries live counters at no more
 * than one write per device and second.  last keeps the bookkeeping.
 */
void xenbus_back_write_stats(const struct xenbus_back_dev *dev,
			     const char *const *names, const uint64_t *values,
			     unsigned int n, struct xenbus_back_stats *last);

/* Reacts to every frontend's state, as described above. */
void xenbus_back_poll(void);

#endif
