/* SPDX-License-Identifier: MIT */
/*
 * The REST/JSON API under /api/v1 (docs/openapi.json is its reference).
 * Split by noun: rest.c (login, health, tasks, the event stream, the
 * OpenAPI document), rest_domain.c (the domains: list, get, create,
 * update, delete), rest_action.c (their actions, as tasks),
 * rest_settings.c (memory and scheduler), rest_vcpu.c (vCPUs, pinning, VM
 * exits), rest_console.c (consoles), rest_host.c (the host, xenstore).
 */
#ifndef XAPID_REST_H
#define XAPID_REST_H

#include <event2/event.h>

#include "http.h"

/* Seconds between keep-alive comments on event streams. */
#define REST_SSE_KEEPALIVE 15
/* Largest page of a list. */
#define REST_PAGE_MAX 500
/* Most bytes one POST .../console types (one channel frame holds them). */
#define REST_CONSOLE_INPUT_MAX 4096

/*
 * Adds every REST route.  openapi_path is the OpenAPI document served at
 * /api/v1/openapi.json.  0 or -errno.
 */
int rest_init(struct event_base *base, const char *openapi_path);
/* Ends every event stream (at exit). */
void rest_fini(void);

/* Route tables of the other REST files, added by rest_init(). */
int rest_domain_init(void);
int rest_action_init(void);
int rest_settings_init(void);
int rest_vcpu_init(void);
int rest_console_init(void);
int rest_host_init(void);

struct vm;
enum vmop;

/* The VM the first path argument names (UUID, name or domid), or NULL
 * after answering 404. */
struct vm *rest_domain_find(struct http_req *r);
/* The same for a running VM: NULL after answering 404 or 409. */
struct vm *rest_domain_running(struct http_req *r);
/* Answers 412 and returns 1 if the request's If-Match is not v's ETag. */
int rest_domain_precondition_failed(struct http_req *r, const struct vm *v);
/* Answers v as REST shows it, with its ETag.  Frees r. */
void rest_domain_reply(struct http_req *r, int status, const struct vm *v);
/*
 * Starts op on v as a task and answers 202 with it, or waits for it with
 * ?wait=SECONDS; with undefine, a halted VM's definition goes after.
 */
void rest_action_start(struct http_req *r, struct vm *v, enum vmop op,
		       int undefine);

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
