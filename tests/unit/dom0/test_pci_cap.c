/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the PCI capability list walk (dom0/hw/pci_cap.c) on
 * hand-made configuration spaces: a well-formed list, the next entry of
 * the same id, and the broken lists a device could present (no list,
 * pointers into the header or past the end, a loop).
 */
#include <string.h>
#include <CUnit/CUnit.h>
#include "cunit_run.h"
#include "dom0/hw/pci_cap.h"

static uint8_t cfg[PCI_CFG_SIZE];

/* Three capabilities: MSI-X at 0x40, vendor at 0x50, vendor at 0x70. */
static void good_list(void)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[0x06] = 0x10;	/* status: capability list */
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x11;
	cfg[0x41] = 0x50;
	cfg[0x50] = 0x09;
	cfg[0x51] = 0x70;
	cfg[0x70] = 0x09;
	cfg[0x71] = 0x00;
}

static void test_finds_each(void)
{
	good_list();
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x11, 0), 0x40);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0), 0x50);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0x50), 0x70);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0x70), 0);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x05, 0), 0);
}

static void test_no_list(void)
{
	good_list();
	cfg[0x06] = 0;
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x11, 0), 0);
}

static void test_low_bits_ignored(void)
{
	good_list();
	cfg[0x34] = 0x43;	/* the bottom two bits are reserved */
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x11, 0), 0x40);
}

static void test_pointer_into_header(void)
{
	good_list();
	cfg[0x41] = 0x10;	/* into the BARs */
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0), 0);
}

static void test_pointer_at_end(void)
{
	good_list();
	cfg[0x41] = 0xfc;
	cfg[0xfc] = 0x09;
	cfg[0xfd] = 0xff;	/* next: 0xfc again, a loop at the very end */
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0), 0xfc);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x05, 0), 0);
}

static void test_loop_ends(void)
{
	good_list();
	cfg[0x71] = 0x40;	/* back to the first */
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x05, 0), 0);
	CU_ASSERT_EQUAL(pci_cap_find(cfg, 0x09, 0x70), 0x50);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("pci_cap", NULL, NULL);
	CU_add_test(s, "finds_each", test_finds_each);
	CU_add_test(s, "no_list", test_no_list);
	CU_add_test(s, "low_bits_ignored", test_low_bits_ignored);
	CU_add_test(s, "pointer_into_header", test_pointer_into_header);
	CU_add_test(s, "pointer_at_end", test_pointer_at_end);
	CU_add_test(s, "loop_ends", test_loop_ends);
	return cunit_run();
}
