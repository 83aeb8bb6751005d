/* SPDX-License-Identifier: MIT */
/* on_poweroff, on_reboot and on_crash for the domains xapid created (lifecycle.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xen/sched.h>
#include "agent.h"
#include "lifecycle.h"
#include "log.h"

/* A domain xapid created, with the configuration it came from. */
struct tracked {
	uint32_t domid;
	bool acted;		/* its shutdown was handled */
	struct config cfg;
	struct tracked *next;
};

/* An action under way on a domain that shut down. */
struct action {
	uint32_t domid;
	enum msg_action what;
	bool renamed_once;	/* the timestamped name was taken */
	char name[MSG_NAME_MAX];	/* rename-restart: the old domain's new name */
	struct config cfg;	/* what a restart creates */
};

static struct tracked *tracked;

/*
 * Each tracked configuration is also a file, DIR/<domid> (the state
 * directory's domains/), holding the msg_create the domain was built
 * from, so that a restarted xapid still runs on_poweroff & co. for the
 * domains it made (as Xen's xl keeps them in its userdata files).  ""
 * when there is no directory: configurations live in memory only.
 */
static char dir[PATH_MAX];

static const char *const action_names[] = {
	[MSG_ACTION_DESTROY] = "destroy",
	[MSG_ACTION_RESTART] = "restart",
	[MSG_ACTION_PRESERVE] = "preserve",
	[MSG_ACTION_RENAME_RESTART] = "rename-restart",
};

static struct tracked *find(uint32_t domid)
{
	struct tracked *t;

	for (t = tracked; t && t->domid != domid; t = t->next)
		;
	return t;
}

static void file_path(uint32_t domid, char *path, size_t size)
{
	snprintf(path, size, "%s/%u", dir, domid);
}

/* Writes t's configuration to its file, atomically (a temporary renamed). */
static void save(const struct tracked *t)
{
	static uint8_t buf[sizeof(struct msg_create) + 64];
	struct msg_create m = { .spec = t->cfg.spec };
	char path[PATH_MAX + 16], tmp[PATH_MAX + 32];
	struct msg_buf b;
	int fd;

	if (!dir[0])
		return;
	snprintf(m.kernel, sizeof(m.kernel), "%s", t->cfg.kernel);
	snprintf(m.ramdisk, sizeof(m.ramdisk), "%s", t->cfg.ramdisk);
	msg_buf_init(&b, buf, sizeof(buf));
	msg_put_create(&b, &m);
	file_path(t->domid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || b.err || write(fd, buf, b.len) != (ssize_t)b.len ||
	    fsync(fd) || close(fd) || rename(tmp, path)) {
		log_error("lifecycle: d%u: saving its configuration to %s: %s; a "
			  "restarted xapid would not know it", t->domid, path,
			  b.err ? strerror(-b.err) : strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
}

static struct tracked *track(uint32_t domid, const struct config *cfg)
{
	struct tracked *t = find(domid);

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t) {
			log_error("lifecycle: d%u: out of memory: its on_poweroff, "
				  "on_reboot and on_crash will not run", domid);
			return NULL;
		}
		t->domid = domid;
		t->next = tracked;
		tracked = t;
	}
	t->acted = false;
	t->cfg = *cfg;
	return t;
}

/* Forgets domid's configuration; its file too when the domain is gone. */
static void forget(uint32_t domid, bool gone)
{
	struct tracked **p, *t;
	char path[PATH_MAX + 16];

	for (p = &tracked; *p && (*p)->domid != domid; p = &(*p)->next)
		;
	t = *p;
	if (t) {
		*p = t->next;
		free(t);
	}
	if (gone && dir[0]) {
		file_path(domid, path, sizeof(path));
		unlink(path);
	}
}

static void untrack(uint32_t domid)
{
	forget(domid, true);
}

void lifecycle_created(uint32_t domid, const struct config *cfg)
{
	struct tracked *t = track(domid, cfg);

	if (t)
		save(t);
}

/* Reads DIR/<domid> back.  0, or -errno / -EBADMSG. */
static int load(const char *name, uint32_t *domid, struct config *cfg)
{
	static uint8_t buf[sizeof(struct msg_create) + 64];
	static struct msg_create m;
	char path[PATH_MAX + 300], *end;
	unsigned long id = strtoul(name, &end, 10);
	struct msg_rd r;
	ssize_t n;
	int fd;

	if (*end || !name[0] || id >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return -errno;
	msg_rd_init(&r, buf, (size_t)n);
	if (msg_get_create(&r, &m))
		return -EBADMSG;
	memset(cfg, 0, sizeof(*cfg));
	cfg->spec = m.spec;
	snprintf(cfg->kernel, sizeof(cfg->kernel), "%s", m.kernel);
	snprintf(cfg->ramdisk, sizeof(cfg->ramdisk), "%s", m.ramdisk);
	*domid = (uint32_t)id;
	return 0;
}

/* The configurations a previous xapid saved, until Dom0's list confirms them. */
static void load_all(void)
{
	static struct config cfg;
	struct dirent *e;
	uint32_t domid;
	DIR *d = opendir(dir);
	int rc;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
			continue;
		rc = load(e->d_name, &domid, &cfg);
		if (rc) {
			log_warn("lifecycle: %s/%s: %s: ignored", dir, e->d_name,
				 strerror(-rc));
			continue;
		}
		if (track(domid, &cfg))
			log_info("lifecycle: d%u (%s): its configuration restored",
				 domid, cfg.spec.name);
	}
	closedir(d);
}

const struct config *lifecycle_config(uint32_t domid)
{
	struct tracked *t = find(domid);

	return t ? &t->cfg : NULL;
}

static void restarted(const struct agent_result *r, uint32_t domid, void *arg)
{
	struct action *a = arg;

	if (r->err)
		log_error("lifecycle: restarting \"%s\" (was d%u): %s",
			  a->cfg.spec.name, a->domid, r->text);
	else
		log_info("lifecycle: \"%s\" restarted as d%u (was d%u)",
			 a->cfg.spec.name, domid, a->domid);
	free(a);
}

static void restart(struct action *a)
{
	char why[MSG_TEXT_MAX];
	int rc;

	a->cfg.spec.start_paused = false;
	rc = agent_create(&a->cfg, restarted, a, why, sizeof(why));
	if (rc) {
		log_error("lifecycle: restarting \"%s\" (was d%u): %s",
			  a->cfg.spec.name, a->domid, why);
		free(a);
	}
}

static void destroyed(const struct agent_result *r, void *arg)
{
	struct action *a = arg;

	if (r->err) {
		log_error("lifecycle: destroying d%u: %s", a->domid, r->text);
		free(a);
		return;
	}
	if (a->what == MSG_ACTION_RESTART)
		restart(a);
	else
		free(a);
}

static void rename_old(struct action *a);

static void renamed(const struct agent_result *r, void *arg)
{
	struct action *a = arg;
	size_t len;

	if (r->err == -EEXIST && !a->renamed_once) {
		a->renamed_once = true;
		len = strlen(a->name);
		if (len > MSG_NAME_MAX - 8)
			len = MSG_NAME_MAX - 8;
		snprintf(a->name + len, MSG_NAME_MAX - len, "-%u", a->domid);
		rename_old(a);
		return;
	}
	if (r->err) {
		/* Its old name is still held: a new domain could not take it. */
		log_error("lifecycle: renaming d%u to \"%s\": %s; not restarted",
			  a->domid, a->name, r->text);
		free(a);
		return;
	}
	log_info("lifecycle: d%u kept as \"%s\"", a->domid, a->name);
	restart(a);
}

static void rename_old(struct action *a)
{
	if (agent_rename(a->domid, a->name, renamed, a)) {
		log_error("lifecycle: renaming d%u: no channel to Dom0", a->domid);
		free(a);
	}
}

/* NAME-YYYYMMDDTHHMMZ, the name cut to leave room for the suffix. */
static void preserved_name(const char *name, char *out)
{
	char stamp[24];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "-%Y%m%dT%H%MZ", &tm);
	snprintf(out, MSG_NAME_MAX, "%.*s%s",
		 (int)(MSG_NAME_MAX - 1 - strlen(stamp)), name, stamp);
}

/* The action for a shutdown reason; false for those left alone. */
static bool pick(const struct msg_domspec *s, uint32_t reason,
		 enum msg_action *what)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		*what = s->on_poweroff;
		return true;
	case SHUTDOWN_reboot:
		*what = s->on_reboot;
		return true;
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		*what = s->on_crash;
		return true;
	default:
		return false;
	}
}

/*
 * Reasons no on_* setting covers.  As Xen's xl: a suspended domain is
 * left for whoever suspended it (xl save, a migration) to pick up; a soft
 * reset, which xl turns into its on_soft_reset (rebuilding the domain in
 * place), Xenolith cannot do: the domain stays shut down for xl destroy.
 */
static void left_alone(const struct msg_dominfo *d)
{
	if (d->shutdown_reason == SHUTDOWN_suspend)
		log_info("lifecycle: d%u (%s) has suspended: left as it is, as by "
			 "Xen's xl", d->domid, d->name);
	else
		log_warn("lifecycle: d%u (%s) shut down, reason %u (%s): not "
			 "supported here; left shut down for `xl destroy'",
			 d->domid, d->name, d->shutdown_reason,
			 d->shutdown_reason == SHUTDOWN_soft_reset ? "soft reset" :
			 "unknown");
}

static void on_domain(const struct msg_dominfo *d, void *arg)
{
	struct tracked *t = find(d->domid);
	enum msg_action what;
	struct action *a;
	int rc = 0;

	(void)arg;
	if (t && memcmp(t->cfg.spec.uuid, d->uuid, sizeof(d->uuid))) {
		/* Not the domain it was saved for: Dom0 restarted meanwhile. */
		untrack(d->domid);
		t = NULL;
	}
	if (!(d->state & MSG_DOM_SHUTDOWN) || (d->state & MSG_DOM_DYING))
		return;
	if (!t) {
		log_info("lifecycle: d%u (%s) shut down, reason %u: xapid did not "
			 "create it, so no on_poweroff/on_reboot/on_crash applies",
			 d->domid, d->name, d->shutdown_reason);
		return;
	}
	if (t->acted)
		return;
	if (!pick(&t->cfg.spec, d->shutdown_reason, &what)) {
		t->acted = true;
		left_alone(d);
		return;
	}
	if (what > MSG_ACTION_RENAME_RESTART)
		return;
	t->acted = true;
	log_info("lifecycle: d%u (%s) shut down, reason %u: %s", d->domid,
		 d->name, d->shutdown_reason, action_names[what]);
	if (what == MSG_ACTION_PRESERVE)
		return;
	a = calloc(1, sizeof(*a));
	if (!a) {
		log_error("lifecycle: d%u: out of memory: left shut down", d->domid);
		return;
	}
	a->domid = d->domid;
	a->what = what;
	a->cfg = t->cfg;
	if (what == MSG_ACTION_RENAME_RESTART) {
		preserved_name(d->name, a->name);
		rename_old(a);
		return;
	}
	rc = agent_domain_op(AGENT_DESTROY, d->domid, destroyed, a);
	if (rc) {
		log_error("lifecycle: destroying d%u: %s", d->domid, strerror(-rc));
		free(a);
	}
}

static void on_gone(uint32_t domid, void *arg)
{
	(void)arg;
	untrack(domid);
}

/* Dom0's list on reaching it: configurations of domains not there go. */
static void listed(const struct agent_result *r, const struct msg_dominfo *doms,
		   unsigned int n, void *arg)
{
	struct tracked *t, *next;
	unsigned int i;

	(void)arg;
	if (r->err)
		return;
	for (t = tracked; t; t = next) {
		next = t->next;
		for (i = 0; i < n && doms[i].domid != t->domid; i++)
			;
		if (i == n || memcmp(doms[i].uuid, t->cfg.spec.uuid, sizeof(doms[i].uuid)))
			untrack(t->domid);
		else
			on_domain(&doms[i], NULL);	/* shut down while we were away */
	}
}

static void on_link(bool up, void *arg)
{
	(void)arg;
	if (up) {
		agent_list(listed, NULL);
		return;
	}
	if (tracked)
		log_info("lifecycle: the channel to Dom0 went down: the "
			 "configurations of its domains are forgotten");
	while (tracked)
		untrack(tracked->domid);
}

static struct agent_watch watch = { on_domain, on_gone, on_link, NULL, NULL };

void lifecycle_init(const char *state_dir)
{
	if (state_dir && state_dir[0]) {
		snprintf(dir, sizeof(dir), "%s/domains", state_dir);
		if ((mkdir(state_dir, 0700) && errno != EEXIST) ||
		    (mkdir(dir, 0700) && errno != EEXIST)) {
			log_error("lifecycle: %s: %s: configurations will not "
				  "survive a restart", dir, strerror(errno));
			dir[0] = 0;
		}
	}
	if (dir[0])
		load_all();
	agent_watch_add(&watch);
}

void lifecycle_fini(void)
{
	while (tracked)
		forget(tracked->domid, false);
}
