/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the hypercall table (hypervisor/hypercall.c), and the main
 * of the binary that tests every handler's argument checks.  Numbers are
 * Xen's ABI values, written out: a guest built against any Xen headers
 * uses these.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>

#include <cunit_run.h>
#include <hv/hypercall.h>
#include <hv/setup.h>

#include "harness.h"

#define NR_SCHED_OP	29
#define NR_VCPU_OP	24
#define NR_XEN_VERSION	17
#define NR_DOMCTL	36
#define NR_SYSCTL	35
#define NR_PHYSDEV_OP	33

static void unknown_numbers(void)
{
	/*
	 * PV-only calls, numbers Xen leaves unused, and the ones just past
	 * the table's end (caught by ASan if the bound is off by one).
	 */
	static const unsigned long nrs[] = {
		0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 14, 22, 23, 25, 26,
		37, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48, 55,
		56, 63, 64, 4096, ULONG_MAX, ULONG_MAX / 8 + 1,
	};
	unsigned int i;
	char msg[64];

	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		long rc = hc_call(&hc_domu, nrs[i], 0, 0, 0);

		if (rc != -ENOSYS) {
			snprintf(msg, sizeof(msg), "hypercall %lu gave %ld",
				 nrs[i], rc);
			CU_FAIL(msg);
		}
	}
}

static void known_numbers_reach_handlers(void)
{
	unsigned int sched = harness_sched_op_calls;
	unsigned int vcpu = harness_vcpu_op_calls;

	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_XEN_VERSION, XENVER_version, 0, 0),
			(XENOLITH_VERSION_MAJOR << 16) | XENOLITH_VERSION_MINOR);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_VCPU_OP, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(harness_vcpu_op_calls, vcpu + 1);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_SCHED_OP, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(harness_sched_op_calls, sched + 1);
}

/*
 * Dom0-only hypercalls never reach their handler for a DomU, which gets
 * -EPERM (as from Xen's XSM default), or -ENOSYS for physdev_op (absent
 * for a PVH DomU on Xen, from 64-bit and 32-bit code); Dom0's calls
 * reach them.
 */
static void dom0_only_refused(void)
{
	unsigned int calls = harness_domctl_calls;

	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_DOMCTL, HC_ARG, 0, 0), -EPERM);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_SYSCTL, HC_ARG, 0, 0), -EPERM);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_PHYSDEV_OP, 13, 0, 0), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_PHYSDEV_OP, 13, 0, 0),
			-ENOSYS);
	CU_ASSERT_EQUAL(harness_domctl_calls, calls);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_DOMCTL, HC_ARG, 0, 0), 0);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_SYSCTL, HC_ARG, 0, 0), 0);
	CU_ASSERT_EQUAL(hc_call(&hc_dom0, NR_PHYSDEV_OP, 13, 0, 0), 0);
	CU_ASSERT_EQUAL(harness_domctl_calls, calls + 3);
}

/* Each call is recorded, refused or not: a crash report shows the last. */
static void last_call_recorded(void)
{
	const struct hypercall_record *last = &hc_domu.v.last_hypercall;

	CU_ASSERT_EQUAL(hc_call(&hc_domu, NR_DOMCTL, HC_ARG, 7, 9), -EPERM);
	CU_ASSERT(last->made);
	CU_ASSERT_EQUAL(last->nr, NR_DOMCTL);
	CU_ASSERT_EQUAL(last->args[0], HC_ARG);
	CU_ASSERT_EQUAL(last->args[1], 7);
	CU_ASSERT_EQUAL(last->args[2], 9);
	CU_ASSERT_EQUAL(last->rc, -EPERM);
	CU_ASSERT_EQUAL(hc_call(&hc_domu, 127, 1, 2, 3), -ENOSYS);
	CU_ASSERT_EQUAL(last->nr, 127);
	CU_ASSERT_EQUAL(last->rc, -ENOSYS);
}

/*
 * A 32-bit caller gets the compat handler of each row: the native one
 * where the layouts agree, a translation where they do not, set_timer_op's
 * two halves joined.
 */
static void compat_table(void)
{
	unsigned int sched = harness_sched_op_calls;
	unsigned int vcpu = harness_vcpu_op_calls;
	unsigned int domctl = harness_domctl_calls;

	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_XEN_VERSION, XENVER_version,
				       0, 0),
			(XENOLITH_VERSION_MAJOR << 16) | XENOLITH_VERSION_MINOR);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_SCHED_OP, SCHEDOP_yield,
				       0, 0), 0);
	CU_ASSERT_EQUAL(harness_sched_op_calls, sched + 1);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP, VCPUOP_is_up, 0, 0),
			0);
	CU_ASSERT_EQUAL(harness_vcpu_op_calls, vcpu + 1);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, 20 /* grant_table_op */,
				       GNTTABOP_transfer, HC_ARG, 1), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, 20 /* grant_table_op */,
				       GNTTABOP_get_status_frames, HC_ARG, 1),
			-ENOSYS);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, 12 /* memory_op */,
				       XENMEM_exchange, HC_ARG, 0), -ENOSYS);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, 15 /* set_timer_op */,
				       0x89abcdef, 0x01234567, 0), 0);
	CU_ASSERT_EQUAL(harness_timer_timeout, 0x0123456789abcdefULL);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_DOMCTL, HC_ARG, 0, 0),
			-EPERM);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_dom0, NR_DOMCTL, HC_ARG, 0, 0), 0);
	CU_ASSERT_EQUAL(harness_domctl_calls, domctl + 1);
}

/* Fills the argument page with 0xa5, puts n bytes of s at its start. */
static uint8_t *compat_arg(const void *s, size_t n)
{
	uint8_t *arg = harness_gpa(&hc_domu, HC_ARG);

	memset(arg, 0xa5, PAGE_SIZE);
	if (n)
		memcpy(arg, s, n);
	return arg;
}

/*
 * The translated structures: what a 32-bit caller's bytes mean (i386
 * offsets), what is written back (i386 size, nothing past it), and bad
 * pointers.
 */
static void compat_layouts(void)
{
	/* sched_poll: ports handle, nr_ports, then a 4-aligned u64 at 8. */
	static const uint32_t poll[4] = { 0x1234, 3, 0x55667788, 0x11223344 };
	/* singleshot: a u64 at 0, flags at 8, 12 bytes in all. */
	static const uint32_t ss[3] = { 0x9abcdef0, 0x12345678,
					VCPU_SSHOTTMR_future };
	uint32_t area = 0x3000, hi = 0xffffffff;
	uint8_t *arg;
	uint32_t u32;
	uint64_t u64;

	compat_arg(poll, sizeof(poll));
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_SCHED_OP, SCHEDOP_poll,
				       HC_ARG, 0), 0);
	CU_ASSERT_EQUAL(harness_calls.poll_ports, 0x1234);
	CU_ASSERT_EQUAL(harness_calls.poll_nr, 3);
	CU_ASSERT_EQUAL(harness_calls.poll_timeout, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_SCHED_OP, SCHEDOP_poll,
				       HC_BAD, 0), -EFAULT);

	/* platform_parameters: 4 bytes of 0, the fifth untouched. */
	arg = compat_arg(&hi, 4);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_XEN_VERSION,
				       XENVER_platform_parameters, HC_ARG, 0), 0);
	memcpy(&u32, arg, 4);
	CU_ASSERT_EQUAL(u32, 0);
	CU_ASSERT_EQUAL(arg[4], 0xa5);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_XEN_VERSION,
				       XENVER_platform_parameters, HC_RO_GPA, 0),
			-EFAULT);

	/* The runstate area: the low 4 bytes of the union, the i386 layout. */
	arg = compat_arg(&area, 4);
	memcpy(arg + 4, &hi, 4);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP,
				       VCPUOP_register_runstate_memory_area, 0,
				       HC_ARG), 0);
	CU_ASSERT_EQUAL(harness_calls.runstate_area, 0x3000);
	CU_ASSERT(harness_calls.runstate_compat);
	arg = compat_arg(NULL, 0);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP,
				       VCPUOP_get_runstate_info, 0, HC_ARG), 0);
	memcpy(&u32, arg, 4);
	CU_ASSERT_EQUAL(u32, RUNSTATE_running);
	memcpy(&u64, arg + 4, 8);
	CU_ASSERT_EQUAL(u64, HARNESS_RUNSTATE_ENTRY);
	memcpy(&u64, arg + 36, 8);
	CU_ASSERT_EQUAL(u64, HARNESS_RUNSTATE_ENTRY + 4);	/* time[3] */
	CU_ASSERT_EQUAL(arg[44], 0xa5);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP,
				       VCPUOP_get_runstate_info, 1, HC_ARG),
			-ENOENT);

	/* A 12-byte singleshot struct in the last bytes of RAM is read. */
	memcpy(harness_gpa(&hc_domu, HC_RAM_PAGES * PAGE_SIZE - 12), ss, 12);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP,
				       VCPUOP_set_singleshot_timer, 0,
				       HC_RAM_PAGES * PAGE_SIZE - 12), 0);
	CU_ASSERT_EQUAL(harness_calls.singleshot.timeout_abs_ns,
			0x123456789abcdef0ULL);
	CU_ASSERT_EQUAL(harness_calls.singleshot.flags, VCPU_SSHOTTMR_future);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, NR_VCPU_OP,
				       VCPUOP_set_singleshot_timer, 0,
				       HC_RAM_PAGES * PAGE_SIZE - 8), -EFAULT);
}

/*
 * physdev_op map_pirq from 32-bit Dom0: the u64 table_base at offset 28,
 * 36 bytes read and written back (the pirq at 12), nothing past them;
 * a DomU is refused before anything is read, as for 64-bit callers.
 */
static void compat_map_pirq(void)
{
	static const uint32_t m[9] = {
		DOMID_SELF, MAP_PIRQ_TYPE_MSI, (uint32_t)-1, (uint32_t)-1,
		3, 0x10, 2, 0x55667788, 0x11223344,
	};
	struct physdev_map_pirq *got = &harness_calls.map_pirq;
	uint8_t *arg = harness_gpa(&hc_dom0, HC_ARG);
	int32_t pirq;

	memset(arg, 0xa5, PAGE_SIZE);
	memcpy(arg, m, sizeof(m));
	CU_ASSERT_EQUAL(hc_call_compat(&hc_dom0, 33 /* physdev_op */,
				       PHYSDEVOP_map_pirq, HC_ARG, 0), 0);
	CU_ASSERT_EQUAL(got->domid, DOMID_SELF);
	CU_ASSERT_EQUAL(got->type, MAP_PIRQ_TYPE_MSI);
	CU_ASSERT_EQUAL(got->index, -1);
	CU_ASSERT_EQUAL(got->bus, 3);
	CU_ASSERT_EQUAL(got->devfn, 0x10);
	CU_ASSERT_EQUAL(got->entry_nr, 2);
	CU_ASSERT_EQUAL(got->table_base, 0x1122334455667788ULL);
	memcpy(&pirq, arg + 12, 4);
	CU_ASSERT_EQUAL(pirq, HARNESS_MAPPED_PIRQ);
	CU_ASSERT_EQUAL(memcmp(arg + 28, &m[7], 8), 0);
	CU_ASSERT_EQUAL(arg[36], 0xa5);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_dom0, 33, PHYSDEVOP_map_pirq,
				       HC_BAD, 0), -EFAULT);
	CU_ASSERT_EQUAL(hc_call_compat(&hc_domu, 33, PHYSDEVOP_map_pirq,
				       HC_ARG, 0), -ENOSYS);
}

static const struct harness_test tests[] = {
	{ "unknown_numbers", unknown_numbers },
	{ "known_numbers_reach_handlers", known_numbers_reach_handlers },
	{ "dom0_only_refused", dom0_only_refused },
	{ "last_call_recorded", last_call_recorded },
	{ "compat_table", compat_table },
	{ "compat_layouts", compat_layouts },
	{ "compat_map_pirq", compat_map_pirq },
};

void suite_hypercall(void)
{
	harness_add_suite_init("hypercall", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}

int main(void)
{
	if (harness_init())
		return 1;
	suite_hypercall();
	suite_hvmop();
	suite_memory();
	suite_foreign();
	suite_multicall();
	suite_version();
	suite_console();
	suite_known_bugs();
	return cunit_run();
}
