/* SPDX-License-Identifier: MIT */
/*
 * The management channel's transport in Dom0: a byte stream to the host's
 * xapid, on which the agent (agent.h) speaks the framed protocol of
 * docs/xapi-protocol.md.  A transport is one file implementing this
 * table; the agent uses the first one that opens.
 *
 * Today's transport is the `mgmt` port of the virtio-console Dom0 drives
 * (hw/virtio_console.h); QEMU connects it to a UNIX socket
 * (build/run/mgmt.sock under `make run`) that xapid opens.
 */
#ifndef DOM0_MGMT_H
#define DOM0_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mgmt_transport {
	const char *name;
	/* Finds the device.  0, or -ENODEV when there is none (yet). */
	int (*open)(void);
	/* Up to n bytes that have arrived, without waiting; 0 when none. */
	size_t (*read)(uint8_t *buf, size_t n);
	/* Sends all n bytes (waits for room as long as the host takes). */
	void (*write)(const uint8_t *buf, size_t n);
	/* Blocks until bytes may have arrived, or clock_ns() reaches deadline_ns. */
	void (*wait)(uint64_t deadline_ns);
	/* Whether a host (xapid) is at the other end now. */
	bool (*connected)(void);
};

extern const struct mgmt_transport mgmt_vcons;

#endif
