/* SPDX-License-Identifier: MIT */
/* IO-APIC driver: redirection entries programmed by the hypervisor. */
#include <errno.h>
#include <xrt/acpi.h>
#include <asm/ioapic.h>
#include <hv/console.h>
#include <hv/mm.h>
#include <hv/spinlock.h>

#define IOREGSEL	0x00
#define IOWIN		0x10
#define REG_VERSION	0x01
#define REG_REDIR(pin)	(0x10 + 2 * (pin))

#define RTE_MASKED	(1u << 16)
#define RTE_LEVEL	(1u << 15)
#define RTE_ACTIVE_LOW	(1u << 13)
#define RTE_DEST_SHIFT	24		/* in the high word: physical APIC ID */

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static spinlock_t ioapic_lock = SPINLOCK_INIT;

static uint32_t reg_read(struct ioapic *io, unsigned int reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void reg_write(struct ioapic *io, unsigned int reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

/* The IO-APIC holding gsi, and the pin in *pin; NULL when none. */
static struct ioapic *find(uint32_t gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_ioapics; i++) {
		if (gsi >= ioapics[i].gsi_base &&
		    gsi - ioapics[i].gsi_base < ioapics[i].nr_pins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	}
	return NULL;
}

unsigned int ioapic_init(const struct acpi_machine *m)
{
	unsigned int i, pin;
	struct ioapic *io;

	for (i = 0; i < m->nr_ioapics; i++) {
		io = &ioapics[nr_ioapics];
		io->regs = maddr_to_virt(m->ioapic[i].addr);
		io->gsi_base = m->ioapic[i].gsi_base;
		io->nr_pins = ((reg_read(io, REG_VERSION) >> 16) & 0xff) + 1;
		for (pin = 0; pin < io->nr_pins; pin++) {
			reg_write(io, REG_REDIR(pin) + 1, 0);
			reg_write(io, REG_REDIR(pin), RTE_MASKED);
		}
		printk("IO-APIC %u at %#x: GSIs %u-%u, all masked\n",
		       m->ioapic[i].id, m->ioapic[i].addr, io->gsi_base,
		       io->gsi_base + io->nr_pins - 1);
		nr_ioapics++;
	}
	return nr_ioapics;
}

bool ioapic_has_gsi(uint32_t gsi)
{
	unsigned int pin;

	return find(gsi, &pin);
}

int ioapic_route(uint32_t gsi, uint8_t vector, uint32_t dest, bool level,
		 bool active_low)
{
	uint32_t lo = vector | RTE_MASKED | (level ? RTE_LEVEL : 0) |
		      (active_low ? RTE_ACTIVE_LOW : 0);
	struct ioapic *io;
	unsigned int pin;

	io = find(gsi, &pin);
	if (!io)
		return -ENODEV;
	spin_lock(&ioapic_lock);
	reg_write(io, REG_REDIR(pin), RTE_MASKED);
	reg_write(io, REG_REDIR(pin) + 1, dest << RTE_DEST_SHIFT);
	reg_write(io, REG_REDIR(pin), lo);
	spin_unlock(&ioapic_lock);
	return 0;
}

void ioapic_mask(uint32_t gsi, bool masked)
{
	struct ioapic *io;
	unsigned int pin;
	uint32_t lo;

	io = find(gsi, &pin);
	if (!io)
		return;
	spin_lock(&ioapic_lock);
	lo = reg_read(io, REG_REDIR(pin));
	reg_write(io, REG_REDIR(pin), masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
	spin_unlock(&ioapic_lock);
}

uint32_t ioapic_entry(uint32_t gsi)
{
	struct ioapic *io;
	unsigned int pin;
	uint32_t lo;

	io = find(gsi, &pin);
	if (!io)
		return 0;
	spin_lock(&ioapic_lock);
	lo = reg_read(io, REG_REDIR(pin));
	spin_unlock(&ioapic_lock);
	return lo;
}
