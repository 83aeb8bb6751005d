/* SPDX-License-Identifier: MIT */
/* I/O ports the hypervisor keeps; Dom0's pass-through bitmap; port exits. */
#include <string.h>
#include <asm/hvm.h>
#include <asm/hvm/io.h>
#include <asm/ioport.h>
#include <hv/console.h>
#include <hv/domain.h>

static const struct {
	uint16_t first, last;
} kept[] = {
	{ 0x20, 0x21 },		/* PIC 1 */
	{ 0x40, 0x43 },		/* PIT: the hypervisor calibrates with it */
	{ 0x61, 0x61 },		/* PIT channel 2 gate */
	{ 0x70, 0x71 },		/* CMOS/RTC index and data */
	{ 0xa0, 0xa1 },		/* PIC 2 */
	{ 0xf4, 0xf7 },		/* QEMU's isa-debug-exit (power-off) */
	{ 0x3f8, 0x3ff },	/* COM1: the hypervisor's console */
	{ 0xcf8, 0xcff },	/* PCI configuration mechanism #1: mediated */
	{ 0x8900, 0x8900 },	/* Bochs' shutdown port */
};

/* Refusals logged per boot: enough to see what a Dom0 tried, no flood. */
#define MAX_LOGGED_REFUSALS	16

bool ioport_kept(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kept); i++)
		if (port >= kept[i].first && port <= kept[i].last)
			return true;
	return false;
}

void ioport_bitmap_init(uint8_t *bitmap, bool hardware_domain)
{
	unsigned int i, port;

	memset(bitmap, hardware_domain ? 0 : 0xff, IOPORT_BITMAP_BYTES);
	if (!hardware_domain)
		return;
	for (i = 0; i < ARRAY_SIZE(kept); i++)
		for (port = kept[i].first; port <= kept[i].last; port++)
			bitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}

void ioport_exit(struct vcpu *v, uint16_t port, unsigned int size, bool in,
		 bool string, unsigned int insn_len)
{
	static unsigned int logged;
	struct domain *d = v->domain;

	if (!string) {
		hvm_io_port_insn(v, port, size, in, insn_len);
		return;
	}
	if (!d->is_privileged) {
		hvm_emulate(v);
		return;
	}
	if (logged < MAX_LOGGED_REFUSALS) {
		logged++;
		printk("d%u: string %s of port %#x (%u bytes) refused: the hypervisor keeps it\n",
		       d->domain_id, in ? "read" : "write", port, size);
	}
	hvm_ops->inject_exception(v, X86_EXC_GP, 0);
}
