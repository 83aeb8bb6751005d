// SPDX-License-Identifier: MIT
// The core/front messages: writing and bounds-checked reading.
#include "frontmsg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int frontmsg_begin(struct frontmsg_out *m)
{
	m->err = 0;
	m->payload = evbuffer_new();
	return m->payload ? 0 : -ENOMEM;
}

static void put(struct frontmsg_out *m, const void *p, size_t len)
{
	if (m->err)
		return;
	if (evbuffer_get_length(m->payload) + len > FRONTMSG_MAX)
		m->err = -E2BIG;
	else if (evbuffer_add(m->payload, p, len))
		m->err = -ENOMEM;
}

void frontmsg_put_u32(struct frontmsg_out *m, uint32_t v)
{
	put(m, &v, sizeof(v));
}

void frontmsg_put_str(struct frontmsg_out *m, const char *s, size_t len)
{
	if (len > FRONTMSG_MAX) {
		m->err = -E2BIG;
		return;
	}
	frontmsg_put_u32(m, (uint32_t)len);
	put(m, s, len);
}

void frontmsg_put_cstr(struct frontmsg_out *m, const char *s)
{
	frontmsg_put_str(m, s ? s : "", s ? strlen(s) : 0);
}

static void put_tree(struct frontmsg_out *m, const json_t *j, int depth)
{
	char tag;
	const char *key;
	json_t *v;
	size_t i;

	if (depth > FRONTMSG_DEPTH) {
		m->err = -E2BIG;
		return;
	}
	switch (j ? json_typeof(j) : JSON_NULL) {
	case JSON_TRUE: put(m, "t", 1); return;
	case JSON_FALSE: put(m, "f", 1); return;
	case JSON_INTEGER: {
		int64_t x = json_integer_value(j);

		put(m, "i", 1);
		put(m, &x, sizeof(x));
		return;
	}
	case JSON_REAL: {
		double x = json_real_value(j);

		put(m, "r", 1);
		put(m, &x, sizeof(x));
		return;
	}
	case JSON_STRING:
		put(m, "s", 1);
		frontmsg_put_str(m, json_string_value(j), json_string_length(j));
		return;
	case JSON_ARRAY:
		put(m, "a", 1);
		frontmsg_put_u32(m, (uint32_t)json_array_size(j));
		json_array_foreach((json_t *)j, i, v) put_tree(m, v, depth + 1);
		return;
	case JSON_OBJECT:
		put(m, "o", 1);
		frontmsg_put_u32(m, (uint32_t)json_object_size(j));
		json_object_foreach((json_t *)j, key, v) {
			frontmsg_put_cstr(m, key);
			put_tree(m, v, depth + 1);
		}
		return;
	default:
		tag = 'n';
		put(m, &tag, 1);
	}
}

void frontmsg_put_tree(struct frontmsg_out *m, const json_t *j)
{
	put_tree(m, j, 0);
}

int frontmsg_send(struct frontmsg_out *m, struct evbuffer *out, int type,
		  uint64_t id)
{
	unsigned char h[FRONTMSG_HEADER] = { 0 };
	uint32_t len = (uint32_t)evbuffer_get_length(m->payload);
	uint16_t t = (uint16_t)type;
	int rc = m->err;

	memcpy(h, &len, 4);
	memcpy(h + 4, &t, 2);
	memcpy(h + 8, &id, 8);
	if (!rc && (evbuffer_add(out, h, sizeof(h)) ||
		    evbuffer_add_buffer(out, m->payload)))
		rc = -ENOMEM;
	evbuffer_free(m->payload);
	m->payload = NULL;
	return rc;
}

int frontmsg_next(struct evbuffer *in, struct frontmsg_in *m,
		  unsigned char **buf)
{
	unsigned char h[FRONTMSG_HEADER];
	uint32_t len;
	uint16_t type, zero;

	if (evbuffer_copyout(in, h, sizeof(h)) < (ev_ssize_t)sizeof(h))
		return 0;
	memcpy(&len, h, 4);
	memcpy(&type, h + 4, 2);
	memcpy(&zero, h + 6, 2);
	if (len > FRONTMSG_MAX || zero || type < FM_REQUEST || type > FM_RESULT)
		return -EPROTO;
	if (evbuffer_get_length(in) < sizeof(h) + len)
		return 0;
	*buf = malloc(len ? len : 1);
	if (!*buf)
		return -ENOMEM;
	evbuffer_drain(in, sizeof(h));
	evbuffer_remove(in, *buf, len);
	m->type = type;
	memcpy(&m->id, h + 8, 8);
	m->p = *buf;
	m->left = len;
	m->err = 0;
	return 1;
}

static const unsigned char *take(struct frontmsg_in *m, size_t len)
{
	const unsigned char *p = m->p;

	if (m->err || len > m->left) {
		m->err = -EPROTO;
		return NULL;
	}
	m->p += len;
	m->left -= len;
	return p;
}

uint32_t frontmsg_get_u32(struct frontmsg_in *m)
{
	const unsigned char *p = take(m, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

const void *frontmsg_get_bytes(struct frontmsg_in *m, size_t *len)
{
	*len = frontmsg_get_u32(m);
	return take(m, *len);
}

char *frontmsg_get_cstr(struct frontmsg_in *m)
{
	size_t len;
	const char *p = frontmsg_get_bytes(m, &len);
	char *s;

	if (!p || memchr(p, 0, len)) {
		m->err = -EPROTO;
		return NULL;
	}
	s = malloc(len + 1);
	if (!s) {
		m->err = -ENOMEM;
		return NULL;
	}
	memcpy(s, p, len);
	s[len] = 0;
	return s;
}

static json_t *get_tree(struct frontmsg_in *m, int depth)
{
	const unsigned char *tag = take(m, 1);
	json_t *j = NULL;
	uint32_t n;

	if (!tag || depth > FRONTMSG_DEPTH) {
		m->err = -EPROTO;
		return NULL;
	}
	switch (*tag) {
	case 'n': return json_null();
	case 't': return json_true();
	case 'f': return json_false();
	case 'i': {
		const unsigned char *p = take(m, 8);
		int64_t x;

		if (!p)
			return NULL;
		memcpy(&x, p, 8);
		j = json_integer(x);
		break;
	}
	case 'r': {
		const unsigned char *p = take(m, 8);
		double x;

		if (!p)
			return NULL;
		memcpy(&x, p, 8);
		j = json_real(x); /* NULL for NaN or infinity: refused */
		break;
	}
	case 's': {
		size_t len;
		const char *p = frontmsg_get_bytes(m, &len);

		if (!p)
			return NULL;
		j = json_stringn(p, len); /* NULL unless valid UTF-8 */
		break;
	}
	case 'a':
		n = frontmsg_get_u32(m);
		j = json_array();
		/* every item takes a byte at least: a count cannot lie */
		if (n > m->left)
			m->err = -EPROTO;
		for (uint32_t i = 0; j && !m->err && i < n; i++)
			if (json_array_append_new(j, get_tree(m, depth + 1)))
				m->err = -EPROTO;
		break;
	case 'o':
		n = frontmsg_get_u32(m);
		j = json_object();
		if (n > m->left)
			m->err = -EPROTO;
		for (uint32_t i = 0; j && !m->err && i < n; i++) {
			char *key = frontmsg_get_cstr(m);

			if (key && json_object_set_new(j, key,
						       get_tree(m, depth + 1)))
				m->err = -EPROTO;
			free(key);
		}
		break;
	}
	if (!j || m->err) {
		json_decref(j);
		m->err = -EPROTO;
		return NULL;
	}
	return j;
}

json_t *frontmsg_get_tree(struct frontmsg_in *m)
{
	return get_tree(m, 0);
}
