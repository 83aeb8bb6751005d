/* SPDX-License-Identifier: MIT */
/*
 * virtio-console with multiple ports (virtio spec 5.3,
 * VIRTIO_CONSOLE_F_MULTIPORT): named byte streams between Dom0 and the
 * host.  Under QEMU each port is a `virtserialport` whose chardev is a
 * UNIX socket on the host; `make run` gives two, `mgmt` (the toolstack's
 * management channel, held by xapid) and `test`.
 *
 * The API, for Dom0's threads:
 *
 *	struct vcons_port *p = vcons_open("mgmt");
 *	n = vcons_write(p, buf, len);	// bytes taken, 0 when full
 *	n = vcons_read(p, buf, len);	// bytes read, 0 when none waits
 *	vcons_wait(p, deadline_ns);	// until either may progress
 *
 * Back-pressure both ways: vcons_write() takes only what fits in the
 * port's free transmit buffers (the host not reading keeps them in use),
 * and a port whose reader does not call vcons_read() gives the device no
 * receive buffers, so the host's writes stall in its socket.  Nothing is
 * dropped.  When the host end disconnects, data already queued is still
 * read; vcons_host_connected() says whether a peer is there.
 *
 * Not locked: only cooperative threads call it.
 */
#ifndef DOM0_HW_VIRTIO_CONSOLE_H
#define DOM0_HW_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VCONS_MAX_PORTS		4	/* ports of the first device served */
#define VCONS_NAME_MAX		32

struct vcons_port;
struct virtio_driver;

extern const struct virtio_driver virtio_console_driver;

/*
 * The port the host named name, opened (the host is told the guest end is
 * open).  NULL when no device offers that name (yet: names arrive from
 * the device shortly after boot).
 */
struct vcons_port *vcons_open(const char *name);

/* Copies up to len received bytes into buf: how many, 0 when none waits. */
size_t vcons_read(struct vcons_port *p, void *buf, size_t len);

/* Queues up to len bytes for the host: how many were taken (0: full). */
size_t vcons_write(struct vcons_port *p, const void *buf, size_t len);

/*
 * Blocks the calling thread until the device did something (data came,
 * buffers were freed, a port opened) or clock_ns() reaches deadline_ns.
 */
void vcons_wait(struct vcons_port *p, uint64_t deadline_ns);

/* Whether the host end of the port is connected. */
bool vcons_host_connected(const struct vcons_port *p);

/* Prints the ports (id, name, host end, bytes each way): the shell's. */
void vcons_print(void);

/*
 * Starts a thread that writes back everything port name receives (the
 * test port's echo).  0, -ENOENT (no such port), or thread_create's error.
 */
int vcons_echo(const char *name);

#endif
