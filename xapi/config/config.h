/* SPDX-License-Identifier: MIT */
/*
 * Domain configurations: Xen's xl.cfg text to the domain spec the channel
 * carries (struct msg_domspec, proto/msg.h) plus what only the host knows
 * (the images' host paths).  Parsed with Debian's libxlutil
 * (xlu_cfg_readdata, xlu_cfg_get_*), as xl does; linked by xl and xapid.
 *
 * Keys (docs/xl.md has the table): name, uuid, type (pvh only), memory and
 * maxmem (MiB), vcpus, maxvcpus, cpus, cpu_weight, cap, kernel, ramdisk,
 * cmdline, extra, on_poweroff, on_reboot, on_crash.  `disk` and `vif`
 * are refused: the split-drivers work owns them.  Any other key is warned
 * about, with its line, and ignored.
 *
 * Messages go to the report stream given, one line each, starting
 * "FILE:LINE: " (warning: or error:); a key=value override from the
 * command line is named "override N" instead of a file line.
 */
#ifndef XAPI_CONFIG_H
#define XAPI_CONFIG_H

#include <limits.h>
#include <stdio.h>
#include "proto/msg.h"

struct config {
	struct msg_domspec spec;	/* image sizes and SHA-256s: zero here */
	char kernel[PATH_MAX];		/* host path, as written */
	char ramdisk[PATH_MAX];		/* host path, "" when none */
	unsigned int warnings;		/* how many warnings were reported */
};

/*
 * Parses the xl.cfg text data[0..len) named name (for messages), with the
 * overrides ("key=value", as `xl create CFG key=value ...` takes them)
 * applied after it in order.  Fills *cfg, with defaults for what is not
 * said: type pvh, memory 128 MiB (maxmem = memory), one vCPU, any CPU,
 * weight 256, no cap, on_poweroff destroy, on_reboot restart, on_crash
 * destroy, a random UUID.  name and kernel must be given, as in Xen.
 * Returns 0, or -EINVAL when the configuration has errors (each reported),
 * or -ENOMEM.
 */
int config_parse(const char *name, const char *data, size_t len,
		 const char *const *overrides, unsigned int n_overrides,
		 FILE *report, struct config *cfg);

/*
 * config_parse() of the file at path.  -errno when it cannot be read (said
 * on report with the path).
 */
int config_parse_file(const char *path, const char *const *overrides,
		      unsigned int n_overrides, FILE *report,
		      struct config *cfg);

/*
 * A CPU list as xl.cfg's cpus and `xl vcpu-pin` take it: "all", "N",
 * "N-M" or a comma-separated list of those, CPUs below 64, to a mask.
 * 0, -EINVAL (not such a list) or -ERANGE (a CPU of 64 or more).
 */
int config_parse_cpus(const char *s, uint64_t *mask);

/*
 * One disk as `xl block-attach DOMAIN SPEC...' gives it: the parts of a
 * disk spec (xlu_disk_parse takes several strings for one disk), checked
 * as a `disk' item of a file is.  0 or -EINVAL (said on report, "xl: ...").
 */
int config_parse_disk(const char *const *parts, unsigned int n, FILE *report,
		      struct msg_disk *disk);

/*
 * One vif as `xl network-attach DOMAIN [KEY=VALUE...]' gives it: the words
 * are a `vif' item's key=value pairs (none: every default).  0 or -EINVAL.
 */
int config_parse_vif(const char *const *words, unsigned int n, FILE *report,
		     struct msg_vif *vif);

/* A MAC "xx:xx:xx:xx:xx:xx" into mac: 0, or -EINVAL (or multicast). */
int config_parse_mac(const char *s, uint8_t mac[6]);

/*
 * An address "A.B.C.D" or "A.B.C.D/N" (N 1..30; /24 when not said), as
 * `ip=` takes it, written "A.B.C.D/N" into out.  0 or -EINVAL.
 */
int config_parse_ip(const char *s, char *out, size_t size);

/* The xl.cfg name of an action ("destroy", "restart", ...). */
const char *config_action_name(unsigned int action);

#endif
