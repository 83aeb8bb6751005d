/* SPDX-License-Identifier: MIT */
/*
 * Where xapid's sockets are, for xapid and its clients alike.  Each path
 * is its environment variable when set, else a file in the run directory
 * of the checkout the program was built in: BUILD/run/, found from the
 * program's own location (BUILD/bin/xapid, BUILD/bin/xl), so that `xl`
 * finds the `xapid` of its checkout with nothing configured.
 *
 *   XAPID_SOCKET    BUILD/run/xapid.sock      xl and other local clients
 *   XAPID_XENSTORE  BUILD/run/xenstored.sock  the xenstore relay
 *   XAPID_CHANNEL   BUILD/run/mgmt.sock       QEMU's end of Dom0's channel
 */
#ifndef XAPI_PATHS_H
#define XAPI_PATHS_H

#include <stddef.h>

enum xapi_path { PATH_SOCKET, PATH_XENSTORE, PATH_CHANNEL };

/*
 * Writes the path into buf (size bytes).  0, or -ENAMETOOLONG, or -ENOENT
 * when the program's location cannot be read.
 */
int paths_get(enum xapi_path which, char *buf, size_t size);

/* The run directory (BUILD/run) into buf.  0 or -errno as paths_get(). */
int paths_run_dir(char *buf, size_t size);

#endif
