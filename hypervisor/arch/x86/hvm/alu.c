/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic of the emulated ALU forms (x86_alu(), asm/hvm/decode.h):
 * results and flags computed as the CPU computes them, checked in the unit
 * tests against the host CPU itself.
 */
#include <asm/hvm/decode.h>

#define X86_EFLAGS_CF		(1u << 0)
#define X86_EFLAGS_PF		(1u << 2)
#define X86_EFLAGS_AF		(1u << 4)
#define X86_EFLAGS_ZF		(1u << 6)
#define X86_EFLAGS_SF		(1u << 7)
#define X86_EFLAGS_OF		(1u << 11)
#define X86_EFLAGS_ARITH	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
				 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

static bool parity_even(uint64_t v)
{
	v &= 0xff;
	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return !(v & 1);
}

uint64_t x86_alu(enum x86_alu op, unsigned int size, uint64_t dst,
		 uint64_t src, uint64_t *rflags)
{
	uint64_t m = x86_size_mask(size), sign = 1ULL << (8 * size - 1);
	uint64_t cin = *rflags & X86_EFLAGS_CF ? 1 : 0, res, f = 0;
	bool carry = false, over = false;

	dst &= m;
	src &= m;
	switch (op) {
	case X86_ALU_ADD:
		cin = 0;
		/* fall through */
	case X86_ALU_ADC:
		res = (dst + src + cin) & m;
		carry = cin ? res <= dst : res < dst;
		over = (dst ^ res) & (src ^ res) & sign;
		f |= (dst ^ src ^ res) & 0x10 ? X86_EFLAGS_AF : 0;
		break;
	case X86_ALU_SUB:
	case X86_ALU_CMP:
		cin = 0;
		/* fall through */
	case X86_ALU_SBB:
		res = (dst - src - cin) & m;
		carry = cin ? dst <= src : dst < src;
		over = (dst ^ src) & (dst ^ res) & sign;
		f |= (dst ^ src ^ res) & 0x10 ? X86_EFLAGS_AF : 0;
		break;
	case X86_ALU_OR:
		res = dst | src;
		break;
	case X86_ALU_XOR:
		res = dst ^ src;
		break;
	default:	/* AND, TEST */
		res = dst & src;
		break;
	}
	f |= carry ? X86_EFLAGS_CF : 0;
	f |= over ? X86_EFLAGS_OF : 0;
	f |= res ? 0 : X86_EFLAGS_ZF;
	f |= res & sign ? X86_EFLAGS_SF : 0;
	f |= parity_even(res) ? X86_EFLAGS_PF : 0;
	*rflags = (*rflags & ~(uint64_t)X86_EFLAGS_ARITH) | f;
	return res;
}
