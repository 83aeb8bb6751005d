/* SPDX-License-Identifier: MIT */
/*
 * A domain's images as they stream in (builder.h): each piece is hashed
 * and written straight into the domain's memory through foreign mappings.
 * A zero run (OP_UPLOAD_ZERO) takes its place in the order like data but
 * is hashed as its 16-byte encoding (msg_zero_run_encode) and written
 * nowhere: a new domain's frames read zero (the hypervisor scrubs every
 * frame it frees and zeroes fresh ones when it first hands them out) and
 * nothing is written into the images' ranges before the upload.  The one
 * exception is a kernel whose PT_LOAD segments overlap in guest-physical
 * memory, where a later segment's zeros must cover an earlier one's
 * bytes: there zero runs are written.
 * The kernel's first IMAGE_HEAD bytes are kept to read its ELF headers
 * (the shared reader, <xrt/elf.h>), which place every later byte; its
 * notes are scanned as they pass (zeros included).  The ramdisk goes, as
 * is, to where the builder says.
 */
#ifndef DOM0_BUILDER_IMAGE_H
#define DOM0_BUILDER_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <xrt/elf.h>
#include <xrt/sha256.h>
#include <xen/xen.h>

#define IMAGE_HEAD	4096	/* ELF and program headers must lie in these */
#define IMAGE_NOTES	4096	/* PT_NOTE bytes kept past the head */

struct image {
	domid_t domid;
	uint64_t size, received;
	uint64_t ram_limit;		/* bytes of RAM the image may fill */
	uint64_t load_at;		/* the ramdisk: where it goes */
	bool is_kernel, parsed;
	bool overlap;			/* PT_LOAD segments overlap: write zeros */
	struct sha256 sha;
	struct elf_image elf;		/* the kernel, once parsed */
	uint8_t head[IMAGE_HEAD];
	uint8_t notes[IMAGE_NOTES];
	uint64_t notes_off, notes_len;	/* the PT_NOTE segment kept */
	uint64_t hash_ns, copy_ns;	/* time spent hashing, writing to the domain */
	uint64_t zero_bytes;		/* of received, those that came as zero runs */
};

/* Starts an image of size bytes for domid. */
void image_init(struct image *img, domid_t domid, uint64_t size, bool is_kernel,
		uint64_t ram_limit, uint64_t load_at);

/*
 * Takes len bytes at offset (which must be where the last piece ended).
 * 0, or -errno with why: -EINVAL (out of order, past the size), -ENOEXEC
 * (not a usable ELF, a segment outside RAM), the foreign map's error.
 */
int image_take(struct image *img, uint64_t offset, const uint8_t *data,
	       uint32_t len, char *why, size_t why_size);

/*
 * Takes a run of len zero bytes at offset, checked as image_take() checks
 * data (the same errors); nothing is written unless the kernel's segments
 * overlap.
 */
int image_take_zero(struct image *img, uint64_t offset, uint64_t len,
		    char *why, size_t why_size);

/*
 * The whole image arrived: checks the upload digest (msg.h: the data
 * bytes and each zero run's encoding, in order) and, for the kernel, its
 * PVH entry.  0, -EINVAL (short), -EBADMSG (the digest differs), -ENOEXEC.
 */
int image_done(struct image *img, const uint8_t sha256[32], char *why,
	       size_t why_size);

#endif
