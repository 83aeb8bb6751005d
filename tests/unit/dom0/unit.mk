# SPDX-License-Identifier: MIT
# Host unit tests of Dom0's device code (dom0/hw/): the pure parts (split
# virtqueues, the PCI capability list) compiled for the host with the
# sanitizers; this file's tests play the device.  Included by tests/Makefile.

UD0_BIN := $(BUILD)/tests/unit
UD0_CFLAGS := -std=gnu11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(TOP) -I$(TOP)/tests/lib -include stdint.h
UD0_TESTS := $(UD0_BIN)/dom0-virtqueue $(UD0_BIN)/dom0-pci-cap

TEST_BUILD += $(UD0_TESTS)
TEST_CMDS += $(UD0_TESTS)

$(UD0_BIN)/dom0-virtqueue: $(TOP)/tests/unit/dom0/test_virtqueue.c \
		$(TOP)/dom0/hw/virtqueue.c $(TOP)/dom0/hw/virtqueue.h
$(UD0_BIN)/dom0-pci-cap: $(TOP)/tests/unit/dom0/test_pci_cap.c \
		$(TOP)/dom0/hw/pci_cap.c $(TOP)/dom0/hw/pci_cap.h

$(UD0_TESTS): $(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UD0_CFLAGS) -o $@ $(filter %.c,$^) -lcunit
