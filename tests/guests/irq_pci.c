/* SPDX-License-Identifier: MIT */
/*
 * Dom0's configuration space through MMCONFIG (ECAM), and an MSI-X table
 * that Dom0 writes but the hypervisor programs, under QEMU q35 (whose
 * MCFG lists an ECAM window) with an e1000e (MSI-X, 5 vectors; writing its
 * ICS register raises a cause that IVAR routes to a vector).
 *
 *   irq/ecam-*   the window, found in the MCFG of Dom0's own ACPI tables
 *                (hvm_start_info.rsdp_paddr) and there as the q35 host
 *                bridge's PCIEXBAR places it, reads what ports
 *                0xcf8/0xcfc read, and the extended
 *                space they cannot reach; writes reach the device, except
 *                those the port path refuses too: the MSI capability, a
 *                BAR over the hypervisor, the host bridge; an access wider
 *                than a dword or straddling one reads all ones
 *   irq/msix-*   Dom0's writes to the table land in a shadow (it reads
 *                back what it wrote, the device never sees it); the
 *                hypervisor programs the real entry at map_pirq, keeps it
 *                masked until the pirq is bound (the message waits in the
 *                PBA, then arrives), delivers each vector as an event, and
 *                masks it again at unmap; mapped again with a message
 *                waiting, the entry is never unmasked before the bind
 *                (the message would go to no port)
 *   irq/shared-* edu and the e1000e on one INTx line: one pirq (a second
 *                map_pirq of the GSI gives it again), one binding, each
 *                device's interrupt an event, one EOI after both
 *   irq/msix-storm-*  the NIC sends messages as fast as Dom0 can raise
 *                them: a DomU spinning on the CPU that takes them keeps
 *                it, and when Dom0's own CPU takes them the rate limit
 *                masks the vector (irq.sh counts the storm masks)
 */
#include <errno.h>
#include <portio.h>
#include <string.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xrt/acpi.h>
#include "events.h"
#include "irq.h"
#include "pv.h"

#define MS		1000000ULL
#define E1000E_ID	0x10d38086u
#define E1000_ICR	0x00c0
#define E1000_ICS	0x00c8
#define E1000_IMS	0x00d0
#define E1000_IVAR	0x00e4
#define E1000_RXQ0	(1u << 20)	/* ICR/ICS/IMS: receive queue 0 */
#define ENTRY		2		/* the MSI-X entry the test uses */
#define Q35_PCIEXBAR	0x60		/* host bridge: ECAM base and enable */
#define EDU_BAR0	0x10

static volatile uint8_t *ecam;

/* The guest maps GiB 0 and 3 (head.S); ECAM on q35 is in GiB 2: add it, UC. */
static uint64_t gib2_pd[512] __attribute__((aligned(4096)));

static void map_gib2(void)
{
	uint64_t cr3, *pml4, *pdpt;
	unsigned int i;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	pml4 = (uint64_t *)(uintptr_t)(cr3 & ~0xfffUL);
	pdpt = (uint64_t *)(uintptr_t)(pml4[0] & ~0xfffUL);
	for (i = 0; i < 512; i++)
		gib2_pd[i] = (2ULL << 30) + ((uint64_t)i << 21) + 0x9b; /* P W PWT PCD PS */
	pdpt[2] = (uint64_t)(uintptr_t)gib2_pd | 3;
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static volatile uint32_t *ecam32(uint16_t bdf, unsigned int reg)
{
	return (volatile uint32_t *)(ecam + ((uint32_t)bdf << 12) + reg);
}

static uint16_t find_fn(uint32_t id)
{
	unsigned int dev;

	for (dev = 0; dev < 32; dev++)
		if (pci_conf1_read((uint16_t)(dev << 3), 0, 4) == id)
			return (uint16_t)(dev << 3);
	return 0xffff;
}

static unsigned int find_cap(uint16_t bdf, uint8_t id)
{
	unsigned int pos = pci_conf1_read(bdf, 0x34, 1), n = 0;

	while (pos && n++ < 48 && pci_conf1_read(bdf, pos, 1) != id)
		pos = pci_conf1_read(bdf, pos + 1, 1);
	return n < 48 ? pos : 0;
}

/* Dom0's tables are in its RAM, which the guest maps 1:1 (GiB 0). */
static const void *acpi_map(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	return pa && pa + len <= (1ULL << 30) ? (const void *)(uintptr_t)pa : NULL;
}

static void test_ecam(uint16_t edu, uint16_t nic, uint64_t rsdp)
{
	static struct acpi_machine m;
	struct acpi_mem mem = { acpi_map, NULL };
	uint32_t xbar = pci_conf1_read(0, Q35_PCIEXBAR, 4), v, bar, line;
	unsigned int msi;

	EXPECT_TRUE("irq/ecam-enabled", xbar & 1);
	EXPECT_EQ("irq/acpi-dom0-tables", acpi_read(&mem, rsdp, &m), 0);
	EXPECT_TRUE("irq/ecam-mcfg-is-pciexbar",
		    m.nr_mcfg == 1 && m.mcfg[0].base == (xbar & 0xfc000000u) &&
		    m.mcfg[0].segment == 0 && m.mcfg[0].bus_first == 0 &&
		    m.mcfg[0].bus_last == 0xff);
	EXPECT_EQ("irq/acpi-dom0-madt-vcpus", m.nr_cpus, 1);
	if (!m.nr_mcfg)
		return;
	ecam = (volatile uint8_t *)(uintptr_t)m.mcfg[0].base;
	pv_printf("ECAM at %p\n", (void *)ecam);
	map_gib2();
	EXPECT_EQ("irq/ecam-reads-config", *ecam32(edu, 0), pci_conf1_read(edu, 0, 4));
	EXPECT_EQ("irq/ecam-reads-bar", *ecam32(edu, EDU_BAR0),
		  pci_conf1_read(edu, EDU_BAR0, 4));
	if (nic != 0xffff)	/* PCI Express AER, the first extended capability */
		EXPECT_EQ("irq/ecam-extended-space", *ecam32(nic, 0x100) & 0xffff, 1);

	line = pci_conf1_read(edu, 0x3c, 1);
	*(volatile uint8_t *)ecam32(edu, 0x3c) = (uint8_t)(line ^ 0x5a);
	EXPECT_EQ("irq/ecam-write-reaches-device", pci_conf1_read(edu, 0x3c, 1),
		  line ^ 0x5a);
	*(volatile uint8_t *)ecam32(edu, 0x3c) = (uint8_t)line;
	EXPECT_EQ("irq/ecam-byte-write", pci_conf1_read(edu, 0x3c, 1), line);

	msi = find_cap(edu, 0x05);
	v = *ecam32(edu, msi + 4);
	*ecam32(edu, msi + 4) = 0x12345678;
	EXPECT_EQ("irq/ecam-msi-write-dropped", pci_conf1_read(edu, msi + 4, 4), v);

	bar = pci_conf1_read(edu, EDU_BAR0, 4);
	*ecam32(edu, EDU_BAR0) = 0x00200000;	/* over the hypervisor */
	EXPECT_EQ("irq/ecam-bar-over-hypervisor-refused",
		  pci_conf1_read(edu, EDU_BAR0, 4), bar);
	pci_conf1_write(edu, EDU_BAR0, 4, (uint32_t)(uintptr_t)ecam);
	EXPECT_EQ("irq/bar-over-ecam-refused", pci_conf1_read(edu, EDU_BAR0, 4), bar);

	v = pci_conf1_read(0, 0x3c, 1);
	*(volatile uint8_t *)ecam32(0, 0x3c) = (uint8_t)(v ^ 0xff);
	EXPECT_EQ("irq/ecam-host-bridge-write-dropped", pci_conf1_read(0, 0x3c, 1), v);
	pci_conf1_write(0, 0x3c, 1, v ^ 0xff);
	EXPECT_EQ("irq/host-bridge-write-dropped", pci_conf1_read(0, 0x3c, 1), v);
	pci_conf1_write(0, Q35_PCIEXBAR, 4, 0);
	EXPECT_EQ("irq/host-bridge-ecam-base-kept", pci_conf1_read(0, Q35_PCIEXBAR, 4),
		  xbar);

	EXPECT_EQ("irq/ecam-wide-read-refused",
		  *(volatile uint64_t *)ecam32(edu, 0), ~0ULL);
	EXPECT_EQ("irq/ecam-straddling-read-refused",
		  *(volatile uint32_t *)((volatile uint8_t *)ecam32(edu, 0) + 2),
		  0xffffffffu);
}

/* The e1000e: BAR0 its registers; the MSI-X table and PBA as found. */
static volatile uint32_t *nic_regs;
static volatile uint32_t *msix_table, *msix_pba;

static uint32_t bar_addr(uint16_t bdf, unsigned int bir)
{
	return pci_conf1_read(bdf, 0x10 + 4 * bir, 4) & ~0xfu;
}

static void nic_raise(void)
{
	nic_regs[E1000_ICS / 4] = E1000_RXQ0;
}

static void nic_clear(void)
{
	nic_regs[E1000_ICR / 4] = 0xffffffffu;
}

#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

/*
 * edu and the e1000e share an INTx line on q35: mapping the GSI for the
 * second gives the first's pirq (as Xen does), one binding serves both,
 * and each device's interrupt arrives as an event on it; with both raised,
 * Dom0 acknowledges both devices and says EOI once, and nothing follows.
 * Before the MSI-X tests: with MSI-X enabled the NIC no longer uses INTx.
 */
static void test_shared_intx(uint16_t edu, uint16_t nic)
{
	unsigned int line = pci_conf1_read(edu, 0x3c, 1);
	volatile uint32_t *er = (volatile uint32_t *)(uintptr_t)bar_addr(edu, 0);
	long pirq, port;
	uint32_t cause;

	EXPECT_EQ("irq/shared-same-line", pci_conf1_read(nic, 0x3c, 1), line);
	pirq = map_gsi((int)line);
	EXPECT_TRUE("irq/shared-map-gives-same-pirq",
		    pirq >= 0 && map_gsi((int)pci_conf1_read(nic, 0x3c, 1)) == pirq);
	port = pirq >= 0 ? bind((int)pirq) : -1;
	EXPECT_TRUE("irq/shared-bind", port > 0);
	if (port <= 0)
		return;
	ev_count[port] = 0;
	pci_conf1_write(nic, 4, 2, (pci_conf1_read(nic, 4, 2) | 0x6) & ~0x400u);
	nic_regs = (volatile uint32_t *)(uintptr_t)bar_addr(nic, 0);
	nic_clear();
	nic_regs[E1000_IMS / 4] = E1000_RXQ0;

	er[EDU_IRQ_RAISE / 4] = 1;
	EXPECT_TRUE("irq/shared-edu-event", wait_events(port, 1, 2000) &&
					     (er[EDU_IRQ_STATUS / 4] & 1));
	er[EDU_IRQ_ACK / 4] = 1;
	eoi((int)pirq);
	nic_raise();
	EXPECT_TRUE("irq/shared-nic-event", wait_events(port, 2, 2000));
	cause = nic_regs[E1000_ICR / 4];	/* reading acknowledges */
	EXPECT_TRUE("irq/shared-nic-cause", cause & E1000_RXQ0);
	eoi((int)pirq);

	er[EDU_IRQ_RAISE / 4] = 1;
	nic_raise();
	EXPECT_TRUE("irq/shared-both-event", wait_events(port, 3, 2000));
	er[EDU_IRQ_ACK / 4] = 1;
	nic_clear();
	eoi((int)pirq);
	EXPECT_TRUE("irq/shared-both-served-by-one-eoi",
		    !wait_events(port, ev_count[port] + 1, 100));
	nic_regs[E1000_IMS / 4 + 2] = ~0u;	/* IMC: all off */
	EXPECT_EQ("irq/shared-unmap", unmap((int)pirq), 0);
	EXPECT_EQ("irq/shared-unmapped-for-both", unmap((int)pirq), -EINVAL);
	ev_close((evtchn_port_t)port);
}

static bool pba_pending(void)
{
	return msix_pba[0] & (1u << ENTRY);
}

/*
 * The message pending within 200 ms: after the storm the e1000e has been
 * seen to send its next message late (make test: the PBA still clear at
 * once, the message there afterwards).
 */
static bool pba_pending_soon(void)
{
	uint64_t t0 = ev_now();

	while (!pba_pending())
		if (ev_now() - t0 > 200 * MS)
			return false;
	return true;
}

/*
 * Dom0 on CPU dom0_cpu raises the NIC's cause and clears it again as fast
 * as it can for half a second (a message each time the entry is unmasked),
 * the spinner on CPU spin_cpu; interrupts go to CPU 0.  Returns the events;
 * *wall and *spun as storm() in irq.c.
 */
static uint32_t msix_storm(long port, domid_t spinner, uint8_t dom0_cpu,
			   uint8_t spin_cpu, uint64_t *wall, uint64_t *spun)
{
	uint64_t t0, s0, raised = 0;

	pin(spinner, (uint8_t)(1u << spin_cpu));
	pin(0, (uint8_t)(1u << dom0_cpu));
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	ev_count[port] = 0;
	t0 = ev_now();
	s0 = cpu_time(spinner);
	while (ev_now() - t0 < 500 * MS) {
		nic_raise();
		nic_clear();
		raised++;
	}
	*wall = ev_now() - t0;
	*spun = cpu_time(spinner) - s0;
	pv_printf("MSI-X storm (dom0 on CPU %u, spinner on CPU %u): %u events "
		  "in %lu ms (%lu raised), spinner ran %lu ms\n", dom0_cpu,
		  spin_cpu, ev_count[port], (unsigned long)(*wall / MS),
		  (unsigned long)raised, (unsigned long)(*spun / MS));
	return ev_count[port];
}

static void test_msix_storm(long port, domid_t spinner, unsigned long limit)
{
	uint64_t wall, spun;
	uint32_t events;

	if (!spinner) {
		pv_printf("FAIL irq/msix-storm: no spinner\n");
		return;
	}
	msix_storm(port, spinner, 1, 0, &wall, &spun);
	EXPECT_TRUE("irq/msix-storm-spinner-keeps-cpu", spun * 10 >= wall * 6);
	events = msix_storm(port, spinner, 0, 1, &wall, &spun);
	EXPECT_TRUE("irq/msix-storm-was-a-storm", events > limit);
	/* limit a 10 ms window, and one more per window end. */
	EXPECT_TRUE("irq/msix-storm-rate-limited",
		    events <= (wall / (10 * MS) + 2) * (limit + 1));
	pin(0, 1);
}

static void test_msix(uint16_t nic, domid_t spinner, unsigned long limit)
{
	unsigned int cap = find_cap(nic, 0x11), i;
	volatile uint32_t *e;
	uint32_t tbl, pba, got;
	long pirq, port;

	EXPECT_TRUE("irq/msix-capability", cap != 0);
	if (!cap)
		return;
	pci_conf1_write(nic, 4, 2, pci_conf1_read(nic, 4, 2) | 0x6);
	nic_regs = (volatile uint32_t *)(uintptr_t)bar_addr(nic, 0);
	tbl = pci_conf1_read(nic, cap + 4, 4);
	pba = pci_conf1_read(nic, cap + 8, 4);
	msix_table = (volatile uint32_t *)(uintptr_t)(bar_addr(nic, tbl & 7) + (tbl & ~7u));
	msix_pba = (volatile uint32_t *)(uintptr_t)(bar_addr(nic, pba & 7) + (pba & ~7u));
	e = msix_table + 4 * ENTRY;

	/* Dom0's view before any map: the reset state, masked. */
	EXPECT_EQ("irq/msix-shadow-starts-masked", e[3], 1);
	e[0] = 0xdead0000u;
	e[2] = 0x77;
	e[3] = 0;
	EXPECT_EQ("irq/msix-table-write-shadowed-addr", e[0], 0xdead0000u);
	EXPECT_EQ("irq/msix-table-write-shadowed-data", e[2], 0x77);

	pirq = map_msi(nic, bar_addr(nic, tbl & 7), ENTRY);
	EXPECT_TRUE("irq/msix-map", pirq >= 24);
	if (pirq < 0)
		return;
	pv_printf("e1000e MSI-X: entry %u, pirq %ld\n", ENTRY, pirq);
	EXPECT_EQ("irq/msix-enabled-by-hypervisor", pci_conf1_read(nic, cap + 2, 2) >> 14, 2);
	*(volatile uint16_t *)ecam32(nic, cap + 2) = 0;
	EXPECT_EQ("irq/ecam-msix-control-write-dropped",
		  pci_conf1_read(nic, cap + 2, 2) >> 14, 2);
	EXPECT_EQ("irq/msix-shadow-unchanged-by-map", e[0], 0xdead0000u);

	nic_regs[E1000_IVAR / 4] = 0x8 | ENTRY;	/* RXQ0 -> entry 2, valid */
	nic_regs[E1000_IMS / 4] = E1000_RXQ0;
	nic_raise();
	EXPECT_TRUE("irq/msix-pending-while-unbound", pba_pending());
	for (i = 0; i < EV_MAX_PORTS; i++)
		ev_count[i] = 0;	/* the port bind picks may have been used */
	port = bind((int)pirq);
	EXPECT_TRUE("irq/msix-bind", port > 0);
	if (port <= 0)
		return;
	/* The unmask at bind sends the waiting message. */
	EXPECT_TRUE("irq/msix-pending-delivered-at-bind", wait_events(port, 1, 2000));
	EXPECT_TRUE("irq/msix-pba-clear-after-unmask", !pba_pending());
	nic_clear();

	e[0] = 0x12345678u;	/* Dom0 aims it elsewhere: only its shadow moves */
	for (got = 0, i = 0; i < 20; i++) {
		nic_raise();
		got += wait_events(port, ev_count[port] + 1, 2000);
		nic_clear();
	}
	EXPECT_EQ("irq/msix-delivered-20", got, 20);
	/* None lost (QEMU's e1000e has been seen to send one twice). */
	EXPECT_TRUE("irq/msix-no-event-lost", ev_count[port] >= 21);
	EXPECT_EQ("irq/msix-shadow-reads-dom0s-write", e[0], 0x12345678u);
	test_msix_storm(port, spinner, limit);

	EXPECT_EQ("irq/msix-unmap", unmap((int)pirq), 0);
	nic_clear();
	nic_raise();
	EXPECT_TRUE("irq/msix-masked-after-unmap", pba_pending_soon());

	/* Mapped again while the message waits: it waits for the bind. */
	ev_close((evtchn_port_t)port);
	pirq = map_msi(nic, bar_addr(nic, tbl & 7), ENTRY);
	EXPECT_TRUE("irq/msix-remap-still-pending", pirq >= 24 && pba_pending_soon());
	for (i = 0; i < EV_MAX_PORTS; i++)
		ev_count[i] = 0;
	port = pirq >= 0 ? bind((int)pirq) : -1;
	EXPECT_TRUE("irq/msix-remap-pending-delivered-at-bind",
		    port > 0 && wait_events(port, 1, 2000));
	if (pirq >= 0)
		unmap((int)pirq);
	nic_regs[E1000_IMS / 4 + 2] = ~0u;	/* IMC: all off */
	nic_clear();
	ev_close((evtchn_port_t)port);
}

void irq_pci_tests(uint16_t edu, uint64_t rsdp, domid_t spinner,
		   unsigned long storm_limit)
{
	uint16_t nic = find_fn(E1000E_ID);

	EXPECT_TRUE("irq/msix-e1000e-found", nic != 0xffff);
	test_ecam(edu, nic, rsdp);
	if (nic != 0xffff)
		test_shared_intx(edu, nic);
	if (nic != 0xffff && ecam)
		test_msix(nic, spinner, storm_limit);
}
