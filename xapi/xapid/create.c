/* SPDX-License-Identifier: MIT */
/*
 * agent_create(): a domain from a parsed configuration.  The images are
 * read, their zero runs found and their upload digests computed here
 * (image.h), the spec goes to Dom0's builder, then each image in order:
 * its zero runs as UPLOAD_ZERO records, the bytes between them as
 * UPLOAD_DATA pieces of at most UPLOAD_CHUNK bytes, UPLOAD_WINDOW records
 * in flight, and UPLOAD_END once every record was taken.  Dom0 undoes its
 * own failures; a failure here after the domain exists (the channel
 * dropped) is undone by Dom0 when the next xapid says hello.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent.h"
#include "image.h"
#include "lifecycle.h"
#include "log.h"

#define UPLOAD_CHUNK	(32 * 1024)
#define UPLOAD_WINDOW	8	/* pieces in flight: Dom0 takes them in order */

struct create {
	struct config cfg;
	struct host_image img[MSG_NR_IMAGES];
	uint32_t domid;
	unsigned int image;
	uint64_t offset;
	size_t zero;			/* the image's next zero run */
	unsigned int inflight;		/* pieces sent, not answered */
	agent_domid_fn *fn;
	void *arg;
	uint8_t *buf;
};

static void finish(struct create *c, int err, const char *text)
{
	struct agent_result r = { err, text };
	unsigned int i;

	agent_cancel(c);	/* pieces still in flight after a failure */
	if (!err)
		lifecycle_created(c->domid, &c->cfg);
	c->fn(&r, err ? 0 : c->domid, c->arg);
	for (i = 0; i < MSG_NR_IMAGES; i++)
		image_free(&c->img[i]);
	free(c->buf);
	free(c);
}

/* A reply's error, or NULL when it succeeded. */
static const char *failed(const struct agent_result *r, const struct frame *f,
			  int *err, struct msg_error *e)
{
	struct msg_rd rd;

	if (r->err) {
		*err = r->err;
		return r->text;
	}
	if (!(f->flags & FRAME_ERROR))
		return NULL;
	msg_rd_init(&rd, f->payload, f->len);
	if (msg_get_error(&rd, e)) {
		*err = -EBADMSG;
		return "Dom0 sent an error that does not parse";
	}
	*err = e->err;
	return e->text;
}

static void fill(struct create *c);

static uint64_t zero_bytes(const struct host_image *img)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < img->nr_zeros; i++)
		n += img->zeros[i].len;
	return n;
}

/* Each answer: CREATE's (the domid), then the pieces', then UPLOAD_END's. */
static void piece_done(const struct agent_result *r, const struct frame *f,
		       void *arg)
{
	struct create *c = arg;
	struct msg_domid m;
	struct msg_error e;
	struct msg_rd rd;
	const char *why;
	int err;

	why = failed(r, f, &err, &e);
	if (why) {
		finish(c, err, why);
		return;
	}
	if (f->op == OP_CREATE) {
		msg_rd_init(&rd, f->payload, f->len);
		if (msg_get_domid(&rd, &m)) {
			finish(c, -EBADMSG, "Dom0's answer to create does not parse");
			return;
		}
		c->domid = m.domid;
		log_info("create: d%u \"%s\": uploading %zu + %zu bytes, %llu of "
			 "them as zero runs", m.domid, c->cfg.spec.name, c->img[0].size,
			 c->img[1].size, (unsigned long long)(zero_bytes(&c->img[0]) +
							      zero_bytes(&c->img[1])));
	} else if (f->op == OP_UPLOAD_END) {
		finish(c, 0, "");
		return;
	} else {
		c->inflight--;
	}
	fill(c);
}

/* 0, or -errno after finishing c (which is then gone). */
static int send_or_fail(struct create *c, uint16_t op, const void *p, uint32_t len)
{
	int rc = agent_forward(op, 0, p, len, piece_done, c);

	if (rc)
		finish(c, rc, "the channel to Dom0 dropped during the upload");
	return rc;
}

/*
 * The next record of c's current image at c->offset into b: its zero run
 * starting there, or the data up to UPLOAD_CHUNK or the next run.
 * Returns the op; c->offset moves past it.
 */
static uint16_t next_record(struct create *c, struct msg_buf *b)
{
	const struct host_image *img = &c->img[c->image];
	const struct image_zero_run *run = c->zero < img->nr_zeros ?
					   &img->zeros[c->zero] : NULL;
	struct msg_upload_data u = { .domid = c->domid, .image = c->image,
				     .offset = c->offset };
	struct msg_upload_zero z = { .domid = c->domid, .image = c->image,
				     .offset = c->offset };
	uint64_t end = run ? run->offset : img->size;

	if (run && run->offset == c->offset) {
		z.len = run->len;
		msg_put_upload_zero(b, &z);
		c->offset += run->len;
		c->zero++;
		return OP_UPLOAD_ZERO;
	}
	u.len = (uint32_t)(end - c->offset < UPLOAD_CHUNK ? end - c->offset : UPLOAD_CHUNK);
	u.data = img->data + c->offset;
	msg_put_upload_data(b, &u);
	c->offset += u.len;
	return OP_UPLOAD_DATA;
}

/* Sends records up to the window; UPLOAD_END once all were answered. */
static void fill(struct create *c)
{
	struct msg_domid end = { c->domid };
	struct msg_buf b;
	uint16_t op;

	for (;;) {
		while (c->image < MSG_NR_IMAGES && c->offset == c->img[c->image].size) {
			c->image++;
			c->offset = 0;
			c->zero = 0;
		}
		msg_buf_init(&b, c->buf, FRAME_MAX_PAYLOAD);
		if (c->image == MSG_NR_IMAGES) {
			if (c->inflight)
				return;
			msg_put_domid(&b, &end);
			send_or_fail(c, OP_UPLOAD_END, c->buf, (uint32_t)b.len);
			return;
		}
		if (c->inflight == UPLOAD_WINDOW)
			return;
		op = next_record(c, &b);
		if (send_or_fail(c, op, c->buf, (uint32_t)b.len))
			return;
		c->inflight++;
	}
}

int agent_create(const struct config *cfg, agent_domid_fn *fn, void *arg,
		 char *why, size_t why_size)
{
	struct create *c;
	struct msg_buf b;
	unsigned int i;
	int rc;

	if (!agent_connected()) {
		snprintf(why, why_size, "xapid has no channel to Dom0");
		return -ENOTCONN;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->buf = malloc(FRAME_MAX_PAYLOAD))) {
		free(c);
		snprintf(why, why_size, "xapid is out of memory");
		return -ENOMEM;
	}
	c->cfg = *cfg;
	c->fn = fn;
	c->arg = arg;
	rc = image_read("kernel", cfg->kernel, true, &c->img[MSG_IMAGE_KERNEL],
			why, why_size);
	if (!rc && cfg->ramdisk[0])
		rc = image_read("ramdisk", cfg->ramdisk, false,
				&c->img[MSG_IMAGE_RAMDISK], why, why_size);
	for (i = 0; !rc && i < MSG_NR_IMAGES; i++) {
		c->cfg.spec.image_size[i] = c->img[i].size;
		memcpy(c->cfg.spec.image_sha256[i], c->img[i].digest, 32);
	}
	if (!rc) {
		msg_buf_init(&b, c->buf, FRAME_MAX_PAYLOAD);
		msg_put_domspec(&b, &c->cfg.spec);
		rc = agent_forward(OP_CREATE, 0, c->buf, (uint32_t)b.len, piece_done, c);
		if (rc)
			snprintf(why, why_size, "sending the spec to Dom0: %s", strerror(-rc));
	}
	if (rc) {
		for (i = 0; i < MSG_NR_IMAGES; i++)
			image_free(&c->img[i]);
		free(c->buf);
		free(c);
	}
	return rc;
}
