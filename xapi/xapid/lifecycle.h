/* SPDX-License-Identifier: MIT */
/*
 * What becomes of a domain that shuts down, as Xen's xl decides it: the
 * on_poweroff, on_reboot and on_crash actions of the configuration the
 * domain was created from.  The hypervisor keeps a domain that shut down
 * (state `s', `c' for a crash) and tells Dom0; Dom0's agent reports the
 * change (OP_EV_DOMAIN, agent.h's watch) and this module acts on it:
 *
 *   destroy          the domain is destroyed;
 *   restart          destroyed, then created again from the same
 *                    configuration (same name and UUID, a new domid);
 *   preserve         left shut down, to be looked at and `xl destroy'ed;
 *   rename-restart   renamed NAME-YYYYMMDDTHHMMZ (UTC, as xl does; with
 *                    "-DOMID" after it when that name is taken) and left
 *                    shut down, then a new domain is created from the
 *                    configuration under the old name.
 *
 * The reasons map as in Xen: poweroff -> on_poweroff, reboot -> on_reboot,
 * crash and watchdog -> on_crash.  A suspended domain is left as it is,
 * as by Xen's xl (what suspended it resumes or saves it); a soft reset,
 * which xl turns into on_soft_reset, is not supported: the domain stays
 * shut down, with a warning.
 *
 * xapid keeps the configuration of every domain it created (agent_create(),
 * for xl and for the API alike) while that domain exists, in memory and in
 * a file of the state directory's domains/ (named by the domid, holding
 * the msg_create), as Xen's xl keeps its userdata files: a restarted
 * xapid reads them back and, once Dom0's list confirms each domain (same
 * id and UUID), acts for them as before, also on a domain that shut down
 * while no xapid ran.  A domain it did not create has none: Dom0 destroys
 * boot-built domains that shut down itself, and any other is left shut
 * down, with a warning, for the user to destroy.  When the channel to Dom0
 * goes down the configurations and their files are forgotten (QEMU, with
 * its domains, is gone).
 *
 * Everything runs on xapid's libevent loop.
 */
#ifndef XAPID_LIFECYCLE_H
#define XAPID_LIFECYCLE_H

#include <stdint.h>
#include "config/config.h"

/*
 * Starts following Dom0's domains (after agent_init()), with the saved
 * configurations of state_dir/domains (created 0700 if absent; NULL or a
 * directory that cannot be made: memory only, said in the log).
 */
void lifecycle_init(const char *state_dir);

/* Forgets every configuration in memory, keeping the files (at exit). */
void lifecycle_fini(void);

/*
 * Records cfg as the configuration domain domid was created from
 * (agent_create() calls it once the domain is built; a restart is
 * recorded the same way).  Out of memory, the domain has no policy: logged.
 */
void lifecycle_created(uint32_t domid, const struct config *cfg);

/*
 * The configuration domid was created from, or NULL when xapid did not
 * create it.  Valid until the next turn of the loop.
 */
const struct config *lifecycle_config(uint32_t domid);

#endif
