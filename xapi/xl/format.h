/* SPDX-License-Identifier: MIT */
/*
 * xl's output and argument formats, as Xen's xl has them: pure functions,
 * unit-tested on the host (tests/unit/xapi/test_format.c).
 */
#ifndef XL_FORMAT_H
#define XL_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "proto/msg.h"

/*
 * Xen's six state letters: r running, b blocked, p paused, s shut down,
 * then the shutdown reason (- poweroff, r reboot, s suspend, c crash,
 * w watchdog, S soft reset), d dying; '-' for each that does not hold.
 * out holds 7 bytes.
 */
void format_state(const struct msg_dominfo *d, char out[7]);

/* A UUID as text, 8-4-4-4-12 lowercase hex digits (37 bytes with the NUL). */
void format_uuid(const uint8_t uuid[16], char out[37]);

/*
 * `xl list`: the header line, and one domain's line, with Xen's xl's
 * optional columns: -v (UUID, shutdown reason code in hex, security
 * label), -Z (security label), -c (CPU pool), -n (NUMA node affinity).
 */
#define FORMAT_LIST_VERBOSE	0x1
#define FORMAT_LIST_CONTEXT	0x2
#define FORMAT_LIST_CPUPOOL	0x4
#define FORMAT_LIST_NUMA	0x8
void format_list_header(FILE *out, unsigned int columns);
void format_list_row(FILE *out, const struct msg_dominfo *d, unsigned int columns);

/* An uptime as Xen's xl prints it: "H:MM:SS", "1 day, H:MM:SS". */
void format_uptime(uint64_t seconds, char *buf, size_t size);

/* `xl list -l`: one domain as a JSON object (a new reference). */
json_t *format_dominfo_json(const struct msg_dominfo *d);

/*
 * A memory size as xl takes it: a number with an optional unit, b, k, m,
 * g or t (either case); no unit means MiB.  To KiB.  0 or -EINVAL.
 */
int format_parse_mem(const char *s, uint64_t *kib);

/* A domain id: decimal, below 32752 (DOMID_FIRST_RESERVED).  0 or -EINVAL. */
int format_parse_domid(const char *s, uint32_t *domid);

/*
 * A CPU mask as `xl vcpu-list` shows it: "all" when every one of nr_cpus
 * CPUs is in it, else ranges, "0-2,5"; "none" when empty.
 */
void format_cpus(uint64_t mask, unsigned int nr_cpus, char *buf, size_t size);

#endif
