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
	char s[7];

	format_state(MSG_DOM_RUNNING, s);
	CU_ASSERT_STRING_EQUAL(s, "r-----");
	format_state(MSG_DOM_BLOCKED | MSG_DOM_PAUSED, s);
	CU_ASSERT_STRING_EQUAL(s, "-bp---");
	format_state(MSG_DOM_SHUTDOWN | MSG_DOM_CRASHED | MSG_DOM_DYING, s);
	CU_ASSERT_STRING_EQUAL(s, "---scd");
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
	format_list_header(f);
	format_list_row(f, &d);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out,
		"Name                                        ID   Mem VCPUs      State   Time(s)\n"
		"web                                          7    15     1     -b----      12.3\n");
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
	json_decref(j);
}

int format_suite(void)
{
	CU_pSuite s = CU_add_suite("xl-format", NULL, NULL);

	if (!s || !CU_add_test(s, "state-letters", state_letters) ||
	    !CU_add_test(s, "list-line", list_line) ||
	    !CU_add_test(s, "mem-sizes", mem_sizes) ||
	    !CU_add_test(s, "domids", domids) ||
	    !CU_add_test(s, "cpu-lists", cpu_lists) ||
	    !CU_add_test(s, "uptimes", uptimes) ||
	    !CU_add_test(s, "list-json", list_json))
		return -1;
	return 0;
}
