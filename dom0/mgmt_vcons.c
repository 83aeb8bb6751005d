/* SPDX-License-Identifier: MIT */
/* The management channel on the virtio-console port named `mgmt`. */
#include <errno.h>
#include "../guest-patches/kernel/clock.h"
#include "hw/virtio_console.h"
#include "mgmt.h"

static struct vcons_port *port;

static int vcons_mgmt_open(void)
{
	port = vcons_open("mgmt");
	return port ? 0 : -ENODEV;
}

static size_t vcons_mgmt_read(uint8_t *buf, size_t n)
{
	return vcons_read(port, buf, n);
}

/*
 * The device takes what fits in its free buffers; the rest waits for the
 * host to read.  With no host end, what is sent is dropped rather than
 * waited on forever: the frames are for a xapid that is not there.
 */
static void vcons_mgmt_write(const uint8_t *buf, size_t n)
{
	size_t done;

	while (n) {
		done = vcons_write(port, buf, n);
		buf += done;
		n -= done;
		if (n && !done) {
			if (!vcons_host_connected(port))
				return;
			vcons_wait(port, clock_ns() + 10000000);	/* 10 ms */
		}
	}
}

static void vcons_mgmt_wait(uint64_t deadline_ns)
{
	vcons_wait(port, deadline_ns);
}

static bool vcons_mgmt_connected(void)
{
	return vcons_host_connected(port);
}

const struct mgmt_transport mgmt_vcons = {
	.name = "virtio-console port mgmt",
	.open = vcons_mgmt_open,
	.read = vcons_mgmt_read,
	.write = vcons_mgmt_write,
	.wait = vcons_mgmt_wait,
	.connected = vcons_mgmt_connected,
};
