/* SPDX-License-Identifier: MIT */
/* The 16550 UART on COM1: the hypervisor console's output and input device. */
#include <asm/cpu.h>
#include <asm/uart.h>
#include <hv/console.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20

void uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);	/* divisor latch: 115200 baud */
	outb(COM1 + UART_DATA, 0x01);
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03);	/* 8 bits, no parity, one stop bit */
	outb(COM1 + UART_FCR, 0xc7);
	outb(COM1 + UART_MCR, 0x03);
}

static void uart_putc(char c)
{
	unsigned int spins = 100000;

	/* Bounded: a missing UART must not hang the hypervisor. */
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY) && --spins)
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void arch_console_write(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

bool arch_console_input_ready(void)
{
	return inb(COM1 + UART_LSR) & LSR_DATA_READY;
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
