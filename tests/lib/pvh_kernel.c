/* SPDX-License-Identifier: MIT */
/* Small PVH kernel images for host tests (pvh_kernel.h). */
#include <string.h>
#include "pvh_kernel.h"

Elf64_Phdr *pvh_kernel_header(uint8_t *k, uint64_t entry, uint64_t phoff,
			      unsigned int phnum)
{
	Elf64_Ehdr *e = (Elf64_Ehdr *)k;

	memset(e, 0, sizeof(*e));
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = EV_CURRENT;
	e->e_entry = entry;
	e->e_phoff = phoff;
	e->e_ehsize = sizeof(*e);
	e->e_phentsize = sizeof(Elf64_Phdr);
	e->e_phnum = (uint16_t)phnum;
	return (Elf64_Phdr *)(k + phoff);
}

size_t pvh_kernel_note(uint8_t *p, uint32_t entry)
{
	/* namesz, descsz, type XEN_ELFNOTE_PHYS32_ENTRY, "Xen\0", the entry */
	const uint32_t note[5] = { 4, 4, 18, 0x006e6558, entry };

	memcpy(p, note, sizeof(note));
	return sizeof(note);
}
