/* SPDX-License-Identifier: MIT */
/* The frontend half of the xenbus device model (xenbus_front.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/kernel/print.h"
#include "../../guest-patches/kernel/thread.h"
#include "../../guest-patches/pv/gnttab.h"
#include "../../guest-patches/pv/xenbus.h"
#include "xenbus_front.h"

#define MAX_TYPES	2		/* vbd, vif */
#define LIST_BUF	512

struct front_type {
	const struct xenbus_front_ops *ops;
	char dir[24];			/* device/<type> */
	struct xenbus_front_dev *devs[XENBUS_FRONT_DEVICES];
};

static struct front_type types[MAX_TYPES];

static int read_ulong(const char *path, unsigned long *v)
{
	char buf[24], *end;
	int rc = xenbus_read(XENBUS_NO_TXN, path, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	*v = strtoul(buf, &end, 10);
	return rc && !*end && buf[0] >= '0' && buf[0] <= '9' ? 0 : -EINVAL;
}

int xenbus_front_read_ulong(const struct xenbus_front_dev *dev,
			    const char *key, unsigned long *v)
{
	char path[XENSTORE_ABS_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dev->backend, key);
	return read_ulong(path, v);
}

int xenbus_front_read_mac(const struct xenbus_front_dev *dev, uint8_t *mac)
{
	char path[XENSTORE_ABS_PATH_MAX], buf[24], *p = buf, *end;
	unsigned long b;
	unsigned int i;

	snprintf(path, sizeof(path), "%s/mac", dev->path);
	if (xenbus_read(XENBUS_NO_TXN, path, buf, sizeof(buf)) < 0)
		return -EINVAL;
	for (i = 0; i < 6; i++, p = end + 1) {
		b = strtoul(p, &end, 16);
		if (end == p || b > 255 || *end != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		mac[i] = (uint8_t)b;
	}
	return 0;
}

int xenbus_front_write(const struct xenbus_front_dev *dev, const char *key,
		       const char *value)
{
	char path[XENSTORE_ABS_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dev->path, key);
	return xenbus_write(XENBUS_NO_TXN, path, value);
}

int xenbus_front_switch(struct xenbus_front_dev *dev, enum xenbus_state s)
{
	char v[4];

	snprintf(v, sizeof(v), "%u", s);
	dev->state = s;
	return xenbus_front_write(dev, "state", v);
}

void xenbus_front_close(struct xenbus_front_dev *dev)
{
	if (dev->state == XenbusStateClosed)
		return;
	if (dev->state != XenbusStateClosing)
		xenbus_front_switch(dev, XenbusStateClosing);
	if (dev->backend_state != XenbusStateClosing &&
	    dev->backend_state != XenbusStateClosed)
		return;	/* it still maps our ring: its answer comes back here */
	dev->ops->teardown(dev);
	xenbus_front_switch(dev, XenbusStateClosed);
}

void xenbus_front_ungrant(grant_ref_t *refs, unsigned int n, uint64_t *pa)
{
	unsigned int i, busy = 0;

	for (i = 0; i < n; i++)
		if (refs[i]) {
			if (gnttab_end_access(refs[i]))
				busy++;
			else
				refs[i] = 0;
		}
	if (busy) {
		kprintf("xenbus: %u grants still mapped by the backend: their "
			"pages are kept\n", busy);
		*pa = 0;
		return;
	}
	if (*pa)
		page_free_n(*pa, n);
	*pa = 0;
}

/* One step of the handshake; a step that fails closes the device. */
static void react(struct xenbus_front_dev *dev, enum xenbus_state s)
{
	const char *step = NULL;
	int rc = 0;

	switch (s) {
	case XenbusStateInitWait:
		if (dev->state != XenbusStateInitialising &&
		    dev->state != XenbusStateClosed)
			return;
		dev->ops->teardown(dev);
		step = "setup";
		rc = dev->ops->setup(dev);
		if (!rc)
			rc = xenbus_front_switch(dev, XenbusStateInitialised);
		break;
	case XenbusStateConnected:
		if (dev->state != XenbusStateInitialised)
			return;
		step = "connect";
		rc = dev->ops->connect(dev);
		if (!rc)
			rc = xenbus_front_switch(dev, XenbusStateConnected);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
		xenbus_front_close(dev);
		return;
	default:
		return;
	}
	if (rc) {
		kprintf("%s %u: %s: error %d\n", dev->ops->type, dev->devid,
			step, rc);
		xenbus_front_close(dev);
	}
}

/* The backend's state watch fired: read it, take the next step. */
static void backend_state(const char *path, const char *token, void *data)
{
	struct xenbus_front_dev *dev = data;
	enum xenbus_state s;
	char buf[8];

	(void)path;
	(void)token;
	if (xenbus_read(XENBUS_NO_TXN, dev->watch, buf, sizeof(buf)) < 0 ||
	    xenbus_dev_state_parse(buf, &s))
		s = XenbusStateClosed;
	dev->backend_state = s;
	react(dev, s);
}

/* Device devid appeared under t: read where its backend is, follow it. */
static void add(struct front_type *t, unsigned int devid)
{
	struct xenbus_front_dev *dev;
	char path[XENSTORE_ABS_PATH_MAX];
	unsigned long be;
	unsigned int i;
	int rc;

	for (i = 0; i < XENBUS_FRONT_DEVICES && t->devs[i]; i++)
		;
	dev = i < XENBUS_FRONT_DEVICES ? calloc(1, sizeof(*dev)) : NULL;
	if (!dev)
		return;
	dev->ops = t->ops;
	dev->devid = devid;
	snprintf(dev->path, sizeof(dev->path), "%s/%u", t->dir, devid);
	snprintf(path, sizeof(path), "%s/backend-id", dev->path);
	rc = read_ulong(path, &be);
	if (!rc && be >= DOMID_FIRST_RESERVED)
		rc = -EINVAL;
	snprintf(path, sizeof(path), "%s/backend", dev->path);
	if (!rc)
		rc = xenbus_read(XENBUS_NO_TXN, path, dev->backend,
				 sizeof(dev->backend)) < 0 ? -EINVAL : 0;
	if (!rc)
		rc = t->ops->probe(dev);
	if (rc) {
		kprintf("%s %u: no device (error %d)\n", t->ops->type, devid, rc);
		free(dev);
		return;
	}
	dev->backend_id = (domid_t)be;
	dev->state = XenbusStateInitialising;
	snprintf(dev->watch, sizeof(dev->watch), "%s/state", dev->backend);
	snprintf(dev->token, sizeof(dev->token), "be:%s/%u", t->ops->type,
		 devid);
	t->devs[i] = dev;
	/* The watch fires at once: the backend's state so far. */
	if (xenbus_watch(dev->watch, dev->token, backend_state, dev)) {
		t->ops->teardown(dev);
		t->ops->remove(dev);
		t->devs[i] = NULL;
		free(dev);
	}
}

static void drop(struct front_type *t, unsigned int i)
{
	struct xenbus_front_dev *dev = t->devs[i];

	xenbus_unwatch(dev->watch, dev->token);
	t->ops->teardown(dev);
	t->ops->remove(dev);
	t->devs[i] = NULL;
	free(dev);
}

/* Compares device/<type>/ with what we follow: adds and drops. */
static void scan(const char *path, const char *token, void *data)
{
	struct front_type *t = data;
	char list[LIST_BUF], *name;
	unsigned long devid;
	unsigned int i;
	int n, k;
	bool seen[XENBUS_FRONT_DEVICES] = { false };
	char *end;

	(void)path;
	(void)token;
	n = xenbus_directory(XENBUS_NO_TXN, t->dir, list, sizeof(list));
	if (n < 0)
		n = 0;	/* no device directory: every device is gone */
	for (k = 0, name = list; k < n; k++, name += strlen(name) + 1) {
		devid = strtoul(name, &end, 10);
		if (*end || !*name || devid > UINT32_MAX)
			continue;
		for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
			if (t->devs[i] && t->devs[i]->devid == devid)
				break;
		if (i == XENBUS_FRONT_DEVICES)
			add(t, (unsigned int)devid);
		for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
			if (t->devs[i] && t->devs[i]->devid == devid)
				seen[i] = true;
	}
	for (i = 0; i < XENBUS_FRONT_DEVICES; i++)
		if (t->devs[i] && !seen[i])
			drop(t, i);
}

static void start_thread(void *arg)
{
	const struct xenbus_front_ops *ops = arg;
	struct front_type *t;
	unsigned int i;
	int rc = -ENOSPC;

	for (i = 0; i < MAX_TYPES && types[i].ops; i++)
		;
	if (i < MAX_TYPES) {
		t = &types[i];
		t->ops = ops;
		snprintf(t->dir, sizeof(t->dir), "device/%s", ops->type);
		/* Fires at once, which finds what is there already. */
		rc = xenbus_watch(t->dir, t->dir, scan, t);
	}
	if (rc)
		kprintf("%s: device/%s: error %d\n", ops->type, ops->type, rc);
	thread_exit();
}

int xenbus_front_start(const struct xenbus_front_ops *ops)
{
	int rc = thread_create(ops->type, start_thread, (void *)ops);

	return rc < 0 ? rc : 0;
}
