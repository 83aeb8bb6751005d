/* SPDX-License-Identifier: MIT */
/*
 * The ACPI table builder of the shared runtime (hypervisor/lib/acpi.c):
 * every table found from the RSDP as an OS finds it, checksums, lengths,
 * the FADT's hardware-reduced flag and DSDT pointers, one MADT processor
 * entry per vCPU (local APIC, then x2APIC past APIC ID 254), the DSDT's
 * AML package lengths and processor devices, and the refusals.  Then the
 * ACPICA disassembler (iasl, from acpica-tools) reads every table: it must
 * find no error, no warning (a wrong checksum is one) and every processor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xrt/acpi.h>
#include <xrt/le.h>

#include "cunit_run.h"
#include "harness.h"

#define BASE	0xfc000ULL

static uint8_t *buf;
static size_t size;

static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* The table at guest-physical address gpa, checked: NULL when bad. */
static const uint8_t *table(uint64_t gpa, const char *sig)
{
	const uint8_t *t;

	if (gpa < BASE || gpa + 36 > BASE + size)
		return NULL;
	t = buf + (gpa - BASE);
	if (memcmp(t, sig, 4) || gpa + le32_get(t + 4) > BASE + size ||
	    sum(t, le32_get(t + 4)) != 0)
		return NULL;
	return t;
}

static long build(unsigned int n)
{
	uint64_t rsdp = 0;
	long len;

	free(buf);
	size = acpi_size(n);
	buf = malloc(size);
	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0xa5, size);
	len = acpi_build(buf, size, BASE, n, NULL, 0, &rsdp);
	CU_ASSERT_EQUAL(rsdp, BASE);
	return len;
}

/* Walks RSDP -> XSDT -> FADT, MADT -> DSDT for n vCPUs. */
static void check(unsigned int n)
{
	const uint8_t *xsdt, *fadt, *madt, *dsdt, *e;
	long len = build(n);
	unsigned int i, found = 0;
	size_t at, plen;

	CU_ASSERT_FATAL(len > 0 && (size_t)len <= size);
	CU_ASSERT(!memcmp(buf, "RSD PTR ", 8));
	CU_ASSERT_EQUAL(sum(buf, 20), 0);
	CU_ASSERT_EQUAL(sum(buf, 36), 0);
	CU_ASSERT_EQUAL(buf[15], 2);
	CU_ASSERT_EQUAL(le32_get(buf + 16), 0);		/* no RSDT */
	CU_ASSERT_EQUAL(le32_get(buf + 20), 36);
	xsdt = table(le64_get(buf + 24), "XSDT");
	CU_ASSERT_FATAL(xsdt != NULL);
	CU_ASSERT_EQUAL(le32_get(xsdt + 4), 36 + 2 * 8);
	fadt = table(le64_get(xsdt + 36), "FACP");
	madt = table(le64_get(xsdt + 44), "APIC");
	CU_ASSERT_FATAL(fadt != NULL && madt != NULL);

	CU_ASSERT_EQUAL(le32_get(fadt + 4), 276);
	CU_ASSERT_EQUAL(fadt[8], 6);
	CU_ASSERT(le32_get(fadt + 112) & (1u << 20));	/* HW_REDUCED_ACPI */
	CU_ASSERT_EQUAL(le64_get(fadt + 140), le32_get(fadt + 40));
	dsdt = table(le64_get(fadt + 140), "DSDT");
	CU_ASSERT_FATAL(dsdt != NULL);

	CU_ASSERT_EQUAL(le32_get(madt + 36), 0xfee00000u);
	e = madt + 44;
	for (i = 0; i < n; i++) {
		/* APIC IDs 2n, as Xen numbers them. */
		if (2 * i < 255) {
			CU_ASSERT(e[0] == 0 && e[1] == 8 && e[2] == i &&
				  e[3] == 2 * i && le32_get(e + 4) == 1);
		} else {
			CU_ASSERT(e[0] == 9 && e[1] == 16 &&
				  le32_get(e + 4) == 2 * i &&
				  le32_get(e + 8) == 1 && le32_get(e + 12) == i);
		}
		e += e[1];
	}
	CU_ASSERT_EQUAL((size_t)(e - madt), le32_get(madt + 4));

	/* Scope (\_SB_) whose PkgLength reaches the end of the table. */
	CU_ASSERT_EQUAL(dsdt[36], 0x10);
	at = 37;
	switch (dsdt[at] >> 6) {
	case 0:
		plen = dsdt[at] & 0x3f;
		break;
	case 1:
		plen = (dsdt[at] & 0xf) | (size_t)dsdt[at + 1] << 4;
		break;
	default:
		plen = (dsdt[at] & 0xf) | (size_t)dsdt[at + 1] << 4 |
		       (size_t)dsdt[at + 2] << 12;
		break;
	}
	CU_ASSERT_EQUAL(at + plen, le32_get(dsdt + 4));
	at += (dsdt[at] >> 6) + 1;
	CU_ASSERT(!memcmp(dsdt + at, "\\_SB_", 5));
	for (at += 5; at + 32 <= le32_get(dsdt + 4); at += 32) {
		CU_ASSERT(dsdt[at] == 0x5b && dsdt[at + 1] == 0x82 &&
			  dsdt[at + 2] == 30 && dsdt[at + 3] == 'P');
		CU_ASSERT(!memcmp(dsdt + at + 8, "_HID\x0d" "ACPI0007", 13));
		CU_ASSERT_EQUAL(le32_get(dsdt + at + 28), found);
		found++;
	}
	CU_ASSERT_EQUAL(found, n);
	CU_ASSERT_EQUAL(at, le32_get(dsdt + 4));
}

static void one_vcpu(void)
{
	check(1);
}

static void eight_vcpus(void)
{
	check(8);
}

/* Past APIC ID 254: x2APIC entries, and a 3-byte AML PkgLength. */
static void x2apic_and_long_packages(void)
{
	check(300);
	check(ACPI_MAX_VCPUS);
}

static void refusals(void)
{
	uint8_t small[64];
	uint64_t rsdp = 7;

	static const struct acpi_mcfg w[ACPI_MAX_MCFG + 1];

	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE, 0, NULL, 0,
				   &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE,
				   ACPI_MAX_VCPUS + 1, NULL, 0, &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE + 8, 1, NULL, 0,
				   &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), 0xffffff00ULL, 1,
				   NULL, 0, &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE, 1, w,
				   ACPI_MAX_MCFG + 1, &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE, 1, NULL, 1,
				   &rsdp), -EINVAL);
	CU_ASSERT_EQUAL(acpi_build(small, sizeof(small), BASE, 1, NULL, 0,
				   &rsdp), -ENOSPC);
	CU_ASSERT_EQUAL(rsdp, 7);
}

/* Runs cmd; its output, up to max bytes, in out.  The exit status. */
static int run(const char *cmd, char *out, size_t max)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p)
		return -1;
	n = fread(out, 1, max - 1, p);
	out[n] = 0;
	return pclose(p);
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

static void iasl_reads_every_table(void)
{
	static const char *const sigs[] = { "XSDT", "FACP", "APIC", "DSDT" };
	static char out[1 << 16];
	char dir[] = "/tmp/xenolith-acpi-XXXXXX", path[128], cmd[512];
	const uint8_t *t;
	unsigned int i;
	size_t at;
	FILE *f;

	CU_ASSERT_FATAL(build(8) > 0);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		for (at = 0, t = NULL; at + 8 <= size && !t; at += 4)
			if (!memcmp(buf + at, sigs[i], 4))
				t = buf + at;
		CU_ASSERT_FATAL(t != NULL);
		snprintf(path, sizeof(path), "%s/%s.dat", dir, sigs[i]);
		f = fopen(path, "wb");
		CU_ASSERT_FATAL(f != NULL);
		fwrite(t, 1, le32_get(t + 4), f);
		fclose(f);
		snprintf(cmd, sizeof(cmd),
			 "cd %s && iasl -d %s.dat 2>&1 && cat %s.dsl", dir,
			 sigs[i], sigs[i]);
		CU_ASSERT_EQUAL(run(cmd, out, sizeof(out)), 0);
		CU_ASSERT_PTR_NULL(strstr(out, "Error"));
		CU_ASSERT_PTR_NULL(strstr(out, "Warning"));
		if (!strcmp(sigs[i], "DSDT"))
			CU_ASSERT_EQUAL(count(out, "Device (P00"), 8);
		if (!strcmp(sigs[i], "APIC"))
			CU_ASSERT_EQUAL(count(out, "Processor Enabled : 1"), 8);
		if (!strcmp(sigs[i], "FACP"))
			CU_ASSERT(strstr(out, "Hardware Reduced (V5) : 1") != NULL);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CU_ASSERT_EQUAL(run(cmd, out, sizeof(out)), 0);
}

static const struct harness_test tests[] = {
	{ "one_vcpu", one_vcpu },
	{ "eight_vcpus", eight_vcpus },
	{ "x2apic_and_long_packages", x2apic_and_long_packages },
	{ "refusals", refusals },
	{ "iasl_reads_every_table", iasl_reads_every_table },
};

int main(void)
{
	int rc;

	if (harness_init())
		return 1;
	harness_add_suite("acpi", tests, ARRAY_SIZE(tests));
	rc = cunit_run();
	free(buf);
	return rc;
}
