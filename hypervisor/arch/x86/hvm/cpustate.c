/* SPDX-License-Identifier: MIT */
/*
 * Debug registers, DEBUGCTL, the MTRRs, TSC_AUX and the AMD configuration
 * MSRs per vCPU (asm/hvm/cpustate.h).
 */
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/hvm.h>
#include <asm/hvm/cpustate.h>
#include <hv/domain.h>

#define MSR_MTRRCAP		0x0fe
#define MSR_MTRR_VAR_FIRST	0x200
#define MSR_MISC_ENABLE		0x1a0
#define MSR_DEBUGCTL		0x1d9
#define MSR_MTRR_FIX64K		0x250
#define MSR_MTRR_FIX16K		0x258	/* and 0x259 */
#define MSR_MTRR_FIX4K		0x268	/* to 0x26f */
#define MSR_MTRR_DEF_TYPE	0x2ff
#define MSR_TSC_AUX		0xc0000103
#define MSR_SYSCFG		0xc0010010
#define MSR_TOP_MEM1		0xc001001a
#define MSR_TOP_MEM2		0xc001001d
#define MSR_VM_CR		0xc0010114
#define MSR_EX_CFG		0xc001102c

#define MTRRCAP_XEN		0x508	/* VCNT 8, FIX, WC */
#define DEBUGCTL_XEN		0x3	/* LBR, BTF */
#define MTRR_DEF_E		(1u << 11)
#define MTRR_DEF_FE		(1u << 10)
#define MTRR_VAR_MASK_V		(1u << 11)
#define SYSCFG_XEN		(1u << 18)	/* MtrrFixDramEn */
#define CPUID81_EDX_RDTSCP	(1u << 27)
#define CPUID7_ECX_RDPID	(1u << 22)

#define DR6_FIXED1		0xffff0ff0ULL
#define DR6_WRITABLE		0xe00fULL	/* B0-B3, BD, BS, BT */
#define DR6_B0_B3		0xfULL
#define DR7_FIXED1		0x400ULL
#define DR7_WRITABLE		0xffff23ffULL	/* L/G0-3, LE, GE, GD, RW/LEN */
#define DR7_GD			(1u << 13)
#define CR4_DE			(1u << 3)

void hvm_cpustate_init(struct hvm_cpustate *cs)
{
	*cs = (struct hvm_cpustate){ .dr6 = DR6_FIXED1, .dr7 = DR7_FIXED1,
				     .mtrr_def_type = MTRR_DEF_E | 6 };
}

static struct hvm_cpustate *cs_of(struct vcpu *v)
{
	return &v->cpustate;
}

/* UC, WC, WT, WP, WB: the memory types an MTRR may hold. */
static bool mtrr_type_ok(uint64_t t)
{
	return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

bool hvm_pat_valid(uint64_t pat)
{
	unsigned int b;

	for (b = 0; b < 64; b += 8)
		if (!mtrr_type_ok((pat >> b) & 0xff) && ((pat >> b) & 0xff) != 7)
			return false;
	return true;
}

/* Bits at or above the CPU's physical address width. */
static uint64_t above_phys(void)
{
	uint32_t a, b, c, d;

	cpuid_count(0x80000008, 0, &a, &b, &c, &d);
	return ~0ULL << (a & 0xff);
}

/* The CPU's vendor is the guest's (CPUID passes it through): AMD or Hygon. */
static bool vendor_amd(void)
{
	uint32_t a, b, c, d;

	cpuid_count(0, 0, &a, &b, &c, &d);
	return b == 0x68747541 || b == 0x6f677948;	/* "Auth", "Hygo" */
}

/*
 * TSC_AUX exists when CPUID offers RDTSCP or RDPID (the guest's CPUID):
 * asked once, the answer is the same on every CPU.
 */
static bool has_tsc_aux(void)
{
	static int known = -1;
	uint32_t a, b, c, d;

	if (known >= 0)
		return known;
	cpuid_count(0x80000001, 0, &a, &b, &c, &d);
	known = !!(d & CPUID81_EDX_RDTSCP);
	cpuid_count(0, 0, &a, &b, &c, &d);
	if (!known && a >= 7) {
		cpuid_count(7, 0, &a, &b, &c, &d);
		known = !!(c & CPUID7_ECX_RDPID);
	}
	return known;
}

/* The AMD configuration MSRs Xen shows a DomU: fixed values, writes dropped. */
static bool amd_config_msr(uint32_t msr)
{
	return msr == MSR_SYSCFG || msr == MSR_TOP_MEM1 ||
	       msr == MSR_TOP_MEM2 || msr == MSR_VM_CR || msr == MSR_EX_CFG;
}

/* DR0-DR3 and DR6 into the CPU: they keep a guest's values across exits. */
static void load_drs(const struct hvm_cpustate *cs)
{
	write_dr0(cs->dr[0]);
	write_dr1(cs->dr[1]);
	write_dr2(cs->dr[2]);
	write_dr3(cs->dr[3]);
	write_dr6(cs->dr6);
}

/*
 * IA32_MISC_ENABLE on Intel, as Xen shows it to a guest: fast strings on,
 * BTS and PEBS unavailable, XD not disabled.  Linux's startup reads it
 * (to clear XD_DISABLE) before it has an IDT.  Writing the same value is
 * accepted and dropped, anything else is #GP.
 */
#define MISC_ENABLE_XEN	((1ULL << 0) | (1ULL << 11) | (1ULL << 12))

void hvm_cpustate_load(struct vcpu *v)
{
	if (has_tsc_aux())
		wrmsr(MSR_TSC_AUX, v->cpustate.tsc_aux);
	load_drs(&v->cpustate);
}

uint64_t hvm_dr7_armed(const struct vcpu *v)
{
	return v->cpustate.dr7 & ~(uint64_t)DR7_GD;
}

static int fixed_index(uint32_t msr)
{
	if (msr == MSR_MTRR_FIX64K)
		return 0;
	if (msr == MSR_MTRR_FIX16K || msr == MSR_MTRR_FIX16K + 1)
		return 1 + (int)(msr - MSR_MTRR_FIX16K);
	if (msr >= MSR_MTRR_FIX4K && msr < MSR_MTRR_FIX4K + 8)
		return 3 + (int)(msr - MSR_MTRR_FIX4K);
	return -1;
}

static bool var_msr(uint32_t msr)
{
	return msr >= MSR_MTRR_VAR_FIRST &&
	       msr < MSR_MTRR_VAR_FIRST + 2 * MTRR_VAR_RANGES;
}

int hvm_cpustate_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	struct hvm_cpustate *cs = cs_of(v);
	int i = fixed_index(msr);

	if (msr == MSR_DEBUGCTL)
		*val = cs->debugctl;
	else if (msr == MSR_MTRRCAP)
		*val = MTRRCAP_XEN;
	else if (msr == MSR_MTRR_DEF_TYPE)
		*val = cs->mtrr_def_type;
	else if (i >= 0)
		*val = cs->mtrr_fixed[i];
	else if (var_msr(msr))
		*val = cs->mtrr_var[msr - MSR_MTRR_VAR_FIRST];
	else if (msr == MSR_TSC_AUX && has_tsc_aux())
		*val = cs->tsc_aux;
	else if (amd_config_msr(msr) && vendor_amd())
		*val = msr == MSR_SYSCFG ? SYSCFG_XEN : 0;
	else if (msr == MSR_MISC_ENABLE && !vendor_amd())
		*val = MISC_ENABLE_XEN;
	else
		return 1;
	return 0;
}

static int check_var(uint32_t msr, uint64_t val)
{
	bool is_mask = (msr - MSR_MTRR_VAR_FIRST) & 1;

	if (val & above_phys())
		return -1;
	if (is_mask)
		return val & 0x7ff ? -1 : 0;
	return (val & 0xf00) || !mtrr_type_ok(val & 0xff) ? -1 : 0;
}

int hvm_cpustate_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct hvm_cpustate *cs = cs_of(v);
	int i = fixed_index(msr), b;

	if (msr == MSR_DEBUGCTL) {
		if (val & ~(uint64_t)DEBUGCTL_XEN)
			return -1;
		cs->debugctl = val;
	} else if (msr == MSR_MTRRCAP) {
		return -1;
	} else if (msr == MSR_MTRR_DEF_TYPE) {
		if ((val & ~(uint64_t)(0xff | MTRR_DEF_E | MTRR_DEF_FE)) ||
		    !mtrr_type_ok(val & 0xff))
			return -1;
		cs->mtrr_def_type = val;
	} else if (i >= 0) {
		for (b = 0; b < 64; b += 8)
			if (!mtrr_type_ok((val >> b) & 0xff))
				return -1;
		cs->mtrr_fixed[i] = val;
	} else if (var_msr(msr)) {
		if (check_var(msr, val))
			return -1;
		cs->mtrr_var[msr - MSR_MTRR_VAR_FIRST] = val;
	} else if (msr == MSR_TSC_AUX && has_tsc_aux()) {
		if (val >> 32)
			return -1;
		cs->tsc_aux = val;
		wrmsr(MSR_TSC_AUX, val);	/* v runs on this CPU */
	} else if (amd_config_msr(msr) && vendor_amd()) {
		/* Read-only to a DomU, as on Xen: the write is dropped. */
	} else if (msr == MSR_MISC_ENABLE && !vendor_amd()) {
		if (val != MISC_ENABLE_XEN)
			return -1;
	} else {
		return 1;
	}
	return 0;
}

void hvm_dr_access(struct vcpu *v, unsigned int dr, unsigned int gpr,
		   bool write, unsigned int insn_len)
{
	struct hvm_cpustate *cs = cs_of(v);
	struct hvm_cpu_state st;
	uint64_t *reg = guest_gpr(&v->regs, gpr), val;

	hvm_ops->get_cpu_state(v, &st);
	if (dr > 7 || ((dr == 4 || dr == 5) && (st.cr4 & CR4_DE))) {
		hvm_ops->inject_exception(v, X86_EXC_UD, -1);
		return;
	}
	if (st.cpl) {
		hvm_ops->inject_exception(v, X86_EXC_GP, 0);
		return;
	}
	/*
	 * General detect: with DR7.GD set, any MOV DRn is a #DB fault, BD set
	 * in DR6 and GD cleared on the way in (SDM 18.2.4, APM 13.1.1.5), so
	 * the handler itself may use the debug registers.
	 */
	if (cs->dr7 & DR7_GD) {
		cs->dr7 &= ~(uint64_t)DR7_GD;
		hvm_debug_exception(v, DR6_BD);
		return;
	}
	if (dr == 4 || dr == 5)
		dr += 2;
	val = st.long_mode ? *reg : (uint32_t)*reg;
	if (!write) {
		val = dr < 4 ? cs->dr[dr] : dr == 6 ? cs->dr6 : cs->dr7;
		*reg = st.long_mode ? val : (uint32_t)val;
	} else if (dr < 4) {
		cs->dr[dr] = val;
		load_drs(cs);		/* v runs on this CPU */
	} else if (val >> 32) {
		hvm_ops->inject_exception(v, X86_EXC_GP, 0);
		return;
	} else if (dr == 6) {
		cs->dr6 = (val & DR6_WRITABLE) | DR6_FIXED1;
		load_drs(cs);
	} else {
		cs->dr7 = (val & DR7_WRITABLE) | DR7_FIXED1;
	}
	hvm_retire(v, insn_len);
}

void hvm_debug_exception(struct vcpu *v, uint64_t cause)
{
	struct hvm_cpustate *cs = cs_of(v);

	cs->dr6 = (cs->dr6 & ~DR6_B0_B3) | cause;
	load_drs(cs);		/* v runs on this CPU */
	hvm_ops->inject_exception(v, X86_EXC_DB, -1);
}
