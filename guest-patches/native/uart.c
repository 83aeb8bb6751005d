/* SPDX-License-Identifier: MIT */
/* COM1: the native console. */
#include <stdint.h>
#include "../kernel/arch/x86/cpu.h"
#include "../kernel/arch/x86/io.h"
#include "../kernel/console.h"
#include "../kernel/thread.h"
#include "../kernel/trap.h"
#include "pic.h"
#include "uart.h"

#define COM1		0x3f8
#define RBR		0	/* receive buffer (read) */
#define THR		0	/* transmit holding (write) */
#define IER		1
#define FCR		2
#define LCR		3
#define MCR		4
#define LSR		5
#define DLL		0	/* divisor latch, with LCR_DLAB */
#define DLM		1
#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define FCR_ENABLE	0xc7	/* enable and clear FIFOs, 14-byte trigger */
#define MCR_NORMAL	0x0b	/* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
#define MCR_LOOP	0x1e	/* loopback, RTS, OUT1, OUT2 */
#define IER_RX		0x01
#define LSR_DATA	0x01
#define LSR_THRE	0x20
#define RING_SIZE	256
#define LOOP_BYTE	0xa5
#define SPIN_LIMIT	100000

/* Written by the interrupt handler only (head) and the reader only (tail). */
static volatile uint8_t ring[RING_SIZE];
static volatile unsigned int head, tail;
static unsigned long overruns;
static struct thread_waitq input_waitq;	/* console_wait_input()'s */

int console_init(void)
{
	outb(COM1 + IER, 0);
	outb(COM1 + LCR, LCR_DLAB);
	outb(COM1 + DLL, 1);		/* 115200 baud */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, FCR_ENABLE);
	outb(COM1 + MCR, MCR_NORMAL);
	return 0;
}

static void put_byte(char c)
{
	unsigned int spins = 0;

	while (!(inb(COM1 + LSR) & LSR_THRE) && spins++ < SPIN_LIMIT)
		cpu_relax();
	outb(COM1 + THR, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_byte('\r');
		put_byte(s[i]);
	}
}

int console_getc(void)
{
	int c;

	if (tail == head)
		return -1;
	c = ring[tail % RING_SIZE];
	tail++;
	return c;
}

void console_wait_input(void)
{
	uint32_t seen = thread_wait_count(&input_waitq);

	if (tail == head)
		thread_wait(&input_waitq, seen);
}

void console_wake_input(void)
{
	thread_wake(&input_waitq);
}

const char *console_name(void)
{
	return "COM1 16550 UART, 115200 8N1, input on IRQ 4";
}

static void uart_interrupt(struct trap_frame *f)
{
	(void)f;
	while (inb(COM1 + LSR) & LSR_DATA) {
		uint8_t c = inb(COM1 + RBR);

		if (head - tail < RING_SIZE)
			ring[head++ % RING_SIZE] = c;
		else
			overruns++;
	}
	console_wake_input();
	pic_eoi(IRQ_COM1);
}

void uart_enable_input(void)
{
	trap_set_handler(PIC_VECTOR(IRQ_COM1), uart_interrupt);
	pic_unmask(IRQ_COM1);
	outb(COM1 + IER, IER_RX);
}

bool uart_loopback_test(void)
{
	bool was_on = irq_enabled(), ok = false;
	unsigned int spins;

	irq_disable();
	outb(COM1 + IER, 0);
	outb(COM1 + MCR, MCR_LOOP);
	while (inb(COM1 + LSR) & LSR_DATA)	/* input typed just now is lost */
		inb(COM1 + RBR);
	put_byte((char)LOOP_BYTE);
	for (spins = 0; spins < SPIN_LIMIT && !ok; spins++)
		ok = inb(COM1 + LSR) & LSR_DATA;
	ok = ok && inb(COM1 + RBR) == LOOP_BYTE;
	outb(COM1 + MCR, MCR_NORMAL);
	outb(COM1 + IER, IER_RX);
	if (was_on)
		irq_enable();
	return ok;
}

unsigned long uart_overruns(void)
{
	return overruns;
}
