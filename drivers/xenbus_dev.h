/* SPDX-License-Identifier: MIT */
/*
 * The xenbus device model both ends of a split driver follow
 * (xen/io/xenbus.h): where a device's entries live in the store, and the
 * states each end writes to its own `state` key.
 *
 * A device of type T ("vbd", "vif"), number D (the virtual device, e.g.
 * 51712 for xvda), between frontend domain F and backend domain B has two
 * directories:
 *
 *   /local/domain/B/backend/T/F/D   owned by B, readable by F
 *       frontend, frontend-id, online, state, + the type's keys
 *   /local/domain/F/device/T/D      owned by F, readable by B
 *       backend, backend-id, state, + the type's keys
 *
 * The handshake, each end moving its own state only:
 *
 *   backend                              frontend
 *   Initialising (toolstack wrote both)  Initialising
 *   InitWait (features written)   ─────► sees InitWait: ring, grant,
 *                                        event channel written
 *                                 ◄───── Initialised
 *   maps the ring, binds the port,
 *   writes the disk's size
 *   Connected                     ─────► sees Connected: reads them
 *                                        Connected
 *   ... I/O ...
 *   Closing  (unplug, or the frontend    Closing (shutdown, or the
 *            misbehaved)                 backend closes)
 *   Closed   (ring unmapped, port        Closed (grants ended)
 *            closed)
 */
#ifndef DRIVERS_XENBUS_DEV_H
#define DRIVERS_XENBUS_DEV_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xenbus.h>

#define XENBUS_DEV_PATH_MAX	96	/* the longest path below, with NUL */

/* Xen's name of state s ("Connected"), "Unknown" for anything else. */
const char *xenbus_dev_state_name(enum xenbus_state s);

/*
 * Parses a state key's value (a decimal number, as Xen writes it) into
 * *s.  Returns 0, or -EINVAL for anything but Initialising..Closed
 * written as their numbers (an end that writes nonsense is misbehaving).
 */
int xenbus_dev_state_parse(const char *value, enum xenbus_state *s);

/* Writes the backend directory's path; returns buf. */
char *xenbus_dev_backend_path(char *buf, unsigned int be, const char *type,
			      unsigned int fe, unsigned int dev);

/* Writes the frontend directory's path; returns buf. */
char *xenbus_dev_frontend_path(char *buf, unsigned int fe, const char *type,
			       unsigned int dev);

#endif
