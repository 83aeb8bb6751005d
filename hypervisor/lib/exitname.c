// SPDX-License-Identifier: MIT
// VM exit reason names for both back ends (<xrt/exitname.h>).
#include <xrt/exitname.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* VMX basic exit reasons, by number (Intel SDM vol. 3, appendix C). */
static const char *const vmx_names[] = {
	[0] = "EXCEPTION_NMI", [1] = "EXTERNAL_INTERRUPT",
	[2] = "TRIPLE_FAULT", [3] = "INIT", [4] = "SIPI", [5] = "IO_SMI",
	[6] = "OTHER_SMI", [7] = "INTERRUPT_WINDOW", [8] = "NMI_WINDOW",
	[9] = "TASK_SWITCH", [10] = "CPUID", [11] = "GETSEC", [12] = "HLT",
	[13] = "INVD", [14] = "INVLPG", [15] = "RDPMC", [16] = "RDTSC",
	[17] = "RSM", [18] = "VMCALL", [19] = "VMCLEAR", [20] = "VMLAUNCH",
	[21] = "VMPTRLD", [22] = "VMPTRST", [23] = "VMREAD",
	[24] = "VMRESUME", [25] = "VMWRITE", [26] = "VMXOFF",
	[27] = "VMXON", [28] = "CR_ACCESS", [29] = "DR_ACCESS",
	[30] = "IO_INSTRUCTION", [31] = "RDMSR", [32] = "WRMSR",
	[33] = "INVALID_GUEST_STATE", [34] = "MSR_LOADING", [36] = "MWAIT",
	[37] = "MONITOR_TRAP_FLAG", [39] = "MONITOR", [40] = "PAUSE",
	[41] = "MACHINE_CHECK", [43] = "TPR_BELOW_THRESHOLD",
	[44] = "APIC_ACCESS", [45] = "VIRTUALIZED_EOI", [46] = "GDTR_IDTR",
	[47] = "LDTR_TR", [48] = "EPT_VIOLATION", [49] = "EPT_MISCONFIG",
	[50] = "INVEPT", [51] = "RDTSCP", [52] = "PREEMPTION_TIMER",
	[53] = "INVVPID", [54] = "WBINVD", [55] = "XSETBV",
	[56] = "APIC_WRITE", [57] = "RDRAND", [58] = "INVPCID",
	[59] = "VMFUNC", [61] = "RDSEED", [63] = "XSAVES", [64] = "XRSTORS",
};

/* SVM exit codes with a name of their own (AMD APM vol. 2, appendix C). */
static const struct {
	uint32_t code;
	const char *name;
} svm_names[] = {
	{ 0x014, "CR4_WRITE" }, { 0x060, "INTR" },   { 0x061, "NMI" },
	{ 0x062, "SMI" },	{ 0x063, "INIT" },   { 0x064, "VINTR" },
	{ 0x072, "CPUID" },	{ 0x076, "INVD" },   { 0x078, "HLT" },
	{ 0x07a, "INVLPGA" },	{ 0x07b, "IOIO" },   { 0x07c, "MSR" },
	{ 0x07d, "TASK_SWITCH" }, { 0x07f, "SHUTDOWN" }, { 0x080, "VMRUN" },
	{ 0x081, "VMMCALL" },	{ 0x082, "VMLOAD" }, { 0x083, "VMSAVE" },
	{ 0x084, "STGI" },	{ 0x085, "CLGI" },   { 0x086, "SKINIT" },
	{ 0x08d, "XSETBV" },	{ 0x400, "NPF" },    { 0xffffffffu, "INVALID" },
};

static const char *svm_name(uint32_t code)
{
	for (unsigned i = 0; i < COUNT(svm_names); i++)
		if (svm_names[i].code == code)
			return svm_names[i].name;
	if (code >= 0x040 && code < 0x060)
		return "EXCEPTION";
	if (code >= 0x020 && code < 0x030)
		return "DR_READ";
	if (code >= 0x030 && code < 0x040)
		return "DR_WRITE";
	return "OTHER";
}

const char *exitname(unsigned backend, uint32_t code)
{
	uint32_t basic = code & 0xffff;

	if (backend == EXITNAME_SVM)
		return svm_name(code);
	if (backend == EXITNAME_VMX && basic < COUNT(vmx_names) &&
	    vmx_names[basic])
		return vmx_names[basic];
	return "OTHER";
}
