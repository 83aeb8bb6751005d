/* SPDX-License-Identifier: MIT */
/*
 * The ACPI table reader of the shared runtime (hypervisor/lib/acpi_parse.c)
 * on tables recorded from QEMU's firmware (data/acpi-qemu-*.bin, made by
 * data/record-acpi.py: i440FX and Q35, 256 MiB), on the builder's own
 * tables (a round trip) and on damaged copies of them: a bad checksum, an
 * entry that runs past its table, an RSDP that points nowhere.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xrt/acpi.h>
#include <xrt/le.h>

#include "cunit_run.h"
#include "harness.h"

#define MAX_PIECES	16
#define DATA_DIR	"/data/"

/* A recorded piece of physical memory. */
struct piece {
	uint64_t pa;
	uint32_t len;
	uint8_t *bytes;
};

struct memory {
	struct piece p[MAX_PIECES];
	unsigned int n;
};

static const void *lookup(void *ctx, uint64_t pa, size_t len)
{
	struct memory *m = ctx;
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (pa >= m->p[i].pa && pa + len <= m->p[i].pa + m->p[i].len)
			return m->p[i].bytes + (pa - m->p[i].pa);
	return NULL;
}

static void load(struct memory *m, const char *name)
{
	char path[512];
	const char *slash = strrchr(__FILE__, '/');
	uint8_t hdr[12];
	FILE *f;

	snprintf(path, sizeof(path), "%.*s%s%s", (int)(slash - __FILE__),
		 __FILE__, DATA_DIR, name);
	f = fopen(path, "rb");
	CU_ASSERT_FATAL(f != NULL);
	m->n = 0;
	while (fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) && m->n < MAX_PIECES) {
		struct piece *p = &m->p[m->n++];

		p->pa = le64_get(hdr);
		p->len = le32_get(hdr + 8);
		p->bytes = malloc(p->len);
		CU_ASSERT_FATAL(p->bytes != NULL);
		CU_ASSERT_FATAL(fread(p->bytes, 1, p->len, f) == p->len);
	}
	fclose(f);
}

static void unload(struct memory *m)
{
	while (m->n)
		free(m->p[--m->n].bytes);
}

/* The piece holding the table with signature sig. */
static struct piece *piece(struct memory *m, const char *sig)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (!memcmp(m->p[i].bytes, sig, 4))
			return &m->p[i];
	return NULL;
}

static void check_qemu_common(const struct acpi_machine *a)
{
	unsigned int i;
	bool irq0 = false, irq9 = false;

	CU_ASSERT_EQUAL(a->lapic_addr, 0xfee00000u);
	CU_ASSERT(a->pcat_compat);
	CU_ASSERT_EQUAL(a->nr_cpus, 1);
	CU_ASSERT_EQUAL(a->nr_ioapics, 1);
	CU_ASSERT_EQUAL(a->ioapic[0].addr, 0xfec00000u);
	CU_ASSERT_EQUAL(a->ioapic[0].gsi_base, 0);
	CU_ASSERT_EQUAL(a->nr_overrides, 5);
	for (i = 0; i < a->nr_overrides; i++) {
		if (a->override[i].isa_irq == 0)
			irq0 = a->override[i].gsi == 2;
		if (a->override[i].isa_irq == 9)	/* the SCI: level, high */
			irq9 = a->override[i].gsi == 9 &&
			       (a->override[i].flags & ACPI_INTI_TRIGGER) == 0xc &&
			       (a->override[i].flags & ACPI_INTI_POLARITY) == 1;
	}
	CU_ASSERT(irq0);
	CU_ASSERT(irq9);
	CU_ASSERT_EQUAL(a->dropped, 0);
}

static struct acpi_machine machine;

static uint64_t find(struct memory *m)
{
	struct acpi_mem mem = { lookup, m };
	struct piece *r = &m->p[0];	/* recordings start with the RSDP */

	return acpi_find_rsdp(&mem, r->pa & ~0xfffULL, 0x2000);
}

static void qemu_i440fx(void)
{
	struct memory m;
	struct acpi_mem mem = { lookup, &m };
	uint64_t rsdp;

	load(&m, "acpi-qemu-pc.bin");
	rsdp = find(&m);
	CU_ASSERT_EQUAL(rsdp, m.p[0].pa);
	CU_ASSERT_EQUAL(acpi_read(&mem, rsdp, &machine), 0);
	check_qemu_common(&machine);
	CU_ASSERT_EQUAL(machine.nr_mcfg, 0);	/* no ECAM on the i440FX */
	unload(&m);
}

static void qemu_q35(void)
{
	struct memory m;
	struct acpi_mem mem = { lookup, &m };

	load(&m, "acpi-qemu-q35.bin");
	CU_ASSERT_EQUAL(acpi_read(&mem, find(&m), &machine), 0);
	check_qemu_common(&machine);
	CU_ASSERT_EQUAL(machine.nr_mcfg, 1);
	CU_ASSERT_EQUAL(machine.mcfg[0].base, 0xb0000000u);
	CU_ASSERT_EQUAL(machine.mcfg[0].segment, 0);
	CU_ASSERT_EQUAL(machine.mcfg[0].bus_first, 0);
	CU_ASSERT_EQUAL(machine.mcfg[0].bus_last, 255);
	unload(&m);
}

/* A wrong checksum in the MADT, then an entry running past its end. */
static void damaged_madt(void)
{
	struct memory m;
	struct acpi_mem mem = { lookup, &m };
	struct piece *madt;
	uint64_t rsdp;

	load(&m, "acpi-qemu-q35.bin");
	rsdp = find(&m);
	madt = piece(&m, "APIC");
	CU_ASSERT_FATAL(madt != NULL);
	madt->bytes[50] ^= 1;
	CU_ASSERT_EQUAL(acpi_read(&mem, rsdp, &machine), -EINVAL);
	madt->bytes[50] ^= 1;
	madt->bytes[45] = 0xf0;		/* the first entry's length */
	madt->bytes[9] = (uint8_t)(madt->bytes[9] - 0xf0 + 8);
	CU_ASSERT_EQUAL(acpi_sum(madt->bytes, madt->len), 0);
	CU_ASSERT_EQUAL(acpi_read(&mem, rsdp, &machine), -EINVAL);
	madt->bytes[45] = 0;		/* a zero-length entry: no progress */
	madt->bytes[9] = (uint8_t)(madt->bytes[9] + 0xf0);
	CU_ASSERT_EQUAL(acpi_read(&mem, rsdp, &machine), -EINVAL);
	unload(&m);
}

/* An RSDP whose RSDT is not there; a bad RSDP checksum; no RSDP at all. */
static void bad_rsdp(void)
{
	struct memory m;
	struct acpi_mem mem = { lookup, &m };
	uint8_t *r;

	load(&m, "acpi-qemu-pc.bin");
	r = m.p[0].bytes;
	r[16] = (uint8_t)(r[16] + 0x40);	/* RSDT address moved */
	r[8] = (uint8_t)(r[8] - 0x40);	/* checksum kept right */
	CU_ASSERT_EQUAL(acpi_sum(r, 20), 0);
	CU_ASSERT_EQUAL(acpi_read(&mem, m.p[0].pa, &machine), -EINVAL);
	r[8] ^= 0xff;
	CU_ASSERT_EQUAL(acpi_read(&mem, m.p[0].pa, &machine), -EINVAL);
	CU_ASSERT_EQUAL(find(&m), 0);
	unload(&m);
}

/* The builder's tables (XSDT, x2APIC entries, no IO-APIC) read back. */
static void builder_round_trip(void)
{
	static uint8_t buf[16384];
	struct memory m = { .n = 1 };
	struct acpi_mem mem = { lookup, &m };
	uint64_t rsdp;
	long len = acpi_build(buf, sizeof(buf), 0xfc000, 300, NULL, 0, &rsdp);

	CU_ASSERT_FATAL(len > 0);
	m.p[0] = (struct piece){ 0xfc000, (uint32_t)len, buf };
	CU_ASSERT_EQUAL(acpi_find_rsdp(&mem, 0xfc000, (size_t)len), rsdp);
	CU_ASSERT_EQUAL(acpi_read(&mem, rsdp, &machine), 0);
	CU_ASSERT_EQUAL(machine.nr_cpus, 300);
	CU_ASSERT_EQUAL(machine.nr_ioapics, 0);
	CU_ASSERT(!machine.pcat_compat);
	CU_ASSERT_EQUAL(machine.lapic_addr, ACPI_LAPIC_ADDR);
	CU_ASSERT_EQUAL(machine.nr_mcfg, 0);
}

/* Dom0's tables: the windows given come back out of the MCFG. */
static void builder_mcfg(void)
{
	static uint8_t buf[16384];
	static const struct acpi_mcfg w[2] = {
		{ .base = 0xb0000000, .segment = 0, .bus_first = 0,
		  .bus_last = 0xff },
		{ .base = 0xe0000000, .segment = 1, .bus_first = 0x10,
		  .bus_last = 0x1f },
	};
	struct memory m = { .n = 1 };
	struct acpi_mem mem = { lookup, &m };
	uint64_t rsdp;
	long len = acpi_build(buf, sizeof(buf), 0x7f000, 2, w, 2, &rsdp);
	unsigned int i;

	CU_ASSERT_FATAL(len > 0);
	m.p[0] = (struct piece){ 0x7f000, (uint32_t)len, buf };
	CU_ASSERT_EQUAL_FATAL(acpi_read(&mem, rsdp, &machine), 0);
	CU_ASSERT_EQUAL(machine.nr_cpus, 2);
	CU_ASSERT_EQUAL_FATAL(machine.nr_mcfg, 2);
	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(machine.mcfg[i].base, w[i].base);
		CU_ASSERT_EQUAL(machine.mcfg[i].segment, w[i].segment);
		CU_ASSERT_EQUAL(machine.mcfg[i].bus_first, w[i].bus_first);
		CU_ASSERT_EQUAL(machine.mcfg[i].bus_last, w[i].bus_last);
	}
}

static const struct harness_test tests[] = {
	{ "qemu_i440fx", qemu_i440fx },
	{ "qemu_q35", qemu_q35 },
	{ "damaged_madt", damaged_madt },
	{ "bad_rsdp", bad_rsdp },
	{ "builder_round_trip", builder_round_trip },
	{ "builder_mcfg", builder_mcfg },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("acpi_parse", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
