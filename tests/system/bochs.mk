# SPDX-License-Identifier: MIT
# Whole-system boot under Bochs with a VT-x CPU model: the vmx back end.
# The ISO is built here so that `make all` reports a missing tool or input;
# bochs.sh builds it again from the current files before every run.
BOCHS_ISO := $(BUILD)/tests/system/xenolith-vmx.iso

TEST_BUILD += $(BOCHS_ISO)
TEST_CMDS += $(TOP)/tests/system/bochs.sh

$(BOCHS_ISO): $(wildcard $(BUILD)/xenolith) $(GUESTS) \
	      $(TOP)/tests/system/qemu.sh $(TOP)/tests/system/bochs.sh
	BUILD=$(BUILD) $(TOP)/tests/system/bochs.sh iso
