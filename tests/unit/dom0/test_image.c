/* SPDX-License-Identifier: MIT */
/*
 * Dom0's builder taking an image as records (dom0/builder/image.c), built
 * for the host over a model domain: foreign_write() copies into a RAM
 * array and logs every range written.  A kernel sent as data and zero
 * runs lands as its segments say with nothing written for the runs; its
 * upload digest (computed here with OpenSSL from the definition) is
 * accepted and the file's plain SHA-256 is not; a record lost,
 * duplicated, reordered, overlapping or past the size is refused with the
 * same error as data; a run over the ELF head or the kept note still
 * reads as zeros there; overlapping segments get their zeros written; a
 * ramdisk's run outside RAM is refused like data.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <openssl/sha.h>
#include "cunit_run.h"
#include "pvh_kernel.h"
#include "dom0/builder/image.h"
#include "dom0/foreign.h"
#include "guest-patches/kernel/clock.h"
#include "xapi/proto/msg.h"

#define PG		4096
#define RAM		(4u << 20)
#define KSIZE		(9 * PG)
#define A_PADDR		0x100000	/* segment A: file [1, 3) pages */
#define B_PADDR		0x200000	/* segment B: file [5, 9) pages */

static uint8_t ram[RAM], kernel[KSIZE];
static struct { uint64_t gpa, n; } writes[256];
static unsigned int nr_writes;

uint64_t clock_ns(void)
{
	return 0;
}

int foreign_write(domid_t domid, uint64_t gpa, const void *src, uint64_t n,
		  uint64_t *gfn_out)
{
	(void)domid;
	*gfn_out = gpa / PG;
	if (gpa > RAM || n > RAM - gpa)
		return -EINVAL;
	memcpy(ram + gpa, src, n);
	if (nr_writes < sizeof(writes) / sizeof(writes[0]))
		writes[nr_writes++] = (typeof(writes[0])){ gpa, n };
	return 0;
}

/* True if any write touched guest-physical [gpa, gpa + n). */
static bool written(uint64_t gpa, uint64_t n)
{
	unsigned int i;

	for (i = 0; i < nr_writes; i++)
		if (writes[i].gpa < gpa + n && gpa < writes[i].gpa + writes[i].n)
			return true;
	return false;
}

/*
 * The ELF header in page 0 with its program headers at 0x800 (zeros
 * between), segment A in pages 1-2
 * (page 2 zero), a note segment in page 3 (its tail zero), page 4 in no
 * segment (zero), segment B in pages 5-8 (pages 6-7 zero), memsz past it.
 * b_paddr places B (A_PADDR - PG: its zero pages over A's).
 */
static void make_kernel(uint64_t b_paddr)
{
	Elf64_Phdr *ph;
	size_t i;

	memset(kernel, 0, sizeof(kernel));
	ph = pvh_kernel_header(kernel, A_PADDR, 0x800, 3);
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = PG, .p_paddr = A_PADDR,
		.p_vaddr = A_PADDR, .p_filesz = 2 * PG, .p_memsz = 2 * PG };
	ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 3 * PG,
		.p_filesz = PG };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 5 * PG, .p_paddr = b_paddr,
		.p_vaddr = b_paddr, .p_filesz = 4 * PG, .p_memsz = 6 * PG };
	pvh_kernel_note(kernel + 3 * PG, A_PADDR);
	for (i = PG; i < 2 * PG; i++)
		kernel[i] = (uint8_t)(1 + i % 251);
	for (i = 5 * PG; i < 6 * PG; i++)
		kernel[i] = (uint8_t)(7 + i % 241);
	for (i = 8 * PG; i < 9 * PG; i++)
		kernel[i] = (uint8_t)(3 + i % 239);
}

/* A record: len bytes at off, zero (a run) or data. */
struct rec {
	uint64_t off, len;
	bool zero;
};

/* The records xapid would send for make_kernel()'s zero pages. */
static const struct rec plan[] = {
	{ 0, 2 * PG, false },		/* head, then A's first page */
	{ 2 * PG, PG, true },		/* A's second page */
	{ 3 * PG, 0x100, false },	/* the note */
	{ 3 * PG + 0x100, 2 * PG - 0x100, true },	/* its tail and the gap */
	{ 5 * PG, PG, false },
	{ 6 * PG, 2 * PG, true },	/* B's middle */
	{ 8 * PG, PG, false },
};
#define NR_PLAN	(sizeof(plan) / sizeof(plan[0]))

/* The upload digest of records (the definition, not image.c's code). */
static void digest(const struct rec *r, size_t n, uint8_t out[32])
{
	static uint8_t in[KSIZE + 16 * 16];
	size_t i, k, len = 0;

	for (i = 0; i < n; i++) {
		if (!r[i].zero) {
			memcpy(in + len, kernel + r[i].off, r[i].len);
			len += r[i].len;
			continue;
		}
		for (k = 0; k < 8; k++) {
			in[len + k] = (uint8_t)(r[i].off >> (8 * k));
			in[len + 8 + k] = (uint8_t)(r[i].len >> (8 * k));
		}
		len += 16;
	}
	SHA256(in, len, out);
}

static struct image img;
static char why[200];

static int send(const struct rec *r)
{
	why[0] = 0;
	return r->zero ? image_take_zero(&img, r->off, r->len, why, sizeof(why)) :
			 image_take(&img, r->off, kernel + r->off, (uint32_t)r->len,
				    why, sizeof(why));
}

/* Sends n records, each taken; fatal otherwise. */
static void send_all(const struct rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(send(&r[i]), 0);
}

static void start(uint64_t b_paddr)
{
	make_kernel(b_paddr);
	memset(ram, 0, sizeof(ram));	/* as the hypervisor hands frames out */
	nr_writes = 0;
	image_init(&img, 1, KSIZE, true, RAM, 0);
}

static void runs_not_written(void)
{
	uint8_t want[32];

	start(B_PADDR);
	send_all(plan, NR_PLAN);
	digest(plan, NR_PLAN, want);
	CU_ASSERT_EQUAL(image_done(&img, want, why, sizeof(why)), 0);
	CU_ASSERT(img.elf.has_phys32_entry && img.elf.phys32_entry == A_PADDR);
	CU_ASSERT_EQUAL(img.zero_bytes, 5 * PG - 0x100);
	/* Every segment's bytes where they belong, nothing for the runs. */
	CU_ASSERT(!memcmp(ram + A_PADDR, kernel + PG, 2 * PG));
	CU_ASSERT(!memcmp(ram + B_PADDR, kernel + 5 * PG, 4 * PG));
	CU_ASSERT(written(A_PADDR, PG) && !written(A_PADDR + PG, PG));
	CU_ASSERT(!written(B_PADDR + PG, 2 * PG));
	CU_ASSERT(written(B_PADDR, PG) && written(B_PADDR + 3 * PG, PG));
}

/* The file's own SHA-256 is not the upload digest: Dom0 hashed runs as records. */
static void plain_sha_refused(void)
{
	uint8_t sha[32];

	start(B_PADDR);
	send_all(plan, NR_PLAN);
	SHA256(kernel, KSIZE, sha);
	CU_ASSERT_EQUAL(image_done(&img, sha, why, sizeof(why)), -EBADMSG);
	CU_ASSERT(strstr(why, "differs") != NULL);
}

/*
 * The same bytes as other records: the zero run of B's middle sent as data
 * (or a data page sent as a run, had it been zero) changes the digest.
 */
static void records_in_digest(void)
{
	struct rec as_data[NR_PLAN];
	uint8_t want[32];

	memcpy(as_data, plan, sizeof(plan));
	as_data[5].zero = false;
	start(B_PADDR);
	send_all(as_data, NR_PLAN);
	digest(plan, NR_PLAN, want);	/* what the host announced */
	CU_ASSERT_EQUAL(image_done(&img, want, why, sizeof(why)), -EBADMSG);
}

static void hostile_order(void)
{
	struct rec past = { 6 * PG, 4 * PG, true }, over = { 5 * PG + 8, PG, true };
	uint8_t want[32];
	size_t i;

	/* Lost: the run of A's second page never comes. */
	start(B_PADDR);
	CU_ASSERT_EQUAL(send(&plan[0]), 0);
	CU_ASSERT_EQUAL(send(&plan[2]), -EINVAL);
	CU_ASSERT(strstr(why, "expected offset 8192 of 36864") != NULL);
	/* Duplicated: the same run twice. */
	start(B_PADDR);
	CU_ASSERT_EQUAL(send(&plan[0]), 0);
	CU_ASSERT_EQUAL(send(&plan[1]), 0);
	CU_ASSERT_EQUAL(send(&plan[1]), -EINVAL);
	CU_ASSERT(strstr(why, "zero bytes at offset 8192: expected offset 12288") != NULL);
	/* Reordered: B's middle before B's first page. */
	start(B_PADDR);
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(send(&plan[i]), 0);
	CU_ASSERT_EQUAL(send(&plan[5]), -EINVAL);
	/* Overlapping what came, and past the size. */
	CU_ASSERT_EQUAL(send(&plan[4]), 0);
	CU_ASSERT_EQUAL(send(&over), -EINVAL);
	CU_ASSERT_EQUAL(send(&past), -EINVAL);
	CU_ASSERT(strstr(why, "of 36864") != NULL);
	/* The image short by its last record: refused at the end. */
	CU_ASSERT_EQUAL(send(&plan[5]), 0);
	digest(plan, NR_PLAN, want);
	CU_ASSERT_EQUAL(image_done(&img, want, why, sizeof(why)), -EINVAL);
	CU_ASSERT(strstr(why, "32768 of 36864 bytes arrived") != NULL);
}

/*
 * Runs that cover part of the kept head (before the program headers
 * arrive) and of the kept note: the headers still parse and the note is
 * found.
 */
static void runs_in_head_and_note(void)
{
	const struct rec recs[] = {
		{ 0, 0x100, false }, { 0x100, 0x700, true },	/* before the phdrs */
		{ 0x800, PG, false }, { 0x800 + PG, 0x800, false }, { 2 * PG, PG, true },
		{ 3 * PG, 0x14, false }, { 3 * PG + 0x14, 2 * PG - 0x14, true },
		{ 5 * PG, PG, false }, { 6 * PG, 2 * PG, true }, { 8 * PG, PG, false },
	};
	size_t n = sizeof(recs) / sizeof(recs[0]), i;
	uint8_t want[32];

	start(B_PADDR);
	send_all(recs, n);
	digest(recs, n, want);
	CU_ASSERT_EQUAL(image_done(&img, want, why, sizeof(why)), 0);
	CU_ASSERT(img.parsed && img.elf.has_phys32_entry);
	CU_ASSERT_EQUAL(img.notes_len, PG);
	for (i = 0x14; i < PG && !img.notes[i]; i++)
		;
	CU_ASSERT_EQUAL(i, PG);
	/* A first record that is a run: zeros are no ELF, refused. */
	start(B_PADDR);
	CU_ASSERT_EQUAL(send(&(struct rec){ 0, 2 * PG, true }), -ENOEXEC);
}

/*
 * B placed a page below A: B's zero run (its middle) lands on A's bytes,
 * written before.  Where segments overlap a later segment's zeros must
 * replace them, so runs are written there.
 */
static void overlapping_segments(void)
{
	uint8_t want[32];

	start(A_PADDR - PG);
	send_all(plan, NR_PLAN);
	digest(plan, NR_PLAN, want);
	CU_ASSERT_EQUAL(image_done(&img, want, why, sizeof(why)), 0);
	CU_ASSERT(img.overlap);
	/* Memory as the file says, B last: none of A's bytes left. */
	CU_ASSERT(!memcmp(ram + A_PADDR - PG, kernel + 5 * PG, 4 * PG));
	CU_ASSERT(written(A_PADDR, 2 * PG));
}

/* A ramdisk's run: nothing written, but outside RAM refused as data would be. */
static void ramdisk_runs(void)
{
	image_init(&img, 1, 3 * PG, false, RAM, RAM - 2 * PG);
	nr_writes = 0;
	memset(kernel, 0x5a, PG);
	CU_ASSERT_EQUAL(image_take(&img, 0, kernel, PG, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(image_take_zero(&img, PG, 2 * PG, why, sizeof(why)), -ENOEXEC);
	CU_ASSERT(strstr(why, "outside the domain's") != NULL);
	image_init(&img, 1, 3 * PG, false, RAM, RAM - 3 * PG);
	nr_writes = 0;
	CU_ASSERT_EQUAL(image_take_zero(&img, 0, 2 * PG, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(image_take(&img, 2 * PG, kernel, PG, why, sizeof(why)), 0);
	CU_ASSERT(nr_writes == 1 && writes[0].gpa == RAM - PG);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("dom0-image", NULL, NULL);
	if (!s || !CU_add_test(s, "runs-not-written", runs_not_written) ||
	    !CU_add_test(s, "plain-sha-refused", plain_sha_refused) ||
	    !CU_add_test(s, "records-in-digest", records_in_digest) ||
	    !CU_add_test(s, "hostile-order", hostile_order) ||
	    !CU_add_test(s, "runs-in-head-and-note", runs_in_head_and_note) ||
	    !CU_add_test(s, "overlapping-segments", overlapping_segments) ||
	    !CU_add_test(s, "ramdisk-runs", ramdisk_runs))
		return 1;
	return cunit_run();
}
