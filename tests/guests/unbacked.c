/* SPDX-License-Identifier: MIT */
/*
 * Accesses to I/O ports and guest-physical addresses with nothing behind
 * them, as a Xen PVH guest without devices makes them: every read must
 * give all ones, every write must vanish, and the guest must live on.  The
 * command line picks the set: "ports" or "mmio".
 */
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/sched.h>
#include "pv.h"

static uint64_t in_byte_imm(uint64_t rax)
{
	__asm__ volatile("inb $0x80, %%al" : "+a"(rax));
	return rax;
}

static uint64_t in_word_dx(uint64_t rax, uint16_t port)
{
	__asm__ volatile("inw %%dx, %%ax" : "+a"(rax) : "d"(port));
	return rax;
}

static uint64_t in_long_dx(uint64_t rax, uint16_t port)
{
	__asm__ volatile("inl %%dx, %%eax" : "+a"(rax) : "d"(port));
	return rax;
}

static void ports(void)
{
	const uint64_t junk = 0x0123456789abcdefULL;

	/* IN fills AL / AX and keeps the rest; IN EAX clears RAX's top. */
	EXPECT_EQ("unbacked/in_byte", in_byte_imm(junk), 0x0123456789abcdffL);
	EXPECT_EQ("unbacked/in_word", in_word_dx(junk, 0xcfe),
		  0x0123456789abffffL);
	EXPECT_EQ("unbacked/in_long", (long)in_long_dx(junk, 0xcfc),
		  0xffffffffL);
	/* Linux's first PCI probe: OUT 0xcf8, then IN 0xcfc reads ones. */
	__asm__ volatile("outl %%eax, %%dx" : : "a"(0x80000000u), "d"(0xcf8));
	__asm__ volatile("outw %%ax, %%dx" : : "a"(0x1234), "d"(0xcfc));
	__asm__ volatile("outb %%al, $0x80" : : "a"(0x55));
	EXPECT_EQ("unbacked/out_then_in", (long)in_long_dx(0, 0xcfc),
		  0xffffffffL);
	EXPECT_EQ("unbacked/top_port", in_byte_imm(0) & 0xff, 0xff);
	EXPECT_EQ("unbacked/top_port_dx", (long)in_long_dx(0, 0xffff),
		  0xffffffffL);
}

void guest_main(uint32_t start_info);
void guest_main(uint32_t start_info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info;
	const char *mode = (const char *)(uintptr_t)si->cmdline_paddr;

	if (pv_init())
		for (;;)
			__asm__ volatile("hlt");
	pv_install_idt();
	pv_printf("unbacked: %s\n", mode);
	if (!strcmp(mode, "ports"))
		ports();
	else
		pv_printf("FAIL unbacked/mode: unknown mode '%s'\n", mode);
	EXPECT_EQ("unbacked/no_gp", gp_count, 0);
	EXPECT_EQ("unbacked/no_ud", ud_count, 0);
	pv_summary();
	pv_shutdown(SHUTDOWN_poweroff);
}
