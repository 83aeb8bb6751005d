/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the instruction decoder (arch/x86/hvm/decode.c) and the
 * ALU arithmetic of the emulator: the forms it accepts, decoded field by
 * field; hostile encodings (too long, truncated at every byte, register
 * operands, bad LOCKs, opcodes invalid in the mode, random bytes); and
 * x86_alu() against the host CPU's own flags.  Buffers are heap blocks of
 * exactly the bytes given, so AddressSanitizer catches any read past them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cunit_run.h>
#include <asm/hvm/decode.h>

#include "harness.h"

/* Decodes n bytes from a heap copy of exactly n bytes. */
static int dec(const uint8_t *bytes, size_t n, enum x86_mode mode,
	       struct x86_insn *in)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	memcpy(copy, bytes, n);
	rc = x86_decode(copy, n, mode, in);
	free(copy);
	return rc;
}

#define DEC(mode, in, ...)                                                   \
	({                                                                   \
		static const uint8_t b_[] = { __VA_ARGS__ };                 \
		dec(b_, sizeof(b_), mode, in);                               \
	})

static void mov_forms_64(void)
{
	struct x86_insn in;

	/* mov (%rbx), %eax */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x8b, 0x03), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_LOAD);
	CU_ASSERT_EQUAL(in.len, 2);
	CU_ASSERT_EQUAL(in.op_size, 4);
	CU_ASSERT_EQUAL(in.mem_size, 4);
	CU_ASSERT_EQUAL(in.addr_size, 8);
	CU_ASSERT_EQUAL(in.reg, 0);
	CU_ASSERT_EQUAL(in.base, 3);
	CU_ASSERT_EQUAL(in.index, -1);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_DS);
	/* mov %r12, 0x10(%r8,%r9,4) : REX.WRXB */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x4f, 0x89, 0x64, 0x88, 0x10), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_STORE);
	CU_ASSERT_EQUAL(in.op_size, 8);
	CU_ASSERT_EQUAL(in.reg, 12);
	CU_ASSERT_EQUAL(in.base, 8);
	CU_ASSERT_EQUAL(in.index, 9);
	CU_ASSERT_EQUAL(in.scale, 4);
	CU_ASSERT_EQUAL(in.disp, 0x10);
	CU_ASSERT_EQUAL(in.len, 5);
	/* mov 0x12345678(%rip), %ax */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x66, 0x8b, 0x05, 0x78, 0x56,
			    0x34, 0x12), 0);
	CU_ASSERT_TRUE(in.rip_relative);
	CU_ASSERT_EQUAL(in.op_size, 2);
	CU_ASSERT_EQUAL(in.disp, 0x12345678);
	CU_ASSERT_EQUAL(in.base, -1);
	/* movb $0x80, %fs:-8(%rbp) */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x64, 0xc6, 0x45, 0xf8, 0x80), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_STORE_IMM);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_FS);
	CU_ASSERT_EQUAL(in.disp, -8);
	CU_ASSERT_EQUAL(in.imm, 0x80);
	CU_ASSERT_EQUAL(in.op_size, 1);
	/* movq $-1, (%rax): imm32 sign-extended to 64 bits */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0xc7, 0x00, 0xff, 0xff,
			    0xff, 0xff), 0);
	CU_ASSERT_EQUAL(in.imm, ~0ULL);
	CU_ASSERT_EQUAL(in.len, 7);
	/* movabs 0x1122334455667788, %eax: 8-byte moffs */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xa1, 0x88, 0x77, 0x66, 0x55,
			    0x44, 0x33, 0x22, 0x11), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_LOAD);
	CU_ASSERT_EQUAL((uint64_t)in.disp, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(in.len, 9);
	/* %ds override ignored in 64-bit mode; (%rsp) defaults to SS */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x3e, 0x8b, 0x04, 0x24), 0);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_SS);
	/* REX before a legacy prefix is ignored: 48 66 8b 03 is 16-bit */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0x66, 0x8b, 0x03), 0);
	CU_ASSERT_EQUAL(in.op_size, 2);
	CU_ASSERT_FALSE(in.rex);
	/* movnti %rax, (%rdi) and movsxd (%rsi), %rcx */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0x0f, 0xc3, 0x07), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_STORE);
	CU_ASSERT_EQUAL(in.mem_size, 8);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0x63, 0x0e), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOVSX);
	CU_ASSERT_EQUAL(in.mem_size, 4);
	CU_ASSERT_EQUAL(in.op_size, 8);
	/* movzbl (%rax), %edx and movswq (%rax), %rdx */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0xb6, 0x10), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOVZX);
	CU_ASSERT_EQUAL(in.mem_size, 1);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0x0f, 0xbf, 0x10), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOVSX);
	CU_ASSERT_EQUAL(in.mem_size, 2);
}

static void alu_and_string_forms(void)
{
	struct x86_insn in;

	/* lock orl $2, (%rax): 83 /1 ib */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x83, 0x08, 0x02), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_ALU_IMM);
	CU_ASSERT_EQUAL(in.alu, X86_ALU_OR);
	CU_ASSERT_TRUE(in.lock);
	/* cmpl $-1, (%rbx): imm8 sign-extended to 32 bits */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x83, 0x3b, 0xff), 0);
	CU_ASSERT_EQUAL(in.alu, X86_ALU_CMP);
	CU_ASSERT_EQUAL(in.imm, 0xffffffffULL);
	/* sub (%rcx), %dl ; add %esi, (%rdi) ; test %eax, (%rbx) */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x2a, 0x11), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_ALU_LOAD);
	CU_ASSERT_EQUAL(in.alu, X86_ALU_SUB);
	CU_ASSERT_EQUAL(in.op_size, 1);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x01, 0x37), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_ALU_STORE);
	CU_ASSERT_EQUAL(in.reg, 6);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x85, 0x03), 0);
	CU_ASSERT_EQUAL(in.alu, X86_ALU_TEST);
	/* testw $0x8000, (%rax): F7 /0 iw */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x66, 0xf7, 0x00, 0x00, 0x80), 0);
	CU_ASSERT_EQUAL(in.imm, 0x8000);
	CU_ASSERT_EQUAL(in.len, 5);
	/* xchg %ecx, (%rdx) */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x87, 0x0a), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_XCHG);
	/* rep movsq ; rep stosb ; rep outsl with %fs source ; insw */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf3, 0x48, 0xa5), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOVS);
	CU_ASSERT_TRUE(in.rep);
	CU_ASSERT_EQUAL(in.op_size, 8);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf3, 0xaa), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_STOS);
	CU_ASSERT_EQUAL(in.op_size, 1);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x64, 0xf3, 0x6f), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_OUTS);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_FS);
	CU_ASSERT_EQUAL(in.op_size, 4);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x48, 0x6d), 0);
	CU_ASSERT_EQUAL(in.op_size, 4);	/* INS moves 4 bytes at most */
	CU_ASSERT_FALSE(in.rep);
	/* addr32 rep lodsb */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x67, 0xf3, 0xac), 0);
	CU_ASSERT_EQUAL(in.addr_size, 4);
}

static void modes_32_and_16(void)
{
	struct x86_insn in;

	/* 32-bit: mov 0xfee000b0, %eax through moffs (4-byte offset) */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0xa1, 0xb0, 0x00, 0xe0, 0xfe), 0);
	CU_ASSERT_EQUAL((uint32_t)in.disp, 0xfee000b0);
	CU_ASSERT_EQUAL(in.len, 5);
	CU_ASSERT_EQUAL(in.addr_size, 4);
	/* 32-bit: mod 0 rm 5 is an absolute disp32, not rip-relative */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x89, 0x05, 0x00, 0x00, 0xc0,
			    0xfe), 0);
	CU_ASSERT_FALSE(in.rip_relative);
	CU_ASSERT_EQUAL(in.base, -1);
	/* 32-bit: %es override kept; 0x40 is INC, not REX: refused */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x26, 0x8b, 0x03), 0);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_ES);
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x40, 0x8b, 0x03), -EINVAL);
	/* 82 /0 ib is ADD in 32-bit mode, invalid in 64-bit mode */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x82, 0x00, 0x01), 0);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x82, 0x00, 0x01), -EINVAL);
	/* 63 is ARPL outside 64-bit mode */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x63, 0x00), -EINVAL);
	/* 16-bit addressing: mov 4(%bp,%di), %ax defaults to SS */
	CU_ASSERT_EQUAL(DEC(X86_MODE_16, &in, 0x8b, 0x43, 0x04), 0);
	CU_ASSERT_EQUAL(in.op_size, 2);
	CU_ASSERT_EQUAL(in.addr_size, 2);
	CU_ASSERT_EQUAL(in.base, 5);
	CU_ASSERT_EQUAL(in.index, 7);
	CU_ASSERT_EQUAL(in.seg, X86_SEG_SS);
	/* 16-bit: mov [0x1234], eax with 66, disp16 */
	CU_ASSERT_EQUAL(DEC(X86_MODE_16, &in, 0x66, 0x89, 0x06, 0x34, 0x12), 0);
	CU_ASSERT_EQUAL(in.op_size, 4);
	CU_ASSERT_EQUAL(in.disp, 0x1234);
	CU_ASSERT_EQUAL(in.base, -1);
	/* 32-bit code with 67: 16-bit addressing */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x67, 0x8b, 0x07), 0);
	CU_ASSERT_EQUAL(in.addr_size, 2);
	CU_ASSERT_EQUAL(in.base, 3);	/* (%bx) */
}

/* MOV with debug and control registers (svm's DR and CR4 exits). */
static void mov_dr_cr(void)
{
	struct x86_insn in;

	/* mov %dr7, %rax ; mov %r9, %dr3 ; mov %rax, %cr4 */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0x21, 0xf8), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_FROM_DR);
	CU_ASSERT_EQUAL(in.reg, 7);
	CU_ASSERT_EQUAL(in.base, 0);
	CU_ASSERT_EQUAL(in.len, 3);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x41, 0x0f, 0x23, 0xd9), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_TO_DR);
	CU_ASSERT_EQUAL(in.reg, 3);
	CU_ASSERT_EQUAL(in.base, 9);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0x22, 0xe0), 0);
	CU_ASSERT_EQUAL(in.op, X86_OP_MOV_TO_CR);
	CU_ASSERT_EQUAL(in.reg, 4);
	/* the ModRM's mod does not matter; REX.R names DR8+ (refused later) */
	CU_ASSERT_EQUAL(DEC(X86_MODE_32, &in, 0x0f, 0x21, 0x00), 0);
	CU_ASSERT_EQUAL(in.base, 0);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x44, 0x0f, 0x21, 0xc0), 0);
	CU_ASSERT_EQUAL(in.reg, 8);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x0f, 0x23, 0xc0), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0x21), -ENODATA);
}

static void hostile_encodings(void)
{
	uint8_t b[32];
	struct x86_insn in;
	unsigned int i;

	/* 13 prefixes + 8b 03: exactly 15 bytes, accepted */
	memset(b, 0x3e, sizeof(b));
	b[13] = 0x8b;
	b[14] = 0x03;
	CU_ASSERT_EQUAL(dec(b, 15, X86_MODE_64, &in), 0);
	CU_ASSERT_EQUAL(in.len, 15);
	/* one prefix more: 16 bytes, #GP */
	memset(b, 0x3e, sizeof(b));
	b[14] = 0x8b;
	b[15] = 0x03;
	CU_ASSERT_EQUAL(dec(b, 16, X86_MODE_64, &in), -E2BIG);
	/* a run of prefixes that never ends */
	memset(b, 0x66, sizeof(b));
	CU_ASSERT_EQUAL(dec(b, sizeof(b), X86_MODE_64, &in), -E2BIG);
	/* 15 bytes with a 4-byte displacement and immediate still fitting */
	memset(b, 0x3e, sizeof(b));
	memcpy(b + 5, (const uint8_t[]){ 0xc7, 0x80, 1, 2, 3, 4, 5, 6, 7, 8 },
	       10);
	CU_ASSERT_EQUAL(dec(b, 15, X86_MODE_64, &in), 0);
	CU_ASSERT_EQUAL(in.imm, 0x08070605);
	memset(b, 0x3e, sizeof(b));
	memcpy(b + 6, (const uint8_t[]){ 0xc7, 0x80, 1, 2, 3, 4, 5, 6, 7, 8 },
	       10);
	CU_ASSERT_EQUAL(dec(b, 16, X86_MODE_64, &in), -E2BIG);
	/* register operands are not memory accesses */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x8b, 0xc3), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0xb6, 0xc0), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x87, 0xc0), -EINVAL);
	/* LOCK only on read-modify-write forms that store */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x8b, 0x03), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x39, 0x03), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x85, 0x03), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0xa4), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x01, 0x03), 0);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf0, 0x87, 0x03), 0);
	/* group members outside the list: C6 /1, F7 /2 (NOT), FF */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xc6, 0x08, 0x00), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xf7, 0x10), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0xff, 0xff), -EINVAL);
	/* MOVNTI has no 16-bit form; unknown two-byte opcodes */
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x66, 0x0f, 0xc3, 0x07), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0x0b), -EINVAL);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x0f, 0x01, 0xc1), -EINVAL);
	/* nothing at all, and a lone prefix */
	CU_ASSERT_EQUAL(dec(b, 0, X86_MODE_64, &in), -ENODATA);
	CU_ASSERT_EQUAL(DEC(X86_MODE_64, &in, 0x66), -ENODATA);
	/* every truncation of a long valid instruction asks for more */
	memcpy(b, (const uint8_t[]){ 0x64, 0x48, 0xc7, 0x84, 0x88, 1, 2, 3, 4,
				     5, 6, 7, 8 }, 13);
	CU_ASSERT_EQUAL(dec(b, 13, X86_MODE_64, &in), 0);
	CU_ASSERT_EQUAL(in.len, 13);
	for (i = 0; i < 13; i++)
		CU_ASSERT_EQUAL(dec(b, i, X86_MODE_64, &in), -ENODATA);
}

/* Random bytes in every mode: a known answer, and a length within bounds. */
static void random_bytes(void)
{
	static const enum x86_mode modes[] = { X86_MODE_16, X86_MODE_32,
					       X86_MODE_64 };
	uint8_t b[X86_MAX_INSN_LEN];
	struct x86_insn in;
	unsigned int i, j, accepted = 0;
	size_t n;
	int rc;

	srand(13);
	for (i = 0; i < 300000; i++) {
		n = (size_t)rand() % (sizeof(b) + 1);
		for (j = 0; j < n; j++)
			b[j] = (uint8_t)rand();
		rc = dec(b, n, modes[i % 3], &in);
		if (rc == 0) {
			accepted++;
			CU_ASSERT_TRUE(in.len >= 1 && in.len <= n);
			CU_ASSERT_TRUE(in.op_size == 1 || in.op_size == 2 ||
				       in.op_size == 4 || in.op_size == 8);
			CU_ASSERT_TRUE(in.mem_size >= 1 && in.mem_size <= 8);
			CU_ASSERT_TRUE(in.reg < 16);
			CU_ASSERT_TRUE(in.base >= -1 && in.base < 16);
			CU_ASSERT_TRUE(in.index >= -1 && in.index < 16);
			CU_ASSERT_TRUE(in.seg <= X86_SEG_GS);
		} else {
			CU_ASSERT_TRUE(rc == -EINVAL || rc == -ENODATA ||
				       rc == -E2BIG);
		}
	}
	CU_ASSERT_TRUE(accepted > 1000);
}

/* The host CPU's own answer for op at size bytes. */
static uint64_t native(enum x86_alu op, unsigned int size, uint64_t d,
		       uint64_t s, uint64_t *flags)
{
	uint64_t f = *flags & 0x8d5;	/* CF PF AF ZF SF OF in */

#define NATIVE(insn, suffix, reg)                                          \
	__asm__ volatile("push %2\n\tpopf\n\t" insn suffix " %" reg "3, %" reg \
			 "0\n\tpushf\n\tpop %1"                                \
			 : "+r"(d), "=r"(f)                                    \
			 : "r"(f), "r"(s)                                      \
			 : "cc")
#define NATIVE_SIZES(insn)                                                 \
	do {                                                               \
		if (size == 1) NATIVE(insn, "b", "b");                     \
		else if (size == 2) NATIVE(insn, "w", "w");                \
		else if (size == 4) NATIVE(insn, "l", "k");                \
		else NATIVE(insn, "q", "q");                               \
	} while (0)

	switch (op) {
	case X86_ALU_ADD: NATIVE_SIZES("add"); break;
	case X86_ALU_OR: NATIVE_SIZES("or"); break;
	case X86_ALU_ADC: NATIVE_SIZES("adc"); break;
	case X86_ALU_SBB: NATIVE_SIZES("sbb"); break;
	case X86_ALU_AND: NATIVE_SIZES("and"); break;
	case X86_ALU_SUB: NATIVE_SIZES("sub"); break;
	case X86_ALU_XOR: NATIVE_SIZES("xor"); break;
	case X86_ALU_CMP: NATIVE_SIZES("cmp"); break;
	default: NATIVE_SIZES("test"); break;
	}
	*flags = f;
	return d;
}

static uint64_t interesting(void)
{
	static const uint64_t v[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
				      0xffff, 0x7fffffff, 0x80000000,
				      0xffffffff, 0x7fffffffffffffffULL,
				      0x8000000000000000ULL, ~0ULL };

	return rand() % 2 ? v[(size_t)rand() % (sizeof(v) / sizeof(v[0]))]
			  : ((uint64_t)rand() << 33) ^ (uint64_t)rand();
}

static void alu_matches_cpu(void)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	const uint64_t arith = 0x8d5, af = 0x10;
	uint64_t d, s, fin, fe, fn, re, rn, m;
	unsigned int i, size;
	enum x86_alu op;

	srand(7);
	for (i = 0; i < 200000; i++) {
		op = (enum x86_alu)(i % 9);
		size = sizes[(i / 9) % 4];
		m = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
		d = interesting();
		s = interesting();
		fin = (uint64_t)rand() & arith;
		fe = fin | 0x2;
		fn = fin;
		re = x86_alu(op, size, d, s, &fe);
		rn = native(op, size, d, s, &fn);
		if (op == X86_ALU_CMP || op == X86_ALU_TEST)
			rn = (op == X86_ALU_CMP ? d - s : d & s);
		/* AF is undefined after the logical operations. */
		if (op == X86_ALU_OR || op == X86_ALU_AND ||
		    op == X86_ALU_XOR || op == X86_ALU_TEST)
			fn = (fn & ~af) | (fe & af);
		if ((re & m) != (rn & m) || (fe & arith) != (fn & arith)) {
			CU_FAIL("x86_alu differs from the CPU");
			return;
		}
		CU_ASSERT_EQUAL(fe & 0x2, 0x2);	/* other bits kept */
	}
}

static const struct harness_test tests[] = {
	{ "mov_forms_64", mov_forms_64 },
	{ "alu_and_string_forms", alu_and_string_forms },
	{ "modes_32_and_16", modes_32_and_16 },
	{ "mov_dr_cr", mov_dr_cr },
	{ "hostile_encodings", hostile_encodings },
	{ "random_bytes", random_bytes },
	{ "alu_matches_cpu", alu_matches_cpu },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("decode", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
