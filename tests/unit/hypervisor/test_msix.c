/* SPDX-License-Identifier: MIT */
/*
 * Where a function's MSI-X table and PBA live (hypervisor/arch/x86/msix.c),
 * fed recorded configuration spaces: the capability's registers as the
 * device holds them and each BAR as sizing reads it back (the value after
 * writing all ones).  Table and PBA in one BAR (QEMU's virtio devices, the
 * single trap pci.c has always made), in two BARs (two traps, each where
 * its BAR is), a BIR naming a missing, I/O or high-half BAR (refused),
 * a table or PBA past its BAR's end (refused), a 64-bit BAR pair.
 */
#include <errno.h>
#include <string.h>
#include <asm/msix.h>

#include "cunit_run.h"
#include "harness.h"

/* One function's recorded configuration space. */
struct record {
	uint32_t cfg[64];	/* dwords 0-63, as config reads return them */
	uint32_t sized[6];	/* each BAR dword read back after writing ~0 */
	unsigned int nr_bars;
};

#define CAP_PTR		13	/* dword holding the capability pointer */
#define STATUS_CAPS	(1u << 20)	/* in dword 1: a capability list */
/* An MSI-X capability at 0x40 (dword 16): ctl, table and PBA registers. */
#define MSIX_AT_40(ctl, table, pba) \
	[1] = STATUS_CAPS, [CAP_PTR] = 0x40, \
	[16] = (uint32_t)(ctl) << 16 | 0x11, [17] = (table), [18] = (pba)

static uint8_t cfg_byte(const struct record *r, unsigned int reg)
{
	return (uint8_t)(r->cfg[reg / 4] >> (8 * (reg & 3)));
}

/* Sizes r's BARs as pci.c does on the device, from the read-back values. */
static void size_bars(const struct record *r, struct pci_bar *bar)
{
	unsigned int i;

	memset(bar, 0, 6 * sizeof(*bar));
	for (i = 0; i < r->nr_bars; i++) {
		uint32_t lo = r->sized[i], hi = ~0u;

		bar[i].io = lo & 1;
		bar[i].is64 = !bar[i].io && (lo & 6) == 4 && i + 1 < r->nr_bars;
		if (bar[i].is64)
			hi = r->sized[i + 1];
		lo &= bar[i].io ? ~3u : ~0xfu;
		if (lo || (bar[i].is64 && hi))
			bar[i].size = ~((uint64_t)hi << 32 | lo) + 1;
		if (bar[i].io)
			bar[i].size &= 0xffff;
		if (bar[i].is64)
			i++;
	}
}

/* Finds r's MSI-X capability as pci_find_cap() does and parses it. */
static int parse(const struct record *r, struct msix_layout *l)
{
	struct pci_bar bar[6];
	unsigned int pos, n = 0;

	size_bars(r, bar);
	CU_ASSERT_FATAL(r->cfg[1] & STATUS_CAPS);
	for (pos = cfg_byte(r, 0x34) & 0xfc; pos && cfg_byte(r, pos) != 0x11 &&
	     n < 48; pos = cfg_byte(r, pos + 1) & 0xfc, n++)
		;
	CU_ASSERT_FATAL(pos != 0 && cfg_byte(r, pos) == 0x11);
	memset(l, 0xa5, sizeof(*l));
	return msix_layout_parse(l, bar, r->nr_bars,
				 (uint16_t)(r->cfg[pos / 4] >> 16),
				 r->cfg[pos / 4 + 1], r->cfg[pos / 4 + 2]);
}

/*
 * QEMU's virtio-net-pci (modern and transitional): BAR0 I/O 32 bytes,
 * BAR1 4 KiB holding the table (3 vectors) at 0 and the PBA at 0x800,
 * BAR4/5 a 64-bit 16 KiB BAR for the virtio structures.
 */
static const struct record virtio_net = {
	.cfg = { [0] = 0x10001af4, [4] = 0xc041, [5] = 0xfebd1000,
		 [8] = 0xfe00000c, MSIX_AT_40(2, 0x00000001, 0x00000801) },
	.sized = { 0xffffffe1, 0xfffff000, 0, 0, 0xffffc00c, 0xffffffff },
	.nr_bars = 6,
};

static void same_bar(void)
{
	struct msix_layout l;
	bool over;

	CU_ASSERT_EQUAL_FATAL(parse(&virtio_net, &l), 0);
	CU_ASSERT_EQUAL(l.table_bar, 1);
	CU_ASSERT_EQUAL(l.pba_bar, 1);
	CU_ASSERT_EQUAL(l.table, 0);
	CU_ASSERT_EQUAL(l.pba, 0x800);
	CU_ASSERT_EQUAL(l.table_len, 48);
	CU_ASSERT_EQUAL(l.pba_len, 8);
	/* One trap over the page both share, as pci.c has always made. */
	CU_ASSERT_EQUAL_FATAL(l.nr_traps, 1);
	CU_ASSERT_EQUAL(l.trap[0].bar, 1);
	CU_ASSERT_EQUAL(l.trap[0].off, 0);
	CU_ASSERT_EQUAL(l.trap[0].len, 0x1000);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 1, 0), 0);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 1, 0xfff), 0);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 4, 0), -1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0), -1);
	/* Entry 2's control word is the table's; the PBA is not. */
	CU_ASSERT_TRUE(msix_layout_in_table(&l, 0, 0x2c, 4, &over));
	CU_ASSERT_TRUE(over);
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 0, 0x800, 8, &over));
	CU_ASSERT_FALSE(over);
	/* Straddling the table's end: touches it, not inside it. */
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 0, 0x2c, 8, &over));
	CU_ASSERT_TRUE(over);
}

/*
 * One BAR, the PBA pages before the table's: a 32 KiB BAR with the PBA at
 * 0 and the table (64 vectors) at 0x2000.  The trap starts at the PBA's
 * page; the table is found at its offset in the trap, not its page offset.
 */
static const struct record pba_first = {
	.cfg = { [0] = 0x10ec8086, [4] = 0xfe000000,
		 MSIX_AT_40(63, 0x00002000, 0x00000000) },
	.sized = { 0xffff8000 },
	.nr_bars = 6,
};

static void same_bar_pba_first(void)
{
	struct msix_layout l;
	bool over;

	CU_ASSERT_EQUAL_FATAL(parse(&pba_first, &l), 0);
	CU_ASSERT_EQUAL_FATAL(l.nr_traps, 1);
	CU_ASSERT_EQUAL(l.trap[0].off, 0);
	CU_ASSERT_EQUAL(l.trap[0].len, 0x3000);
	CU_ASSERT_EQUAL(l.pba_len, 8);
	CU_ASSERT_TRUE(msix_layout_in_table(&l, 0, 0x2000, 4, &over));
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 0, 0x0, 8, &over));
	CU_ASSERT_FALSE(over);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0x1800), 0);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0x3000), -1);
}

/*
 * A NIC in the style of Intel's 82576: BAR0 128 KiB of registers, BAR2 an
 * I/O BAR, BAR3 16 KiB holding the table (10 vectors) at 0 and the PBA at
 * 0x2000.  Another split: the table at 0x3000 in BAR0 (its registers on
 * the pages before it) and the PBA at 0x10 in BAR2's 4 KiB.
 */
static const struct record split_nic = {
	.cfg = { [0] = 0x10c98086, [4] = 0xfebc0000, [6] = 0xe021,
		 MSIX_AT_40(9, 0x00003000, 0x00000012) },
	.sized = { 0xfffe0000, 0, 0xfffff000, 0, 0, 0 },
	.nr_bars = 6,
};

static void two_bars(void)
{
	struct msix_layout l;
	bool over;

	CU_ASSERT_EQUAL_FATAL(parse(&split_nic, &l), 0);
	CU_ASSERT_EQUAL(l.table_bar, 0);
	CU_ASSERT_EQUAL(l.pba_bar, 2);
	CU_ASSERT_EQUAL(l.table, 0x3000);
	CU_ASSERT_EQUAL(l.pba, 0x10);
	CU_ASSERT_EQUAL(l.table_len, 160);
	/* Two traps: the table's page of BAR0, the PBA's page of BAR2. */
	CU_ASSERT_EQUAL_FATAL(l.nr_traps, 2);
	CU_ASSERT_EQUAL(l.trap[0].bar, 0);
	CU_ASSERT_EQUAL(l.trap[0].off, 0x3000);
	CU_ASSERT_EQUAL(l.trap[0].len, 0x1000);
	CU_ASSERT_EQUAL(l.trap[1].bar, 2);
	CU_ASSERT_EQUAL(l.trap[1].off, 0);
	CU_ASSERT_EQUAL(l.trap[1].len, 0x1000);
	/* BAR0's registers before the table stay Dom0's to map. */
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0), -1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0x2fff), -1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0x3000), 0);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 0, 0x4000), -1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 2, 0), 1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 2, 0x10), 1);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 1, 0), -1);
	/* In the table's trap: entries; in the PBA's: never the table. */
	CU_ASSERT_TRUE(msix_layout_in_table(&l, 0, 0x0, 16, &over));
	CU_ASSERT_TRUE(msix_layout_in_table(&l, 0, 0x9c, 4, &over));
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 0, 0xa0, 4, &over));
	CU_ASSERT_FALSE(over);
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 1, 0x0, 8, &over));
	CU_ASSERT_FALSE(over);
	CU_ASSERT_FALSE(msix_layout_in_table(&l, 1, 0x10, 8, &over));
	CU_ASSERT_FALSE(over);
}

/* A 64-bit BAR pair each: the table in BAR2/3, the PBA in BAR4/5. */
static const struct record pairs = {
	.cfg = { [0] = 0x00011b36, [4] = 0xfe000000, [6] = 0x0000000c,
		 [7] = 0x00000008, [8] = 0x0000000c, [9] = 0x00000009,
		 MSIX_AT_40(2047, 0x00010002, 0x00000004) },
	.sized = { 0xfffff000, 0, 0xfff0000c, 0xffffffff, 0xffffe00c, 0xffffffff },
	.nr_bars = 6,
};

static void bar_pair_64(void)
{
	struct msix_layout l;
	struct record r = pairs;

	CU_ASSERT_EQUAL_FATAL(parse(&r, &l), 0);
	CU_ASSERT_EQUAL(l.table_bar, 2);
	CU_ASSERT_EQUAL(l.pba_bar, 4);
	CU_ASSERT_EQUAL(l.table_len, 2048 * 16);
	CU_ASSERT_EQUAL(l.pba_len, 256);
	CU_ASSERT_EQUAL_FATAL(l.nr_traps, 2);
	CU_ASSERT_EQUAL(l.trap[0].off, 0x10000);
	CU_ASSERT_EQUAL(l.trap[0].len, 0x8000);
	CU_ASSERT_EQUAL(l.trap[1].bar, 4);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 2, 0x17fff), 0);
	CU_ASSERT_EQUAL(msix_layout_trap_at(&l, 2, 0x18000), -1);
	/* BIR 3 and 5 name the high halves: no BARs of their own. */
	r.cfg[17] = 0x00010003;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[17] = 0x00010002;
	r.cfg[18] = 0x00000005;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	/* A 64-bit BAR of 8 GiB: offsets anywhere in its 32-bit range fit. */
	r.cfg[18] = 0x00000004;
	r.sized[2] = 0x0000000c;
	r.sized[3] = 0xfffffffe;
	r.cfg[17] = 0xfffff002;
	CU_ASSERT_EQUAL(parse(&r, &l), 0);
	CU_ASSERT_EQUAL(l.trap[0].off, 0xfffff000);
	CU_ASSERT_EQUAL(l.trap[0].len, 0x8000);
}

static void bad_bir(void)
{
	struct msix_layout l;
	struct record r = split_nic;

	r.cfg[17] = 0x00003001;		/* BAR1: not implemented */
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[17] = 0x00003000;
	r.cfg[18] = 0x00000015;		/* PBA in BAR5: not implemented */
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[18] = 0x00000016;		/* BIR 6, 7: reserved */
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[18] = 0x00000017;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.sized[1] = 0xffffffe1;	/* BAR1 an I/O BAR */
	r.cfg[17] = 0x00000001;
	r.cfg[18] = 0x00000012;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[17] = 0x00003000;
	r.cfg[18] = 0x00000011;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	/* A bridge has BARs 0 and 1 only. */
	r = split_nic;
	r.nr_bars = 2;
	CU_ASSERT_EQUAL(parse(&r, &l), -ENODEV);
	r.cfg[18] = 0x00000800;
	CU_ASSERT_EQUAL(parse(&r, &l), 0);
	CU_ASSERT_EQUAL(l.nr_traps, 1);
}

static void past_bar_end(void)
{
	struct msix_layout l;
	struct record r = virtio_net;

	r.cfg[17] = 0x00000fd1;		/* 3 entries from 0xfd0: ends at 0x1000 */
	CU_ASSERT_EQUAL(parse(&r, &l), 0);
	r.cfg[17] = 0x00000fd9;		/* one qword past the end */
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
	r.cfg[17] = 0x00001001;		/* wholly past it */
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
	r.cfg[17] = 0xfffffff9;		/* would wrap a 32-bit sum */
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
	r.cfg[17] = 0x00000001;
	r.cfg[18] = 0x00000ff9;		/* the PBA's last qword fits */
	CU_ASSERT_EQUAL(parse(&r, &l), 0);
	r.cfg[18] = 0x00001001;
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
	/* 2048 vectors: 32 KiB of table in a 4 KiB BAR. */
	r = virtio_net;
	r.cfg[16] = 2047u << 16 | 0x11;
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
	/* The split NIC's PBA past BAR2's 4 KiB. */
	r = split_nic;
	r.cfg[18] = 0x00001002;
	CU_ASSERT_EQUAL(parse(&r, &l), -ERANGE);
}

static const struct harness_test tests[] = {
	{ "same_bar", same_bar },
	{ "same_bar_pba_first", same_bar_pba_first },
	{ "two_bars", two_bars },
	{ "bar_pair_64", bar_pair_64 },
	{ "bad_bir", bad_bir },
	{ "past_bar_end", past_bar_end },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("msix", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
