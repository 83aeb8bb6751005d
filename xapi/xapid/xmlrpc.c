// SPDX-License-Identifier: MIT
// XML-RPC codec for XenAPI (libxml2, with every dangerous feature off).
#include "xmlrpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxml/tree.h>

#include "http.h"
#include "xenapi.h"

/* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD, no
 * XML_PARSE_HUGE (libxml2's size and depth limits stay). */
#define PARSE_OPTS                                                  \
	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | \
	 XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static int is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       !xmlStrcmp(n->name, (const xmlChar *)name);
}

/* The first element child, skipping text and comments. */
static xmlNode *first_elem(const xmlNode *n)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static xmlNode *next_elem(const xmlNode *n)
{
	for (n = n->next; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return (xmlNode *)n;
	return NULL;
}

/* The text of a node, which must hold only text (an entity reference or
 * a child element is refused).  NULL on error; "" for none; malloc'd. */
static char *text_of(const xmlNode *n)
{
	size_t len = 0;
	char *s = malloc(1);

	if (!s)
		return NULL;
	s[0] = 0;
	for (xmlNode *c = n->children; c; c = c->next) {
		size_t add;
		char *t;

		if (c->type == XML_COMMENT_NODE)
			continue;
		if (c->type != XML_TEXT_NODE) {
			free(s);
			return NULL;
		}
		add = strlen((const char *)c->content);
		t = realloc(s, len + add + 1);
		if (!t) {
			free(s);
			return NULL;
		}
		s = t;
		memcpy(s + len, c->content, add + 1);
		len += add;
	}
	return s;
}

static json_t *decode_value(const xmlNode *v, int depth);

static json_t *decode_scalar(const xmlNode *t, const char *type)
{
	char *s = text_of(t), *end;
	json_t *j = NULL;

	if (!s)
		return NULL;
	if (!strcmp(type, "int") || !strcmp(type, "i4") ||
	    !strcmp(type, "i8")) {
		long long v;

		errno = 0;
		v = strtoll(s, &end, 10);
		if (!errno && *s && !*end)
			j = json_integer(v);
	} else if (!strcmp(type, "boolean")) {
		if (!strcmp(s, "0") || !strcmp(s, "1"))
			j = json_boolean(s[0] == '1');
	} else if (!strcmp(type, "double")) {
		double d = strtod(s, &end);

		if (*s && !*end)
			j = json_real(d);
	} else if (!strcmp(type, "string") || !strcmp(type, "base64") ||
		   !strcmp(type, "dateTime.iso8601")) {
		j = json_string(s);
	}
	free(s);
	return j;
}

static json_t *decode_struct(const xmlNode *st, int depth)
{
	json_t *o = json_object();

	for (xmlNode *m = first_elem(st); m; m = next_elem(m)) {
		xmlNode *name = first_elem(m);
		xmlNode *val = name ? next_elem(name) : NULL;
		char *key;
		json_t *j;

		if (!is(m, "member") || !is(name, "name") || !is(val, "value") ||
		    next_elem(val))
			goto bad;
		key = text_of(name);
		j = key ? decode_value(val, depth + 1) : NULL;
		if (!j || json_object_set_new(o, key, j)) {
			free(key);
			goto bad;
		}
		free(key);
	}
	return o;
bad:
	json_decref(o);
	return NULL;
}

static json_t *decode_array(const xmlNode *ar, int depth)
{
	xmlNode *data = first_elem(ar);
	json_t *a = json_array();

	if (!is(data, "data") || next_elem(data))
		goto bad;
	for (xmlNode *v = first_elem(data); v; v = next_elem(v)) {
		json_t *j = is(v, "value") ? decode_value(v, depth + 1) : NULL;

		if (!j || json_array_append_new(a, j))
			goto bad;
	}
	return a;
bad:
	json_decref(a);
	return NULL;
}

static json_t *decode_value(const xmlNode *v, int depth)
{
	xmlNode *t = first_elem(v);
	const char *type;

	if (depth > XMLRPC_DEPTH_MAX)
		return NULL;
	if (!t) { /* a bare <value>text</value> is a string */
		char *s = text_of(v);
		json_t *j = s ? json_string(s) : NULL;

		free(s);
		return j;
	}
	if (next_elem(t))
		return NULL;
	type = (const char *)t->name;
	if (!strcmp(type, "struct"))
		return decode_struct(t, depth);
	if (!strcmp(type, "array"))
		return decode_array(t, depth);
	if (!strcmp(type, "nil"))
		return json_null();
	return decode_scalar(t, type);
}

int xmlrpc_decode(const char *buf, size_t len, char **method, json_t **params,
		  char *why, size_t whysz)
{
	xmlDoc *doc;
	xmlNode *root, *name, *ps;
	int rc = -EINVAL;

	*method = NULL;
	*params = NULL;
	if (len > (size_t)HTTP_BODY_MAX) {
		snprintf(why, whysz, "request too large");
		return -EINVAL;
	}
	doc = xmlReadMemory(buf, (int)len, "request", NULL, PARSE_OPTS);
	if (!doc) {
		snprintf(why, whysz, "malformed XML");
		return -EINVAL;
	}
	if (doc->intSubset || doc->extSubset) {
		snprintf(why, whysz, "a DOCTYPE is not accepted");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	name = first_elem(root);
	ps = name ? next_elem(name) : NULL;
	if (!is(root, "methodCall") || !is(name, "methodName") ||
	    (ps && (!is(ps, "params") || next_elem(ps)))) {
		snprintf(why, whysz, "not an XML-RPC methodCall");
		goto out;
	}
	*method = text_of(name);
	*params = json_array();
	if (!*method || !**method) {
		snprintf(why, whysz, "bad methodName");
		goto out;
	}
	for (xmlNode *p = ps ? first_elem(ps) : NULL; p; p = next_elem(p)) {
		xmlNode *v = first_elem(p);
		json_t *j = is(p, "param") && is(v, "value") && !next_elem(v)
				    ? decode_value(v, 0)
				    : NULL;

		if (!j) {
			snprintf(why, whysz, "bad param");
			goto out;
		}
		json_array_append_new(*params, j);
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc) {
		free(*method);
		json_decref(*params);
		*method = NULL;
		*params = NULL;
	}
	return rc;
}

static void encode_value(xmlNode *parent, json_t *j)
{
	xmlNode *v = xmlNewChild(parent, NULL, (const xmlChar *)"value", NULL);
	char buf[64];
	const char *key;
	json_t *x;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		xmlNode *st = xmlNewChild(v, NULL, (const xmlChar *)"struct",
					  NULL);

		json_object_foreach(j, key, x) {
			xmlNode *m = xmlNewChild(st, NULL,
						 (const xmlChar *)"member", NULL);

			xmlNewTextChild(m, NULL, (const xmlChar *)"name",
					(const xmlChar *)key);
			encode_value(m, x);
		}
		break;
	}
	case JSON_ARRAY: {
		xmlNode *a = xmlNewChild(v, NULL, (const xmlChar *)"array", NULL);
		xmlNode *d = xmlNewChild(a, NULL, (const xmlChar *)"data", NULL);

		json_array_foreach(j, i, x)
			encode_value(d, x);
		break;
	}
	case JSON_STRING:
		xmlNewTextChild(v, NULL, (const xmlChar *)"string",
				(const xmlChar *)json_string_value(j));
		break;
	case JSON_INTEGER:
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)json_integer_value(j));
		xmlNewTextChild(v, NULL, (const xmlChar *)"int",
				(const xmlChar *)buf);
		break;
	case JSON_REAL:
		snprintf(buf, sizeof(buf), "%.17g", json_real_value(j));
		xmlNewTextChild(v, NULL, (const xmlChar *)"double",
				(const xmlChar *)buf);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		xmlNewTextChild(v, NULL, (const xmlChar *)"boolean",
				(const xmlChar *)(json_is_true(j) ? "1" : "0"));
		break;
	case JSON_NULL:
		xmlNewTextChild(v, NULL, (const xmlChar *)"string",
				(const xmlChar *)"");
		break;
	}
}

char *xmlrpc_encode(json_t *value, json_t *error, size_t *len)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root, *p;
	json_t *res;
	xmlBuffer *buf = xmlBufferCreate();
	xmlSaveCtxt *save;
	char *out = NULL;

	if (!doc)
		return NULL;
	res = value ? json_pack("{s:s,s:O}", "Status", "Success", "Value",
				value)
		    : json_pack("{s:s,s:O}", "Status", "Failure",
				"ErrorDescription", error);
	root = xmlNewNode(NULL, (const xmlChar *)"methodResponse");
	if (!res || !root || !buf)
		goto out;
	xmlDocSetRootElement(doc, root);
	p = xmlNewChild(root, NULL, (const xmlChar *)"params", NULL);
	p = xmlNewChild(p, NULL, (const xmlChar *)"param", NULL);
	encode_value(p, res);
	/* No XML declaration: XAPI sends none, and xen-api's parser
	 * takes the first node for the response. */
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_NO_DECL);
	if (save) {
		int ok = xmlSaveDoc(save, doc) >= 0;

		if (xmlSaveClose(save) >= 0 && ok) {
			*len = (size_t)xmlBufferLength(buf);
			out = strndup((const char *)xmlBufferContent(buf),
				      *len);
		}
	}
out:
	if (buf)
		xmlBufferFree(buf);
	json_decref(res);
	xmlFreeDoc(doc);
	return out;
}
