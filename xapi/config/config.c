/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg to a domain spec, through libxlutil.  libxlutil parses and
 * reports its own errors with their lines; it has no way to list the keys
 * it read, so a scan of the text for "key =" at line starts finds the
 * line of each key, for our own messages and the unknown-key warnings.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <arpa/inet.h>
#include <libxlutil.h>
#include "config.h"

#define DEFAULT_MEMORY_MIB	128
#define MAX_MEMORY_MIB		(1L << 20)	/* 1 TiB: more is a typo */
#define MAX_KEYS		256

struct key_line {
	char key[32];
	unsigned int line;
};

struct parse {
	const char *name;
	FILE *report;
	XLU_Config *x;
	unsigned int file_lines;
	struct key_line keys[MAX_KEYS];
	unsigned int nkeys;
	unsigned int errors, warnings;
};

static const char *const known_keys[] = {
	"name", "uuid", "type", "memory", "maxmem", "vcpus", "maxvcpus",
	"cpus", "cpu_weight", "cap", "kernel", "ramdisk", "cmdline", "extra",
	"on_poweroff", "on_reboot", "on_crash", "disk", "vif",
	"max_event_channels",
};

static const char *const action_names[] = {
	[MSG_ACTION_DESTROY] = "destroy",
	[MSG_ACTION_RESTART] = "restart",
	[MSG_ACTION_PRESERVE] = "preserve",
	[MSG_ACTION_RENAME_RESTART] = "rename-restart",
};

const char *config_action_name(unsigned int action)
{
	return action < sizeof(action_names) / sizeof(action_names[0])
		       ? action_names[action] : "?";
}

/* The line key was last set on (last wins, as in libxlutil), 0 if never. */
static unsigned int key_line(const struct parse *p, const char *key)
{
	unsigned int i, line = 0;

	for (i = 0; i < p->nkeys; i++)
		if (!strcmp(p->keys[i].key, key))
			line = p->keys[i].line;
	return line;
}

static void say(struct parse *p, unsigned int line, bool error,
		const char *fmt, ...)
{
	va_list ap;

	if (!line)
		fprintf(p->report, "%s: ", p->name);
	else if (line > p->file_lines)
		fprintf(p->report, "%s: override %u: ", p->name, line - p->file_lines);
	else
		fprintf(p->report, "%s:%u: ", p->name, line);
	fputs(error ? "error: " : "warning: ", p->report);
	va_start(ap, fmt);
	vfprintf(p->report, fmt, ap);
	va_end(ap);
	fputc('\n', p->report);
	if (error)
		p->errors++;
	else
		p->warnings++;
}

#define error_at(p, key, ...) say(p, key_line(p, key), true, __VA_ARGS__)

/* Records "key =" or "key +=" at the start of each line. */
static void scan_keys(struct parse *p, const char *text)
{
	unsigned int line = 1;
	const char *s = text, *k;
	size_t n;

	for (; *s; line++) {
		while (*s == ' ' || *s == '\t')
			s++;
		k = s;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		n = (size_t)(s - k);
		while (*s == ' ' || *s == '\t')
			s++;
		if (n && n < sizeof(p->keys[0].key) && !isdigit((unsigned char)*k) &&
		    (*s == '=' || (s[0] == '+' && s[1] == '=')) && p->nkeys < MAX_KEYS) {
			memcpy(p->keys[p->nkeys].key, k, n);
			p->keys[p->nkeys].key[n] = 0;
			p->keys[p->nkeys++].line = line;
		}
		s = strchrnul(s, '\n');
		if (*s)
			s++;
	}
}

static void check_keys(struct parse *p)
{
	unsigned int i, j;

	for (i = 0; i < p->nkeys; i++) {
		for (j = 0; j < sizeof(known_keys) / sizeof(known_keys[0]); j++)
			if (!strcmp(p->keys[i].key, known_keys[j]))
				break;
		if (j == sizeof(known_keys) / sizeof(known_keys[0]))
			say(p, p->keys[i].line, false,
			    "unknown key `%s', ignored", p->keys[i].key);
	}
}

/* A string key into dst; absent leaves dst.  false when it was bad (reported). */
static bool get_str(struct parse *p, const char *key, char *dst, size_t cap)
{
	const char *v;
	int rc = xlu_cfg_get_string(p->x, key, &v, 0);

	if (rc == ESRCH)
		return true;
	if (rc) {
		p->errors++;	/* libxlutil said why, with the line */
		return false;
	}
	if (strlen(v) >= cap) {
		error_at(p, key, "`%s' is longer than %zu characters", key, cap - 1);
		return false;
	}
	strcpy(dst, v);
	return true;
}

/* A number key within [min, max] into *dst; absent leaves *dst. */
static void get_num(struct parse *p, const char *key, long min, long max,
		    uint64_t *dst)
{
	long v;
	int rc = xlu_cfg_get_long(p->x, key, &v, 0);

	if (rc == ESRCH)
		return;
	if (rc) {
		p->errors++;
		return;
	}
	if (v < min || v > max) {
		error_at(p, key, "`%s = %ld' is out of range (%ld to %ld)", key, v,
			 min, max);
		return;
	}
	*dst = (uint64_t)v;
}

static int parse_uuid(const char *s, uint8_t uuid[16])
{
	unsigned int i, hi, lo;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (*s++ != '-')
				return -EINVAL;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return -EINVAL;
		hi = (unsigned int)(isdigit((unsigned char)s[0]) ? s[0] - '0' : (tolower(s[0]) - 'a' + 10));
		lo = (unsigned int)(isdigit((unsigned char)s[1]) ? s[1] - '0' : (tolower(s[1]) - 'a' + 10));
		uuid[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return *s ? -EINVAL : 0;
}

/* A version 4 (random) UUID.  0 or -1 with errno. */
static int random_uuid(uint8_t uuid[16])
{
	if (getrandom(uuid, 16, 0) != 16)
		return -1;
	uuid[6] = (uuid[6] & 0x0f) | 0x40;
	uuid[8] = (uuid[8] & 0x3f) | 0x80;
	return 0;
}

int config_parse_cpus(const char *s, uint64_t *mask)
{
	unsigned long a, b;
	char *end;

	*mask = 0;
	if (!strcmp(s, "all")) {
		*mask = ~0ULL;
		return 0;
	}
	for (;;) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		a = b = strtoul(s, &end, 10);
		s = end;
		if (*s == '-') {
			if (!isdigit((unsigned char)*++s))
				return -EINVAL;
			b = strtoul(s, &end, 10);
			s = end;
		}
		if (a > b || b >= 64)
			return -ERANGE;
		for (; a <= b; a++)
			*mask |= 1ULL << a;
		if (!*s)
			return 0;
		if (*s++ != ',')
			return -EINVAL;
	}
}

static void get_action(struct parse *p, const char *key, uint8_t *dst)
{
	char v[32] = "";
	unsigned int i;

	if (!get_str(p, key, v, sizeof(v)) || !v[0])
		return;
	for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (!strcmp(v, action_names[i])) {
			*dst = (uint8_t)i;
			return;
		}
	error_at(p, key, "`%s = \"%s\"': Xenolith knows destroy, restart, "
		 "preserve and rename-restart", key, v);
}

/* A list key's items, one by one, to fn; a string instead of a list is one item. */
static void each_item(struct parse *p, const char *key, unsigned int max,
		      void (*fn)(struct parse *p, const char *item,
				 struct msg_domspec *s),
		      struct msg_domspec *s)
{
	XLU_ConfigList *list;
	const char *item;
	int rc, n, i;

	rc = xlu_cfg_get_list(p->x, key, &list, &n, 0);
	if (rc == ESRCH)
		return;
	if (rc) {
		p->errors++;
		return;
	}
	if ((unsigned int)n > max) {
		error_at(p, key, "`%s': %d items, Xenolith takes at most %u", key,
			 n, max);
		return;
	}
	for (i = 0; i < n; i++) {
		item = xlu_cfg_get_listitem(list, i);
		if (item)
			fn(p, item, s);
	}
}

/*
 * One disk from n spec strings (a `disk' item is one; `xl block-attach'
 * may give its parts as several), parsed by libxlutil as xl does.
 */
static void add_disk_parts(struct parse *p, const char *const *parts, int n,
			   struct msg_domspec *s)
{
	struct msg_disk *d = &s->disks[s->nr_disks];
	const char *spec = parts[0];
	libxl_device_disk disk;
	unsigned int i;

	libxl_device_disk_init(&disk);
	if (xlu_disk_parse(p->x, n, parts, &disk)) {
		p->errors++;	/* libxlutil said why */
		goto out;
	}
	if (disk.format != LIBXL_DISK_FORMAT_RAW || disk.is_cdrom ||
	    disk.script || (disk.backend != LIBXL_DISK_BACKEND_UNKNOWN &&
			    disk.backend != LIBXL_DISK_BACKEND_PHY)) {
		error_at(p, "disk", "`%s': Xenolith serves raw disks only, from "
			 "Dom0's blkback (no cdrom, script or other backendtype)",
			 spec);
		goto out;
	}
	if (strlen(disk.vdev) >= sizeof(d->vdev) ||
	    strlen(disk.pdev_path) >= sizeof(d->target)) {
		error_at(p, "disk", "`%s': vdev or target too long", spec);
		goto out;
	}
	for (i = 0; i < s->nr_disks; i++)
		if (!strcmp(s->disks[i].vdev, disk.vdev)) {
			error_at(p, "disk", "`%s': %s is given twice", spec, disk.vdev);
			goto out;
		}
	strcpy(d->vdev, disk.vdev);
	strcpy(d->target, disk.pdev_path);
	d->readonly = !disk.readwrite;
	s->nr_disks++;
out:
	libxl_device_disk_dispose(&disk);
}

static void add_disk(struct parse *p, const char *spec, struct msg_domspec *s)
{
	add_disk_parts(p, &spec, 1, s);
}

int config_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i, v[6];
	int n = 0;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &n) != 6 || n != 17 || s[n])
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return mac[0] & 1 ? -EINVAL : 0;	/* a multicast MAC is no NIC's */
}

int config_parse_ip(const char *s, char *out, size_t size)
{
	char addr[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct in_addr a;
	unsigned long prefix = 24;
	char *end;

	if (n >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, s, n);
	addr[n] = 0;
	if (inet_pton(AF_INET, addr, &a) != 1)
		return -EINVAL;
	if (slash) {
		prefix = strtoul(slash + 1, &end, 10);
		if (!isdigit((unsigned char)slash[1]) || *end || prefix < 1 ||
		    prefix > 30)
			return -EINVAL;
	}
	if ((size_t)snprintf(out, size, "%s/%lu", addr, prefix) >= size)
		return -EINVAL;
	return 0;
}

/*
 * One `vif' item: comma-separated key=value, as xl's own parser reads
 * them (libxlutil has none for vifs).  Unknown keys are warned about.
 */
static void add_vif(struct parse *p, const char *spec, struct msg_domspec *s)
{
	struct msg_vif *v = &s->vifs[s->nr_vifs];
	char buf[256], *tok, *save, *val;
	bool mac = false;

	if (strlen(spec) >= sizeof(buf)) {
		error_at(p, "vif", "`%s': too long", spec);
		return;
	}
	strcpy(buf, spec);
	memset(v, 0, sizeof(*v));
	strcpy(v->bridge, "xenbr0");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*tok))
			tok++;
		val = strchr(tok, '=');
		if (!val) {
			say(p, key_line(p, "vif"), false, "`%s': `%s' is not key=value, "
			    "ignored", spec, tok);
			continue;
		}
		*val++ = 0;
		if (!strcmp(tok, "mac")) {
			mac = !config_parse_mac(val, v->mac);
			if (!mac)
				error_at(p, "vif", "`%s': mac=%s is not a unicast "
					 "MAC (xx:xx:xx:xx:xx:xx)", spec, val);
		} else if (!strcmp(tok, "bridge")) {
			if (strlen(val) >= sizeof(v->bridge) || !val[0])
				error_at(p, "vif", "`%s': bridge=%s: bad name", spec, val);
			else
				strcpy(v->bridge, val);
		} else if (!strcmp(tok, "ip")) {
			if (config_parse_ip(val, v->ip, sizeof(v->ip)))
				error_at(p, "vif", "`%s': ip=%s is not A.B.C.D or "
					 "A.B.C.D/N (N 1..30)", spec, val);
		} else if (!strcmp(tok, "script")) {
			if (!strcmp(val, "vif-nat"))
				v->nat = true;
			else if (strcmp(val, "vif-bridge"))
				error_at(p, "vif", "`%s': script=%s: Xenolith knows "
					 "vif-bridge and vif-nat", spec, val);
		} else if (strcmp(tok, "type") || strcmp(val, "vif")) {
			say(p, key_line(p, "vif"), false, "`%s': `%s=%s' is not "
			    "supported, ignored", spec, tok, val);
		}
	}
	/* As Xen: Xensource's OUI and three random bytes. */
	if (!mac && !p->errors) {
		v->mac[0] = 0x00;
		v->mac[1] = 0x16;
		v->mac[2] = 0x3e;
		if (getrandom(v->mac + 3, 3, 0) != 3)
			say(p, 0, true, "no random bytes for a MAC: %s", strerror(errno));
		v->mac[3] &= 0x7f;
	}
	s->nr_vifs++;
}

static void fill(struct parse *p, struct config *cfg)
{
	struct msg_domspec *s = &cfg->spec;
	char type[16] = "pvh", uuid[64] = "", cpus[256] = "", extra[MSG_CMDLINE_MAX] = "";
	uint64_t memory = DEFAULT_MEMORY_MIB, maxmem = 0, vcpus = 1, maxvcpus = 0;
	uint64_t weight = 256, cap = 0, evtchns = MSG_DEFAULT_EVENT_CHANNELS;

	get_str(p, "name", s->name, sizeof(s->name));
	if (!s->name[0])
		say(p, 0, true, "no name: every domain needs a name (name = \"...\")");
	if (get_str(p, "uuid", uuid, sizeof(uuid)) && uuid[0] &&
	    parse_uuid(uuid, s->uuid))
		error_at(p, "uuid", "`uuid = \"%s\"' is not a UUID", uuid);
	if (get_str(p, "type", type, sizeof(type)) && strcmp(type, "pvh"))
		error_at(p, "type", "`type = \"%s\"': Xenolith builds PVH domains "
			 "only (type = \"pvh\")", type);
	get_num(p, "memory", 1, MAX_MEMORY_MIB, &memory);
	maxmem = memory;
	get_num(p, "maxmem", 1, MAX_MEMORY_MIB, &maxmem);
	if (maxmem < memory)
		error_at(p, "maxmem", "maxmem (%llu MiB) is below memory (%llu MiB)",
			 (unsigned long long)maxmem, (unsigned long long)memory);
	get_num(p, "vcpus", 1, MSG_MAX_VCPUS, &vcpus);
	maxvcpus = vcpus;
	get_num(p, "maxvcpus", 1, MSG_MAX_VCPUS, &maxvcpus);
	if (vcpus > maxvcpus)
		error_at(p, "vcpus", "vcpus (%llu) is above maxvcpus (%llu)",
			 (unsigned long long)vcpus, (unsigned long long)maxvcpus);
	if (get_str(p, "cpus", cpus, sizeof(cpus)) && cpus[0]) {
		if (config_parse_cpus(cpus, &s->cpus))
			error_at(p, "cpus", "`cpus = \"%s\"': expected \"all\", "
				 "\"N\", \"N-M\" or a list of them, CPUs below 64", cpus);
	} else {
		s->cpus = ~0ULL;
	}
	get_num(p, "cpu_weight", 1, 65535, &weight);
	get_num(p, "cap", 0, 6400, &cap);
	get_num(p, "max_event_channels", 1, MSG_MAX_EVENT_CHANNELS, &evtchns);
	get_str(p, "kernel", cfg->kernel, sizeof(cfg->kernel));
	if (!cfg->kernel[0])
		say(p, 0, true, "no kernel: a PVH domain needs one (kernel = \"PATH\")");
	get_str(p, "ramdisk", cfg->ramdisk, sizeof(cfg->ramdisk));
	get_str(p, "cmdline", s->cmdline, sizeof(s->cmdline));
	get_str(p, "extra", extra, sizeof(extra));
	if (extra[0] && s->cmdline[0])
		say(p, key_line(p, "extra"), false, "both cmdline and extra: extra is ignored");
	else if (extra[0])
		strcpy(s->cmdline, extra);
	s->on_poweroff = MSG_ACTION_DESTROY;
	s->on_reboot = MSG_ACTION_RESTART;
	s->on_crash = MSG_ACTION_DESTROY;
	get_action(p, "on_poweroff", &s->on_poweroff);
	get_action(p, "on_reboot", &s->on_reboot);
	get_action(p, "on_crash", &s->on_crash);
	each_item(p, "disk", MSG_MAX_DISKS, add_disk, s);
	each_item(p, "vif", MSG_MAX_VIFS, add_vif, s);
	s->memory_kib = memory * 1024;
	s->maxmem_kib = maxmem * 1024;
	s->vcpus = (uint32_t)vcpus;
	s->maxvcpus = (uint32_t)maxvcpus;
	s->weight = (uint32_t)weight;
	s->cap = (uint32_t)cap;
	s->max_event_channels = (uint32_t)evtchns;
}

int config_parse(const char *name, const char *data, size_t len,
		 const char *const *overrides, unsigned int n_overrides,
		 FILE *report, struct config *cfg)
{
	struct parse *p = calloc(1, sizeof(*p));
	size_t total = len + 2, pos, i;
	char *text;
	int rc = -EINVAL;

	if (!p)
		return -ENOMEM;
	for (i = 0; i < n_overrides; i++)
		total += strlen(overrides[i]) + 1;
	text = malloc(total);
	if (!text) {
		free(p);
		return -ENOMEM;
	}
	memcpy(text, data, len);
	pos = len;
	if (len && data[len - 1] != '\n')
		text[pos++] = '\n';
	text[pos] = 0;
	p->file_lines = 0;
	for (i = 0; i < pos; i++)
		p->file_lines += text[i] == '\n';
	for (i = 0; i < n_overrides; i++)
		pos += (size_t)sprintf(text + pos, "%s\n", overrides[i]);
	p->name = name;
	p->report = report;
	memset(cfg, 0, sizeof(*cfg));
	scan_keys(p, text);
	check_keys(p);
	p->x = xlu_cfg_init(report, name);
	if (!p->x) {
		rc = -ENOMEM;
		goto out;
	}
	if (xlu_cfg_readdata(p->x, text, (int)pos))
		goto out_cfg;	/* libxlutil reported the line */
	fill(p, cfg);
	if (!p->errors && !key_line(p, "uuid") && random_uuid(cfg->spec.uuid))
		say(p, 0, true, "no random bytes for a UUID: %s", strerror(errno));
	if (!p->errors)
		rc = 0;
out_cfg:
	xlu_cfg_destroy(p->x);
out:
	cfg->warnings = p->warnings;
	free(text);
	free(p);
	return rc;
}

/* A parse of no file, for one device given on xl's command line. */
static int parse_device(const char *const *args, unsigned int n, bool disk,
			FILE *report, struct msg_domspec *s)
{
	struct parse *p = calloc(1, sizeof(*p));
	char spec[256] = "";
	unsigned int i;
	int rc = -EINVAL;

	if (!p)
		return -ENOMEM;
	p->name = "xl";
	p->report = report;
	memset(s, 0, sizeof(*s));
	p->x = xlu_cfg_init(report, "xl");
	if (!p->x) {
		free(p);
		return -ENOMEM;
	}
	if (disk) {
		add_disk_parts(p, args, (int)n, s);
	} else {
		for (i = 0; i < n; i++) {
			if (strlen(spec) + strlen(args[i]) + 2 > sizeof(spec)) {
				say(p, 0, true, "the vif spec is too long");
				break;
			}
			if (i)
				strcat(spec, ",");
			strcat(spec, args[i]);
		}
		if (!p->errors)
			add_vif(p, spec, s);
	}
	if (!p->errors)
		rc = 0;
	xlu_cfg_destroy(p->x);
	free(p);
	return rc;
}

int config_parse_disk(const char *const *parts, unsigned int n, FILE *report,
		      struct msg_disk *disk)
{
	static struct msg_domspec s;
	int rc = n ? parse_device(parts, n, true, report, &s) : -EINVAL;

	if (!rc)
		*disk = s.disks[0];
	return rc;
}

int config_parse_vif(const char *const *words, unsigned int n, FILE *report,
		     struct msg_vif *vif)
{
	static struct msg_domspec s;
	int rc = parse_device(words, n, false, report, &s);

	if (!rc)
		*vif = s.vifs[0];
	return rc;
}

int config_parse_file(const char *path, const char *const *overrides,
		      unsigned int n_overrides, FILE *report, struct config *cfg)
{
	FILE *f = fopen(path, "r");
	char *data = NULL;
	size_t cap = 0, len = 0, n;
	int rc;

	if (!f) {
		rc = -errno;
		fprintf(report, "%s: error: cannot read it: %s\n", path, strerror(errno));
		return rc;
	}
	do {
		if (len == cap) {
			char *bigger = realloc(data, cap = cap ? 2 * cap : 4096);
			if (!bigger) {
				free(data);
				fclose(f);
				return -ENOMEM;
			}
			data = bigger;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		rc = -EIO;
		fprintf(report, "%s: error: cannot read it: %s\n", path, strerror(errno));
	} else {
		rc = config_parse(path, data, len, overrides, n_overrides, report, cfg);
	}
	fclose(f);
	free(data);
	return rc;
}
