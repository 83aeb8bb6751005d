/* SPDX-License-Identifier: MIT */
/*
 * XenAPI, as XAPI answers it: the call table shared by the XML-RPC and the
 * JSON-RPC transports.  Values are jansson values whatever the transport
 * (the codecs translate); results and errors have XenAPI's shape, errors
 * being arrays of strings whose first is the error name
 * (SESSION_AUTHENTICATION_FAILED, SESSION_INVALID, HANDLE_INVALID,
 * VM_BAD_POWER_STATE, MESSAGE_METHOD_UNKNOWN,
 * MESSAGE_PARAMETER_COUNT_MISMATCH, RBAC_PERMISSION_DENIED, EVENTS_LOST,
 * INTERNAL_ERROR).
 *
 * A session reference is the same bearer token REST's login returns.
 * This is a one-host pool: one pool, whose master is the one host; Dom0 is
 * a VM with is_control_domain true.
 */
#ifndef XAPID_XENAPI_H
#define XAPID_XENAPI_H

#include <event2/event.h>
#include <jansson.h>

struct vm;

#define XENAPI_VERSION_MAJOR 2
#define XENAPI_VERSION_MINOR 21
#define XENAPI_EVENT_TIMEOUT_MAX 60.0

/*
 * Called once per call with either a value or an error (the other NULL);
 * takes the reference to the one given.
 */
typedef void (*xenapi_done)(json_t *value, json_t *error, void *arg);

/* Sets up the host and pool objects (base runs event.from's timers) and
 * adds the routes of both transports ("/", "/RPC2", "/xmlrpc",
 * "/jsonrpc"), whose calls the front process decodes.  0 or -errno. */
int xenapi_init(struct event_base *base);
/* Drops waiting event.from calls (answering them) and the objects. */
void xenapi_fini(void);

/*
 * Runs method with params (a JSON array, borrowed) for a client at peer.
 * done runs now or later (event.from waits; VM operations wait for Dom0).
 */
void xenapi_call(const char *method, json_t *params, const char *peer,
		 xenapi_done done, void *arg);

/* v's XenAPI record (a new reference), for event snapshots. */
json_t *xenapi_vm_record(const struct vm *v);

/* Builds a XenAPI error: name followed by the given strings (NULL-ended). */
json_t *xenapi_error(const char *name, ...);

#endif
