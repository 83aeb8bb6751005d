/* SPDX-License-Identifier: MIT */
/* COM1 set-up; the console hooks it serves are declared in <hv/console.h>. */
#ifndef ASM_UART_H
#define ASM_UART_H

/* Programs COM1 for 115200 8N1, polled.  Call before the first printk. */
void uart_init(void);

#endif
