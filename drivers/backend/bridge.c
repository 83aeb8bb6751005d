/* SPDX-License-Identifier: MIT */
/* Dom0's learning bridge (bridge.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "bridge.h"

struct fdb_entry {
	uint8_t mac[BRIDGE_ALEN];
	struct bridge_port *port;	/* NULL: free */
	uint64_t seen;
};

/*
 * The ports, in slots that a removed port leaves NULL; the table doubles
 * when full.  Loops index it afresh each time: an output may add a port.
 */
static struct bridge_port **ports;
static unsigned int nr_slots;
static struct fdb_entry fdb[BRIDGE_ENTRIES];

int bridge_add_port(struct bridge_port *port)
{
	unsigned int i, free_at = nr_slots, n;
	struct bridge_port **bigger;

	for (i = 0; i < nr_slots; i++) {
		if (ports[i] == port)
			return -EEXIST;
		if (!ports[i] && free_at == nr_slots)
			free_at = i;
	}
	if (free_at == nr_slots) {
		n = nr_slots ? 2 * nr_slots : 16;
		bigger = realloc(ports, n * sizeof(*ports));
		if (!bigger)
			return -ENOMEM;
		memset(bigger + nr_slots, 0, (n - nr_slots) * sizeof(*ports));
		ports = bigger;
		nr_slots = n;
	}
	ports[free_at] = port;
	return 0;
}

void bridge_remove_port(struct bridge_port *port)
{
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (ports[i] == port)
			ports[i] = NULL;
	for (i = 0; i < BRIDGE_ENTRIES; i++)
		if (fdb[i].port == port)
			fdb[i].port = NULL;
}

struct bridge_port *bridge_port_at(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < nr_slots; k++)
		if (ports[k] && !i--)
			return ports[k];
	return NULL;
}

static struct fdb_entry *find(const uint8_t *mac, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < BRIDGE_ENTRIES; i++)
		if (fdb[i].port && !memcmp(fdb[i].mac, mac, BRIDGE_ALEN)) {
			if (now - fdb[i].seen < BRIDGE_AGE_NS)
				return &fdb[i];
			fdb[i].port = NULL;	/* aged out */
		}
	return NULL;
}

struct bridge_port *bridge_lookup(const uint8_t *mac)
{
	struct fdb_entry *e = find(mac, clock_ns());

	return e ? e->port : NULL;
}

static void learn(const uint8_t *mac, struct bridge_port *port, uint64_t now)
{
	struct fdb_entry *e = find(mac, now);
	unsigned int i;

	if (!e) {
		e = &fdb[0];
		for (i = 0; i < BRIDGE_ENTRIES; i++) {
			if (!fdb[i].port) {
				e = &fdb[i];
				break;
			}
			if (fdb[i].seen < e->seen)
				e = &fdb[i];
		}
		memcpy(e->mac, mac, BRIDGE_ALEN);
	}
	e->port = port;
	e->seen = now;
}

/* Whether a frame from in may go out of out (bridge.h: sides). */
static bool reaches(const struct bridge_port *in, const struct bridge_port *out)
{
	return out != in &&
	       !(in->side == BRIDGE_ROUTED && out->side == BRIDGE_WIRE) &&
	       !(in->side == BRIDGE_WIRE && out->side == BRIDGE_ROUTED);
}

static void send(struct bridge_port *p, const void *frame, size_t len)
{
	if (p->output(p, frame, len))
		p->dropped++;
	else
		p->forwarded++;
}

void bridge_input(struct bridge_port *in, const void *frame, size_t len)
{
	const uint8_t *f = frame;
	struct bridge_port *out;
	uint64_t now = clock_ns();
	unsigned int i;

	if (len < 2 * BRIDGE_ALEN + 2 || (f[BRIDGE_ALEN] & 1)) {
		in->dropped++;
		return;
	}
	learn(f + BRIDGE_ALEN, in, now);
	out = (f[0] & 1) ? NULL : bridge_lookup(f);
	if (out) {
		if (reaches(in, out))
			send(out, frame, len);
		return;
	}
	for (i = 0; i < nr_slots; i++)
		if (ports[i] && reaches(in, ports[i]))
			send(ports[i], frame, len);
}

void bridge_for_each(void (*fn)(const uint8_t *mac,
				const struct bridge_port *port,
				uint64_t age_ns))
{
	uint64_t now = clock_ns();
	unsigned int i;

	for (i = 0; i < BRIDGE_ENTRIES; i++)
		if (fdb[i].port && now - fdb[i].seen < BRIDGE_AGE_NS)
			fn(fdb[i].mac, fdb[i].port, now - fdb[i].seen);
}
