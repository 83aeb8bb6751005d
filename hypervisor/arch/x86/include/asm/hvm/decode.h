/* SPDX-License-Identifier: MIT */
/*
 * The x86 instruction decoder for device accesses: given the bytes at a
 * guest's rip, it says which memory-touching instruction they are, with
 * its operands, sizes, prefixes and length.  It knows only the forms
 * compilers emit for device access; everything else is refused, and the
 * emulator (hvm_emulate(), asm/hvm.h) turns a refusal into the fault the
 * guest gets.  It is pure: no guest state, no side effects, so that it can
 * be fed hostile bytes in unit tests.
 *
 * Forms accepted (all with a memory operand, never a register one):
 *   MOV r/m,r  MOV r,r/m  MOV r/m,imm  MOV AL/eAX,moffs  MOV moffs,AL/eAX
 *   MOVZX  MOVSX  MOVSXD  MOVNTI
 *   ADD OR ADC SBB AND SUB XOR CMP, both directions and with immediates
 *   TEST r/m,r  TEST r/m,imm  XCHG r/m,r
 *   MOVS STOS LODS INS OUTS, with REP
 * And MOV to or from a debug register (0F 21, 0F 23) and to a control
 * register (0F 22), for the svm back end, whose intercepts do not say
 * which register the guest named.
 * Prefixes: operand and address size, segment overrides, REX, REP/REPNE
 * (string forms; ignored elsewhere), LOCK (on the read-modify-write forms
 * that allow it).
 */
#ifndef ASM_HVM_DECODE_H
#define ASM_HVM_DECODE_H

#include <hv/types.h>

/* Longest x86 instruction: a longer one raises #GP. */
#define X86_MAX_INSN_LEN	15

/* The code segment's default operand and address size. */
enum x86_mode {
	X86_MODE_16,	/* real mode, or a 16-bit code segment */
	X86_MODE_32,	/* CS.D set, not 64-bit */
	X86_MODE_64,	/* long mode with CS.L */
};

/* Segment registers by their encoding. */
enum x86_seg {
	X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS,
};

enum x86_op {
	X86_OP_MOV_LOAD,	/* reg = mem */
	X86_OP_MOV_STORE,	/* mem = reg (MOVNTI too) */
	X86_OP_MOV_STORE_IMM,	/* mem = imm */
	X86_OP_MOVZX,		/* reg = zero-extended mem (mem_size < op_size) */
	X86_OP_MOVSX,		/* reg = sign-extended mem */
	X86_OP_ALU_LOAD,	/* reg = reg alu mem; flags */
	X86_OP_ALU_STORE,	/* mem = mem alu reg; flags (CMP/TEST: no store) */
	X86_OP_ALU_IMM,		/* mem = mem alu imm; flags (CMP/TEST: no store) */
	X86_OP_XCHG,		/* mem <-> reg */
	X86_OP_MOVS,		/* ES:rDI = seg:rSI */
	X86_OP_STOS,		/* ES:rDI = rAX */
	X86_OP_LODS,		/* rAX = seg:rSI */
	X86_OP_INS,		/* ES:rDI = port DX */
	X86_OP_OUTS,		/* port DX = seg:rSI */
	X86_OP_MOV_FROM_DR,	/* GPR base = DR reg (no memory operand) */
	X86_OP_MOV_TO_DR,	/* DR reg = GPR base */
	X86_OP_MOV_TO_CR,	/* CR reg = GPR base */
};

/* The arithmetic of the ALU forms; the first eight in opcode order. */
enum x86_alu {
	X86_ALU_ADD, X86_ALU_OR, X86_ALU_ADC, X86_ALU_SBB,
	X86_ALU_AND, X86_ALU_SUB, X86_ALU_XOR, X86_ALU_CMP,
	X86_ALU_TEST,
};

struct x86_insn {
	enum x86_op op;
	enum x86_alu alu;		/* the ALU forms only */
	unsigned int len;		/* bytes, prefixes included */
	unsigned int op_size;		/* register / immediate operand: 1, 2, 4, 8 */
	unsigned int mem_size;		/* bytes the memory operand moves */
	unsigned int addr_size;		/* 2, 4 or 8 */
	enum x86_seg seg;		/* memory operand's (string: the source's) */
	unsigned int reg;		/* register operand, 0..15 (REX.R included) */
	bool rex;			/* a REX prefix: byte registers 4..7 are
					   SPL, BPL, SIL, DIL rather than AH..BH */
	bool rep;			/* F3 or F2 on a string form */
	bool lock;
	/*
	 * The ModRM memory operand (not for string forms):
	 * ea = base + index * scale + disp (+ next rip when rip_relative),
	 * truncated to addr_size.  base and index: register numbers, or -1.
	 */
	int base, index;
	unsigned int scale;
	int64_t disp;
	bool rip_relative;
	uint64_t imm;			/* sign-extended to op_size, then masked */
};

/* The bits of a size-byte operand (1, 2, 4 or 8). */
static inline uint64_t x86_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/*
 * Decodes the instruction at buf, of which avail bytes could be read,
 * for a code segment of the given mode.  Fills *insn and returns 0, or:
 *   -ENODATA  it needs more than avail bytes (the caller reflects the
 *             fault that stopped its fetch);
 *   -E2BIG    it is longer than X86_MAX_INSN_LEN (#GP(0) on hardware);
 *   -EINVAL   anything else: an opcode outside the list above, a register
 *             operand, a LOCK where none is allowed, an encoding invalid
 *             in this mode (#UD for the guest).
 */
int x86_decode(const uint8_t *buf, size_t avail, enum x86_mode mode,
	       struct x86_insn *insn);

/*
 * The arithmetic of the ALU forms as the CPU does it: returns dst op src
 * at size bytes (1, 2, 4, 8) and sets RFLAGS' CF, PF, AF, ZF, SF and OF in
 * *rflags (ADC and SBB read CF from it; AF is 0 after the logical ones);
 * the other bits of *rflags are kept.
 */
uint64_t x86_alu(enum x86_alu op, unsigned int size, uint64_t dst,
		 uint64_t src, uint64_t *rflags);

#endif
