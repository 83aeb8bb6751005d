/* SPDX-License-Identifier: MIT */
/*
 * The x86 instruction decoder for device accesses (asm/hvm/decode.h).
 * Bytes are consumed through next(), which enforces both the bytes the
 * caller could fetch and the architectural 15-byte limit; every table
 * lookup is bounded; nothing here trusts the guest's bytes.
 */
#include <errno.h>
#include <string.h>
#include <asm/hvm/decode.h>

#define PFX_OPSIZE	0x66
#define PFX_ADDRSIZE	0x67
#define PFX_LOCK	0xf0
#define PFX_REPNE	0xf2
#define PFX_REP		0xf3
#define REX_W		8
#define REX_R		4
#define REX_X		2
#define REX_B		1

struct cursor {
	const uint8_t *buf;
	size_t avail, pos;
	int err;		/* the first error met, or 0 */
};

static uint8_t next(struct cursor *c)
{
	if (c->err)
		return 0;
	if (c->pos >= X86_MAX_INSN_LEN) {
		c->err = -E2BIG;
		return 0;
	}
	if (c->pos >= c->avail) {
		c->err = -ENODATA;
		return 0;
	}
	return c->buf[c->pos++];
}

/* A little-endian value of n bytes, sign-extended to 64 bits. */
static int64_t next_signed(struct cursor *c, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)next(c) << (8 * i);
	if (n < 8 && (v & (1ULL << (8 * n - 1))))
		v |= ~0ULL << (8 * n);
	return (int64_t)v;
}

/* 16-bit addressing: the eight base/index pairs of ModRM rm. */
static void modrm16(struct cursor *c, struct x86_insn *in, unsigned int mod,
		    unsigned int rm)
{
	static const int8_t base[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
	static const int8_t index[8] = { 6, 7, 6, 7, -1, -1, -1, -1 };

	in->base = base[rm];
	in->index = index[rm];
	in->scale = 1;
	if (mod == 0 && rm == 6) {
		in->base = -1;
		in->disp = next_signed(c, 2);
		return;
	}
	if (in->base == 5)	/* BP-based: SS by default */
		in->seg = X86_SEG_SS;
	if (mod == 1)
		in->disp = next_signed(c, 1);
	else if (mod == 2)
		in->disp = next_signed(c, 2);
}

/* 32- and 64-bit addressing, SIB and RIP-relative included. */
static void modrm32(struct cursor *c, struct x86_insn *in, unsigned int mod,
		    unsigned int rm, uint8_t rex, enum x86_mode mode)
{
	uint8_t sib;
	unsigned int idx, b;

	in->index = -1;
	in->scale = 1;
	if (rm == 4) {
		sib = next(c);
		idx = ((sib >> 3) & 7) | (rex & REX_X ? 8 : 0);
		b = sib & 7;
		in->scale = 1u << (sib >> 6);
		if (idx != 4)
			in->index = (int)idx;
		if (b == 5 && mod == 0) {
			in->base = -1;
			in->disp = next_signed(c, 4);
			return;
		}
		in->base = (int)(b | (rex & REX_B ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		in->base = -1;
		in->rip_relative = mode == X86_MODE_64;
		in->disp = next_signed(c, 4);
		return;
	} else {
		in->base = (int)(rm | (rex & REX_B ? 8 : 0));
	}
	if (in->base == 4 || in->base == 5)	/* rSP, rBP: SS by default */
		in->seg = X86_SEG_SS;
	if (mod == 1)
		in->disp = next_signed(c, 1);
	else if (mod == 2)
		in->disp = next_signed(c, 4);
}

/* The ModRM byte and its memory operand; -EINVAL for a register one. */
static int modrm(struct cursor *c, struct x86_insn *in, uint8_t rex,
		 enum x86_mode mode, bool seg_override, unsigned int *regfield)
{
	uint8_t m = next(c);
	unsigned int mod = m >> 6, rm = m & 7;
	enum x86_seg seg = in->seg;

	*regfield = (m >> 3) & 7;
	in->reg = *regfield | (rex & REX_R ? 8 : 0);
	if (c->err)
		return c->err;
	if (mod == 3)
		return -EINVAL;
	if (in->addr_size == 2)
		modrm16(c, in, mod, rm);
	else
		modrm32(c, in, mod, rm, rex, mode);
	if (seg_override)
		in->seg = seg;
	return c->err;
}

/* One-byte ALU opcodes 00..3f with a ModRM operand (low bits 0..3). */
static int alu_rm(struct x86_insn *in, uint8_t opc)
{
	in->alu = (enum x86_alu)(opc >> 3);
	if (!(opc & 1))
		in->op_size = 1;
	in->op = opc & 2 ? X86_OP_ALU_LOAD : X86_OP_ALU_STORE;
	return 0;
}

/* Immediates: Ib, or Iz (at most 4 bytes, sign-extended to 8). */
static void immediate(struct cursor *c, struct x86_insn *in, unsigned int n)
{
	in->imm = (uint64_t)next_signed(c, n) & x86_size_mask(in->op_size);
}

static unsigned int iz(const struct x86_insn *in)
{
	return in->op_size > 4 ? 4 : in->op_size;
}

static int string_op(struct x86_insn *in, uint8_t opc)
{
	if (!(opc & 1))
		in->op_size = 1;
	else if (in->op_size == 8 && (opc == 0x6d || opc == 0x6f))
		in->op_size = 4;	/* INS/OUTS move at most 4 bytes */
	switch (opc & ~1) {
	case 0xa4: in->op = X86_OP_MOVS; break;
	case 0xaa: in->op = X86_OP_STOS; break;
	case 0xac: in->op = X86_OP_LODS; break;
	case 0x6c: in->op = X86_OP_INS; break;
	default: in->op = X86_OP_OUTS; break;
	}
	return 0;
}

/* MOV from/to DRn, to CRn: the ModRM is a register pair whatever its mod. */
static int mov_dr(struct cursor *c, struct x86_insn *in, uint8_t rex,
		  uint8_t opc)
{
	uint8_t m = next(c);

	if (c->err)
		return c->err;
	in->op = opc == 0x21 ? X86_OP_MOV_FROM_DR
		 : opc == 0x22 ? X86_OP_MOV_TO_CR : X86_OP_MOV_TO_DR;
	in->reg = ((m >> 3) & 7) | (rex & REX_R ? 8 : 0);
	in->base = (int)((m & 7) | (rex & REX_B ? 8 : 0));
	in->index = -1;
	in->op_size = in->mem_size = 8;
	return 0;
}

/* Two-byte opcodes 0f xx. */
static int twobyte(struct cursor *c, struct x86_insn *in, uint8_t rex,
		   enum x86_mode mode, bool seg_override, bool opsize_pfx)
{
	uint8_t opc = next(c);
	unsigned int regfield;
	int rc;

	if (c->err)
		return c->err;
	if (opc == 0x21 || opc == 0x22 || opc == 0x23)
		return mov_dr(c, in, rex, opc);
	switch (opc) {
	case 0xb6: case 0xb7: case 0xbe: case 0xbf:
		in->op = opc & 8 ? X86_OP_MOVSX : X86_OP_MOVZX;
		in->mem_size = opc & 1 ? 2 : 1;
		break;
	case 0xc3:	/* MOVNTI: 32 or 64 bits, no 66 form */
		if (opsize_pfx)
			return -EINVAL;
		in->op = X86_OP_MOV_STORE;
		in->op_size = rex & REX_W ? 8 : 4;
		break;
	default:
		return -EINVAL;
	}
	rc = modrm(c, in, rex, mode, seg_override, &regfield);
	if (rc)
		return rc;
	if (in->op != X86_OP_MOV_STORE)
		return in->mem_size <= in->op_size ? 0 : -EINVAL;
	in->mem_size = in->op_size;
	return 0;
}

/* One-byte opcodes with a ModRM memory operand. */
static int onebyte_modrm(struct cursor *c, struct x86_insn *in, uint8_t opc,
			 uint8_t rex, enum x86_mode mode, bool seg_override)
{
	unsigned int regfield;
	int rc;

	if (opc < 0x40 && (opc & 7) < 4)
		alu_rm(in, opc);
	else if (opc == 0x63 && mode == X86_MODE_64)
		in->op = in->op_size == 8 ? X86_OP_MOVSX : X86_OP_MOV_LOAD;
	else if (opc >= 0x80 && opc <= 0x83 && (opc != 0x82 || mode != X86_MODE_64))
		in->op = X86_OP_ALU_IMM;
	else if (opc == 0x84 || opc == 0x85)
		in->op = X86_OP_ALU_STORE, in->alu = X86_ALU_TEST;
	else if (opc == 0x86 || opc == 0x87)
		in->op = X86_OP_XCHG;
	else if (opc >= 0x88 && opc <= 0x8b)
		in->op = opc & 2 ? X86_OP_MOV_LOAD : X86_OP_MOV_STORE;
	else if (opc == 0xc6 || opc == 0xc7)
		in->op = X86_OP_MOV_STORE_IMM;
	else if (opc == 0xf6 || opc == 0xf7)
		in->op = X86_OP_ALU_IMM, in->alu = X86_ALU_TEST;
	else
		return -EINVAL;
	if ((opc & 1) == 0 && opc >= 0x80)
		in->op_size = 1;
	rc = modrm(c, in, rex, mode, seg_override, &regfield);
	if (rc)
		return rc;
	in->mem_size = in->op_size;
	if (opc == 0x63) {
		in->mem_size = in->op_size == 8 ? 4 : in->op_size;
	} else if (opc >= 0x80 && opc <= 0x83) {
		in->alu = (enum x86_alu)regfield;
		immediate(c, in, opc == 0x81 ? iz(in) : 1);
	} else if (opc == 0xc6 || opc == 0xc7 || opc == 0xf6 || opc == 0xf7) {
		if (regfield != 0)
			return -EINVAL;
		immediate(c, in, opc & 1 ? iz(in) : 1);
	}
	return c->err;
}

/* MOV AL/eAX <-> moffs: the offset is address-sized. */
static int moffs(struct cursor *c, struct x86_insn *in, uint8_t opc)
{
	if (!(opc & 1))
		in->op_size = 1;
	in->mem_size = in->op_size;
	in->op = opc & 2 ? X86_OP_MOV_STORE : X86_OP_MOV_LOAD;
	in->reg = 0;
	in->base = in->index = -1;
	in->scale = 1;
	in->disp = next_signed(c, in->addr_size);
	return c->err;
}

/* Whether LOCK is allowed: read-modify-write forms that store. */
static bool lockable(const struct x86_insn *in)
{
	if (in->op == X86_OP_XCHG)
		return true;
	return (in->op == X86_OP_ALU_STORE || in->op == X86_OP_ALU_IMM) &&
	       in->alu != X86_ALU_CMP && in->alu != X86_ALU_TEST;
}

int x86_decode(const uint8_t *buf, size_t avail, enum x86_mode mode,
	       struct x86_insn *in)
{
	struct cursor c = { buf, avail, 0, 0 };
	bool opsize = false, addrsize = false, seg_override = false;
	uint8_t b, rex = 0, rep = 0;
	int rc;

	memset(in, 0, sizeof(*in));
	in->seg = X86_SEG_DS;
	for (;;) {
		b = next(&c);
		if (c.err)
			return c.err;
		if (mode == X86_MODE_64 && (b & 0xf0) == 0x40) {
			rex = b;	/* counts only right before the opcode */
			continue;
		}
		if (b == PFX_OPSIZE)
			opsize = true;
		else if (b == PFX_ADDRSIZE)
			addrsize = true;
		else if (b == PFX_LOCK)
			in->lock = true;
		else if (b == PFX_REP || b == PFX_REPNE)
			rep = b;
		else if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e)
			in->seg = (enum x86_seg)((b >> 3) & 3), seg_override = true;
		else if (b == 0x64 || b == 0x65)
			in->seg = (enum x86_seg)(b - 0x60), seg_override = true;
		else
			break;
		rex = 0;
	}
	/* In 64-bit mode the ES, CS, SS and DS overrides are ignored. */
	if (mode == X86_MODE_64 && in->seg < X86_SEG_FS)
		in->seg = X86_SEG_DS, seg_override = false;
	in->rex = rex != 0;
	if (mode == X86_MODE_64)
		in->addr_size = addrsize ? 4 : 8;
	else
		in->addr_size = (mode == X86_MODE_32) != addrsize ? 4 : 2;
	if (rex & REX_W)
		in->op_size = 8;
	else
		in->op_size = (mode == X86_MODE_16) != opsize ? 2 : 4;

	if (b == 0x0f)
		rc = twobyte(&c, in, rex, mode, seg_override, opsize);
	else if ((b >= 0xa4 && b <= 0xa5) || (b >= 0xaa && b <= 0xad) ||
		 (b >= 0x6c && b <= 0x6f))
		rc = string_op(in, b);
	else if (b >= 0xa0 && b <= 0xa3)
		rc = moffs(&c, in, b);
	else
		rc = onebyte_modrm(&c, in, b, rex, mode, seg_override);
	if (rc)
		return rc;
	if (in->lock && !lockable(in))
		return -EINVAL;
	switch (in->op) {
	case X86_OP_MOVS: case X86_OP_STOS: case X86_OP_LODS:
	case X86_OP_INS: case X86_OP_OUTS:
		in->rep = rep != 0;
		in->mem_size = in->op_size;
		break;
	default:
		break;
	}
	in->len = (unsigned int)c.pos;
	return 0;
}
