/* SPDX-License-Identifier: MIT */
/*
 * ELF parsing for PVH kernels (xrt/elf.h).  Nothing in the image is
 * trusted: every offset and size is checked against the file before it is
 * read.
 */
#include <errno.h>
#include <string.h>
#include <xen/elfnote.h>
#include <xrt/elf.h>
#include <xrt/le.h>

#define ALIGN4(x)	(((x) + 3) & ~(uint64_t)3)

#define PT_LOAD		1
#define PT_NOTE		4
#define EM_386		3
#define EM_X86_64	62

/* One program header, whatever the class, widened to 64 bits. */
struct phdr {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

/* True when [off, off + len) lies inside the file. */
static bool in_file(const struct elf_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static uint64_t phoff(const struct elf_image *img)
{
	return img->is64 ? le64_get(img->data + 32) : le32_get(img->data + 28);
}

static unsigned int phnum(const struct elf_image *img)
{
	return le16_get(img->data + (img->is64 ? 56 : 44));
}

static unsigned int phentsize(const struct elf_image *img)
{
	return le16_get(img->data + (img->is64 ? 54 : 42));
}

static void read_phdr(const struct elf_image *img, unsigned int i,
		      struct phdr *ph)
{
	const uint8_t *p = img->data + phoff(img) + (uint64_t)i * phentsize(img);

	ph->type = le32_get(p);
	if (img->is64) {
		ph->offset = le64_get(p + 8);
		ph->paddr = le64_get(p + 24);
		ph->filesz = le64_get(p + 32);
		ph->memsz = le64_get(p + 40);
	} else {
		ph->offset = le32_get(p + 4);
		ph->paddr = le32_get(p + 12);
		ph->filesz = le32_get(p + 16);
		ph->memsz = le32_get(p + 20);
	}
}

static int check_header(struct elf_image *img)
{
	const uint8_t *e = img->data;
	unsigned int machine;

	if (img->size < 52 || memcmp(e, "\177ELF", 4) || e[5] != 1 || e[6] != 1)
		return -ENOEXEC;
	img->is64 = e[4] == 2;
	if ((e[4] != 1 && e[4] != 2) || (img->is64 && img->size < 64))
		return -ENOEXEC;
	machine = le16_get(e + 18);
	/* As Xen's libelf: ELF64 is x86-64 only, ELF32 may be either. */
	if (machine != EM_X86_64 && (img->is64 || machine != EM_386))
		return -ENOEXEC;
	img->machine = (uint16_t)machine;
	if (phentsize(img) != (img->is64 ? 56u : 32u) || !phnum(img) ||
	    !in_file(img, phoff(img), (uint64_t)phnum(img) * phentsize(img)))
		return -ENOEXEC;
	img->entry = img->is64 ? le64_get(e + 24) : le32_get(e + 24);
	return 0;
}

void elf_scan_notes(struct elf_image *img, const void *notes, size_t len)
{
	const uint8_t *p = notes, *end = p + len;
	uint32_t namesz, descsz, type;
	uint64_t name_len, desc_len;

	while (end - p >= 12) {
		namesz = le32_get(p);
		descsz = le32_get(p + 4);
		type = le32_get(p + 8);
		name_len = ALIGN4((uint64_t)namesz);
		desc_len = ALIGN4((uint64_t)descsz);
		if (name_len + desc_len > (uint64_t)(end - p - 12))
			return;
		if (namesz == 4 && !memcmp(p + 12, "Xen", 4) &&
		    type == XEN_ELFNOTE_PHYS32_ENTRY &&
		    (descsz == 4 || descsz == 8)) {
			img->phys32_entry = descsz == 4 ? le32_get(p + 12 + name_len)
							: le64_get(p + 12 + name_len);
			img->has_phys32_entry = true;
		}
		p += 12 + name_len + desc_len;
	}
}

static int check_segment(struct elf_image *img, const struct phdr *ph)
{
	if (!in_file(img, ph->offset, ph->filesz))
		return -ENOEXEC;
	/* A streamed image's notes past its head are scanned as they pass. */
	if (ph->type == PT_NOTE && ph->offset + ph->filesz <= img->avail)
		elf_scan_notes(img, img->data + ph->offset, ph->filesz);
	if (ph->type != PT_LOAD || !ph->memsz)
		return 0;
	if (ph->filesz > ph->memsz || ph->paddr + ph->memsz < ph->paddr)
		return -ENOEXEC;
	if (ph->paddr < img->paddr_lo)
		img->paddr_lo = ph->paddr;
	if (ph->paddr + ph->memsz > img->paddr_hi)
		img->paddr_hi = ph->paddr + ph->memsz;
	return 0;
}

int elf_parse(struct elf_image *img, const void *data, size_t size)
{
	return elf_parse_head(img, data, size, size);
}

int elf_parse_head(struct elf_image *img, const void *head, size_t head_len,
		   uint64_t file_size)
{
	struct phdr ph;
	unsigned int i;
	int rc;

	memset(img, 0, sizeof(*img));
	img->data = head;
	img->size = (size_t)file_size;
	img->avail = head_len;
	img->paddr_lo = UINT64_MAX;
	if (head_len < 64 && head_len < file_size)
		return -EAGAIN;
	rc = check_header(img);
	if (rc)
		return rc;
	if (phoff(img) + (uint64_t)phnum(img) * phentsize(img) > head_len)
		return -EAGAIN;
	for (i = 0; i < phnum(img); i++) {
		read_phdr(img, i, &ph);
		rc = check_segment(img, &ph);
		if (rc)
			return rc;
	}
	return img->paddr_hi ? 0 : -ENOEXEC;
}

int elf_segment(const struct elf_image *img, unsigned int i,
		struct elf_segment *seg)
{
	struct phdr ph;

	if (i >= phnum(img))
		return -ENOENT;
	read_phdr(img, i, &ph);
	seg->type = ph.type;
	seg->offset = ph.offset;
	seg->filesz = ph.filesz;
	seg->paddr = ph.paddr;
	seg->memsz = ph.memsz;
	return 0;
}

int elf_load(const struct elf_image *img,
	     int (*load)(void *ctx, uint64_t paddr, const void *src,
			 uint64_t filesz, uint64_t memsz),
	     void *ctx)
{
	struct phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < phnum(img); i++) {
		read_phdr(img, i, &ph);
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		rc = load(ctx, ph.paddr, img->data + ph.offset, ph.filesz,
			  ph.memsz);
		if (rc)
			return rc;
	}
	return 0;
}
