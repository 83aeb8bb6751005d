/* SPDX-License-Identifier: MIT */
/*
 * Small PVH kernel images for host tests of the domain builder (Dom0's
 * image intake, the agent's fuzzer): the ELF64 x86-64 header and Xen's
 * PHYS32_ENTRY note, the rest (program headers, bytes) the caller's.
 */
#ifndef TESTS_PVH_KERNEL_H
#define TESTS_PVH_KERNEL_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Writes an executable's ELF header at k (ELFCLASS64, little-endian,
 * EM_X86_64, entry) announcing phnum program headers at file offset
 * phoff.  Returns the first program header (at k + phoff), for the caller
 * to fill.
 */
Elf64_Phdr *pvh_kernel_header(uint8_t *k, uint64_t entry, uint64_t phoff,
			      unsigned int phnum);

/* XEN_ELFNOTE_PHYS32_ENTRY with entry, written at p; returns its size (20). */
size_t pvh_kernel_note(uint8_t *p, uint32_t entry);

#endif
