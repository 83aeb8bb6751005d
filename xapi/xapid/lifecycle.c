/* SPDX-License-Identifier: MIT */
/* on_poweroff, on_reboot and on_crash for the domains xapid created (lifecycle.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static void untrack(uint32_t domid)
{
	struct tracked **p, *t;

	for (p = &tracked; *p && (*p)->domid != domid; p = &(*p)->next)
		;
	t = *p;
	if (t) {
		*p = t->next;
		free(t);
	}
}

void lifecycle_created(uint32_t domid, const struct config *cfg)
{
	struct tracked *t = find(domid);

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t) {
			log_error("lifecycle: d%u: out of memory: its on_poweroff, "
				  "on_reboot and on_crash will not run", domid);
			return;
		}
		t->domid = domid;
		t->next = tracked;
		tracked = t;
	}
	t->acted = false;
	t->cfg = *cfg;
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

static void on_domain(const struct msg_dominfo *d, void *arg)
{
	struct tracked *t = find(d->domid);
	enum msg_action what;
	struct action *a;
	int rc = 0;

	(void)arg;
	if (!(d->state & MSG_DOM_SHUTDOWN) || (d->state & MSG_DOM_DYING))
		return;
	if (!t) {
		log_info("lifecycle: d%u (%s) shut down, reason %u: xapid did not "
			 "create it, so no on_poweroff/on_reboot/on_crash applies",
			 d->domid, d->name, d->shutdown_reason);
		return;
	}
	if (t->acted || !pick(&t->cfg.spec, d->shutdown_reason, &what) ||
	    what > MSG_ACTION_RENAME_RESTART)
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

static void on_link(bool up, void *arg)
{
	(void)arg;
	if (up)
		return;
	if (tracked)
		log_info("lifecycle: the channel to Dom0 went down: the "
			 "configurations of its domains are forgotten");
	lifecycle_fini();
}

static struct agent_watch watch = { on_domain, on_gone, on_link, NULL, NULL };

void lifecycle_init(void)
{
	agent_watch_add(&watch);
}

void lifecycle_fini(void)
{
	while (tracked)
		untrack(tracked->domid);
}
