/* SPDX-License-Identifier: MIT */
/* Test client for the xenstore core (see harness.h) and the test main. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_run.h"
#include "harness.h"
#include "wire.h"

struct store *hs_new(void)
{
	struct store *s = store_create(NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

struct hc *hc_new(struct store *s, unsigned int domid)
{
	struct hc *h = calloc(1, sizeof(*h));

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	h->c = conn_create(s, domid, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h->c);
	return h;
}

void hc_free(struct hc *h, int closed)
{
	if (!closed)
		conn_destroy(h->c);
	free(h);
}

static int hc_errno(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, s))
			return -xsd_errors[i].errnum;
	return -9999;
}

void hc_drain(struct hc *h)
{
	struct xsd_sockmsg hdr;
	const void *data;
	const char *p;
	size_t len;

	for (;;) {
		conn_output(h->c, &data, &len);
		if (!len)
			break;
		CU_ASSERT_FATAL(len >= sizeof(hdr));
		memcpy(&hdr, data, sizeof(hdr));
		CU_ASSERT_FATAL(len == sizeof(hdr) + hdr.len);
		p = (const char *)data + sizeof(hdr);
		if (hdr.type == XS_WATCH_EVENT) {
			CU_ASSERT_FATAL(h->nev < HC_EVENTS);
			snprintf(h->ev_path[h->nev], 256, "%s", p);
			snprintf(h->ev_token[h->nev], 64, "%s",
				 p + strlen(p) + 1);
			h->nev++;
		} else {
			h->rtype = hdr.type;
			h->rlen = hdr.len;
			memcpy(h->reply, p, hdr.len);
			h->reply[hdr.len] = '\0';
		}
		conn_output_done(h->c, len);
	}
}

int hc_raw(struct hc *h, uint32_t type, uint32_t tx, const void *payload,
	   uint32_t len)
{
	struct xsd_sockmsg hdr = {type, ++h->req_id, tx, len};
	char *buf = malloc(sizeof(hdr) + len);
	size_t used;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	h->rtype = XS_INVALID;
	used = conn_feed(h->c, buf, sizeof(hdr) + len);
	free(buf);
	hc_drain(h);
	if (used != sizeof(hdr) + len || h->rtype == XS_INVALID)
		return -1000;
	if (h->rtype == XS_ERROR)
		return hc_errno(h->reply);
	CU_ASSERT(h->rtype == type);
	return 0;
}

int hc_do(struct hc *h, uint32_t type, uint32_t tx, const char *a0,
	  const char *a1, const char *a2)
{
	const char *a[3] = {a0, a1, a2};
	char buf[XENSTORE_PAYLOAD_MAX + 64];
	uint32_t len = 0;
	int i;

	for (i = 0; i < 3 && a[i]; i++) {
		memcpy(buf + len, a[i], strlen(a[i]) + 1);
		len += (uint32_t)strlen(a[i]) + 1;
	}
	return hc_raw(h, type, tx, buf, len);
}

int hc_write(struct hc *h, uint32_t tx, const char *path, const char *value)
{
	char buf[2 * XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	return hc_raw(h, XS_WRITE, tx, buf, (uint32_t)(pl + vl));
}

int hc_read(struct hc *h, uint32_t tx, const char *path)
{
	return hc_do(h, XS_READ, tx, path, NULL, NULL);
}

uint32_t hc_start(struct hc *h)
{
	if (hc_do(h, XS_TRANSACTION_START, 0, "", NULL, NULL))
		return 0;
	return (uint32_t)strtoul(h->reply, NULL, 10);
}

int hc_end(struct hc *h, uint32_t tx, int commit)
{
	return hc_do(h, XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL, NULL);
}

int hc_event(struct hc *h, const char *path, const char *token)
{
	if (!h->nev || strcmp(h->ev_path[0], path) ||
	    strcmp(h->ev_token[0], token))
		return 0;
	h->nev--;
	memmove(h->ev_path[0], h->ev_path[1], sizeof(h->ev_path[0]) * h->nev);
	memmove(h->ev_token[0], h->ev_token[1],
		sizeof(h->ev_token[0]) * h->nev);
	return 1;
}

void hc_clear(struct hc *h)
{
	hc_drain(h);
	h->nev = 0;
}

void add_suite(const char *name, const struct test_def *t, unsigned int n)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);
	unsigned int i;

	for (i = 0; i < n; i++)
		CU_add_test(s, t[i].name, t[i].fn);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite_wire();
	suite_ops();
	suite_perms();
	suite_watch();
	suite_txn();
	suite_quota();
	suite_domain();
	suite_ring();
	return cunit_run();
}
