# SPDX-License-Identifier: MIT
# Host unit tests of the hypervisor's pure logic: the real sources from
# hypervisor/ compiled for the host against the stub harness here, with
# AddressSanitizer and UndefinedBehaviorSanitizer (any report fails the run).
# Included by tests/Makefile, which provides BUILD and TOP.

UHV_DIR := $(TOP)/tests/unit/hypervisor
UHV_OBJ := $(BUILD)/tests/unit/hv-obj
UHV_BIN := $(BUILD)/tests/unit
UHV_HV := hypervisor
UHV_HVM := hypervisor/arch/x86/hvm

UHV_CFLAGS := -std=gnu11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer \
	-I$(TOP)/hypervisor/include -I$(TOP)/hypervisor/arch/x86/include \
	-I$(TOP)/$(UHV_HVM) -I$(TOP)/tests/lib -I$(UHV_DIR) \
	-idirafter $(TOP)/hypervisor/lib/include \
	-include stdint.h -include $(UHV_DIR)/stub/hosted.h
# gnu11 as in FS_CFLAGS: Xen's hvm/save.h (under hv/domctl.h) needs it.
# Xen's headers seen as hypervisor/Makefile sees them (__XEN_TOOLS__ picks
# the current hypercall numbers and structured guest handles).
UHV_CFLAGS += $(if $(shell grep -l -- -D__XEN_TOOLS__ \
	$(TOP)/hypervisor/Makefile 2>/dev/null),-D__XEN_TOOLS__)
UHV_LDFLAGS := -fsanitize=address,undefined
UHV_LIBS := -lcunit

# The EPT entry format joins the p2m tests once the vmx back end has it.
UHV_EPT := $(if $(wildcard $(TOP)/$(UHV_HVM)/vmx/ept.c),$(UHV_HVM)/vmx/ept.o)
UHV_EPT_TEST := $(if $(UHV_EPT),tests/unit/hypervisor/test_ept.o)

# hypercall.c names do_domctl/do_sysctl once hv/domctl.h exists: stub them.
UHV_DOMCTL_STUB := $(if $(wildcard $(TOP)/hypervisor/include/hv/domctl.h),\
	harness_domctl.o)

# Every binary: its tests, the hypervisor sources under test, the harness.
UHV_COMMON := tests/lib/cunit_run.o tests/unit/hypervisor/harness_suite.o
UHV_MM := $(UHV_HV)/page_alloc.o tests/unit/hypervisor/harness_ram.o
UHV_GNTTAB := $(UHV_HV)/gnttab.o $(UHV_HV)/gnttab_op.o $(UHV_HV)/foreign.o
UHV_P2M := $(UHV_HVM)/p2m.o $(UHV_HVM)/svm/npt.o $(UHV_EPT)

uhv_page_alloc := tests/unit/hypervisor/test_page_alloc.o $(UHV_MM) \
	tests/unit/hypervisor/harness_panic.o
uhv_elf := tests/unit/hypervisor/test_elf.o $(UHV_HV)/lib/elf.o
uhv_p2m := tests/unit/hypervisor/test_p2m.o tests/unit/hypervisor/test_npt.o \
	$(UHV_EPT_TEST) $(UHV_P2M) $(UHV_MM) tests/unit/hypervisor/harness_panic.o
uhv_guest_access := tests/unit/hypervisor/test_guest_access.o \
	$(UHV_HVM)/guest_access.o $(UHV_P2M) $(UHV_MM) \
	tests/unit/hypervisor/harness_guest.o tests/unit/hypervisor/harness_panic.o
# console.c brings the real panic(), so no harness_panic.o here.
uhv_hypercall := $(addprefix tests/unit/hypervisor/,test_hypercall.o \
	test_hvmop.o test_memory.o test_foreign.o test_multicall.o test_version.o \
	test_console.o \
	test_known_bugs.o harness_runstate.o \
	harness_guest.o harness_hypercall.o harness_events.o $(UHV_DOMCTL_STUB)) \
	$(addprefix $(UHV_HV)/,hypercall.o compat.o hvmop.o memory.o version.o \
	console.o) \
	$(UHV_GNTTAB) $(UHV_HVM)/guest_access.o $(UHV_P2M) $(UHV_MM)
# Grant tables and reservations: the same fixture, a binary of their own.
uhv_gnttab := $(addprefix tests/unit/hypervisor/,test_gnttab.o harness_runstate.o \
	harness_guest.o harness_hypercall.o harness_events.o $(UHV_DOMCTL_STUB)) \
	$(addprefix $(UHV_HV)/,hypercall.o compat.o hvmop.o memory.o version.o \
	console.o) \
	$(UHV_GNTTAB) $(UHV_HVM)/guest_access.o $(UHV_P2M) $(UHV_MM)

# evtchn.c with the real shared_info.c; scheduler and timers stubbed in the test.
uhv_evtchn := tests/unit/hypervisor/test_evtchn.o \
	tests/unit/hypervisor/test_evtchn_fifo.o \
	$(UHV_HV)/evtchn.o $(UHV_HV)/evtchn_fifo.o \
	$(UHV_HV)/shared_info.o $(UHV_HV)/memory.o $(UHV_GNTTAB) \
	$(UHV_HVM)/guest_access.o $(UHV_P2M) $(UHV_MM) \
	tests/unit/hypervisor/harness_guest.o tests/unit/hypervisor/harness_panic.o \
	tests/unit/hypervisor/harness_irq.o

# sched.c and credit.c on several CPUs played on one thread (harness_smp.c).
uhv_sched := $(addprefix tests/unit/hypervisor/,test_sched.o test_runstate.o \
	harness_smp.o) $(UHV_HV)/sched.o $(UHV_HV)/credit.o $(UHV_HV)/runstate.o

# The port and MMIO intercepts.
uhv_io := tests/unit/hypervisor/test_io.o $(UHV_HVM)/io.o \
	tests/unit/hypervisor/harness_panic.o

# The instruction decoder and the emulator's arithmetic.
uhv_decode := tests/unit/hypervisor/test_decode.o $(UHV_HVM)/decode.o \
	$(UHV_HVM)/alu.o tests/unit/hypervisor/harness_panic.o

# The ACPI table builder of the shared runtime.
uhv_acpi := tests/unit/hypervisor/test_acpi.o $(UHV_HV)/lib/acpi.o
# The ACPI table reader, on QEMU's recorded tables and the builder's.
uhv_acpi_parse := tests/unit/hypervisor/test_acpi_parse.o \
	$(UHV_HV)/lib/acpi_parse.o $(UHV_HV)/lib/acpi.o

# Where a function's MSI-X table and PBA are, on recorded config spaces.
uhv_msix := tests/unit/hypervisor/test_msix.o $(UHV_HV)/arch/x86/msix.o

# The table of live domains.
uhv_domain_table := tests/unit/hypervisor/test_domain_table.o \
	$(UHV_HV)/domain_table.o $(UHV_MM) tests/unit/hypervisor/harness_panic.o

# The VM exit names the hypervisor and xapid share.
uhv_exitname := tests/unit/hypervisor/test_exitname.o $(UHV_HV)/lib/exitname.o

# The runtime's SHA-256, checked against OpenSSL's.
uhv_sha256 := tests/unit/hypervisor/test_sha256.o $(UHV_HV)/lib/sha256.o
uhv_sha256_libs := -lcrypto

# The counter-to-nanoseconds scale and the TSC-deadline conversion.
uhv_time_scale := tests/unit/hypervisor/test_time_scale.o $(UHV_HV)/time_scale.o

UHV_TESTS := page_alloc elf io decode p2m guest_access hypercall gnttab evtchn sched acpi
UHV_TESTS += acpi_parse exitname msix domain_table sha256
UHV_TESTS += time_scale

define uhv_binary
$(UHV_BIN)/hv-$(1): $$(addprefix $(UHV_OBJ)/,$$(uhv_$(1)) $(UHV_COMMON))
	$$(CC) $(UHV_LDFLAGS) -o $$@ $$^ $(UHV_LIBS) $(uhv_$(1)_libs)
endef
$(foreach t,$(UHV_TESTS),$(eval $(call uhv_binary,$(t))))

$(UHV_OBJ)/%.o: $(TOP)/%.c $(UHV_DIR)/unit.mk $(TOP)/hypervisor/Makefile
	@mkdir -p $(dir $@)
	$(CC) $(UHV_CFLAGS) -MD -MP -c $< -o $@

-include $(patsubst %.o,$(UHV_OBJ)/%.d,$(sort $(UHV_COMMON) \
	$(foreach t,$(UHV_TESTS),$(uhv_$(t)))))

TEST_BUILD += $(addprefix $(UHV_BIN)/hv-,$(UHV_TESTS))
TEST_CMDS += $(addprefix $(UHV_BIN)/hv-,$(UHV_TESTS))
