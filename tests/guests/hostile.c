/* SPDX-License-Identifier: MIT */
/* What the hostile frontends share (hostile.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../../guest-patches/kernel/page_alloc.h"
#include "../../guest-patches/pv/gnttab.h"
#include "hostile.h"

/* Each hostile frontend's device, by its ops. */
static struct {
	const struct xenbus_front_ops *ops;
	struct hostile_dev *dev;
} frontends[2];

int hostile_start(struct hostile_dev *dev, const struct xenbus_front_ops *ops)
{
	unsigned int i;

	for (i = 0; i < 2 && frontends[i].ops; i++)
		;
	if (i == 2)
		return -ENOSPC;
	frontends[i].ops = ops;
	frontends[i].dev = dev;
	return xenbus_front_start(ops);
}

int hostile_probe(struct xenbus_front_dev *xb)
{
	unsigned int i;

	for (i = 0; i < 2 && frontends[i].ops != xb->ops; i++)
		;
	if (i == 2)
		return -ENODEV;
	if (frontends[i].dev->xb)
		return -EEXIST;	/* one device is enough */
	frontends[i].dev->xb = xb;
	xb->priv = frontends[i].dev;
	return 0;
}

void hostile_teardown(struct xenbus_front_dev *xb)
{
	struct hostile_dev *dev = xb->priv;

	dev->connected = false;	/* the grants stay: the test ends here */
	thread_wake(&dev->waitq);
}

void hostile_remove(struct xenbus_front_dev *xb)
{
	(void)xb;
}

static void event(evtchn_port_t port, void *data)
{
	struct hostile_dev *dev = data;

	(void)port;
	thread_wake(&dev->waitq);
}

int hostile_evtchn(struct hostile_dev *dev)
{
	return evtchn_alloc_unbound(dev->xb->backend_id, event, dev);
}

int hostile_grant_page(const struct hostile_dev *dev, uint64_t *pa,
		       grant_ref_t *ref)
{
	int rc;

	*pa = page_alloc();
	if (!*pa)
		return -ENOMEM;
	memset((void *)(uintptr_t)*pa, 0, PAGE_SIZE);
	rc = gnttab_grant_access(dev->xb->backend_id, *pa / PAGE_SIZE, false);
	if (rc < 0)
		return rc;
	*ref = (grant_ref_t)rc;
	return 0;
}

int hostile_write_num(struct xenbus_front_dev *xb, const char *key,
		      unsigned long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lu", v);
	return xenbus_front_write(xb, key, num);
}
