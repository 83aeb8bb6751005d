/* SPDX-License-Identifier: MIT */
/* ACPI tables for PVH domains (see acpi.h); written byte by byte, little endian. */
#include <errno.h>
#include <string.h>
#include <xrt/acpi.h>
#include <xrt/le.h>

#define HDR_LEN		36	/* the common table header */
#define RSDP_LEN	36
#define XSDT_ENTRIES	3	/* FADT, MADT, and the MCFG if any */
#define FADT_LEN	276	/* revision 6 */
#define MADT_FIXED	44
#define MCFG_FIXED	44	/* header and 8 reserved bytes */
#define MCFG_ENTRY	16
#define LAPIC_LEN	8
#define X2APIC_LEN	16
#define DEVICE_AML	32	/* one processor device in the DSDT, see dsdt() */
#define SCOPE_AML	9	/* ScopeOp, PkgLength (up to 3 bytes), \_SB_ */

#define FADT_HW_REDUCED		(1u << 20)
#define BOOT_NO_VGA		(1u << 2)
#define BOOT_NO_CMOS_RTC	(1u << 5)

uint8_t acpi_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *b++);
	return sum;
}

static void checksum(uint8_t *p, size_t len, size_t at)
{
	p[at] = 0;
	p[at] = (uint8_t)-acpi_sum(p, len);
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	le32_put(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "XENLTH", 6);		/* OEM ID */
	memcpy(t + 16, "PVH     ", 8);		/* OEM table ID */
	le32_put(t + 24, 1);			/* OEM revision */
	memcpy(t + 28, "XNLT", 4);		/* creator ID */
	le32_put(t + 32, 1);			/* creator revision */
}

static size_t madt_len(unsigned int n)
{
	size_t len = MADT_FIXED;
	unsigned int i;

	for (i = 0; i < n; i++)
		len += ACPI_APIC_ID(i) < 255 ? LAPIC_LEN : X2APIC_LEN;
	return len;
}

/* AML PkgLength of a package whose contents (after it) take len bytes. */
static size_t pkg_length(uint8_t *p, size_t len)
{
	size_t n = len + 1 < 64 ? 1 : len + 2 < (1u << 12) ? 2 : 3;

	len += n;
	if (n == 1) {
		p[0] = (uint8_t)len;
	} else {
		p[0] = (uint8_t)(((n - 1) << 6) | (len & 0xf));
		p[1] = (uint8_t)(len >> 4);
		if (n == 3)
			p[2] = (uint8_t)(len >> 12);
	}
	return n;
}

static char hex(unsigned int v)
{
	return "0123456789ABCDEF"[v & 0xf];
}

/*
 * Device (Pnnn) { Name (_HID, "ACPI0007") Name (_UID, n) }: DeviceOp (2),
 * PkgLength (1), NameSeg (4), Name _HID string (15), Name _UID dword (10).
 */
static size_t device(uint8_t *p, unsigned int n)
{
	uint8_t *q = p;

	*q++ = 0x5b;
	*q++ = 0x82;
	q += pkg_length(q, DEVICE_AML - 3);
	*q++ = 'P';
	*q++ = (uint8_t)hex(n >> 8);
	*q++ = (uint8_t)hex(n >> 4);
	*q++ = (uint8_t)hex(n);
	*q++ = 0x08;
	memcpy(q, "_HID", 4);
	q += 4;
	*q++ = 0x0d;
	memcpy(q, "ACPI0007", 9);
	q += 9;
	*q++ = 0x08;
	memcpy(q, "_UID", 4);
	q += 4;
	*q++ = 0x0c;
	le32_put(q, n);
	q += 4;
	return (size_t)(q - p);
}

/* The DSDT at t: Scope (\_SB) { one processor device per vCPU }. */
static size_t dsdt(uint8_t *t, unsigned int n)
{
	uint8_t *q = t + HDR_LEN;
	size_t body = 5 + (size_t)n * DEVICE_AML, len;
	unsigned int i;

	*q++ = 0x10;
	q += pkg_length(q, body);
	*q++ = '\\';
	memcpy(q, "_SB_", 4);
	q += 4;
	for (i = 0; i < n; i++)
		q += device(q, i);
	len = (size_t)(q - t);
	header(t, "DSDT", (uint32_t)len, 2);
	checksum(t, len, 9);
	return len;
}

static size_t madt(uint8_t *t, unsigned int n)
{
	uint8_t *e = t + MADT_FIXED;
	size_t len = madt_len(n);
	unsigned int i;

	header(t, "APIC", (uint32_t)len, 4);
	le32_put(t + 36, ACPI_LAPIC_ADDR);
	le32_put(t + 40, 0);			/* no dual 8259 */
	for (i = 0; i < n; i++) {
		if (ACPI_APIC_ID(i) < 255) {
			e[0] = 0;		/* processor local APIC */
			e[1] = LAPIC_LEN;
			e[2] = (uint8_t)i;	/* ACPI processor UID */
			e[3] = (uint8_t)ACPI_APIC_ID(i);
			le32_put(e + 4, 1);	/* enabled */
			e += LAPIC_LEN;
		} else {
			e[0] = 9;		/* processor local x2APIC */
			e[1] = X2APIC_LEN;
			le32_put(e + 4, ACPI_APIC_ID(i));
			le32_put(e + 8, 1);
			le32_put(e + 12, i);	/* ACPI processor UID */
			e += X2APIC_LEN;
		}
	}
	checksum(t, len, 9);
	return len;
}

/* One entry per ECAM window: base of bus 0, segment, first and last bus. */
static size_t mcfg(uint8_t *t, const struct acpi_mcfg *w, unsigned int n)
{
	size_t len = MCFG_FIXED + (size_t)n * MCFG_ENTRY;
	uint8_t *e = t + MCFG_FIXED;
	unsigned int i;

	header(t, "MCFG", (uint32_t)len, 1);
	for (i = 0; i < n; i++, e += MCFG_ENTRY) {
		le64_put(e, w[i].base);
		le16_put(e + 8, w[i].segment);
		e[10] = w[i].bus_first;
		e[11] = w[i].bus_last;
	}
	checksum(t, len, 9);
	return len;
}

static void fadt(uint8_t *t, uint64_t dsdt_addr)
{
	header(t, "FACP", FADT_LEN, 6);
	le32_put(t + 40, (uint32_t)dsdt_addr);
	le16_put(t + 109, BOOT_NO_VGA | BOOT_NO_CMOS_RTC);
	le32_put(t + 112, FADT_HW_REDUCED);
	le64_put(t + 140, dsdt_addr);		/* X_DSDT */
	checksum(t, FADT_LEN, 9);
}

static size_t align8(size_t x)
{
	return (x + 7) & ~(size_t)7;
}

size_t acpi_size(unsigned int nr_vcpus)
{
	return RSDP_LEN + 12 + HDR_LEN + 8 * XSDT_ENTRIES + FADT_LEN +
	       madt_len(nr_vcpus) + MCFG_FIXED + ACPI_MAX_MCFG * MCFG_ENTRY +
	       HDR_LEN + SCOPE_AML + (size_t)nr_vcpus * DEVICE_AML +
	       5 * 8;	/* alignment */
}

long acpi_build(void *buf, size_t size, uint64_t base, unsigned int nr_vcpus,
		const struct acpi_mcfg *windows, unsigned int nr_windows,
		uint64_t *rsdp)
{
	uint8_t *b = buf;
	size_t xsdt = align8(RSDP_LEN + 8), xsdt_len, fadt_at, madt_at, mcfg_at;
	size_t dsdt_at, end;

	if (!nr_vcpus || nr_vcpus > ACPI_MAX_VCPUS || (base & 15) ||
	    base + acpi_size(nr_vcpus) > (1ULL << 32) ||
	    nr_windows > ACPI_MAX_MCFG || (nr_windows && !windows))
		return -EINVAL;
	if (size < acpi_size(nr_vcpus))
		return -ENOSPC;
	memset(b, 0, size);

	/* Each table 8-byte aligned, one after the other. */
	xsdt_len = HDR_LEN + 8 * (nr_windows ? 3 : 2);
	fadt_at = align8(xsdt + xsdt_len);
	madt_at = align8(fadt_at + FADT_LEN);
	mcfg_at = align8(madt_at + madt_len(nr_vcpus));
	dsdt_at = mcfg_at;
	if (nr_windows)
		dsdt_at = align8(mcfg_at + mcfg(b + mcfg_at, windows, nr_windows));
	end = dsdt_at + dsdt(b + dsdt_at, nr_vcpus);

	fadt(b + fadt_at, base + dsdt_at);
	madt(b + madt_at, nr_vcpus);
	header(b + xsdt, "XSDT", (uint32_t)xsdt_len, 1);
	le64_put(b + xsdt + HDR_LEN, base + fadt_at);
	le64_put(b + xsdt + HDR_LEN + 8, base + madt_at);
	if (nr_windows)
		le64_put(b + xsdt + HDR_LEN + 16, base + mcfg_at);
	checksum(b + xsdt, xsdt_len, 9);

	memcpy(b, "RSD PTR ", 8);
	memcpy(b + 9, "XENLTH", 6);
	b[15] = 2;				/* revision: XSDT present */
	le32_put(b + 20, RSDP_LEN);
	le64_put(b + 24, base + xsdt);
	checksum(b, 20, 8);
	checksum(b, RSDP_LEN, 32);
	*rsdp = base;
	return (long)end;
}
