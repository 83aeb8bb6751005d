/* SPDX-License-Identifier: MIT */
/* The backend half of the xenbus device model (xenbus_back.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "../../dom0/xenstored.h"
#include "../../guest-patches/kernel/clock.h"
#include "../../guest-patches/kernel/print.h"
#include "xenbus_back.h"

#define REMOVE_WAIT_NS	(3 * 1000000000ull)	/* for the frontend to close */

/*
 * The devices, in slots that a dropped one leaves NULL; both tables
 * double together when full (only xenbus_back_add() grows them, never
 * from inside a device's callbacks, so loops may index them afresh).
 */
static struct xenbus_back_dev **devs;
static uint64_t *remove_deadline;
static unsigned int nr_slots;

/* A free slot's index, the tables grown when full; -ENOMEM. */
static int free_slot(void)
{
	struct xenbus_back_dev **bigger;
	uint64_t *deadlines;
	unsigned int i, n;

	for (i = 0; i < nr_slots; i++)
		if (!devs[i])
			return (int)i;
	n = nr_slots ? 2 * nr_slots : 32;
	bigger = realloc(devs, n * sizeof(*devs));
	if (!bigger)
		return -ENOMEM;
	memset(bigger + nr_slots, 0, (n - nr_slots) * sizeof(*devs));
	devs = bigger;
	deadlines = realloc(remove_deadline, n * sizeof(*deadlines));
	if (!deadlines)
		return -ENOMEM;	/* devs is bigger, harmlessly */
	remove_deadline = deadlines;
	nr_slots = n;
	return (int)i;
}

static int path_write(const char *dir, const char *key, const char *value)
{
	char path[XENSTORE_ABS_PATH_MAX];

	snprintf(path, sizeof(path), "%s%s%s", dir, *key ? "/" : "", key);
	return xenstored_write(path, value);
}

static void path_rm(const char *path)
{
	char reply[8];
	size_t len;

	xenstored_request(XS_RM, path, strlen(path) + 1, reply, sizeof(reply),
			  &len);
}

/* dir owned by owner, readable by reader. */
static int path_perms(const char *dir, domid_t owner, domid_t reader)
{
	char o[8], r[8];
	const char *list[2] = { o, r };

	snprintf(o, sizeof(o), "n%u", owner);
	snprintf(r, sizeof(r), "r%u", reader);
	return xenstored_set_perms(dir, list, 2);
}

static int write_keys(const char *dir, const struct xenbus_back_key *k)
{
	int rc = 0;

	for (; k && k->key && !rc; k++)
		rc = path_write(dir, k->key, k->value);
	return rc;
}

static int set_state(struct xenbus_back_dev *dev, enum xenbus_state s)
{
	char v[4];

	snprintf(v, sizeof(v), "%u", s);
	dev->state = s;
	return path_write(dev->be_path, "state", v);
}

struct xenbus_back_dev *xenbus_back_find(const char *type, domid_t fe,
					 unsigned int devid)
{
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (devs[i] && devs[i]->fe == fe && devs[i]->devid == devid &&
		    !strcmp(devs[i]->ops->type, type))
			return devs[i];
	return NULL;
}

struct xenbus_back_dev *xenbus_back_at(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < nr_slots; k++)
		if (devs[k] && !i--)
			return devs[k];
	return NULL;
}

/* Both directories with their keys and permissions, both Initialising. */
static int write_dirs(struct xenbus_back_dev *d,
		      const struct xenbus_back_key *be_keys,
		      const struct xenbus_back_key *fe_keys)
{
	char fe[8];
	int rc;

	snprintf(fe, sizeof(fe), "%u", d->fe);
	rc = path_write(d->be_path, "", "");
	if (!rc)
		rc = path_perms(d->be_path, 0, d->fe);
	if (!rc)
		rc = path_write(d->fe_path, "", "");
	if (!rc)
		rc = path_perms(d->fe_path, d->fe, 0);
	if (!rc)
		rc = path_write(d->be_path, "frontend", d->fe_path);
	if (!rc)
		rc = path_write(d->be_path, "frontend-id", fe);
	if (!rc)
		rc = path_write(d->be_path, "online", "1");
	if (!rc)
		rc = write_keys(d->be_path, be_keys);
	if (!rc)
		rc = path_write(d->fe_path, "backend", d->be_path);
	if (!rc)
		rc = path_write(d->fe_path, "backend-id", "0");
	if (!rc)
		rc = write_keys(d->fe_path, fe_keys);
	if (!rc)
		rc = path_write(d->fe_path, "state", "1");
	if (!rc)
		rc = set_state(d, XenbusStateInitialising);
	return rc;
}

struct xenbus_back_dev *xenbus_back_add(const struct xenbus_back_ops *ops,
					domid_t fe, unsigned int devid,
					const struct xenbus_back_key *be_keys,
					const struct xenbus_back_key *fe_keys,
					void *priv, int *err)
{
	struct xenbus_back_dev *d;
	int rc, slot;

	if (xenbus_back_find(ops->type, fe, devid)) {
		*err = -EEXIST;
		return NULL;
	}
	slot = free_slot();
	d = slot < 0 ? NULL : calloc(1, sizeof(*d));
	if (!d) {
		*err = -ENOMEM;
		return NULL;
	}
	d->ops = ops;
	d->fe = fe;
	d->devid = devid;
	d->priv = priv;
	d->fe_state = XenbusStateInitialising;
	xenbus_dev_backend_path(d->be_path, 0, ops->type, fe, devid);
	xenbus_dev_frontend_path(d->fe_path, fe, ops->type, devid);
	rc = write_dirs(d, be_keys, fe_keys);
	if (!rc)
		rc = set_state(d, XenbusStateInitWait);
	if (rc) {
		path_rm(d->be_path);
		path_rm(d->fe_path);
		free(d);
		*err = rc;
		return NULL;
	}
	devs[slot] = d;
	return d;
}

static void disconnect(struct xenbus_back_dev *d)
{
	if (d->connected)
		d->ops->disconnect(d);
	d->connected = false;
}

/* Forgets d: disconnected, its backend directory (and fe's, if asked) gone. */
static void drop(unsigned int i, bool rm_frontend)
{
	struct xenbus_back_dev *d = devs[i];

	disconnect(d);
	path_rm(d->be_path);
	if (rm_frontend)
		path_rm(d->fe_path);
	devs[i] = NULL;
	d->ops->release(d);
	free(d);
}

void xenbus_back_domain_gone(domid_t fe)
{
	char dir[XENBUS_DEV_PATH_MAX];
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (devs[i] && devs[i]->fe == fe) {
			/* backend/<type>/<fe>, which held its devices */
			snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%u",
				 devs[i]->ops->type, fe);
			drop(i, false);
			path_rm(dir);
		}
}

void xenbus_back_remove(struct xenbus_back_dev *dev)
{
	unsigned int i;

	for (i = 0; i < nr_slots && devs[i] != dev; i++)
		;
	if (i == nr_slots || dev->removing)
		return;
	dev->removing = true;
	remove_deadline[i] = clock_ns() + REMOVE_WAIT_NS;
	disconnect(dev);	/* the frontend may end its grants at Closing */
	set_state(dev, XenbusStateClosing);
}

void xenbus_back_fail(struct xenbus_back_dev *dev, const char *reason)
{
	kprintf("%s d%u/%u: %s: disconnected\n", dev->ops->type, dev->fe,
		dev->devid, reason);
	disconnect(dev);
	set_state(dev, XenbusStateClosing);
	set_state(dev, XenbusStateClosed);
}

int xenbus_back_read(const struct xenbus_back_dev *dev, const char *key,
		     char *buf, size_t size)
{
	char path[XENSTORE_ABS_PATH_MAX];
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dev->fe_path, key);
	rc = xenstored_request(XS_READ, path, strlen(path) + 1, buf, size,
			       &len);
	return rc ? rc : (int)len;
}

int xenbus_back_read_ulong(const struct xenbus_back_dev *dev, const char *key,
			   unsigned long *v)
{
	char buf[24], *end;
	int rc = xenbus_back_read(dev, key, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	*v = strtoul(buf, &end, 10);
	return rc && !*end && buf[0] >= '0' && buf[0] <= '9' ? 0 : -EINVAL;
}

int xenbus_back_write(const struct xenbus_back_dev *dev, const char *key,
		      const char *value)
{
	return path_write(dev->be_path, key, value);
}

void xenbus_back_write_stats(const struct xenbus_back_dev *dev,
			     const char *const *names, const uint64_t *values,
			     unsigned int n, struct xenbus_back_stats *last)
{
	uint64_t now = clock_ns();
	char key[40], num[24];
	unsigned int i;

	if (n > XENBUS_BACK_STATS_MAX ||
	    !memcmp(values, last->written, n * sizeof(*values)) ||
	    now - last->at < XENBUS_BACK_STATS_NS)
		return;
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "statistics/%s", names[i]);
		snprintf(num, sizeof(num), "%lu", (unsigned long)values[i]);
		xenbus_back_write(dev, key, num);
	}
	memcpy(last->written, values, n * sizeof(*values));
	last->at = now;
}

/* One device's reaction to its frontend's state (see xenbus_back.h). */
static void step(unsigned int i)
{
	struct xenbus_back_dev *d = devs[i];
	enum xenbus_state fs;
	char buf[8];
	int rc;

	rc = xenbus_back_read(d, "state", buf, sizeof(buf));
	if (rc < 0 || xenbus_dev_state_parse(buf, &fs))
		fs = XenbusStateClosed;	/* gone, or nonsense: it closed */
	d->fe_state = fs;
	if (d->removing) {
		/* Not at Closing: the frontend still writes its Closed. */
		if (fs == XenbusStateClosed ||
		    clock_ns() >= remove_deadline[i]) {
			disconnect(d);
			set_state(d, XenbusStateClosed);
			drop(i, true);
		}
		return;
	}
	switch (fs) {
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if (d->state != XenbusStateInitWait)
			return;
		rc = d->ops->connect(d);
		if (rc) {
			kprintf("%s d%u/%u: connect: error %d\n", d->ops->type,
				d->fe, d->devid, rc);
			set_state(d, XenbusStateClosed);
			return;
		}
		d->connected = true;
		set_state(d, XenbusStateConnected);
		return;
	case XenbusStateClosing:
	case XenbusStateClosed:
		if (d->state == XenbusStateClosed)
			return;
		disconnect(d);
		set_state(d, XenbusStateClosing);
		set_state(d, XenbusStateClosed);
		return;
	case XenbusStateInitialising:
		if (d->state == XenbusStateClosed)
			set_state(d, XenbusStateInitWait);
		return;
	default:
		return;
	}
}

void xenbus_back_poll(void)
{
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		if (devs[i])
			step(i);
}
