/* SPDX-License-Identifier: MIT */
/*
 * x86 port I/O.  Included by the native device files, the paravirtual
 * build's bare-hardware refusal, Dom0's device code and the test guests:
 * under Xenolith, Dom0 owns every port but the hypervisor's, and a DomU's
 * port access crashes it.
 */
#ifndef ARCH_X86_IO_H
#define ARCH_X86_IO_H

#include <portio.h>

#endif
