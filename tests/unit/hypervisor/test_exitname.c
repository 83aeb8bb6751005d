/* SPDX-License-Identifier: MIT */
/*
 * The VM exit names of the shared runtime (hypervisor/lib/exitname.c),
 * which the hypervisor and xapid both use: its numeric tables against the
 * back ends' own constants (vmcs.h, vmcb.h), the ranges, and the unknown.
 */
#include <string.h>

#include <xrt/exitname.h>

#include "cunit_run.h"
#include "harness.h"
#include "svm/vmcb.h"
#include "vmx/vmcs.h"

#define NAMED(backend, code, name) \
	CU_ASSERT_STRING_EQUAL(exitname(backend, code), name)

static void vmx_names_match_the_enum(void)
{
	NAMED(EXITNAME_VMX, VMX_EXIT_EXCEPTION_NMI, "EXCEPTION_NMI");
	NAMED(EXITNAME_VMX, VMX_EXIT_CPUID, "CPUID");
	NAMED(EXITNAME_VMX, VMX_EXIT_HLT, "HLT");
	NAMED(EXITNAME_VMX, VMX_EXIT_VMCALL, "VMCALL");
	NAMED(EXITNAME_VMX, VMX_EXIT_IO, "IO_INSTRUCTION");
	NAMED(EXITNAME_VMX, VMX_EXIT_WRMSR, "WRMSR");
	NAMED(EXITNAME_VMX, VMX_EXIT_MWAIT, "MWAIT");
	NAMED(EXITNAME_VMX, VMX_EXIT_EPT_VIOLATION, "EPT_VIOLATION");
	NAMED(EXITNAME_VMX, VMX_EXIT_PREEMPT_TIMER, "PREEMPTION_TIMER");
	NAMED(EXITNAME_VMX, VMX_EXIT_RDSEED, "RDSEED");
	NAMED(EXITNAME_VMX, VMX_EXIT_XRSTORS, "XRSTORS");
	/* the basic reason is the low 16 bits: a failed entry is named too */
	NAMED(EXITNAME_VMX, EXIT_FAILED_ENTRY | VMX_EXIT_BAD_GUEST_STATE,
	      "INVALID_GUEST_STATE");
	NAMED(EXITNAME_VMX, 35, "OTHER"); /* a hole in the SDM's table */
	NAMED(EXITNAME_VMX, 65, "OTHER");
}

static void svm_names_match_the_constants(void)
{
	NAMED(EXITNAME_SVM, SVM_EXIT_INTR, "INTR");
	NAMED(EXITNAME_SVM, SVM_EXIT_CPUID, "CPUID");
	NAMED(EXITNAME_SVM, SVM_EXIT_HLT, "HLT");
	NAMED(EXITNAME_SVM, SVM_EXIT_IOIO, "IOIO");
	NAMED(EXITNAME_SVM, SVM_EXIT_MSR, "MSR");
	NAMED(EXITNAME_SVM, SVM_EXIT_VMMCALL, "VMMCALL");
	NAMED(EXITNAME_SVM, SVM_EXIT_XSETBV, "XSETBV");
	NAMED(EXITNAME_SVM, SVM_EXIT_NPF, "NPF");
	NAMED(EXITNAME_SVM, SVM_EXIT_INVALID, "INVALID");
	NAMED(EXITNAME_SVM, SVM_EXIT_EXCP_BASE + 14, "EXCEPTION");
	NAMED(EXITNAME_SVM, SVM_EXIT_READ_DR0 + 7, "DR_READ");
	NAMED(EXITNAME_SVM, SVM_EXIT_WRITE_DR0, "DR_WRITE");
	NAMED(EXITNAME_SVM, 0x3ff, "OTHER");
}

static void unknown_back_end(void)
{
	NAMED(0, 12, "OTHER");
	NAMED(3, 0x78, "OTHER");
}

static const struct harness_test tests[] = {
	{ "vmx_names_match_the_enum", vmx_names_match_the_enum },
	{ "svm_names_match_the_constants", svm_names_match_the_constants },
	{ "unknown_back_end", unknown_back_end },
};

int main(void)
{
	if (harness_init())
		return 1;
	harness_add_suite("exitname", tests, ARRAY_SIZE(tests));
	return cunit_run();
}
