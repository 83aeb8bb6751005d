/* SPDX-License-Identifier: MIT */
/* xl list, domid, domname, rename, and naming a domain by name or id. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "client.h"
#include "format.h"
#include "xl.h"

int xl_domains(struct msg_dominfo **doms, unsigned int *n)
{
	const uint8_t *reply;
	uint32_t len, count, i;
	struct msg_rd r;
	int rc = client_call(OP_LIST, NULL, 0, &reply, &len);

	if (rc) {
		xl_fail("listing the domains");
		return rc;
	}
	msg_rd_init(&r, reply, len);
	count = msg_get_u32(&r);
	if (r.err || count > len) {
		fprintf(stderr, "xl: listing the domains: the reply does not parse\n");
		return -EBADMSG;
	}
	*doms = calloc(count ? count : 1, sizeof(**doms));
	if (!*doms)
		return -ENOMEM;
	for (i = 0; i < count; i++)
		msg_get_dominfo(&r, &(*doms)[i]);
	if (msg_rd_end(&r)) {
		free(*doms);
		fprintf(stderr, "xl: listing the domains: the reply does not parse\n");
		return -EBADMSG;
	}
	*n = count;
	return 0;
}

int xl_resolve(const char *dom, uint32_t *domid)
{
	struct msg_dominfo *doms;
	unsigned int n, i;
	bool by_id = !format_parse_domid(dom, domid);
	int rc = xl_domains(&doms, &n);

	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		if (by_id ? doms[i].domid == *domid : !strcmp(doms[i].name, dom))
			break;
	if (i < n)
		*domid = doms[i].domid;
	free(doms);
	if (i == n) {
		fprintf(stderr, "xl: %s: no such domain (`xl list' shows them)\n", dom);
		return -ESRCH;
	}
	return 0;
}

bool xl_wanted(const struct msg_dominfo *d, int argc, char **argv, int first)
{
	uint32_t id;
	int i;

	if (first >= argc)
		return true;
	for (i = first; i < argc; i++)
		if (!strcmp(argv[i], d->name) ||
		    (!format_parse_domid(argv[i], &id) && id == d->domid))
			return true;
	return false;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "long", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "context", no_argument, NULL, 'Z' },
		{ "cpupool", no_argument, NULL, 'c' },
		{ "numa", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	static const unsigned int column[] = {
		['v'] = FORMAT_LIST_VERBOSE, ['Z'] = FORMAT_LIST_CONTEXT,
		['c'] = FORMAT_LIST_CPUPOOL, ['n'] = FORMAT_LIST_NUMA,
	};
	struct msg_dominfo *doms;
	unsigned int n, k, columns = 0;
	bool json = false;
	int first, a, opt;
	json_t *array;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "lvZcn", longopts, NULL)) != -1) {
		if (opt == 'l')
			json = true;
		else if (opt == '?')
			return xl_usage("list");
		else
			columns |= column[opt];
	}
	first = optind;
	if (xl_domains(&doms, &n))
		return 1;
	/* Every domain named must exist. */
	for (a = first; a < argc; a++) {
		for (k = 0; k < n && !xl_wanted(&doms[k], a + 1, argv, a); k++)
			;
		if (k == n) {
			fprintf(stderr, "xl: %s: no such domain\n", argv[a]);
			free(doms);
			return 1;
		}
	}
	if (json) {
		array = json_array();
		for (k = 0; k < n; k++)
			if (xl_wanted(&doms[k], argc, argv, first))
				json_array_append_new(array, format_dominfo_json(&doms[k]));
		json_dumpf(array, stdout, JSON_INDENT(4));
		putchar('\n');
		json_decref(array);
	} else {
		format_list_header(stdout, columns);
		for (k = 0; k < n; k++)
			if (xl_wanted(&doms[k], argc, argv, first))
				format_list_row(stdout, &doms[k], columns);
	}
	free(doms);
	return 0;
}

int cmd_domid(int argc, char **argv)
{
	struct msg_dominfo *doms;
	unsigned int n, i;

	if (argc != 2)
		return xl_usage("domid");
	if (xl_domains(&doms, &n))
		return 1;
	for (i = 0; i < n && strcmp(doms[i].name, argv[1]); i++)
		;
	if (i < n)
		printf("%u\n", doms[i].domid);
	else
		fprintf(stderr, "xl: no domain called `%s'\n", argv[1]);
	free(doms);
	return i < n ? 0 : 1;
}

int cmd_domname(int argc, char **argv)
{
	struct msg_dominfo *doms;
	unsigned int n, i;
	uint32_t domid;

	if (argc != 2)
		return xl_usage("domname");
	if (format_parse_domid(argv[1], &domid)) {
		fprintf(stderr, "xl: `%s' is not a domain id\n", argv[1]);
		return 1;
	}
	if (xl_domains(&doms, &n))
		return 1;
	for (i = 0; i < n && doms[i].domid != domid; i++)
		;
	if (i < n)
		printf("%s\n", doms[i].name);
	else
		fprintf(stderr, "xl: no domain %u\n", domid);
	free(doms);
	return i < n ? 0 : 1;
}

int cmd_rename(int argc, char **argv)
{
	struct msg_rename m = { 0 };
	const uint8_t *reply;
	uint32_t len;

	if (argc != 3)
		return xl_usage("rename");
	if (strlen(argv[2]) >= sizeof(m.name)) {
		fprintf(stderr, "xl: `%s': a name has at most %zu characters\n",
			argv[2], sizeof(m.name) - 1);
		return 1;
	}
	if (xl_resolve(argv[1], &m.domid))
		return 1;
	strcpy(m.name, argv[2]);
	if (client_call_msg(OP_RENAME, msg_put_rename, &m, &reply, &len))
		return xl_fail("renaming %s", argv[1]);
	return 0;
}
