/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the PVH kernel ELF reader (hypervisor/lib/elf.c).  Images are
 * built in memory, then copied into a heap block of exactly their size, so
 * that AddressSanitizer reports any read past the end of the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xen/elfnote.h>

#include <cunit_run.h>
#include <xrt/elf.h>
#include <xrt/le.h>

#include "harness.h"

#define PT_LOAD		1
#define PT_NOTE		4
#define EM_386		3
#define EM_X86_64	62
#define DATA		0x200	/* where segment contents start in an image */

struct img {
	uint8_t b[8192];
	size_t size;
	bool is64;
};

/* An ELF header with phnum program headers right after it. */
static void img_init(struct img *im, bool is64, unsigned int phnum)
{
	uint8_t *e = im->b;

	memset(im, 0, sizeof(*im));
	im->is64 = is64;
	im->size = DATA;
	memcpy(e, "\177ELF", 4);
	e[4] = is64 ? 2 : 1;	/* class */
	e[5] = 1;		/* little-endian */
	e[6] = 1;		/* version */
	le16_put(e + 16, 2);	/* ET_EXEC */
	le16_put(e + 18, is64 ? EM_X86_64 : EM_386);
	le32_put(e + 20, 1);
	if (is64) {
		le64_put(e + 24, 0xffffffff81000000ULL);	/* entry */
		le64_put(e + 32, 64);			/* phoff */
		le16_put(e + 52, 64);			/* ehsize */
		le16_put(e + 54, 56);			/* phentsize */
		le16_put(e + 56, (uint16_t)phnum);
	} else {
		le32_put(e + 24, 0xc0100000);
		le32_put(e + 28, 52);
		le16_put(e + 40, 52);
		le16_put(e + 42, 32);
		le16_put(e + 44, (uint16_t)phnum);
	}
}

static void img_phdr(struct img *im, unsigned int i, uint32_t type,
		     uint64_t offset, uint64_t paddr, uint64_t filesz,
		     uint64_t memsz)
{
	uint8_t *p;

	if (im->is64) {
		p = im->b + 64 + i * 56;
		le32_put(p, type);
		le32_put(p + 4, 7);
		le64_put(p + 8, offset);
		le64_put(p + 16, paddr + 0xffffffff80000000ULL);	/* vaddr */
		le64_put(p + 24, paddr);
		le64_put(p + 32, filesz);
		le64_put(p + 40, memsz);
		le64_put(p + 48, 0x1000);
	} else {
		p = im->b + 52 + i * 32;
		le32_put(p, type);
		le32_put(p + 4, (uint32_t)offset);
		le32_put(p + 8, (uint32_t)paddr + 0xc0000000u);
		le32_put(p + 12, (uint32_t)paddr);
		le32_put(p + 16, (uint32_t)filesz);
		le32_put(p + 20, (uint32_t)memsz);
		le32_put(p + 24, 7);
		le32_put(p + 28, 0x1000);
	}
}

/* Appends bytes to the image; returns their file offset. */
static uint64_t img_append(struct img *im, const void *data, size_t len)
{
	uint64_t off = im->size;

	memcpy(im->b + im->size, data, len);
	im->size += len;
	return off;
}

/* Appends one note; returns its offset.  desc holds up to 16 bytes. */
static uint64_t img_note(struct img *im, uint32_t namesz, const char *name,
			 uint32_t descsz, uint32_t type, uint64_t desc)
{
	uint8_t h[12];
	uint64_t off = im->size;
	uint8_t d[16] = { 0 };
	size_t name_bytes = (strlen(name) + 1 + 3) & ~3UL;

	le32_put(h, namesz);
	le32_put(h + 4, descsz);
	le32_put(h + 8, type);
	img_append(im, h, sizeof(h));
	memset(im->b + im->size, 0, name_bytes);
	memcpy(im->b + im->size, name, strlen(name));
	im->size += name_bytes;
	le64_put(d, desc);
	img_append(im, d, descsz <= 4 ? 4 : descsz <= 8 ? 8 : 16);
	return off;
}

/* Parses a heap copy of exactly im->size bytes; *copy is kept for elf_load. */
static int parse_copy(const struct img *im, struct elf_image *out,
		      uint8_t **copy)
{
	uint8_t *c = malloc(im->size ? im->size : 1);
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	memcpy(c, im->b, im->size);
	rc = elf_parse(out, c, im->size);
	if (copy)
		*copy = c;
	else
		free(c);
	return rc;
}

static int parse(const struct img *im, struct elf_image *out)
{
	return parse_copy(im, out, NULL);
}

/*
 * The usual kernel: a text PT_LOAD at 1 MiB (0x300 bytes of file, 0x2000
 * of memory), and a PT_NOTE holding a GNU note and then Xen's entry note.
 */
static void img_kernel(struct img *im, bool is64, uint32_t descsz,
		       uint64_t entry)
{
	uint8_t text[0x300];
	uint64_t off, notes;

	img_init(im, is64, 2);
	memset(text, 0x90, sizeof(text));
	off = img_append(im, text, sizeof(text));
	img_phdr(im, 0, PT_LOAD, off, 0x100000, sizeof(text), 0x2000);
	notes = img_note(im, 4, "GNU", 4, 3, 0x12345678);
	img_note(im, 4, "Xen", 4, XEN_ELFNOTE_ENTRY, 0xdeadbeef);
	img_note(im, 4, "Xen", descsz, XEN_ELFNOTE_PHYS32_ENTRY, entry);
	img_phdr(im, 1, PT_NOTE, notes, 0, im->size - notes, 0);
}

static void check_valid(bool is64, uint32_t descsz, uint64_t entry)
{
	static struct img im;
	struct elf_image e;

	img_kernel(&im, is64, descsz, entry);
	CU_ASSERT_EQUAL_FATAL(parse(&im, &e), 0);
	CU_ASSERT_EQUAL(e.is64, is64);
	CU_ASSERT_TRUE(e.has_phys32_entry);
	CU_ASSERT_EQUAL(e.phys32_entry, entry);
	CU_ASSERT_EQUAL(e.entry, is64 ? 0xffffffff81000000ULL : 0xc0100000);
	CU_ASSERT_EQUAL(e.paddr_lo, 0x100000);
	CU_ASSERT_EQUAL(e.paddr_hi, 0x102000);
}

static void elf32_note_desc4(void) { check_valid(false, 4, 0x100040); }
static void elf32_note_desc8(void) { check_valid(false, 8, 0x100080); }
static void elf64_note_desc4(void) { check_valid(true, 4, 0x100040); }
static void elf64_note_desc8(void) { check_valid(true, 8, 0x123456789aULL); }

/*
 * An x86-64 kernel in an ELF32 container (EM_X86_64, ELFCLASS32) with the
 * PVH note: Xen's libelf boots it, so must we.
 */
static void elf32_x86_64(void)
{
	static struct img im;
	struct elf_image e;

	img_kernel(&im, false, 4, 0x100040);
	le16_put(im.b + 18, EM_X86_64);
	CU_ASSERT_EQUAL_FATAL(parse(&im, &e), 0);
	CU_ASSERT_FALSE(e.is64);
	CU_ASSERT_EQUAL(e.machine, EM_X86_64);
	CU_ASSERT_TRUE(e.has_phys32_entry);
	CU_ASSERT_EQUAL(e.phys32_entry, 0x100040);
	img_kernel(&im, false, 4, 0x100040);
	CU_ASSERT_EQUAL_FATAL(parse(&im, &e), 0);
	CU_ASSERT_EQUAL(e.machine, EM_386);
}

static void missing_note(void)
{
	static struct img im;
	struct elf_image e;
	uint64_t off, notes;
	unsigned int is64;

	for (is64 = 0; is64 < 2; is64++) {
		img_init(&im, is64, 2);
		off = img_append(&im, "code", 4);
		img_phdr(&im, 0, PT_LOAD, off, 0x200000, 4, 0x1000);
		notes = img_note(&im, 4, "GNU", 4, XEN_ELFNOTE_PHYS32_ENTRY, 1);
		/* Right type, wrong name; right name, a desc size that is neither. */
		img_note(&im, 4, "Xen", 2, XEN_ELFNOTE_PHYS32_ENTRY, 2);
		img_note(&im, 4, "Xen", 12, XEN_ELFNOTE_PHYS32_ENTRY, 4);
		img_note(&im, 4, "Xen", 16, XEN_ELFNOTE_PHYS32_ENTRY, 5);
		img_note(&im, 4, "Xen", 4, XEN_ELFNOTE_HYPERCALL_PAGE, 3);
		img_phdr(&im, 1, PT_NOTE, notes, 0, im.size - notes, 0);
		CU_ASSERT_EQUAL(parse(&im, &e), 0);
		CU_ASSERT_FALSE(e.has_phys32_entry);
		CU_ASSERT_EQUAL(e.paddr_lo, 0x200000);
		CU_ASSERT_EQUAL(e.paddr_hi, 0x201000);
	}
}

static void several_loads_and_bss(void)
{
	static struct img im;
	struct elf_image e;
	uint64_t off;

	img_init(&im, true, 4);
	off = img_append(&im, "abcdefgh", 8);
	img_phdr(&im, 0, PT_LOAD, off, 0x300000, 8, 8);
	img_phdr(&im, 1, PT_LOAD, off, 0x100000, 4, 0x10);
	img_phdr(&im, 2, PT_LOAD, 0, 0x400000, 0, 0x5000);	/* bss only */
	img_phdr(&im, 3, PT_LOAD, off, 0x900000, 0, 0);		/* empty */
	CU_ASSERT_EQUAL(parse(&im, &e), 0);
	CU_ASSERT_EQUAL(e.paddr_lo, 0x100000);
	CU_ASSERT_EQUAL(e.paddr_hi, 0x405000);
	CU_ASSERT_FALSE(e.has_phys32_entry);
}

/* A bad image: how to break a valid ELF32 and ELF64 kernel. */
struct bad_case {
	const char *name;
	void (*breakit)(struct img *im);
};

static uint8_t *phdr_at(struct img *im, unsigned int i)
{
	return im->b + (im->is64 ? 64 + i * 56 : 52 + i * 32);
}

static void put_word(struct img *im, uint8_t *p, uint64_t v)
{
	if (im->is64)
		le64_put(p, v);
	else
		le32_put(p, (uint32_t)v);
}

/* Field offsets in a program header: offset, paddr, filesz, memsz. */
static uint8_t *ph_field(struct img *im, unsigned int i, unsigned int f)
{
	static const unsigned int off64[] = { 8, 24, 32, 40 };
	static const unsigned int off32[] = { 4, 12, 16, 20 };

	return phdr_at(im, i) + (im->is64 ? off64[f] : off32[f]);
}

static void b_short_header(struct img *im) { im->size = 51; }
static void b_elf64_header_cut(struct img *im)
{
	im->size = im->is64 ? 60 : 40;
}
static void b_magic(struct img *im) { im->b[1] = 'F'; }
static void b_class(struct img *im) { im->b[4] = 3; }
static void b_class_swapped(struct img *im) { im->b[4] = im->is64 ? 1 : 2; }
static void b_big_endian(struct img *im) { im->b[5] = 2; }
static void b_version(struct img *im) { im->b[6] = 0; }
/* i386 in an ELF64 container; IA-64 in an ELF32 one. */
static void b_machine(struct img *im)
{
	le16_put(im->b + 18, im->is64 ? EM_386 : 50);
}
static void b_machine_arm(struct img *im) { le16_put(im->b + 18, 40); }
/* With one header its stride does not matter: only the field is wrong. */
static void b_phentsize(struct img *im)
{
	le16_put(im->b + (im->is64 ? 54 : 42), im->is64 ? 32 : 56);
	le16_put(im->b + (im->is64 ? 56 : 44), 1);
}
static void b_phnum_zero(struct img *im)
{
	le16_put(im->b + (im->is64 ? 56 : 44), 0);
}
static void b_phdrs_cut(struct img *im) { im->size = im->is64 ? 64 + 56 + 10 : 52 + 32 + 10; }
static void b_phoff_outside(struct img *im)
{
	put_word(im, im->b + (im->is64 ? 32 : 28), im->size - 8);
}
static void b_phoff_huge(struct img *im)
{
	put_word(im, im->b + (im->is64 ? 32 : 28), UINT64_MAX - 16);
}
static void b_phnum_many(struct img *im)
{
	le16_put(im->b + (im->is64 ? 56 : 44), 0xffff);
}
static void b_seg_past_end(struct img *im)
{
	put_word(im, ph_field(im, 0, 2), im->size);	/* filesz */
	put_word(im, ph_field(im, 0, 3), im->size + 0x1000);
}
static void b_seg_offset_outside(struct img *im)
{
	put_word(im, ph_field(im, 0, 0), im->size + 1);
}
static void b_seg_offset_wraps(struct img *im)
{
	put_word(im, ph_field(im, 0, 0), im->is64 ? UINT64_MAX - 4 : UINT32_MAX - 4);
}
static void b_filesz_gt_memsz(struct img *im)
{
	put_word(im, ph_field(im, 0, 3), 0x100);
}
static void b_paddr_wraps(struct img *im)
{
	if (im->is64) {
		le64_put(ph_field(im, 0, 1), 0xfffffffffffff000ULL);
	} else {
		/* 32-bit fields cannot wrap 64 bits: break an ELF64 image instead. */
		img_kernel(im, true, 4, 0x100000);
		le64_put(ph_field(im, 0, 1), 0xfffffffffffff000ULL);
	}
}
static void b_note_outside(struct img *im)
{
	put_word(im, ph_field(im, 1, 2), im->size);
}
static void b_no_load(struct img *im)
{
	le32_put(phdr_at(im, 0), 6);	/* PT_PHDR */
}
static void b_load_memsz_zero(struct img *im)
{
	put_word(im, ph_field(im, 0, 2), 0);
	put_word(im, ph_field(im, 0, 3), 0);
}
static void b_empty(struct img *im) { im->size = 0; }

static const struct bad_case bad_cases[] = {
	{ "empty file", b_empty },
	{ "header shorter than 52 bytes", b_short_header },
	{ "header cut", b_elf64_header_cut },
	{ "bad magic", b_magic },
	{ "class 3", b_class },
	{ "class of the other width", b_class_swapped },
	{ "big-endian", b_big_endian },
	{ "version 0", b_version },
	{ "machine of the other width", b_machine },
	{ "machine ARM", b_machine_arm },
	{ "wrong phentsize", b_phentsize },
	{ "no program headers", b_phnum_zero },
	{ "program headers cut", b_phdrs_cut },
	{ "phoff near the end", b_phoff_outside },
	{ "phoff wraps", b_phoff_huge },
	{ "phnum 65535", b_phnum_many },
	{ "segment past the end", b_seg_past_end },
	{ "segment offset outside", b_seg_offset_outside },
	{ "segment offset + filesz wraps", b_seg_offset_wraps },
	{ "filesz > memsz", b_filesz_gt_memsz },
	{ "paddr + memsz wraps", b_paddr_wraps },
	{ "note segment outside", b_note_outside },
	{ "no PT_LOAD", b_no_load },
	{ "only PT_LOAD has memsz 0", b_load_memsz_zero },
};

static void bad_images(bool is64)
{
	static struct img im;
	struct elf_image e;
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		img_kernel(&im, is64, 4, 0x100000);
		CU_ASSERT_EQUAL_FATAL(parse(&im, &e), 0);
		bad_cases[i].breakit(&im);
		rc = parse(&im, &e);
		if (rc != -ENOEXEC) {
			char msg[128];

			snprintf(msg, sizeof(msg), "ELF%d %s: got %d",
				 is64 ? 64 : 32, bad_cases[i].name, rc);
			CU_FAIL(msg);
		}
	}
}

static void elf32_bad_images(void) { bad_images(false); }
static void elf64_bad_images(void) { bad_images(true); }

/*
 * Hostile notes in a PT_NOTE that ends the file: sizes that would run past
 * the segment.  None may be read (ASan watches) and none is the entry.
 */
static void hostile_notes(void)
{
	static const struct {
		const char *name;
		uint32_t namesz, descsz;
		uint32_t cut;	/* bytes removed from the end of the note */
	} cases[] = {
		{ "namesz 0xffffffff", 0xffffffff, 4, 0 },
		{ "descsz 0xffffffff", 4, 0xffffffff, 0 },
		{ "descsz 0xfffffffc", 4, 0xfffffffc, 0 },
		{ "both huge", 0xfffffff0, 0xfffffff0, 0 },
		{ "namesz 5 runs over desc", 4 + 8, 4, 0 },
		{ "desc cut short", 4, 8, 4 },
		{ "header cut short", 4, 4, 8 + 4 },
		{ "only 11 bytes", 4, 4, 20 - 11 },
	};
	static struct img im;
	struct elf_image e;
	unsigned int i, is64;
	uint64_t off, notes;

	for (is64 = 0; is64 < 2; is64++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			img_init(&im, is64, 2);
			off = img_append(&im, "x", 1);
			img_phdr(&im, 0, PT_LOAD, off, 0x100000, 1, 1);
			notes = img_note(&im, cases[i].namesz, "Xen", 4,
					 XEN_ELFNOTE_PHYS32_ENTRY, 0x100000);
			le32_put(im.b + notes + 4, cases[i].descsz);
			im.size -= cases[i].cut;
			img_phdr(&im, 1, PT_NOTE, notes, 0, im.size - notes, 0);
			CU_ASSERT_EQUAL(parse(&im, &e), 0);
			if (e.has_phys32_entry)
				CU_FAIL(cases[i].name);
		}
	}
}

/* A note whose desc reaches exactly the end of the file is still found. */
static void note_at_end_of_file(void)
{
	static struct img im;
	struct elf_image e;
	uint64_t off, notes;

	img_init(&im, true, 2);
	off = img_append(&im, "x", 1);
	img_phdr(&im, 0, PT_LOAD, off, 0x100000, 1, 1);
	notes = img_note(&im, 4, "Xen", 8, XEN_ELFNOTE_PHYS32_ENTRY, 0x100000);
	img_phdr(&im, 1, PT_NOTE, notes, 0, im.size - notes, 0);
	CU_ASSERT_EQUAL(parse(&im, &e), 0);
	CU_ASSERT_TRUE(e.has_phys32_entry);
	CU_ASSERT_EQUAL(e.phys32_entry, 0x100000);
}

struct load_call {
	uint64_t paddr, filesz, memsz;
	const void *src;
};

struct load_log {
	struct load_call calls[8];
	unsigned int n;
	unsigned int fail_at;	/* 1-based call that returns -EIO; 0: none */
};

static int log_load(void *ctx, uint64_t paddr, const void *src,
		    uint64_t filesz, uint64_t memsz)
{
	struct load_log *log = ctx;

	if (log->n < ARRAY_SIZE(log->calls))
		log->calls[log->n] = (struct load_call){ paddr, filesz, memsz, src };
	log->n++;
	return log->n == log->fail_at ? -EIO : 0;
}

static void load_order_and_arguments(void)
{
	static struct img im;
	struct elf_image e;
	struct load_log log;
	uint8_t *copy;
	uint64_t a, b, notes;
	unsigned int is64;

	for (is64 = 0; is64 < 2; is64++) {
		img_init(&im, is64, 4);
		a = img_append(&im, "AAAAAAAA", 8);
		b = img_append(&im, "BBBB", 4);
		notes = img_note(&im, 4, "Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY,
				 0x200000);
		img_phdr(&im, 0, PT_LOAD, b, 0x300000, 4, 0x3000);
		img_phdr(&im, 1, PT_NOTE, notes, 0, im.size - notes, 0);
		img_phdr(&im, 2, PT_LOAD, a, 0x200000, 8, 8);
		img_phdr(&im, 3, PT_LOAD, a, 0x500000, 0, 0);	/* skipped */
		CU_ASSERT_EQUAL_FATAL(parse_copy(&im, &e, &copy), 0);
		memset(&log, 0, sizeof(log));
		CU_ASSERT_EQUAL(elf_load(&e, log_load, &log), 0);
		CU_ASSERT_EQUAL(log.n, 2);
		CU_ASSERT_EQUAL(log.calls[0].paddr, 0x300000);
		CU_ASSERT_PTR_EQUAL(log.calls[0].src, copy + b);
		CU_ASSERT_EQUAL(log.calls[0].filesz, 4);
		CU_ASSERT_EQUAL(log.calls[0].memsz, 0x3000);
		CU_ASSERT_EQUAL(log.calls[1].paddr, 0x200000);
		CU_ASSERT_PTR_EQUAL(log.calls[1].src, copy + a);
		CU_ASSERT_EQUAL(log.calls[1].filesz, 8);
		CU_ASSERT_EQUAL(log.calls[1].memsz, 8);
		CU_ASSERT_EQUAL(memcmp(log.calls[1].src, "AAAAAAAA", 8), 0);

		/* The first failure stops the walk and is returned. */
		memset(&log, 0, sizeof(log));
		log.fail_at = 1;
		CU_ASSERT_EQUAL(elf_load(&e, log_load, &log), -EIO);
		CU_ASSERT_EQUAL(log.n, 1);
		free(copy);
	}
}

static const struct harness_test tests[] = {
	{ "elf32_note_desc4", elf32_note_desc4 },
	{ "elf32_note_desc8", elf32_note_desc8 },
	{ "elf64_note_desc4", elf64_note_desc4 },
	{ "elf64_note_desc8", elf64_note_desc8 },
	{ "elf32_x86_64", elf32_x86_64 },
	{ "missing_note", missing_note },
	{ "several_loads_and_bss", several_loads_and_bss },
	{ "elf32_bad_images", elf32_bad_images },
	{ "elf64_bad_images", elf64_bad_images },
	{ "hostile_notes", hostile_notes },
	{ "note_at_end_of_file", note_at_end_of_file },
	{ "load_order_and_arguments", load_order_and_arguments },
};

void suite_elf(void)
{
	harness_add_suite("elf", tests, ARRAY_SIZE(tests));
}

int main(void)
{
	if (harness_init())
		return 1;
	suite_elf();
	return cunit_run();
}
