/* SPDX-License-Identifier: MIT */
/*
 * The REST/JSON API under /api/v1 (docs/openapi.json is its reference).
 * Split by noun: rest.c (login, health, tasks, the event stream, the
 * OpenAPI document), rest_domain.c (domains and their actions, memory,
 * vCPUs, scheduler, console), rest_host.c (the host, xenstore).
 */
#ifndef XAPID_REST_H
#define XAPID_REST_H

#include <event2/event.h>

#include "http.h"

/* Seconds between keep-alive comments on event streams. */
#define REST_SSE_KEEPALIVE 15
/* Largest page of a list. */
#define REST_PAGE_MAX 500

/*
 * Adds every REST route.  openapi_path is the OpenAPI document served at
 * /api/v1/openapi.json.  0 or -errno.
 */
int rest_init(struct event_base *base, const char *openapi_path);
/* Ends every event stream (at exit). */
void rest_fini(void);

/* Route tables of the other REST files, added by rest_init(). */
int rest_domain_init(void);
int rest_host_init(void);

/* Replies 400 unless the body is a JSON object; returns it or NULL (and
 * then r is answered). */
json_t *rest_json_body(struct http_req *r);

/*
 * Decodes a domain definition from JSON (the body of POST /domains and PUT
 * /domains/{id}) on top of what d holds: unknown members and wrong types
 * are refused.  0, or -EINVAL with a reason in why.
 */
struct vm_def;
int rest_domain_decode(json_t *j, struct vm_def *d, char *why, size_t whysz);

#endif
