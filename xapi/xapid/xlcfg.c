// SPDX-License-Identifier: MIT
// xl.cfg text to a definition in JSON, in the front process.
#include "xlcfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "db.h"
#include "vm.h"

static json_t *lines_of(char *report)
{
	json_t *lines = json_array();

	for (char *l = report ? strtok(report, "\n") : NULL; l && lines;
	     l = strtok(NULL, "\n"))
		json_array_append_new(lines, json_string(l));
	return lines;
}

static json_t *def_json(const struct config *cfg)
{
	const struct msg_domspec *s = &cfg->spec;
	const uint8_t *u = s->uuid;
	char uuid[VM_UUID_LEN + 1];
	json_t *j;

	snprintf(uuid, sizeof(uuid),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
	/* enum msg_action and enum vm_action share their values */
	j = json_pack("{s:s,s:s,s:I,s:I,s:i,s:i,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s}",
		      "name", s->name, "uuid", uuid, "memory_mib",
		      (json_int_t)(s->memory_kib >> 10), "maxmem_mib",
		      (json_int_t)(s->maxmem_kib >> 10), "vcpus", (int)s->vcpus,
		      "cpu_weight", (int)s->weight, "cap", (int)s->cap,
		      "max_event_channels", (int)s->max_event_channels,
		      "kernel", cfg->kernel, "ramdisk", cfg->ramdisk, "cmdline",
		      s->cmdline, "on_poweroff",
		      vm_action_name((enum vm_action)s->on_poweroff),
		      "on_reboot", vm_action_name((enum vm_action)s->on_reboot),
		      "on_crash", vm_action_name((enum vm_action)s->on_crash));
	if (j && s->cpus != ~0ULL)
		json_object_set_new(j, "cpus", vm_cpus_json(s->cpus));
	return j;
}

json_t *xlcfg_to_json(const char *text, size_t len, json_t **messages)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	char *report = NULL;
	size_t replen = 0;
	FILE *rep = open_memstream(&report, &replen);
	json_t *j = NULL;
	int rc = -1;

	*messages = NULL;
	if (cfg && rep)
		rc = config_parse("request", text, len, NULL, 0, rep, cfg);
	if (rep)
		fclose(rep);
	if (!rc)
		j = def_json(cfg);
	else if (cfg && rep)
		*messages = lines_of(report);
	free(report);
	free(cfg);
	return j;
}
