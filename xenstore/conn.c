/* SPDX-License-Identifier: MIT */
/* Connection core shared by every transport (see conn.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "store.h"
#include "transaction.h"
#include "watch.h"

struct conn *conn_create(struct store *s, unsigned int domid,
			 const struct conn_ops *ops, void *opaque)
{
	struct conn *c;

	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->domain = domain_get(s, domid);
	if (!c->domain) {
		free(c);
		return NULL;
	}
	c->domain->conns++;
	c->store = s;
	c->privileged = domid == 0;
	c->ops = ops;
	c->opaque = opaque;
	c->next_txn_id = 1;
	c->out_tail = &c->out_head;
	wire_in_reset(&c->in);
	c->next = s->conns;
	s->conns = c;
	return c;
}

void conn_reset(struct conn *c)
{
	struct conn_msg *m;

	txn_reset(c);
	watch_reset(c);
	while ((m = c->out_head)) {
		c->out_head = m->next;
		free(m);
	}
	c->out_tail = &c->out_head;
	c->out_replies = c->out_events = 0;
	wire_in_reset(&c->in);
}

void conn_destroy(struct conn *c)
{
	struct store *s = c->store;
	struct conn **pp;

	for (pp = &s->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	conn_reset(c);
	c->domain->conns--;
	domain_put(s, c->domain);
	free(c);
}

bool conn_stalled(const struct conn *c)
{
	return quota_check(&c->store->quota, c->privileged, QUOTA_OUTSTANDING,
			   c->out_replies + 1UL) != 0;
}

size_t conn_feed(struct conn *c, const void *data, size_t len)
{
	const char *p = data;
	size_t done = 0, used;
	enum wire_status st;
	struct xsd_sockmsg hdr;

	while (done < len && !conn_stalled(c)) {
		st = wire_in_feed(&c->in, p + done, len - done, &used);
		done += used;
		if (st == WIRE_MSG) {
			dispatch_request(c, &c->in.hdr, c->in.body);
			wire_in_reset(&c->in);
		} else if (st == WIRE_TOO_BIG) {
			hdr = c->in.hdr;
			conn_queue(c, XS_ERROR, hdr.req_id, hdr.tx_id, "E2BIG",
				   sizeof("E2BIG"));
		}
	}
	return done;
}

void conn_output(const struct conn *c, const void **data, size_t *len)
{
	const struct conn_msg *m = c->out_head;

	*data = m ? m->data + m->off : NULL;
	*len = m ? m->len - m->off : 0;
}

void conn_output_done(struct conn *c, size_t n)
{
	struct conn_msg *m = c->out_head;

	BUG_ON(!m || n > m->len - m->off);
	m->off += (uint32_t)n;
	if (m->off < m->len)
		return;
	c->out_head = m->next;
	if (!c->out_head)
		c->out_tail = &c->out_head;
	if (m->event)
		c->out_events--;
	else
		c->out_replies--;
	free(m);
}

/* Queues a message whose payload is @a followed by @b. */
static int conn_queue2(struct conn *c, uint32_t type, uint32_t req_id,
		       uint32_t tx_id, const void *a, uint32_t alen,
		       const void *b, uint32_t blen)
{
	uint32_t len = alen + blen;
	bool event = type == XS_WATCH_EVENT;
	struct xsd_sockmsg hdr = {type, req_id, tx_id, len};
	struct conn_msg *m;
	char line[96];

	if (event && quota_check(&c->store->quota, c->privileged, QUOTA_EVENTS,
				 c->out_events + 1UL)) {
		snprintf(line, sizeof(line),
			 "domain %u: watch event dropped, %u queued unread",
			 conn_domid(c), c->out_events);
		store_log(c->store, line);
		return -EBUSY;
	}
	m = malloc(sizeof(*m) + sizeof(hdr) + len);
	if (!m) {
		store_log(c->store, "out of memory queueing a message");
		return -ENOMEM;
	}
	m->next = NULL;
	m->len = (uint32_t)sizeof(hdr) + len;
	m->off = 0;
	m->event = event;
	memcpy(m->data, &hdr, sizeof(hdr));
	if (alen)
		memcpy(m->data + sizeof(hdr), a, alen);
	if (blen)
		memcpy(m->data + sizeof(hdr) + alen, b, blen);
	*c->out_tail = m;
	c->out_tail = &m->next;
	if (event)
		c->out_events++;
	else
		c->out_replies++;
	return 0;
}

int conn_queue(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
	       const void *payload, uint32_t len)
{
	return conn_queue2(c, type, req_id, tx_id, payload, len, NULL, 0);
}

int conn_event(struct conn *c, const char *path, const char *token)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	int rc;

	if (pl + tl > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	rc = conn_queue2(c, XS_WATCH_EVENT, 0, 0, path, (uint32_t)pl, token,
			 (uint32_t)tl);
	if (!rc && c->ops && c->ops->notify)
		c->ops->notify(c);
	return rc;
}

struct perm_who conn_who(const struct conn *c)
{
	struct perm_who who = {
	    .domid = c->domain->domid,
	    .target = c->domain->target,
	    .privileged = c->privileged,
	};

	return who;
}

unsigned int conn_domid(const struct conn *c)
{
	return c->domain->domid;
}
