/* SPDX-License-Identifier: MIT */
/*
 * The emulator behind MMIO and string I/O (hvm_emulate(), asm/hvm.h): it
 * fetches the instruction at rip through the guest's page tables, decodes
 * it (decode.c), and performs its accesses one element at a time: RAM
 * through the p2m, everything else through the port and MMIO intercepts
 * (io.c), where no handler means all ones / dropped.
 *
 * Faults are the guest's: a page-table miss injects #PF with the error
 * code the CPU would give, a refused instruction #UD.  A REP string
 * instruction runs until rCX is 0, a fault, or a batch limit; in the last
 * two cases rip stays on it with rCX/rSI/rDI updated for what was done,
 * which is how the CPU itself leaves an interrupted REP.  With RFLAGS.TF
 * set the batch is one element: the CPU takes the single-step trap after
 * each iteration (hvm_retire() with length 0 until the last).
 */
#include <errno.h>
#include <string.h>
#include <asm/boot.h>
#include <asm/hvm.h>
#include <asm/hvm/cpustate.h>
#include <asm/hvm/decode.h>
#include <asm/hvm/io.h>
#include <asm/pci.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/mm.h>

/* Elements of a REP string instruction done in one exit. */
#define REP_BATCH		1024

#define X86_EFLAGS_DF		(1u << 10)

struct emu {
	struct vcpu *v;
	struct hvm_cpu_state st;
	uint64_t seg_base[6];	/* enum x86_seg order */
	struct x86_insn in;
	enum x86_mode mode;
};

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* The linear address of seg:ea; -EFAULT after injecting #GP if invalid. */
static int linear(struct emu *e, enum x86_seg seg, uint64_t ea, uint64_t *la)
{
	uint64_t base = e->seg_base[seg];

	ea &= x86_size_mask(e->in.addr_size);
	if (e->mode == X86_MODE_64) {
		*la = (seg >= X86_SEG_FS ? base : 0) + ea;
		if (!canonical(*la)) {
			hvm_ops->inject_exception(e->v, X86_EXC_GP, 0);
			return -EFAULT;
		}
	} else {
		*la = (uint32_t)(base + ea);
	}
	return 0;
}

/* One access within a page: RAM if the p2m maps it, else the intercepts. */
static int access_page(struct emu *e, uint64_t la, unsigned int size,
		       bool write, uint64_t *val)
{
	unsigned int acc = (write ? PFEC_WRITE : 0) |
			   (e->st.cpl == 3 ? PFEC_USER : 0);
	struct domain *d = e->v->domain;
	unsigned int perms;
	uint64_t gpa;
	paddr_t maddr;
	uint32_t pfec;
	char *p;

	if (guest_walk(e->v, la, acc, &gpa, &pfec)) {
		hvm_ops->inject_page_fault(e->v, la, pfec);
		return -EFAULT;
	}
	if (p2m_get(&d->p2m, gpa >> PAGE_SHIFT, &maddr, &perms)) {
		hvm_io_access(e->v, HVM_IO_MMIO, gpa, size, write, val);
		if (!write)
			*val &= x86_size_mask(size);
		return 0;
	}
	if (write && !(perms & P2M_WRITE)) {
		/* A read-only mapping (a grant, say): #GP, as Xen gives. */
		hvm_ops->inject_exception(e->v, X86_EXC_GP, 0);
		return -EFAULT;
	}
	p = (char *)maddr_to_virt(maddr) + (gpa & (PAGE_SIZE - 1));
	if (write) {
		memcpy(p, val, size);
	} else {
		*val = 0;
		memcpy(val, p, size);
	}
	return 0;
}

/* size bytes at seg:ea; one that crosses a page goes byte by byte. */
static int mem(struct emu *e, enum x86_seg seg, uint64_t ea, unsigned int size,
	       bool write, uint64_t *val)
{
	uint64_t la, byte;
	unsigned int i;
	int rc;

	rc = linear(e, seg, ea, &la);
	if (rc)
		return rc;
	if ((la & (PAGE_SIZE - 1)) + size <= PAGE_SIZE)
		return access_page(e, la, size, write, val);
	if (!write)
		*val = 0;
	for (i = 0; i < size; i++) {
		rc = linear(e, seg, ea + i, &la);
		if (rc)
			return rc;
		byte = (*val >> (8 * i)) & 0xff;
		rc = access_page(e, la, 1, write, &byte);
		if (rc)
			return rc;
		if (!write)
			*val |= (byte & 0xff) << (8 * i);
	}
	return 0;
}

/* A register operand: byte registers 4..7 are AH..BH without REX. */
static uint64_t reg_read(struct emu *e, unsigned int n, unsigned int size)
{
	struct guest_regs *r = &e->v->regs;

	if (size == 1 && !e->in.rex && n >= 4 && n < 8)
		return (*guest_gpr(r, n - 4) >> 8) & 0xff;
	return *guest_gpr(r, n) & x86_size_mask(size);
}

/* Writes as the CPU does: 32-bit results clear the upper half. */
static void reg_write(struct emu *e, unsigned int n, unsigned int size,
		      uint64_t val)
{
	struct guest_regs *r = &e->v->regs;
	uint64_t *g;

	if (size == 1 && !e->in.rex && n >= 4 && n < 8) {
		g = guest_gpr(r, n - 4);
		*g = (*g & ~0xff00ULL) | ((val & 0xff) << 8);
		return;
	}
	g = guest_gpr(r, n);
	if (size >= 4)
		*g = val & x86_size_mask(size);
	else
		*g = (*g & ~x86_size_mask(size)) | (val & x86_size_mask(size));
}

static uint64_t sign_extend(uint64_t val, unsigned int from)
{
	unsigned int shift = 64 - 8 * from;

	return (uint64_t)((int64_t)(val << shift) >> shift);
}

static uint64_t effective_address(struct emu *e)
{
	const struct x86_insn *in = &e->in;
	struct guest_regs *r = &e->v->regs;
	uint64_t ea = (uint64_t)in->disp;

	if (in->base >= 0)
		ea += *guest_gpr(r, (unsigned int)in->base);
	if (in->index >= 0)
		ea += *guest_gpr(r, (unsigned int)in->index) * in->scale;
	if (in->rip_relative)
		ea += r->rip + in->len;
	return ea;
}

static bool alu_stores(enum x86_alu op)
{
	return op != X86_ALU_CMP && op != X86_ALU_TEST;
}

/* The forms with one ModRM (or moffs) memory operand.  0 or -EFAULT. */
static int one_operand(struct emu *e)
{
	const struct x86_insn *in = &e->in;
	uint64_t ea = effective_address(e), val, res;
	uint64_t *fl = &e->v->regs.rflags;
	int rc;

	switch (in->op) {
	case X86_OP_MOV_LOAD:
	case X86_OP_MOVZX:
	case X86_OP_MOVSX:
		rc = mem(e, in->seg, ea, in->mem_size, false, &val);
		if (!rc)
			reg_write(e, in->reg, in->op_size,
				  in->op == X86_OP_MOVSX
					  ? sign_extend(val, in->mem_size)
					  : val);
		return rc;
	case X86_OP_MOV_STORE:
		val = reg_read(e, in->reg, in->op_size);
		return mem(e, in->seg, ea, in->mem_size, true, &val);
	case X86_OP_MOV_STORE_IMM:
		val = in->imm;
		return mem(e, in->seg, ea, in->mem_size, true, &val);
	case X86_OP_ALU_LOAD:
		rc = mem(e, in->seg, ea, in->mem_size, false, &val);
		if (rc)
			return rc;
		res = x86_alu(in->alu, in->op_size,
			      reg_read(e, in->reg, in->op_size), val, fl);
		if (alu_stores(in->alu))
			reg_write(e, in->reg, in->op_size, res);
		return 0;
	case X86_OP_ALU_STORE:
	case X86_OP_ALU_IMM:
		rc = mem(e, in->seg, ea, in->mem_size, false, &val);
		if (rc)
			return rc;
		res = x86_alu(in->alu, in->op_size, val,
			      in->op == X86_OP_ALU_IMM
				      ? in->imm
				      : reg_read(e, in->reg, in->op_size),
			      fl);
		return alu_stores(in->alu)
			       ? mem(e, in->seg, ea, in->mem_size, true, &res)
			       : 0;
	case X86_OP_XCHG:
		rc = mem(e, in->seg, ea, in->mem_size, false, &val);
		if (rc)
			return rc;
		res = reg_read(e, in->reg, in->op_size);
		rc = mem(e, in->seg, ea, in->mem_size, true, &res);
		if (!rc)
			reg_write(e, in->reg, in->op_size, val);
		return rc;
	default:
		return -EINVAL;
	}
}

/* rSI / rDI / rCX as the address size sees them. */
static void index_step(struct emu *e, uint64_t *reg, int64_t delta)
{
	uint64_t m = x86_size_mask(e->in.addr_size);

	if (e->in.addr_size == 4)
		*reg = (uint32_t)(*reg + (uint64_t)delta);
	else
		*reg = (*reg & ~m) | ((*reg + (uint64_t)delta) & m);
}

/* One element of a string form.  0 or -EFAULT (fault injected). */
static int string_element(struct emu *e)
{
	const struct x86_insn *in = &e->in;
	struct guest_regs *r = &e->v->regs;
	unsigned int size = in->op_size;
	int64_t step = r->rflags & X86_EFLAGS_DF ? -(int64_t)size : size;
	uint64_t val = 0;
	int rc = 0;

	switch (in->op) {
	case X86_OP_MOVS:
		rc = mem(e, in->seg, r->rsi, size, false, &val);
		if (!rc)
			rc = mem(e, X86_SEG_ES, r->rdi, size, true, &val);
		break;
	case X86_OP_STOS:
		val = r->rax;
		rc = mem(e, X86_SEG_ES, r->rdi, size, true, &val);
		break;
	case X86_OP_LODS:
		rc = mem(e, in->seg, r->rsi, size, false, &val);
		if (!rc)
			reg_write(e, 0, size, val);
		break;
	case X86_OP_INS:
		hvm_io_access(e->v, HVM_IO_PORT, (uint16_t)r->rdx, size, false,
			      &val);
		val &= x86_size_mask(size);
		rc = mem(e, X86_SEG_ES, r->rdi, size, true, &val);
		break;
	default:	/* OUTS */
		rc = mem(e, in->seg, r->rsi, size, false, &val);
		if (!rc)
			hvm_io_access(e->v, HVM_IO_PORT, (uint16_t)r->rdx, size,
				      true, &val);
		break;
	}
	if (rc)
		return rc;
	if (in->op == X86_OP_MOVS || in->op == X86_OP_LODS ||
	    in->op == X86_OP_OUTS)
		index_step(e, &r->rsi, step);
	if (in->op != X86_OP_LODS && in->op != X86_OP_OUTS)
		index_step(e, &r->rdi, step);
	return 0;
}

/*
 * 1: done (step rip), 0: stopped early after at least one element (rip
 * stays), -EFAULT: fault.
 */
static int string_op(struct emu *e)
{
	struct guest_regs *r = &e->v->regs;
	uint64_t m = x86_size_mask(e->in.addr_size);
	unsigned int n, batch = r->rflags & X86_EFLAGS_TF ? 1 : REP_BATCH;
	int rc;

	if (!e->in.rep)
		return string_element(e) ? -EFAULT : 1;
	for (n = 0; n < batch; n++) {
		if (!(r->rcx & m))
			return 1;
		rc = string_element(e);
		if (rc)
			return rc;
		index_step(e, &r->rcx, -1);
	}
	return r->rcx & m ? 0 : 1;
}

/* MOV to CRn for a back end that asks (write_cr): 1 done, -EFAULT #GP/#UD. */
static int write_cr(struct emu *e)
{
	uint64_t val = *guest_gpr(&e->v->regs, (unsigned int)e->in.base);

	if (!hvm_ops->write_cr || e->st.cpl) {
		hvm_ops->inject_exception(e->v, hvm_ops->write_cr ? X86_EXC_GP
								  : X86_EXC_UD,
					  hvm_ops->write_cr ? 0 : -1);
		return -EFAULT;
	}
	if (e->mode != X86_MODE_64)
		val = (uint32_t)val;
	if (hvm_ops->write_cr(e->v, e->in.reg, val)) {
		hvm_ops->inject_exception(e->v, X86_EXC_GP, 0);
		return -EFAULT;
	}
	return 1;
}

/*
 * Fetches up to 15 bytes at cs:rip into buf; returns how many.  A page the
 * guest's tables do not map stops it, with the #PF to give in *fault_la
 * and *pfec (*faulted set); code with nothing behind it in the p2m reads
 * as 0xff bytes, as unbacked memory does.
 */
static size_t fetch(struct emu *e, uint8_t *buf, bool *faulted,
		    uint64_t *fault_la, uint32_t *pfec)
{
	unsigned int acc = PFEC_FETCH | (e->st.cpl == 3 ? PFEC_USER : 0);
	uint64_t la, gpa;
	size_t got = 0, chunk;
	unsigned int perms;
	paddr_t maddr;

	*faulted = false;
	while (got < X86_MAX_INSN_LEN) {
		la = e->v->regs.rip + got;
		if (e->mode != X86_MODE_64)
			la = (uint32_t)(la + e->seg_base[X86_SEG_CS]);
		else if (!canonical(la))
			break;
		chunk = PAGE_SIZE - (la & (PAGE_SIZE - 1));
		if (chunk > X86_MAX_INSN_LEN - got)
			chunk = X86_MAX_INSN_LEN - got;
		if (guest_walk(e->v, la, acc, &gpa, pfec)) {
			*faulted = true;
			*fault_la = la;
			break;
		}
		if (p2m_get(&e->v->domain->p2m, gpa >> PAGE_SHIFT, &maddr,
			    &perms))
			memset(buf + got, 0xff, chunk);
		else
			memcpy(buf + got, (char *)maddr_to_virt(maddr) +
					  (gpa & (PAGE_SIZE - 1)), chunk);
		got += chunk;
	}
	return got;
}

static enum x86_mode cpu_mode(const struct hvm_cpu_state *st)
{
	if (st->long_mode)
		return X86_MODE_64;
	return (st->cr0 & CR0_PE) && st->cs_db ? X86_MODE_32 : X86_MODE_16;
}

void hvm_emulate(struct vcpu *v)
{
	struct emu e = { .v = v };
	uint8_t buf[X86_MAX_INSN_LEN];
	uint64_t fault_la = 0;
	uint32_t pfec = 0;
	bool faulted;
	size_t got;
	int rc;

	hvm_ops->get_cpu_state(v, &e.st);
	hvm_ops->get_seg_bases(v, e.seg_base);
	e.mode = cpu_mode(&e.st);
	got = fetch(&e, buf, &faulted, &fault_la, &pfec);
	rc = x86_decode(buf, got, e.mode, &e.in);
	if (rc == -ENODATA && faulted) {
		hvm_ops->inject_page_fault(v, fault_la, pfec);
		return;
	}
	if (rc) {
		hvm_ops->inject_exception(v, rc == -E2BIG ? X86_EXC_GP : X86_EXC_UD,
					  rc == -E2BIG ? 0 : -1);
		return;
	}
	switch (e.in.op) {
	case X86_OP_MOV_FROM_DR:
	case X86_OP_MOV_TO_DR:
		hvm_dr_access(v, e.in.reg, (unsigned int)e.in.base,
			      e.in.op == X86_OP_MOV_TO_DR, e.in.len);
		return;
	case X86_OP_MOV_TO_CR:
		rc = write_cr(&e);
		break;
	case X86_OP_MOVS: case X86_OP_STOS: case X86_OP_LODS:
	case X86_OP_INS: case X86_OP_OUTS:
		rc = string_op(&e);
		break;
	default:
		rc = one_operand(&e) ? -EFAULT : 1;
		break;
	}
	if (rc == 1) {
		hvm_retire(v, e.in.len);
		if (e.mode != X86_MODE_64)
			v->regs.rip = (uint32_t)v->regs.rip;
	} else if (rc == 0) {
		hvm_retire(v, 0);	/* iterations done, more to do */
	}
}

void hvm_p2m_fault(struct vcpu *v, uint64_t gpa, bool present, bool write,
		   bool in_delivery)
{
	/* Dom0's first touch of a page of device memory: map it, retry. */
	if (!present && v->domain->is_privileged &&
	    !pci_dom0_mmio_fault(v->domain, gpa))
		return;
	if (in_delivery)
		domain_crash(v->domain,
			     "event delivery touched gpa %#lx, which has %s, rip %#lx",
			     gpa, present ? "no such rights" : "nothing behind it",
			     v->regs.rip);
	else if (!present)
		hvm_emulate(v);
	else if (write)
		hvm_ops->inject_exception(v, X86_EXC_GP, 0);
	else
		domain_crash(v->domain, "p2m fault at gpa %#lx with the page mapped, rip %#lx",
			     gpa, v->regs.rip);
}
