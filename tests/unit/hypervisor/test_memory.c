/* SPDX-License-Identifier: MIT */
/* Argument checks of the memory_op hypercall (hypervisor/memory.c). */
#include <errno.h>
#include <string.h>
#include <xen/memory.h>

#include <hv/hypercall.h>

#include "harness.h"

#define NR_MEMORY_OP	12
#define E820_ENTRY	20	/* bytes: addr, size, type */

/* Puts a xen_memory_map at HC_ARG naming buffer. */
static void put_map(struct harness_guest *g, unsigned int nr, uint64_t buffer)
{
	struct xen_memory_map map;

	memset(&map, 0, sizeof(map));
	map.nr_entries = nr;
	memcpy((char *)&map + offsetof(struct xen_memory_map, buffer), &buffer,
	       sizeof(buffer));
	memcpy(harness_gpa(g, HC_ARG), &map, sizeof(map));
}

static unsigned int map_nr(struct harness_guest *g)
{
	struct xen_memory_map map;

	memcpy(&map, harness_gpa(g, HC_ARG), sizeof(map));
	return map.nr_entries;
}

static long memory_map(struct harness_guest *g, uint64_t arg)
{
	return hc_call(g, NR_MEMORY_OP, XENMEM_memory_map, (unsigned long)arg, 0);
}

static void map_one_ram_entry(void)
{
	uint8_t *buf = harness_gpa(&hc_domu, HC_BUF);
	uint64_t addr, size;
	uint32_t type;

	memset(buf, 0xee, 64);
	put_map(&hc_domu, 8, HC_BUF);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), 0);
	CU_ASSERT_EQUAL(map_nr(&hc_domu), 1);
	memcpy(&addr, buf, 8);
	memcpy(&size, buf + 8, 8);
	memcpy(&type, buf + 16, 4);
	CU_ASSERT_EQUAL(addr, 0);
	CU_ASSERT_EQUAL(size, HC_RAM_PAGES * PAGE_SIZE);
	CU_ASSERT_EQUAL(type, 1);	/* E820_RAM */
	CU_ASSERT_EQUAL(buf[E820_ENTRY], 0xee);	/* one entry, no more */

	put_map(&hc_domu, 1, HC_BUF);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), 0);
	CU_ASSERT_EQUAL(map_nr(&hc_domu), 1);
}

static void map_bad_arguments(void)
{
	put_map(&hc_domu, 0, HC_BUF);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), -EINVAL);
	put_map(&hc_domu, 4, HC_BAD);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), -EFAULT);
	put_map(&hc_domu, 4, HC_RO_GPA);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), -EFAULT);
	put_map(&hc_domu, 4, HC_RAM_PAGES * PAGE_SIZE - 8);	/* straddles the end */
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_ARG), -EFAULT);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_BAD), -EFAULT);
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_RAM_PAGES * PAGE_SIZE - 4),
			-EFAULT);
	/* The struct itself read-only: the count cannot be written back. */
	memcpy(harness_gpa(&hc_domu, HC_RO_GPA), harness_gpa(&hc_domu, HC_ARG),
	       sizeof(struct xen_memory_map));
	put_map(&hc_domu, 4, HC_BUF);
	memcpy(harness_gpa(&hc_domu, HC_RO_GPA), harness_gpa(&hc_domu, HC_ARG),
	       sizeof(struct xen_memory_map));
	CU_ASSERT_EQUAL(memory_map(&hc_domu, HC_RO_GPA), -EFAULT);
}

/* Xen keeps a continuation's start extent above the command's low 6 bits. */
static void command_bits(void)
{
	put_map(&hc_domu, 4, HC_BUF);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MEMORY_OP,
				XENMEM_memory_map | (3UL << 6), HC_ARG, 0), 0);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MEMORY_OP, 60, HC_ARG, 0), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MEMORY_OP, 63, HC_ARG, 0), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MEMORY_OP, XENMEM_machine_memory_map,
				HC_ARG, 0), -ENOSYS);
}

static long reservation(struct harness_guest *g, unsigned long op, domid_t id)
{
	memcpy(harness_gpa(g, HC_ARG), &id, sizeof(id));
	return hc_call(g, NR_MEMORY_OP, op, HC_ARG, 0);
}

static void reservations(void)
{
	static const struct {
		const char *name;
		bool dom0;
		unsigned long op;
		domid_t id;
		long rc;	/* 1: domU's pages, 2: dom0's, 3: domU's maximum */
	} cases[] = {
		{ "domU current self", false, XENMEM_current_reservation, DOMID_SELF, 1 },
		{ "domU current own id", false, XENMEM_current_reservation, HC_DOMU, 1 },
		{ "domU maximum self", false, XENMEM_maximum_reservation, DOMID_SELF, 3 },
		{ "domU asks dom0", false, XENMEM_current_reservation, 0, -EPERM },
		{ "domU asks unknown", false, XENMEM_maximum_reservation, 9, -EPERM },
		{ "dom0 asks domU", true, XENMEM_current_reservation, HC_DOMU, 1 },
		{ "dom0 asks domU maximum", true, XENMEM_maximum_reservation, HC_DOMU, 3 },
		{ "dom0 self", true, XENMEM_current_reservation, DOMID_SELF, 2 },
		{ "dom0 asks unknown", true, XENMEM_current_reservation, 9, -ESRCH },
	};
	unsigned int i;
	long want, rc;
	char msg[96];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		want = cases[i].rc;
		if (want == 1)
			want = (long)hc_domu.d.tot_pages;
		else if (want == 2)
			want = (long)hc_dom0.d.tot_pages;
		else if (want == 3)
			want = HC_RAM_PAGES;
		rc = reservation(cases[i].dom0 ? &hc_dom0 : &hc_domu, cases[i].op,
				 cases[i].id);
		if (rc != want) {
			snprintf(msg, sizeof(msg), "%s: got %ld, want %ld",
				 cases[i].name, rc, want);
			CU_FAIL(msg);
		}
	}
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_MEMORY_OP,
				XENMEM_current_reservation, HC_BAD, 0), -EFAULT);
}

static const struct harness_test tests[] = {
	{ "map_one_ram_entry", map_one_ram_entry },
	{ "map_bad_arguments", map_bad_arguments },
	{ "command_bits", command_bits },
	{ "reservations", reservations },
};

void suite_memory(void)
{
	harness_add_suite_init("memory", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
