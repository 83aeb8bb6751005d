/* SPDX-License-Identifier: MIT */
/*
 * The management API side of xapid: HTTPS (and loopback HTTP) with the
 * REST/JSON API, XenAPI (XML-RPC and JSON-RPC), users and tokens, the VM
 * database, events, metrics and the web page.  main.c parses the API's
 * options with the daemon's own and starts it on the daemon's loop, after
 * the agent (agent.h), whose calls and domain events it builds on.
 *
 * The state directory holds what must survive a restart, all mode 0600:
 * users (users), the VM database (vms.xml), the certificate and key
 * (cert.pem, key.pem, unless --cert/--key), the first admin's password
 * (admin-password) and the ports bound (ports: "https N" / "http N").
 */
#ifndef XAPID_API_H
#define XAPID_API_H

#include <getopt.h>
#include <stdio.h>

#include <event2/event.h>

#define API_HTTPS_PORT 8443 /* the documented default */

/* The API's settings, from its options. */
struct api_config {
	const char *state, *cert, *key, *web, *openapi, *http, *https_addr;
	unsigned https_port, timeout, token_ttl, sessions;
	int routes; /* print the routes and exit */
	const char *xenstore; /* xapid's relay socket, for REST's xenstore */
};

/* First val of the API's getopt_long options (above any short option). */
#define API_OPT_BASE 0x100
/* The API's long options, NULL-terminated: add them to the daemon's table. */
extern const struct option api_options[];

/* Defaults: state dir $XAPID_STATE or BUILD/run/state, HTTPS on 0.0.0.0
 * port API_HTTPS_PORT, no plain HTTP, 30 s timeout, 1 h token life, 16
 * sessions per user. */
void api_config_defaults(struct api_config *c);
/* Takes one of api_options (opt >= API_OPT_BASE): 0 or -EINVAL. */
int api_option(struct api_config *c, int opt, const char *arg);
/* Prints the API's options for the daemon's usage. */
void api_usage(FILE *out);

/* `xapid user ...` (argv[0] is "user"): returns the exit status. */
int api_user_main(const struct api_config *c, int argc, char **argv);

/*
 * Starts the API on base.  Returns 0, 1 when --routes printed the routes
 * (the daemon then exits 0), or -errno after logging why.
 */
int api_start(struct event_base *base, const struct api_config *c);
/* Ends streams and waiters, closes the listeners, frees everything. */
void api_stop(void);

#endif
