/* SPDX-License-Identifier: MIT */
/*
 * Start states of a vCPU: Xen's vcpu_hvm_context checked (Xen's own checks
 * first, then what VM entry would refuse, so that no context a guest
 * passes can fail an entry), and the state a startup IPI gives.
 */
#include <errno.h>
#include <string.h>
#include <xen/xen.h>
#include <xen/hvm/hvm_vcpu.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm/context.h>
#include <hv/vcpu.h>

#define CR0_VALID	0xe005003fULL	/* PE MP EM TS ET NE WP AM NW CD PG */
#define RFLAGS_VALID	0x3f7fd7ULL	/* CF..ID and the fixed bit 1 */
#define RFLAGS_FIXED	0x2ULL
#define RFLAGS_VM	(1u << 17)
#define TYPE_CODE	0x8
#define TYPE_WRITABLE	0x2	/* data: writable; code: readable */
#define TYPE_TSS_BUSY	0xb
#define PVH_FLAT_DATA	0xc93	/* G, D/B, P, S, read/write, accessed */

uint64_t hvm_cr4_guest_valid(void)
{
	uint32_t a, b, c, d, b7, c7;
	uint64_t ok = 0x7ff;	/* VME .. OSXMMEXCPT */

	cpuid_count(1, 0, &a, &b, &c, &d);
	cpuid_count(7, 0, &a, &b7, &c7, &d);
	if (c7 & (1u << 2))
		ok |= 1u << 11;		/* UMIP */
	if (b7 & (1u << 0))
		ok |= 1u << 16;		/* FSGSBASE */
	if (c & (1u << 17))
		ok |= 1u << 17;		/* PCIDE */
	if (b7 & (1u << 7))
		ok |= 1u << 20;		/* SMEP */
	if (b7 & (1u << 20))
		ok |= 1u << 21;		/* SMAP */
	return ok;
}

static struct hvm_seg seg(uint16_t ar, uint32_t limit, uint64_t base)
{
	return (struct hvm_seg){ .ar = ar, .limit = limit, .base = base };
}

/* Xen's check_segment(), on attributes with the accessed/busy bit set. */
static int check_seg(const struct hvm_seg *s, enum hvm_seg_reg r)
{
	unsigned int type = s->ar & 0xf;

	if (s->ar & 0xf000)
		return -EINVAL;
	if (!s->ar)
		return r == HVM_SEG_DS || r == HVM_SEG_ES ? 0 : -EINVAL;
	if (r == HVM_SEG_TR) {
		if ((s->ar & HVM_AR_S) || type != TYPE_TSS_BUSY)
			return -EINVAL;
	} else if (!(s->ar & HVM_AR_S)) {
		return -EINVAL;
	}
	if (!(s->ar & HVM_AR_P))
		return -EINVAL;
	if (r == HVM_SEG_CS && !(type & TYPE_CODE))
		return -EINVAL;
	if (r == HVM_SEG_SS && ((type & TYPE_CODE) || !(type & TYPE_WRITABLE)))
		return -EINVAL;
	if ((r == HVM_SEG_DS || r == HVM_SEG_ES) && (type & TYPE_CODE) &&
	    !(type & TYPE_WRITABLE))
		return -EINVAL;
	/* VM entry: a byte-granular limit below 1 MiB, else 4 KiB pages. */
	if ((s->ar & HVM_AR_G) ? (s->limit & 0xfff) != 0xfff
			       : s->limit > 0xfffff)
		return -EINVAL;
	return 0;
}

static int load32(const struct vcpu_hvm_x86_32 *r, struct guest_regs *regs,
		  struct hvm_vcpu_state *st)
{
	static const enum hvm_seg_reg order[] = {
		HVM_SEG_CS, HVM_SEG_DS, HVM_SEG_SS, HVM_SEG_ES, HVM_SEG_TR,
	};
	const uint32_t base[] = { r->cs_base, r->ds_base, r->ss_base,
				  r->es_base, r->tr_base };
	const uint32_t limit[] = { r->cs_limit, r->ds_limit, r->ss_limit,
				   r->es_limit, r->tr_limit };
	const uint16_t ar[] = { r->cs_ar, r->ds_ar, r->ss_ar, r->es_ar,
				r->tr_ar };
	struct hvm_seg *cs = &st->seg[HVM_SEG_CS], *ss = &st->seg[HVM_SEG_SS];
	unsigned int i;
	uint32_t cs_limit;
	int rc;

	if (r->pad1 || r->pad2[0] || r->pad2[1] || r->pad2[2])
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		struct hvm_seg *s = &st->seg[order[i]];

		*s = seg(ar[i], limit[i], base[i]);
		if (s->ar & HVM_AR_P)	/* accessed, or busy for TR */
			s->ar |= order[i] == HVM_SEG_TR ? 2 : 1;
		rc = check_seg(s, order[i]);
		if (rc)
			return rc;
	}
	cs_limit = cs->limit;
	if (cs->ar & HVM_AR_G)
		cs_limit = (cs_limit << 12) | 0xfff;
	if (r->eip > cs_limit || HVM_AR_DPL(ss->ar) != HVM_AR_DPL(cs->ar))
		return -EINVAL;
	for (i = HVM_SEG_ES; i <= HVM_SEG_DS; i += HVM_SEG_DS - HVM_SEG_ES)
		if ((st->seg[i].ar & HVM_AR_P) &&
		    HVM_AR_DPL(st->seg[i].ar) > HVM_AR_DPL(cs->ar))
			return -EINVAL;
	/* No selectors in the context: RPL 0, so VM entry wants CPL 0. */
	if (HVM_AR_DPL(cs->ar) || (cs->ar & HVM_AR_L))
		return -EINVAL;
	*regs = (struct guest_regs){
		.rax = r->eax, .rcx = r->ecx, .rdx = r->edx, .rbx = r->ebx,
		.rsp = r->esp, .rbp = r->ebp, .rsi = r->esi, .rdi = r->edi,
		.rip = r->eip, .rflags = r->eflags,
	};
	st->cr0 = r->cr0;
	st->cr3 = r->cr3;
	st->cr4 = r->cr4;
	st->efer = r->efer;
	st->seg[HVM_SEG_FS] = st->seg[HVM_SEG_GS] =
		seg(PVH_FLAT_DATA, 0xffffffff, 0);
	return 0;
}

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static int load64(const struct vcpu_hvm_x86_64 *r, struct guest_regs *regs,
		  struct hvm_vcpu_state *st)
{
	if (!canonical(r->rip) || !(r->cr0 & CR0_PG) || !(r->cr4 & CR4_PAE) ||
	    !(r->efer & EFER_LME))
		return -EINVAL;
	*regs = (struct guest_regs){
		.rax = r->rax, .rcx = r->rcx, .rdx = r->rdx, .rbx = r->rbx,
		.rsp = r->rsp, .rbp = r->rbp, .rsi = r->rsi, .rdi = r->rdi,
		.rip = r->rip, .rflags = r->rflags,
	};
	st->cr0 = r->cr0;
	st->cr3 = r->cr3;
	st->cr4 = r->cr4;
	st->efer = r->efer;
	st->seg[HVM_SEG_CS] = seg(0xa9b, 0xffffffff, 0);	/* 64-bit code */
	st->seg[HVM_SEG_DS] = seg(PVH_FLAT_DATA, 0xffffffff, 0);
	st->seg[HVM_SEG_ES] = st->seg[HVM_SEG_SS] = st->seg[HVM_SEG_FS] =
		st->seg[HVM_SEG_GS] = st->seg[HVM_SEG_DS];
	st->seg[HVM_SEG_TR] = seg(0x8b, 0x67, 0);	/* busy TSS */
	return 0;
}

/* The control registers and flags, as VM entry would check them. */
static int check_control(const struct guest_regs *regs,
			 struct hvm_vcpu_state *st)
{
	uint64_t cr0 = st->cr0, cr4 = st->cr4, efer = st->efer;
	bool paging = cr0 & CR0_PG;

	if ((efer & EFER_LMA) && !(efer & EFER_LME))
		return -EINVAL;		/* Xen's own check */
	if ((cr0 & ~CR0_VALID) || (paging && !(cr0 & CR0_PE)) ||
	    ((cr0 & CR0_NW) && !(cr0 & CR0_CD)) ||
	    (cr4 & ~hvm_cr4_guest_valid()) ||
	    (efer & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)) ||
	    (regs->rflags & ~RFLAGS_VALID) || (regs->rflags & RFLAGS_VM))
		return -EINVAL;
	if (paging && (efer & EFER_LME)) {
		if (!(cr4 & CR4_PAE) || (st->cr3 >> 52))
			return -EINVAL;
		efer |= EFER_LMA;
	} else {
		if ((paging && (cr4 & CR4_PAE)) || (cr4 & (1u << 17)) ||
		    (st->seg[HVM_SEG_CS].ar & HVM_AR_L))
			return -EINVAL;	/* PAE paging, PCIDE, L outside long mode */
		efer &= ~(uint64_t)EFER_LMA;
	}
	if ((st->seg[HVM_SEG_CS].ar & HVM_AR_L) && (st->seg[HVM_SEG_CS].ar & HVM_AR_DB))
		return -EINVAL;
	st->efer = efer;
	return 0;
}

int hvm_context_check(const struct vcpu_hvm_context *ctx,
		      struct guest_regs *regs, struct hvm_vcpu_state *st)
{
	struct guest_regs r;
	struct hvm_vcpu_state s;
	int rc;

	if (ctx->pad)
		return -EINVAL;
	memset(&s, 0, sizeof(s));
	switch (ctx->mode) {
	case VCPU_HVM_MODE_32B:
		rc = load32(&ctx->cpu_regs.x86_32, &r, &s);
		break;
	case VCPU_HVM_MODE_64B:
		rc = load64(&ctx->cpu_regs.x86_64, &r, &s);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (!rc)
		rc = check_control(&r, &s);
	if (rc)
		return rc;
	r.rflags |= RFLAGS_FIXED;
	s.seg[HVM_SEG_LDTR] = seg(0x82, 0xffff, 0);
	s.gdtr_limit = s.idtr_limit = 0xffff;
	*regs = r;
	*st = s;
	return 0;
}

void hvm_context_sipi(uint8_t vector, struct guest_regs *regs,
		      struct hvm_vcpu_state *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	*regs = (struct guest_regs){ .rdx = 0xf00, .rflags = RFLAGS_FIXED };
	st->cr0 = CR0_ET;
	for (i = HVM_SEG_ES; i <= HVM_SEG_GS; i++)
		st->seg[i] = seg(0x93, 0xffff, 0);	/* present r/w data */
	st->seg[HVM_SEG_CS] = seg(0x9b, 0xffff, (uint64_t)vector << 12);
	st->seg[HVM_SEG_CS].sel = (uint16_t)(vector << 8);
	st->seg[HVM_SEG_LDTR] = seg(0x82, 0xffff, 0);
	st->seg[HVM_SEG_TR] = seg(0x8b, 0xffff, 0);
	st->gdtr_limit = st->idtr_limit = 0xffff;
}
