/* SPDX-License-Identifier: MIT */
/* The xenbus device model: states and paths (xenbus_dev.h). */
#include <errno.h>
#include <stdio.h>
#include "xenbus_dev.h"

static const char *const names[] = {
	[XenbusStateInitialising] = "Initialising",
	[XenbusStateInitWait] = "InitWait",
	[XenbusStateInitialised] = "Initialised",
	[XenbusStateConnected] = "Connected",
	[XenbusStateClosing] = "Closing",
	[XenbusStateClosed] = "Closed",
};

const char *xenbus_dev_state_name(enum xenbus_state s)
{
	return s >= XenbusStateInitialising && s <= XenbusStateClosed ?
		       names[s] : "Unknown";
}

int xenbus_dev_state_parse(const char *value, enum xenbus_state *s)
{
	if (value[0] < '1' || value[0] > '6' || value[1])
		return -EINVAL;
	*s = (enum xenbus_state)(value[0] - '0');
	return 0;
}

char *xenbus_dev_backend_path(char *buf, unsigned int be, const char *type,
			      unsigned int fe, unsigned int dev)
{
	snprintf(buf, XENBUS_DEV_PATH_MAX, "/local/domain/%u/backend/%s/%u/%u",
		 be, type, fe, dev);
	return buf;
}

char *xenbus_dev_frontend_path(char *buf, unsigned int fe, const char *type,
			       unsigned int dev)
{
	snprintf(buf, XENBUS_DEV_PATH_MAX, "/local/domain/%u/device/%s/%u", fe,
		 type, dev);
	return buf;
}
