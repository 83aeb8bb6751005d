/* SPDX-License-Identifier: MIT */
/* xl's formats (format.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"

void format_state(const struct msg_dominfo *d, char out[7])
{
	/* The fifth letter is the shutdown reason, SHUTDOWN_* order, as Xen's xl. */
	static const char reasons[] = "-rscwS";
	static const struct { uint32_t bit; char letter; } letters[4] = {
		{ MSG_DOM_RUNNING, 'r' }, { MSG_DOM_BLOCKED, 'b' },
		{ MSG_DOM_PAUSED, 'p' }, { MSG_DOM_SHUTDOWN, 's' },
	};
	uint32_t reason = d->state & MSG_DOM_SHUTDOWN ? d->shutdown_reason : 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		out[i] = d->state & letters[i].bit ? letters[i].letter : '-';
	out[4] = reason < sizeof(reasons) - 1 ? reasons[reason] : '?';
	out[5] = d->state & MSG_DOM_DYING ? 'd' : '-';
	out[6] = 0;
}

void format_uuid(const uint8_t uuid[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", uuid[0], uuid[1], uuid[2], uuid[3],
		 uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9], uuid[10],
		 uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
}

void format_list_header(FILE *out, unsigned int columns)
{
	fputs("Name                                        ID   Mem VCPUs\tState\tTime(s)", out);
	if (columns & FORMAT_LIST_VERBOSE)
		fputs("   UUID                            Reason-Code\tSecurity Label", out);
	else if (columns & FORMAT_LIST_CONTEXT)
		fputs("   Security Label", out);
	if (columns & FORMAT_LIST_CPUPOOL)
		fputs("         Cpupool", out);
	if (columns & FORMAT_LIST_NUMA)
		fputs(" NODE Affinity", out);
	fputc('\n', out);
}

void format_list_row(FILE *out, const struct msg_dominfo *d, unsigned int columns)
{
	char state[7], uuid[37];

	format_state(d, state);
	fprintf(out, "%-40s %5u %5llu %5u     %s  %8.1f", d->name, d->domid,
		(unsigned long long)(d->mem_kib / 1024), d->vcpus, state,
		(double)d->cpu_time_ns / 1e9);
	if (columns & FORMAT_LIST_VERBOSE) {
		format_uuid(d->uuid, uuid);
		fprintf(out, " %s", uuid);
		if (d->state & MSG_DOM_SHUTDOWN)
			fprintf(out, " %8x", d->shutdown_reason);
		else
			fprintf(out, " %8s", "-");
	}
	/* No XSM: no domain has a security label. */
	if (columns & (FORMAT_LIST_VERBOSE | FORMAT_LIST_CONTEXT))
		fprintf(out, " %16s", "-");
	/* One pool holds every CPU; one NUMA node holds all memory. */
	if (columns & FORMAT_LIST_CPUPOOL)
		fprintf(out, "%16s", "Pool-0");
	if (columns & FORMAT_LIST_NUMA)
		fprintf(out, " %s", "all");
	fputc('\n', out);
}

void format_uptime(uint64_t s, char *buf, size_t size)
{
	uint64_t days = s / 86400;

	if (days)
		snprintf(buf, size, "%llu day%s, %2u:%02u:%02u",
			 (unsigned long long)days, days == 1 ? "" : "s",
			 (unsigned int)(s / 3600 % 24), (unsigned int)(s / 60 % 60),
			 (unsigned int)(s % 60));
	else
		snprintf(buf, size, "%u:%02u:%02u", (unsigned int)(s / 3600),
			 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
}

json_t *format_dominfo_json(const struct msg_dominfo *d)
{
	char state[7], uuid[37];

	format_state(d, state);
	format_uuid(d->uuid, uuid);
	return json_pack("{s:i, s:s, s:s, s:s, s:I, s:I, s:i, s:f}",
			 "domid", (int)d->domid, "uuid", uuid, "name", d->name,
			 "state", state,
			 "memory_kib", (json_int_t)d->mem_kib,
			 "maxmem_kib", (json_int_t)d->maxmem_kib,
			 "vcpus", (int)d->vcpus,
			 "cpu_time", (double)d->cpu_time_ns / 1e9);
}

int format_parse_mem(const char *s, uint64_t *kib)
{
	unsigned long long v;
	unsigned int shift;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (tolower((unsigned char)*end)) {
	case 't': shift = 30; break;
	case 'g': shift = 20; break;
	case 0:
	case 'm': shift = 10; break;
	case 'k': shift = 0; break;
	case 'b':
		if (end[1])
			return -EINVAL;
		*kib = v / 1024;
		return 0;
	default:
		return -EINVAL;
	}
	if (*end && end[1])
		return -EINVAL;
	if (v > (~0ULL >> shift))
		return -EINVAL;
	*kib = v << shift;
	return 0;
}

int format_parse_domid(const char *s, uint32_t *domid)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v >= 0x7ff0)
		return -EINVAL;
	*domid = (uint32_t)v;
	return 0;
}

void format_cpus(uint64_t mask, unsigned int nr_cpus, char *buf, size_t size)
{
	uint64_t all = nr_cpus >= 64 ? ~0ULL : (1ULL << nr_cpus) - 1;
	unsigned int a, b;
	size_t len = 0;

	buf[0] = 0;
	if ((mask & all) == all) {
		snprintf(buf, size, "all");
		return;
	}
	for (a = 0; a < 64; a = b + 1) {
		while (a < 64 && !(mask >> a & 1))
			a++;
		if (a == 64)
			break;
		for (b = a; b + 1 < 64 && (mask >> (b + 1) & 1); b++)
			;
		if (b > a)
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0,
						"%s%u-%u", len ? "," : "", a, b);
		else
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0,
						"%s%u", len ? "," : "", a);
	}
	if (!len)
		snprintf(buf, size, "none");
}
