/* SPDX-License-Identifier: MIT */
/* Test client for the xenstore core: wire format to a conn in memory. */
#ifndef TESTS_XENSTORE_HARNESS_H
#define TESTS_XENSTORE_HARNESS_H

#include <stdint.h>

#include <CUnit/CUnit.h>

#include "conn.h"
#include "store.h"

#define HC_EVENTS 64

/* One client: a connection without transport, its last reply and events. */
struct hc {
	struct conn *c;
	uint32_t req_id;
	uint32_t rtype; /* type of the last reply */
	uint32_t rlen;
	char reply[XENSTORE_PAYLOAD_MAX + 1];
	int nev; /* events received and not yet taken */
	char ev_path[HC_EVENTS][256];
	char ev_token[HC_EVENTS][64];
};

/* A fresh store with Xen's quotas; logs go nowhere. */
struct store *hs_new(void);

/* A client of domain @domid on @s. */
struct hc *hc_new(struct store *s, unsigned int domid);

/* Destroys the client and its connection (unless @closed: already gone). */
void hc_free(struct hc *h, int closed);

/*
 * Sends one request with a raw payload and collects the reply (and any
 * events queued with it).  Returns 0 for a normal reply, the negative
 * errno of an XS_ERROR reply, or -1000 when no reply came.
 */
int hc_raw(struct hc *h, uint32_t type, uint32_t tx, const void *payload,
	   uint32_t len);

/* Same, with up to three NUL-terminated string arguments (NULL ends them). */
int hc_do(struct hc *h, uint32_t type, uint32_t tx, const char *a0,
	  const char *a1, const char *a2);

/* XS_WRITE of the string @value (no NUL on the wire). */
int hc_write(struct hc *h, uint32_t tx, const char *path, const char *value);

/* XS_READ; on success the value (NUL-terminated) is in h->reply. */
int hc_read(struct hc *h, uint32_t tx, const char *path);

/* Starts a transaction and returns its id (0 on failure). */
uint32_t hc_start(struct hc *h);

/* Ends transaction @tx (commit when @commit); returns 0 or -errno. */
int hc_end(struct hc *h, uint32_t tx, int commit);

/* Moves queued output into h->ev_* (events) and the reply fields. */
void hc_drain(struct hc *h);

/*
 * Takes the first received event if it is (@path, @token); returns 1 if
 * so, 0 otherwise (the event stays).
 */
int hc_event(struct hc *h, const char *path, const char *token);

/* Discards all received events. */
void hc_clear(struct hc *h);

/* Suites, one per file. */
void suite_wire(void);
void suite_ops(void);
void suite_perms(void);
void suite_watch(void);
void suite_txn(void);
void suite_quota(void);
void suite_domain(void);
void suite_ring(void);

/* One test: its name as printed and its function. */
struct test_def {
	const char *name;
	void (*fn)(void);
};
#define T(f)                                                                   \
	{                                                                      \
#f, f                                                          \
	}

/* Adds suite @name with the @n tests of @t. */
void add_suite(const char *name, const struct test_def *t, unsigned int n);
#define ADD_SUITE(name, t) add_suite(name, t, sizeof(t) / sizeof((t)[0]))

#endif
