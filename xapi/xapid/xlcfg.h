/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg text sent to the API (a `text/plain' body), turned into the
 * definition's JSON form (docs/openapi.json's DomainInput) by the front
 * process, so that the core never parses it: the text is read by the same
 * library as xl (config/config.h, Debian's libxlutil).
 */
#ifndef XAPID_XLCFG_H
#define XAPID_XLCFG_H

#include <stddef.h>

#include <jansson.h>

/*
 * Parses text[0..len) (named "request" in messages).  Returns the
 * definition (a new reference: name, uuid, memory_mib, maxmem_mib, vcpus,
 * cpu_weight, cap, max_event_channels, kernel, ramdisk, cmdline, on_poweroff, on_reboot,
 * on_crash, and cpus when the text restricts them), or NULL with *messages
 * set to a new array of the parser's lines ("request:LINE: error: ..."),
 * or NULL and *messages NULL when memory ran out.
 */
json_t *xlcfg_to_json(const char *text, size_t len, json_t **messages);

#endif
