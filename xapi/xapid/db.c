// SPDX-License-Identifier: MIT
// The VM database: one XML file, written atomically.
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "proto/msg.h"

static const char *const action_names[] = {
	[VM_ACTION_DESTROY] = "destroy",
	[VM_ACTION_RESTART] = "restart",
	[VM_ACTION_PRESERVE] = "preserve",
	[VM_ACTION_RENAME_RESTART] = "rename-restart",
};

const char *vm_action_name(enum vm_action a)
{
	if ((unsigned)a >= sizeof(action_names) / sizeof(action_names[0]))
		return NULL;
	return action_names[a];
}

int vm_action_parse(const char *s, enum vm_action *out)
{
	for (unsigned i = 0; i < sizeof(action_names) / sizeof(action_names[0]);
	     i++)
		if (!strcmp(s, action_names[i])) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

static int copy_attr(xmlNode *n, const char *name, char *dst, size_t size,
		     int required)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int rc = 0;

	if (!v) {
		dst[0] = 0;
		return required ? -EINVAL : 0;
	}
	if (strlen((char *)v) >= size)
		rc = -EINVAL;
	else
		strcpy(dst, (char *)v);
	xmlFree(v);
	return rc;
}

/* A decimal attribute; absent is an error when required, else def. */
static int num_attr_or(xmlNode *n, const char *name, int required,
		       unsigned long def, unsigned long *out)
{
	char buf[32], *end;

	*out = def;
	if (copy_attr(n, name, buf, sizeof(buf), required))
		return -EINVAL;
	if (!buf[0] && !required)
		return 0;
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return (errno || *end || end == buf) ? -EINVAL : 0;
}

static int num_attr(xmlNode *n, const char *name, unsigned long *out)
{
	return num_attr_or(n, name, 1, 0, out);
}

static int action_attr(xmlNode *n, const char *name, enum vm_action *out)
{
	char buf[32];

	if (copy_attr(n, name, buf, sizeof(buf), 1))
		return -EINVAL;
	return vm_action_parse(buf, out);
}

/* An optional 0x-hex attribute; absent gives def. */
static int hex_attr(xmlNode *n, const char *name, uint64_t def, uint64_t *out)
{
	char buf[32], *end;

	*out = def;
	if (copy_attr(n, name, buf, sizeof(buf), 0))
		return -EINVAL;
	if (!buf[0])
		return 0;
	errno = 0;
	*out = strtoull(buf, &end, 16);
	return (errno || *end || strncmp(buf, "0x", 2)) ? -EINVAL : 0;
}

static int parse_vm(xmlNode *n, struct vm_def *d)
{
	unsigned long v[6];
	char adopted[8];

	memset(d, 0, sizeof(*d));
	if (copy_attr(n, "uuid", d->uuid, sizeof(d->uuid), 1) ||
	    copy_attr(n, "name", d->name, sizeof(d->name), 1) ||
	    copy_attr(n, "kernel", d->kernel, sizeof(d->kernel), 0) ||
	    copy_attr(n, "ramdisk", d->ramdisk, sizeof(d->ramdisk), 0) ||
	    copy_attr(n, "cmdline", d->cmdline, sizeof(d->cmdline), 0) ||
	    num_attr(n, "memory", &v[0]) || num_attr(n, "maxmem", &v[1]) ||
	    num_attr(n, "vcpus", &v[2]) || num_attr(n, "cpu_weight", &v[3]) ||
	    num_attr(n, "cap", &v[4]) ||
	    num_attr_or(n, "max_event_channels", 0, MSG_DEFAULT_EVENT_CHANNELS,
			&v[5]) ||
	    action_attr(n, "on_poweroff", &d->on_poweroff) ||
	    action_attr(n, "on_reboot", &d->on_reboot) ||
	    action_attr(n, "on_crash", &d->on_crash) ||
	    hex_attr(n, "cpus", ~0ULL, &d->cpus) ||
	    copy_attr(n, "adopted", adopted, sizeof(adopted), 0) ||
	    (adopted[0] && strcmp(adopted, "true")))
		return -EINVAL;
	if (v[5] < 1 || v[5] > MSG_MAX_EVENT_CHANNELS)
		return -EINVAL;
	d->adopted = adopted[0] != 0;
	d->memory_mib = v[0];
	d->maxmem_mib = v[1];
	d->vcpus = v[2];
	d->cpu_weight = v[3];
	d->cap = v[4];
	d->max_event_channels = (unsigned int)v[5];
	return 0;
}

int db_load(const char *path, struct vm_def **defs, size_t *n)
{
	xmlDoc *doc;
	xmlNode *root, *c;
	struct vm_def *arr = NULL;
	size_t count = 0, cap = 0;
	int rc = 0;

	*defs = NULL;
	*n = 0;
	if (access(path, F_OK) && errno == ENOENT)
		return 0;
	/* Our own file, but still: no network, no DTD, no entities. */
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!doc)
		return -EINVAL;
	root = xmlDocGetRootElement(doc);
	if (!root || xmlStrcmp(root->name, (const xmlChar *)"vms")) {
		rc = -EINVAL;
		goto out;
	}
	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (count == cap) {
			struct vm_def *t;

			cap = cap ? cap * 2 : 16;
			t = realloc(arr, cap * sizeof(*arr));
			if (!t) {
				rc = -ENOMEM;
				goto out;
			}
			arr = t;
		}
		if (xmlStrcmp(c->name, (const xmlChar *)"vm") ||
		    parse_vm(c, &arr[count])) {
			rc = -EINVAL;
			goto out;
		}
		count++;
	}
out:
	xmlFreeDoc(doc);
	if (rc) {
		free(arr);
		return rc;
	}
	*defs = arr;
	*n = count;
	return 0;
}

static xmlNode *vm_node(const struct vm_def *d)
{
	xmlNode *n = xmlNewNode(NULL, (const xmlChar *)"vm");
	char num[32];

	if (!n)
		return NULL;
#define SET(k, v) xmlNewProp(n, (const xmlChar *)(k), (const xmlChar *)(v))
	SET("uuid", d->uuid);
	SET("name", d->name);
	snprintf(num, sizeof(num), "%lu", d->memory_mib);
	SET("memory", num);
	snprintf(num, sizeof(num), "%lu", d->maxmem_mib);
	SET("maxmem", num);
	snprintf(num, sizeof(num), "%u", d->vcpus);
	SET("vcpus", num);
	snprintf(num, sizeof(num), "%u", d->cpu_weight);
	SET("cpu_weight", num);
	snprintf(num, sizeof(num), "%u", d->cap);
	SET("cap", num);
	snprintf(num, sizeof(num), "%u", d->max_event_channels);
	SET("max_event_channels", num);
	SET("kernel", d->kernel);
	SET("ramdisk", d->ramdisk);
	SET("cmdline", d->cmdline);
	SET("on_poweroff", vm_action_name(d->on_poweroff));
	SET("on_reboot", vm_action_name(d->on_reboot));
	SET("on_crash", vm_action_name(d->on_crash));
	if (d->cpus != ~0ULL) {
		snprintf(num, sizeof(num), "%#llx", (unsigned long long)d->cpus);
		SET("cpus", num);
	}
	if (d->adopted)
		SET("adopted", "true");
#undef SET
	return n;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

int db_save(const char *path, const struct vm_def *defs, size_t n)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root;
	xmlChar *mem = NULL;
	int len = 0, fd, rc = -ENOMEM;
	char tmp[VM_PATH_MAX + 16];

	if (!doc)
		return -ENOMEM;
	root = xmlNewNode(NULL, (const xmlChar *)"vms");
	if (!root)
		goto out_doc;
	xmlDocSetRootElement(doc, root);
	for (size_t i = 0; i < n; i++) {
		xmlNode *v = vm_node(&defs[i]);

		if (!v)
			goto out_doc;
		xmlAddChild(root, v);
	}
	xmlDocDumpFormatMemory(doc, &mem, &len, 1);
	if (!mem)
		goto out_doc;
	/* One fixed temporary name: xapid is the only writer of its state
	 * directory, and a crash leaves at most this one file behind. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		rc = -ENAMETOOLONG;
		goto out_mem;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		rc = -errno;
		goto out_mem;
	}
	rc = write_all(fd, mem, (size_t)len);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	else
		rc = fsync_dir(path);
out_mem:
	xmlFree(mem);
out_doc:
	xmlFreeDoc(doc);
	return rc;
}
