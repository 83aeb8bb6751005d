/* SPDX-License-Identifier: MIT */
/* The xen_version hypercall (hypervisor/version.c). */
#include <errno.h>
#include <string.h>
#include <xen/features.h>
#include <xen/version.h>

#include <hv/hypercall.h>
#include <hv/setup.h>

#include "harness.h"

#define NR_XEN_VERSION	17

static long ver(struct harness_guest *g, unsigned long cmd, uint64_t arg)
{
	return hc_call(g, NR_XEN_VERSION, cmd, (unsigned long)arg, 0);
}

static void version_number(void)
{
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_version, 0), (4 << 16) | 17);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_version, 0),
			(XENOLITH_VERSION_MAJOR << 16) | XENOLITH_VERSION_MINOR);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_pagesize, 0), 4096);
}

static void strings(void)
{
	char *buf = harness_gpa(&hc_domu, HC_BUF);

	memset(buf, 0x55, PAGE_SIZE);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_extraversion, HC_BUF), 0);
	CU_ASSERT_STRING_EQUAL(buf, XENOLITH_EXTRAVERSION);
	CU_ASSERT_EQUAL(buf[sizeof(xen_extraversion_t) - 1], 0);
	CU_ASSERT_EQUAL((uint8_t)buf[sizeof(xen_extraversion_t)], 0x55);

	memset(buf, 0x55, PAGE_SIZE);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_capabilities, HC_BUF), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "hvm-3.0-x86_64"));
	CU_ASSERT_EQUAL((uint8_t)buf[sizeof(xen_capabilities_info_t)], 0x55);

	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_compile_info, HC_BUF), 0);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_changeset, HC_BUF), 0);
	CU_ASSERT(strlen(buf) < sizeof(xen_changeset_info_t));
}

static void features(void)
{
	xen_feature_info_t fi = { .submap_idx = 0 };
	uint32_t base = (1u << XENFEAT_auto_translated_physmap) |
			(1u << XENFEAT_supervisor_mode_kernel) |
			(1u << XENFEAT_hvm_callback_vector) |
			(1u << XENFEAT_hvm_safe_pvclock);

	memcpy(harness_gpa(&hc_domu, HC_ARG), &fi, sizeof(fi));
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_get_features, HC_ARG), 0);
	memcpy(&fi, harness_gpa(&hc_domu, HC_ARG), sizeof(fi));
	CU_ASSERT_EQUAL(fi.submap & base, base);
	CU_ASSERT_EQUAL(fi.submap & (1u << XENFEAT_dom0), 0);

	fi.submap_idx = 0;
	memcpy(harness_gpa(&hc_dom0, HC_ARG), &fi, sizeof(fi));
	CU_ASSERT_EQUAL(ver(&hc_dom0, XENVER_get_features, HC_ARG), 0);
	memcpy(&fi, harness_gpa(&hc_dom0, HC_ARG), sizeof(fi));
	CU_ASSERT_EQUAL(fi.submap & base, base);
	CU_ASSERT_NOT_EQUAL(fi.submap & (1u << XENFEAT_dom0), 0);

	fi.submap_idx = 1;
	fi.submap = 0xffffffff;
	memcpy(harness_gpa(&hc_dom0, HC_ARG), &fi, sizeof(fi));
	CU_ASSERT_EQUAL(ver(&hc_dom0, XENVER_get_features, HC_ARG), 0);
	memcpy(&fi, harness_gpa(&hc_dom0, HC_ARG), sizeof(fi));
	CU_ASSERT_EQUAL(fi.submap, 0);
}

static void commandline(void)
{
	char *buf = harness_gpa(&hc_dom0, HC_BUF);
	uint8_t *ubuf = harness_gpa(&hc_domu, HC_BUF);

	memset(ubuf, 0x55, PAGE_SIZE);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_commandline, HC_BUF), -EPERM);
	CU_ASSERT_EQUAL(ubuf[0], 0x55);
	memset(buf, 0x55, PAGE_SIZE);
	CU_ASSERT_EQUAL(ver(&hc_dom0, XENVER_commandline, HC_BUF), 0);
	CU_ASSERT_STRING_EQUAL(buf, hv_cmdline);
}

static void guest_handle(void)
{
	uint8_t *buf = harness_gpa(&hc_domu, HC_BUF);
	unsigned int i;

	for (i = 0; i < sizeof(hc_domu.d.handle); i++)
		hc_domu.d.handle[i] = (uint8_t)(i * 17 + 1);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_guest_handle, HC_BUF), 0);
	CU_ASSERT_EQUAL(memcmp(buf, hc_domu.d.handle, sizeof(hc_domu.d.handle)),
			0);
}

static void unknown_and_bad(void)
{
	static const unsigned long writers[] = {
		XENVER_extraversion, XENVER_compile_info, XENVER_capabilities,
		XENVER_changeset, XENVER_platform_parameters, XENVER_get_features,
		XENVER_guest_handle,
	};
	unsigned int i;

	CU_ASSERT_EQUAL(ver(&hc_domu, 99, HC_BUF), -ENOSYS);
	CU_ASSERT_EQUAL(ver(&hc_domu, 0x10000, HC_BUF), -ENOSYS);
	CU_ASSERT_EQUAL(ver(&hc_domu, XENVER_build_id, HC_BUF), -ENODATA);
	for (i = 0; i < ARRAY_SIZE(writers); i++) {
		CU_ASSERT_EQUAL(ver(&hc_domu, writers[i], HC_BAD), -EFAULT);
		CU_ASSERT_EQUAL(ver(&hc_domu, writers[i], HC_RO_GPA), -EFAULT);
		CU_ASSERT_EQUAL(ver(&hc_domu, writers[i],
				    HC_RAM_PAGES * PAGE_SIZE - 2), -EFAULT);
	}
	CU_ASSERT_EQUAL(ver(&hc_dom0, XENVER_commandline, HC_BAD), -EFAULT);
}

static const struct harness_test tests[] = {
	{ "version_number", version_number },
	{ "strings", strings },
	{ "features", features },
	{ "commandline", commandline },
	{ "guest_handle", guest_handle },
	{ "unknown_and_bad", unknown_and_bad },
};

void suite_version(void)
{
	harness_add_suite_init("version", hc_init, hc_cleanup, tests,
			       ARRAY_SIZE(tests));
}
