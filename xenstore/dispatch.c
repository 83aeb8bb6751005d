/* SPDX-License-Identifier: MIT */
/* The request table and its handlers: decode, call the store, reply. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "path.h"
#include "store.h"
#include "transaction.h"
#include "watch.h"

/* What a handler gets, and where it puts its answer. */
struct request {
	struct conn *c;
	struct txn *t;
	const struct xsd_sockmsg *hdr;
	const char *body;
	char *reply; /* XENSTORE_PAYLOAD_MAX bytes */
	uint32_t rlen;
	const char *watch_path; /* set by XS_WATCH: initial event after reply */
	const char *watch_token;
	unsigned int watch_rel;
	char *path; /* canonical path argument, PATH_BUF bytes */
};

#define PRIV   0x1 /* privileged connections only (EACCES otherwise) */
#define NO_TXN 0x2 /* tx_id is ignored */

struct dispatch_row {
	int (*fn)(struct request *r);
	unsigned int flags;
};

static int reply_str(struct request *r, const char *s)
{
	size_t len = strlen(s) + 1;

	if (r->rlen + len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	memcpy(r->reply + r->rlen, s, len);
	r->rlen += (uint32_t)len;
	return 0;
}

/* The payload must be exactly @n strings; fills @argv. */
static int args_exact(struct request *r, const char **argv, unsigned int n)
{
	return wire_args(r->body, r->hdr->len, argv, n) == (int)n ? 0 : -EINVAL;
}

/*
 * Canonicalises path @in into r->path; with @special, names starting with
 * '@' (watches, permissions of special names) are taken as they are.
 */
static int canon(struct request *r, const char *in, bool special)
{
	if (special)
		return path_watch(in, conn_domid(r->c), &r->c->store->quota,
				  r->c->privileged, r->path);
	return path_canonical(in, conn_domid(r->c), &r->c->store->quota,
			      r->c->privileged, r->path);
}

/* The single string argument, canonicalised into r->path. */
static int arg_path(struct request *r, bool special)
{
	const char *argv[1];
	int rc;

	rc = args_exact(r, argv, 1);
	return rc ? rc : canon(r, argv[0], special);
}

static int arg_domid(struct request *r, const char *s, unsigned int *domid)
{
	unsigned long v;
	int rc;

	(void)r;
	rc = wire_uint(s, 0xffff, &v);
	*domid = (unsigned int)v;
	return rc;
}

/* The node named by the single path argument, if @r may read it. */
static int arg_node(struct request *r, bool special, const struct node **n)
{
	int rc = arg_path(r, special);

	return rc ? rc : store_read(r->c, r->t, r->path, n);
}

static int do_read(struct request *r)
{
	const struct node *n;
	int rc;

	rc = arg_node(r, false, &n);
	if (rc)
		return rc;
	if (n->vlen)
		memcpy(r->reply, n->value, n->vlen);
	r->rlen = n->vlen;
	return 0;
}

static int do_directory(struct request *r)
{
	const struct node *n;
	int rc;

	rc = arg_node(r, false, &n);
	if (rc)
		return rc;
	if (n->clen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if (n->clen)
		memcpy(r->reply, n->children, n->clen);
	r->rlen = n->clen;
	return 0;
}

/*
 * Reply: the node's generation, then the children from byte @offset of
 * the list, as many whole names as fit; an empty name ends the list.
 */
static int do_directory_part(struct request *r)
{
	const char *argv[2];
	const struct node *n;
	unsigned long off;
	uint32_t len, take = 0, l;
	char gen[24];
	int rc;

	rc = args_exact(r, argv, 2);
	if (!rc)
		rc = wire_uint(argv[1], 0xffffffffUL, &off);
	if (!rc)
		rc = canon(r, argv[0], false);
	if (!rc)
		rc = store_read(r->c, r->t, r->path, &n);
	if (rc)
		return rc;
	if (off > n->clen)
		return -EINVAL;
	snprintf(gen, sizeof(gen), "%llu", (unsigned long long)n->gen);
	reply_str(r, gen);
	len = n->clen - (uint32_t)off;
	while (take < len) {
		l = (uint32_t)strlen(n->children + off + take) + 1;
		if (r->rlen + take + l + 1 > XENSTORE_PAYLOAD_MAX)
			break;
		take += l;
	}
	if (take)
		memcpy(r->reply + r->rlen, n->children + off, take);
	r->rlen += take;
	if (take == len)
		r->reply[r->rlen++] = '\0';
	return 0;
}

static int do_get_perms(struct request *r)
{
	const struct node *n;
	int rc;

	rc = arg_node(r, true, &n);
	if (rc)
		return rc;
	rc = perms_format(n->perms, n->nperms, r->reply, XENSTORE_PAYLOAD_MAX);
	if (rc < 0)
		return rc;
	r->rlen = (uint32_t)rc;
	return 0;
}

static int do_write(struct request *r)
{
	size_t plen = strnlen(r->body, r->hdr->len);
	int rc;

	if (plen == r->hdr->len)
		return -EINVAL;
	rc = canon(r, r->body, false);
	if (!rc)
		rc = store_write(r->c, r->t, r->path, r->body + plen + 1,
				 r->hdr->len - (uint32_t)plen - 1);
	return rc ? rc : reply_str(r, "OK");
}

static int do_mkdir(struct request *r)
{
	int rc = arg_path(r, false);

	if (!rc)
		rc = store_mkdir(r->c, r->t, r->path);
	return rc ? rc : reply_str(r, "OK");
}

static int do_rm(struct request *r)
{
	int rc = arg_path(r, false);

	if (!rc)
		rc = store_rm(r->c, r->t, r->path);
	return rc ? rc : reply_str(r, "OK");
}

static int do_set_perms(struct request *r)
{
	const char **argv;
	struct perm *p;
	int n, i, rc;

	n = wire_args(r->body, r->hdr->len, NULL, 0);
	if (n < 2)
		return -EINVAL;
	argv = malloc((size_t)n * sizeof(*argv));
	p = malloc((size_t)n * sizeof(*p));
	rc = -ENOMEM;
	if (!argv || !p)
		goto out;
	wire_args(r->body, r->hdr->len, argv, (unsigned int)n);
	for (i = 1; i < n; i++) {
		rc = perms_parse(argv[i], &p[i - 1]);
		if (rc)
			goto out;
	}
	rc = canon(r, argv[0], true);
	if (!rc)
		rc = store_set_perms(r->c, r->t, r->path, p,
				     (unsigned int)n - 1);
	if (!rc)
		rc = reply_str(r, "OK");
out:
	free(argv);
	free(p);
	return rc;
}

static int watch_args(struct request *r, const char **argv, unsigned int *rel)
{
	int rc;

	rc = args_exact(r, argv, 2);
	if (rc)
		return rc;
	rc = canon(r, argv[0], true);
	*rel = (unsigned int)(strlen(r->path) - strlen(argv[0]));
	return rc;
}

static int do_watch(struct request *r)
{
	const char *argv[2];
	unsigned int rel;
	int rc;

	rc = watch_args(r, argv, &rel);
	if (!rc)
		rc = watch_add_check(r->c, r->path, argv[1]);
	if (rc)
		return rc;
	r->watch_path = r->path;
	r->watch_token = argv[1];
	r->watch_rel = rel;
	return reply_str(r, "OK");
}

static int do_unwatch(struct request *r)
{
	const char *argv[2];
	unsigned int rel;
	int rc;

	rc = watch_args(r, argv, &rel);
	if (!rc)
		rc = watch_remove(r->c, r->path, argv[1]);
	return rc ? rc : reply_str(r, "OK");
}

static int do_transaction_start(struct request *r)
{
	char id[16];
	uint32_t tid;
	int rc;

	if (r->hdr->tx_id)
		return -EBUSY;
	rc = txn_start(r->c, &tid);
	if (rc)
		return rc;
	snprintf(id, sizeof(id), "%u", (unsigned int)tid);
	return reply_str(r, id);
}

static int do_transaction_end(struct request *r)
{
	const char *argv[1];
	int rc;

	if (!r->t)
		return -ENOENT;
	rc = args_exact(r, argv, 1);
	if (rc)
		return rc;
	if (strcmp(argv[0], "T") && strcmp(argv[0], "F"))
		return -EINVAL;
	rc = txn_end(r->t, argv[0][0] == 'T');
	r->t = NULL;
	return rc ? rc : reply_str(r, "OK");
}

static int do_introduce(struct request *r)
{
	const char *argv[3];
	unsigned long mfn, port;
	unsigned int domid;
	int rc;

	rc = args_exact(r, argv, 3);
	if (!rc)
		rc = arg_domid(r, argv[0], &domid);
	if (!rc)
		rc = wire_uint(argv[1], ~0UL, &mfn);
	if (!rc)
		rc = wire_uint(argv[2], 0xffffffffUL, &port);
	if (!rc)
		rc = domain_introduce(r->c->store, domid, mfn,
				      (unsigned int)port);
	return rc ? rc : reply_str(r, "OK");
}

/* XS_RELEASE, XS_RESUME, XS_IS_DOMAIN_INTRODUCED: one domain id. */
static int one_domid(struct request *r, unsigned int *domid)
{
	const char *argv[1];
	int rc;

	rc = args_exact(r, argv, 1);
	return rc ? rc : arg_domid(r, argv[0], domid);
}

static int do_release(struct request *r)
{
	unsigned int domid;
	int rc;

	rc = one_domid(r, &domid);
	if (!rc && domid == conn_domid(r->c))
		rc = -EINVAL;
	if (!rc)
		rc = domain_release(r->c->store, domid);
	return rc ? rc : reply_str(r, "OK");
}

static int do_resume(struct request *r)
{
	unsigned int domid;
	int rc;

	rc = one_domid(r, &domid);
	if (!rc && !domain_is_introduced(r->c->store, domid))
		rc = -ENOENT;
	return rc ? rc : reply_str(r, "OK");
}

static int do_is_domain_introduced(struct request *r)
{
	unsigned int domid;
	int rc;

	rc = one_domid(r, &domid);
	if (rc)
		return rc;
	return reply_str(
	    r,
	    domid == 0 || domain_is_introduced(r->c->store, domid) ? "T" : "F");
}

static int do_get_domain_path(struct request *r)
{
	unsigned int domid;
	char home[32];
	int rc;

	rc = one_domid(r, &domid);
	if (rc)
		return rc;
	path_home(domid, home, sizeof(home));
	return reply_str(r, home);
}

static int do_set_target(struct request *r)
{
	const char *argv[2];
	unsigned int domid, target;
	int rc;

	rc = args_exact(r, argv, 2);
	if (!rc)
		rc = arg_domid(r, argv[0], &domid);
	if (!rc)
		rc = arg_domid(r, argv[1], &target);
	if (!rc)
		rc = domain_set_target(r->c->store, domid, target);
	return rc ? rc : reply_str(r, "OK");
}

static int do_reset_watches(struct request *r)
{
	watch_reset(r->c);
	txn_reset(r->c);
	r->t = NULL;
	return reply_str(r, "OK");
}

/* A minimal XS_CONTROL: "check", "print <text>" and "help". */
static int do_control(struct request *r)
{
	const char *argv[2];
	int n;

	n = wire_args(r->body, r->hdr->len, argv, 2);
	if (n < 1)
		return -EINVAL;
	if (!strcmp(argv[0], "check") && n == 1)
		return reply_str(r, "OK");
	if (!strcmp(argv[0], "print") && n == 2) {
		store_log(r->c->store, argv[1]);
		return reply_str(r, "OK");
	}
	if (!strcmp(argv[0], "help") && n == 1)
		return reply_str(r, "check\nprint <text>\nhelp\n");
	return -EINVAL;
}

/* Types without a row (XS_WATCH_EVENT, XS_ERROR, gaps) answer EINVAL. */
static const struct dispatch_row dispatch_table[XS_TYPE_COUNT] = {
    [XS_CONTROL] = {do_control, PRIV | NO_TXN},
    [XS_DIRECTORY] = {do_directory, 0},
    [XS_READ] = {do_read, 0},
    [XS_GET_PERMS] = {do_get_perms, 0},
    [XS_WATCH] = {do_watch, NO_TXN},
    [XS_UNWATCH] = {do_unwatch, NO_TXN},
    [XS_TRANSACTION_START] = {do_transaction_start, NO_TXN},
    [XS_TRANSACTION_END] = {do_transaction_end, 0},
    [XS_INTRODUCE] = {do_introduce, PRIV | NO_TXN},
    [XS_RELEASE] = {do_release, PRIV | NO_TXN},
    [XS_GET_DOMAIN_PATH] = {do_get_domain_path, NO_TXN},
    [XS_WRITE] = {do_write, 0},
    [XS_MKDIR] = {do_mkdir, 0},
    [XS_RM] = {do_rm, 0},
    [XS_SET_PERMS] = {do_set_perms, 0},
    [XS_IS_DOMAIN_INTRODUCED] = {do_is_domain_introduced, PRIV | NO_TXN},
    [XS_RESUME] = {do_resume, PRIV | NO_TXN},
    [XS_SET_TARGET] = {do_set_target, PRIV | NO_TXN},
    [XS_RESET_WATCHES] = {do_reset_watches, NO_TXN},
    [XS_DIRECTORY_PART] = {do_directory_part, 0},
};

static int dispatch_check(struct request *r, const struct dispatch_row **row)
{
	const struct xsd_sockmsg *hdr = r->hdr;

	if (hdr->type >= XS_TYPE_COUNT || !dispatch_table[hdr->type].fn)
		return -EINVAL;
	*row = &dispatch_table[hdr->type];
	if (((*row)->flags & PRIV) && !r->c->privileged)
		return -EACCES;
	if (!((*row)->flags & NO_TXN) && hdr->tx_id) {
		r->t = txn_find(r->c, hdr->tx_id);
		if (!r->t)
			return -ENOENT;
	}
	return 0;
}

void dispatch_request(struct conn *c, const struct xsd_sockmsg *hdr,
		      const char *body)
{
	struct request req;
	struct request *r = &req;
	const struct dispatch_row *row;
	const char *err;
	int rc;

	c->domain->ops++;
	r->c = c;
	r->t = NULL;
	r->hdr = hdr;
	r->body = body;
	r->reply = c->store->reply;
	r->path = c->store->path;
	r->rlen = 0;
	r->watch_path = NULL;
	rc = dispatch_check(r, &row);
	if (!rc)
		rc = row->fn(r);
	if (rc) {
		err = wire_error(rc);
		conn_queue(c, XS_ERROR, hdr->req_id, hdr->tx_id, err,
			   (uint32_t)strlen(err) + 1);
		return;
	}
	conn_queue(c, hdr->type, hdr->req_id, hdr->tx_id, r->reply, r->rlen);
	if (r->watch_path &&
	    watch_add(c, r->watch_path, r->watch_token, r->watch_rel))
		store_log(c->store, "watch lost after its OK (out of memory)");
}
