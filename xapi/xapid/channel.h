/* SPDX-License-Identifier: MIT */
/*
 * The channel to Dom0: QEMU's UNIX socket for Dom0's management port (the
 * virtio-console port `mgmt', `-chardev socket,path=PATH,server=on,wait=off'
 * behind a `virtserialport' named mgmt), carrying the frames
 * of docs/xapi-protocol.md.  xapid connects to it, and reconnects every
 * second while it is missing or after it drops (QEMU killed, restarted).
 * The port looks the same from here whichever device Dom0 drives, so a
 * change of transport in Dom0 changes nothing in this file.
 */
#ifndef XAPID_CHANNEL_H
#define XAPID_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>
#include "proto/frame.h"

struct event_base;

/* What the agent (agent.c) hears from the channel.  Loop context. */
struct channel_hooks {
	void (*up)(void);				/* connected to QEMU */
	void (*down)(void);				/* the socket dropped */
	void (*frame)(const struct frame *f);		/* a checked frame */
};

/* Starts connecting to path.  0 or -errno. */
int channel_init(struct event_base *base, const char *path,
		 const struct channel_hooks *hooks);

/* Closes the socket and stops reconnecting. */
void channel_fini(void);

/* True while connected to QEMU's socket (Dom0 may still be booting). */
bool channel_connected(void);

/*
 * Queues one frame for Dom0.  0, -ENOTCONN when not connected, -EMSGSIZE
 * over FRAME_MAX_PAYLOAD, -ENOMEM.
 */
int channel_send(uint16_t op, uint16_t flags, uint32_t id, uint32_t chan,
		 const void *payload, uint32_t len);

/* Bytes queued for Dom0 and not yet taken by QEMU (for back-pressure). */
size_t channel_backlog(void);

#endif
