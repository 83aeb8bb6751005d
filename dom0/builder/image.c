/* SPDX-License-Identifier: MIT */
/* Images streamed into a new domain's memory (image.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../../guest-patches/kernel/clock.h"
#include "../../xapi/proto/msg.h"
#include "../foreign.h"
#include "image.h"

#define PAGE_SIZE	4096ULL
#define PT_LOAD		1
#define PT_NOTE		4
#define ZEROS		(8 * PAGE_SIZE)	/* zeros written per call, segments overlapping */

void image_init(struct image *img, domid_t domid, uint64_t size, bool is_kernel,
		uint64_t ram_limit, uint64_t load_at)
{
	memset(img, 0, sizeof(*img));
	img->domid = domid;
	img->size = size;
	img->is_kernel = is_kernel;
	img->ram_limit = ram_limit;
	img->load_at = load_at;
	sha256_init(&img->sha);
}

/* Checks that n bytes at guest-physical gpa lie in the RAM the image may fill. */
static int check_ram(const struct image *img, uint64_t gpa, uint64_t n,
		     char *why, size_t why_size)
{
	if (gpa <= img->ram_limit && n <= img->ram_limit - gpa)
		return 0;
	snprintf(why, why_size, "upload: %llu bytes at %#llx fall outside "
		 "the domain's %llu KiB of RAM", (unsigned long long)n,
		 (unsigned long long)gpa, (unsigned long long)(img->ram_limit >> 10));
	return -ENOEXEC;
}

/* Writes n zero bytes at gpa, ZEROS bytes per foreign_write(). */
static int write_zeros(domid_t domid, uint64_t gpa, uint64_t n, uint64_t *gfn)
{
	static const uint8_t zeros[ZEROS];
	uint64_t piece;
	int err = 0;

	for (; !err && n; gpa += piece, n -= piece) {
		piece = n < ZEROS ? n : ZEROS;
		err = foreign_write(domid, gpa, zeros, piece, gfn);
	}
	return err;
}

/*
 * Copies n bytes to guest-physical gpa of the domain, page by page; src
 * NULL: n zero bytes, which the domain's memory already holds unless the
 * kernel's segments overlap.
 */
static int write_guest(struct image *img, uint64_t gpa, const uint8_t *src,
		       uint64_t n, char *why, size_t why_size)
{
	uint64_t gfn, t0;
	int err = check_ram(img, gpa, n, why, why_size);

	if (err || (!src && !img->overlap))
		return err;
	t0 = clock_ns();
	err = src ? foreign_write(img->domid, gpa, src, n, &gfn) :
		    write_zeros(img->domid, gpa, n, &gfn);
	img->copy_ns += clock_ns() - t0;
	if (err)
		snprintf(why, why_size, "upload: mapping gfn %#llx: error %d",
			 (unsigned long long)gfn, err);
	return err;
}

/* The kernel bytes [offset, offset + len) go where its segments say; data NULL: zeros. */
static int place(struct image *img, uint64_t offset, const uint8_t *data,
		 uint64_t len, char *why, size_t why_size)
{
	struct elf_segment s;
	uint64_t a, b;
	unsigned int i;
	int rc;

	for (i = 0; !elf_segment(&img->elf, i, &s); i++) {
		a = offset > s.offset ? offset : s.offset;
		b = offset + len < s.offset + s.filesz ? offset + len : s.offset + s.filesz;
		if (a >= b)
			continue;
		if (s.type == PT_LOAD) {
			rc = write_guest(img, s.paddr + (a - s.offset),
					 data ? data + (a - offset) : NULL, b - a,
					 why, why_size);
			if (rc)
				return rc;
		} else if (s.type == PT_NOTE && s.offset + s.filesz > IMAGE_HEAD) {
			if (s.filesz > IMAGE_NOTES) {
				snprintf(why, why_size, "load: a note segment of %llu "
					 "bytes (at most %u)",
					 (unsigned long long)s.filesz, IMAGE_NOTES);
				return -ENOEXEC;
			}
			img->notes_off = s.offset;
			img->notes_len = s.filesz;
			if (data)
				memcpy(img->notes + (a - s.offset), data + (a - offset), b - a);
			else
				memset(img->notes + (a - s.offset), 0, b - a);
		}
	}
	return 0;
}

/* True when two PT_LOAD segments share guest-physical bytes. */
static bool segments_overlap(const struct elf_image *elf)
{
	struct elf_segment s, t;
	unsigned int i, j;

	for (i = 0; !elf_segment(elf, i, &s); i++)
		for (j = i + 1; s.type == PT_LOAD && !elf_segment(elf, j, &t); j++)
			if (t.type == PT_LOAD && s.memsz && t.memsz &&
			    s.paddr < t.paddr + t.memsz && t.paddr < s.paddr + s.memsz)
				return true;
	return false;
}

static int parse_head(struct image *img, char *why, size_t why_size)
{
	struct elf_segment s;
	unsigned int i;
	int rc = elf_parse_head(&img->elf, img->head, (size_t)img->received,
				img->size);

	if (rc == -EAGAIN && img->received < IMAGE_HEAD && img->received < img->size)
		return 0;	/* more to come */
	if (rc) {
		snprintf(why, why_size, rc == -EAGAIN ?
			 "load: the kernel's program headers end past its first %u bytes" :
			 "load: the kernel is not an x86 ELF image Xenolith can boot (%u)",
			 IMAGE_HEAD);
		return -ENOEXEC;
	}
	for (i = 0; !elf_segment(&img->elf, i, &s); i++)
		if (s.type == PT_LOAD && s.memsz &&
		    (s.paddr > img->ram_limit || s.memsz > img->ram_limit - s.paddr)) {
			snprintf(why, why_size, "load: a segment at %#llx of %llu bytes "
				 "does not fit in the domain's RAM",
				 (unsigned long long)s.paddr, (unsigned long long)s.memsz);
			return -ENOEXEC;
		}
	img->parsed = true;
	img->overlap = segments_overlap(&img->elf);
	/* What arrived before the headers could be read goes now. */
	return place(img, 0, img->head, img->received, why, why_size);
}

/*
 * len bytes at offset: data, or (data NULL) a zero run.  Checked against
 * the order, hashed (a zero run as its encoding), then placed.
 */
static int take(struct image *img, uint64_t offset, const uint8_t *data,
		uint64_t len, char *why, size_t why_size)
{
	uint8_t run[MSG_ZERO_RUN_SIZE];
	uint64_t in_head = 0, t0;

	if (offset != img->received || len > img->size - img->received) {
		snprintf(why, why_size, "upload: %llu %s at offset %llu: expected "
			 "offset %llu of %llu", (unsigned long long)len,
			 data ? "bytes" : "zero bytes", (unsigned long long)offset,
			 (unsigned long long)img->received, (unsigned long long)img->size);
		return -EINVAL;
	}
	t0 = clock_ns();
	if (data) {
		sha256_update(&img->sha, data, len);
	} else {
		msg_zero_run_encode(run, offset, len);
		sha256_update(&img->sha, run, sizeof(run));
		img->zero_bytes += len;
	}
	img->hash_ns += clock_ns() - t0;
	if (!img->is_kernel) {
		img->received += len;
		return write_guest(img, img->load_at + offset, data, len, why, why_size);
	}
	if (!img->parsed) {
		in_head = offset < IMAGE_HEAD ? IMAGE_HEAD - offset : 0;
		if (in_head > len)
			in_head = len;
		if (data)
			memcpy(img->head + offset, data, in_head);
		else
			memset(img->head + offset, 0, in_head);
		img->received += in_head;
		if (parse_head(img, why, why_size))
			return -ENOEXEC;
		if (!img->parsed)
			return 0;
	}
	img->received = offset + len;
	return len > in_head ? place(img, offset + in_head, data ? data + in_head : NULL,
				     len - in_head, why, why_size) : 0;
}

int image_take(struct image *img, uint64_t offset, const uint8_t *data,
	       uint32_t len, char *why, size_t why_size)
{
	static const uint8_t none[1];

	return take(img, offset, data ? data : none, len, why, why_size);
}

int image_take_zero(struct image *img, uint64_t offset, uint64_t len,
		    char *why, size_t why_size)
{
	return take(img, offset, NULL, len, why, why_size);
}

int image_done(struct image *img, const uint8_t sha256[32], char *why,
	       size_t why_size)
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	if (img->received != img->size || (img->is_kernel && !img->parsed)) {
		snprintf(why, why_size, "upload: %llu of %llu bytes arrived",
			 (unsigned long long)img->received, (unsigned long long)img->size);
		return -EINVAL;
	}
	sha256_final(&img->sha, digest);
	if (memcmp(digest, sha256, sizeof(digest))) {
		snprintf(why, why_size, "verify: the %s's SHA-256 differs from the "
			 "host's", img->is_kernel ? "kernel" : "ramdisk");
		return -EBADMSG;
	}
	if (!img->is_kernel)
		return 0;
	if (img->notes_len)
		elf_scan_notes(&img->elf, img->notes, img->notes_len);
	if (!img->elf.has_phys32_entry) {
		snprintf(why, why_size, "load: not a PVH kernel (no "
			 "XEN_ELFNOTE_PHYS32_ENTRY note)");
		return -ENOEXEC;
	}
	return 0;
}
