/* SPDX-License-Identifier: MIT */
/* xl's formats: Xen's list line and state letters, sizes, ids, CPU lists. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include "config/config.h"
#include "suites.h"
#include "xl/format.h"

static void state_letters(void)
{
	/* The fifth letter: the shutdown reason, only when shut down. */
	static const struct { uint32_t state, reason; const char *letters; } cases[] = {
		{ MSG_DOM_RUNNING, 0, "r-----" },
		{ MSG_DOM_BLOCKED | MSG_DOM_PAUSED, 3, "-bp---" },
		{ MSG_DOM_SHUTDOWN | MSG_DOM_CRASHED | MSG_DOM_DYING, 3, "---scd" },
		{ MSG_DOM_SHUTDOWN, 0, "---s--" },
		{ MSG_DOM_SHUTDOWN, 1, "---sr-" },
		{ MSG_DOM_SHUTDOWN, 2, "---ss-" },
		{ MSG_DOM_SHUTDOWN, 4, "---sw-" },
		{ MSG_DOM_SHUTDOWN, 5, "---sS-" },
		{ MSG_DOM_SHUTDOWN, 77, "---s?-" },
	};
	struct msg_dominfo d = { 0 };
	unsigned int i;
	char s[7];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d.state = cases[i].state;
		d.shutdown_reason = cases[i].reason;
		format_state(&d, s);
		CU_ASSERT_STRING_EQUAL(s, cases[i].letters);
	}
}

static void list_line(void)
{
	struct msg_dominfo d = { .domid = 7, .state = MSG_DOM_BLOCKED,
				 .mem_kib = 16376, .vcpus = 1,
				 .cpu_time_ns = 12345000000ULL };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	strcpy(d.name, "web");
	format_list_header(f, 0);
	format_list_row(f, &d, 0);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out,
		"Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
		"web                                          7    15     1     -b----      12.3\n");
	free(out);
}

/* xl list -v, -Z, -c, -n: Xen's xl's extra columns, in its order. */
static void list_columns(void)
{
	struct msg_dominfo d = { .domid = 9, .state = MSG_DOM_SHUTDOWN,
				 .shutdown_reason = 1, .mem_kib = 4096, .vcpus = 2,
				 .uuid = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
					   0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	strcpy(d.name, "db");
	format_list_header(f, FORMAT_LIST_VERBOSE);
	format_list_row(f, &d, FORMAT_LIST_VERBOSE);
	d.state = MSG_DOM_BLOCKED;
	format_list_row(f, &d, FORMAT_LIST_VERBOSE);
	format_list_header(f, FORMAT_LIST_CONTEXT | FORMAT_LIST_CPUPOOL | FORMAT_LIST_NUMA);
	format_list_row(f, &d, FORMAT_LIST_CONTEXT | FORMAT_LIST_CPUPOOL | FORMAT_LIST_NUMA);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out,
		"Name                                        ID   Mem VCPUs\tState\tTime(s)"
		"   UUID                            Reason-Code\tSecurity Label\n"
		"db                                           9     4     2     ---sr-       0.0"
		" 12345678-9abc-def0-0123-456789abcdef        1                -\n"
		"db                                           9     4     2     -b----       0.0"
		" 12345678-9abc-def0-0123-456789abcdef        -                -\n"
		"Name                                        ID   Mem VCPUs\tState\tTime(s)"
		"   Security Label         Cpupool NODE Affinity\n"
		"db                                           9     4     2     -b----       0.0"
		"                -          Pool-0 all\n");
	free(out);
}

static void mem_sizes(void)
{
	uint64_t kib;

	CU_ASSERT(!format_parse_mem("64", &kib) && kib == 64 * 1024);
	CU_ASSERT(!format_parse_mem("64m", &kib) && kib == 64 * 1024);
	CU_ASSERT(!format_parse_mem("2G", &kib) && kib == 2 * 1024 * 1024);
	CU_ASSERT(!format_parse_mem("4096k", &kib) && kib == 4096);
	CU_ASSERT(!format_parse_mem("1t", &kib) && kib == 1ULL << 30);
	CU_ASSERT(!format_parse_mem("8192b", &kib) && kib == 8);
	CU_ASSERT_EQUAL(format_parse_mem("", &kib), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_mem("lots", &kib), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_mem("12mb", &kib), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_mem("-5", &kib), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_mem("99999999999999999999", &kib), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_mem("18014398509481984t", &kib), -EINVAL);
}

static void domids(void)
{
	uint32_t id;

	CU_ASSERT(!format_parse_domid("0", &id) && id == 0);
	CU_ASSERT(!format_parse_domid("32751", &id) && id == 32751);
	CU_ASSERT_EQUAL(format_parse_domid("32752", &id), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_domid("web", &id), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_domid("1x", &id), -EINVAL);
	CU_ASSERT_EQUAL(format_parse_domid("", &id), -EINVAL);
}

static void cpu_lists(void)
{
	uint64_t mask;
	char buf[64];

	format_cpus(0xf, 4, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "all");
	format_cpus(0x2d, 8, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0,2-3,5");
	format_cpus(0, 8, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "none");
	CU_ASSERT(!config_parse_cpus("0,2-3,5", &mask) && mask == 0x2d);
	CU_ASSERT(!config_parse_cpus("all", &mask) && mask == ~0ULL);
	CU_ASSERT_EQUAL(config_parse_cpus("3-1", &mask), -ERANGE);
	CU_ASSERT_EQUAL(config_parse_cpus("64", &mask), -ERANGE);
	CU_ASSERT_EQUAL(config_parse_cpus("1,,2", &mask), -EINVAL);
	CU_ASSERT_EQUAL(config_parse_cpus("x", &mask), -EINVAL);
}

static void uptimes(void)
{
	char buf[48];

	format_uptime(0, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0:00:00");
	format_uptime(3723, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1:02:03");
	format_uptime(86400 + 61, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1 day,  0:01:01");
	format_uptime(3 * 86400 + 13 * 3600, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "3 days, 13:00:00");
}

static void list_json(void)
{
	struct msg_dominfo d = { .domid = 3, .mem_kib = 4096, .vcpus = 1 };
	json_t *j;

	strcpy(d.name, "a\"b");
	j = format_dominfo_json(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "domid")), 3);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "name")), "a\"b");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "state")), "------");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "uuid")),
			       "00000000-0000-0000-0000-000000000000");
	json_decref(j);
}

int format_suite(void)
{
	CU_pSuite s = CU_add_suite("xl-format", NULL, NULL);

	if (!s || !CU_add_test(s, "state-letters", state_letters) ||
	    !CU_add_test(s, "list-line", list_line) ||
	    !CU_add_test(s, "list-columns", list_columns) ||
	    !CU_add_test(s, "mem-sizes", mem_sizes) ||
	    !CU_add_test(s, "domids", domids) ||
	    !CU_add_test(s, "cpu-lists", cpu_lists) ||
	    !CU_add_test(s, "uptimes", uptimes) ||
	    !CU_add_test(s, "list-json", list_json))
		return -1;
	return 0;
}
