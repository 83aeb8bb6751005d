/* SPDX-License-Identifier: MIT */
/*
 * The ELF reader for PVH kernels, in the shared freestanding runtime: the
 * hypervisor's boot-module builder and Dom0's domain builder both use it.
 * It checks an image completely before anything is loaded (every header
 * and segment inside the file, no address overflow), finds Xen's
 * XEN_ELFNOTE_PHYS32_ENTRY note and hands each loadable segment to a
 * callback.  It accepts what Xen's libelf accepts for an x86 PVH guest:
 * little-endian ELF64 for x86-64 (EM_X86_64), and ELF32 for either
 * i386 (EM_386) or x86-64 (EM_X86_64, as a 64-bit kernel linked into an
 * ELF32 container); the PVH entry is the 32-bit PHYS32_ENTRY either way.
 *
 * Pure functions of the image bytes: no allocation, no global state, safe
 * from any context; the image is never written.
 */
#ifndef XRT_ELF_H
#define XRT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_image {
	const uint8_t *data;
	size_t size;
	bool is64;		/* ELFCLASS64 (the layout, not the machine) */
	uint16_t machine;	/* EM_386 (3) or EM_X86_64 (62) */
	uint64_t entry;		/* the ELF header's entry point */
	uint64_t phys32_entry;	/* XEN_ELFNOTE_PHYS32_ENTRY */
	bool has_phys32_entry;
	uint64_t paddr_lo;	/* lowest and highest (exclusive) loaded */
	uint64_t paddr_hi;	/* physical addresses of all PT_LOAD */
	size_t avail;		/* bytes of the file at data (size, unless streamed) */
};

/*
 * Parses and checks the image of size bytes at data.  Returns 0, or
 * -ENOEXEC when it is not a usable x86 ELF (bad magic, class, machine,
 * headers or segments outside the file, filesz > memsz, address overflow,
 * no PT_LOAD).  A missing PVH note is not an error here: the caller
 * decides (has_phys32_entry).
 */
int elf_parse(struct elf_image *img, const void *data, size_t size);

/*
 * Calls load(ctx, paddr, src, filesz, memsz) for each PT_LOAD segment in
 * file order; the callback copies filesz bytes and zeroes the rest.  Stops
 * at and returns the first non-zero result.
 */
/*
 * For an image that arrives in pieces (Dom0's builder streams kernels
 * bigger than its own memory straight into the new domain): checks it as
 * elf_parse() does from its first head_len bytes only, the whole file
 * being file_size bytes.  The ELF header and the program headers must lie
 * in those bytes (-EAGAIN otherwise: give more); notes beyond them are
 * not seen here, elf_scan_notes() takes them as they pass.  Every segment
 * is still checked against file_size.
 */
int elf_parse_head(struct elf_image *img, const void *head, size_t head_len,
		   uint64_t file_size);

/* A program header of a parsed image. */
struct elf_segment {
	uint32_t type;		/* PT_LOAD, PT_NOTE, ... */
	uint64_t offset, filesz, paddr, memsz;
};

/* The i-th program header: 0, or -ENOENT past the last. */
int elf_segment(const struct elf_image *img, unsigned int i,
		struct elf_segment *seg);

/* Looks for PHYS32_ENTRY in len bytes holding one PT_NOTE segment. */
void elf_scan_notes(struct elf_image *img, const void *notes, size_t len);

int elf_load(const struct elf_image *img,
	     int (*load)(void *ctx, uint64_t paddr, const void *src,
			 uint64_t filesz, uint64_t memsz),
	     void *ctx);

#endif
