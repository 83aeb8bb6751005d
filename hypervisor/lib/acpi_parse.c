/* SPDX-License-Identifier: MIT */
/* The ACPI table reader (see acpi.h): RSDP, RSDT/XSDT, MADT, MCFG. */
#include <errno.h>
#include <string.h>
#include <xrt/acpi.h>
#include <xrt/le.h>

#define HDR_LEN		36	/* the common table header */
#define RSDP_V1_LEN	20
#define RSDP_V2_LEN	36
#define MADT_FIXED	44
#define MADT_PCAT_COMPAT	1u
#define MCFG_FIXED	44
#define MCFG_ENTRY	16
#define MAX_TABLE_LEN	(1u << 20)	/* larger is not a table we read */

enum madt_type {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_X2APIC = 9,
};

static const uint8_t *map(const struct acpi_mem *m, uint64_t pa, size_t len)
{
	return m->map(m->ctx, pa, len);
}

static bool rsdp_valid(const struct acpi_mem *m, uint64_t pa)
{
	const uint8_t *r = map(m, pa, RSDP_V1_LEN);
	uint32_t len;

	if (!r || memcmp(r, "RSD PTR ", 8) || acpi_sum(r, RSDP_V1_LEN))
		return false;
	if (r[15] < 2)
		return true;
	r = map(m, pa, RSDP_V2_LEN);
	len = r ? le32_get(r + 20) : 0;
	return len >= RSDP_V2_LEN && len < 4096 && map(m, pa, len) &&
	       !acpi_sum(map(m, pa, len), len);
}

uint64_t acpi_find_rsdp(const struct acpi_mem *m, uint64_t base, size_t len)
{
	uint64_t pa;

	for (pa = (base + 15) & ~15ULL; pa + RSDP_V1_LEN <= base + len; pa += 16)
		if (rsdp_valid(m, pa))
			return pa;
	return 0;
}

/* The table at pa, its length and checksum checked: NULL when bad. */
static const uint8_t *table(const struct acpi_mem *m, uint64_t pa,
			    uint32_t *len)
{
	const uint8_t *t = map(m, pa, HDR_LEN);

	if (!t)
		return NULL;
	*len = le32_get(t + 4);
	if (*len < HDR_LEN || *len > MAX_TABLE_LEN)
		return NULL;
	t = map(m, pa, *len);
	return t && !acpi_sum(t, *len) ? t : NULL;
}

static void madt_entry(struct acpi_machine *out, const uint8_t *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (e[1] >= 8 && (le32_get(e + 4) & 1))
			out->nr_cpus++;
		break;
	case MADT_X2APIC:
		if (e[1] >= 16 && (le32_get(e + 8) & 1))
			out->nr_cpus++;
		break;
	case MADT_IOAPIC:
		if (e[1] < 12)
			break;
		if (out->nr_ioapics == ACPI_MAX_IOAPICS) {
			out->dropped++;
			break;
		}
		out->ioapic[out->nr_ioapics++] = (struct acpi_ioapic){
			.id = e[2], .addr = le32_get(e + 4),
			.gsi_base = le32_get(e + 8),
		};
		break;
	case MADT_OVERRIDE:
		if (e[1] < 10 || e[2] != 0)	/* bus 0 (ISA) only */
			break;
		if (out->nr_overrides == ACPI_MAX_OVERRIDES) {
			out->dropped++;
			break;
		}
		out->override[out->nr_overrides++] = (struct acpi_override){
			.isa_irq = e[3], .gsi = le32_get(e + 4),
			.flags = le16_get(e + 8),
		};
		break;
	}
}

static int madt(const uint8_t *t, uint32_t len, struct acpi_machine *out)
{
	uint32_t off;

	if (len < MADT_FIXED)
		return -EINVAL;
	out->lapic_addr = le32_get(t + 36);
	out->pcat_compat = le32_get(t + 40) & MADT_PCAT_COMPAT;
	for (off = MADT_FIXED; off + 2 <= len; off += t[off + 1]) {
		if (t[off + 1] < 2 || off + t[off + 1] > len)
			return -EINVAL;	/* an entry that cannot be stepped over */
		madt_entry(out, t + off);
	}
	return 0;
}

static void mcfg(const uint8_t *t, uint32_t len, struct acpi_machine *out)
{
	uint32_t off;

	for (off = MCFG_FIXED; off + MCFG_ENTRY <= len; off += MCFG_ENTRY) {
		const uint8_t *e = t + off;

		if (e[10] > e[11])
			continue;
		if (out->nr_mcfg == ACPI_MAX_MCFG) {
			out->dropped++;
			continue;
		}
		out->mcfg[out->nr_mcfg++] = (struct acpi_mcfg){
			.base = le64_get(e), .segment = le16_get(e + 8),
			.bus_first = e[10], .bus_last = e[11],
		};
	}
}

int acpi_read(const struct acpi_mem *m, uint64_t rsdp, struct acpi_machine *out)
{
	const uint8_t *r, *sdt, *t;
	uint32_t sdt_len, len, i, width;
	uint64_t sdt_pa, pa;
	bool have_madt = false;

	memset(out, 0, sizeof(*out));
	if (!rsdp_valid(m, rsdp))
		return -EINVAL;
	r = map(m, rsdp, RSDP_V1_LEN);
	if (r[15] >= 2 && le64_get(map(m, rsdp, RSDP_V2_LEN) + 24)) {
		sdt_pa = le64_get(map(m, rsdp, RSDP_V2_LEN) + 24);
		width = 8;
	} else {
		sdt_pa = le32_get(r + 16);
		width = 4;
	}
	sdt = table(m, sdt_pa, &sdt_len);
	if (!sdt || memcmp(sdt, width == 8 ? "XSDT" : "RSDT", 4))
		return -EINVAL;
	for (i = HDR_LEN; i + width <= sdt_len; i += width) {
		pa = width == 8 ? le64_get(sdt + i) : le32_get(sdt + i);
		t = table(m, pa, &len);
		if (t && !memcmp(t, "APIC", 4) && !have_madt) {
			if (madt(t, len, out))
				return -EINVAL;
			have_madt = true;
		} else if (t && !memcmp(t, "MCFG", 4) && !out->nr_mcfg) {
			mcfg(t, len, out);
		} else if (!t && !have_madt) {
			/* A bad table might have been the MADT: look no further. */
			const uint8_t *h = map(m, pa, HDR_LEN);

			if (h && !memcmp(h, "APIC", 4))
				return -EINVAL;
		}
	}
	return have_madt ? 0 : -ENOENT;
}
