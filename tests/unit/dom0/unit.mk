# SPDX-License-Identifier: MIT
# Host unit tests of Dom0's device code (dom0/hw/): the pure parts (split
# virtqueues, the PCI capability list) compiled for the host with the
# sanitizers; this file's tests play the device.  And the domain builder's
# image intake (dom0/builder/image.c) over a model domain, with the shared
# ELF reader and SHA-256, checked against OpenSSL.  Included by
# tests/Makefile.

UD0_BIN := $(BUILD)/tests/unit
UD0_CFLAGS := -std=gnu11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(TOP) -I$(TOP)/tests/lib -include stdint.h
UD0_TESTS := $(UD0_BIN)/dom0-virtqueue $(UD0_BIN)/dom0-pci-cap
UD0_IMAGE := $(UD0_BIN)/dom0-image

TEST_BUILD += $(UD0_TESTS) $(UD0_IMAGE)
TEST_CMDS += $(UD0_TESTS) $(UD0_IMAGE)

$(UD0_BIN)/dom0-virtqueue: $(TOP)/tests/unit/dom0/test_virtqueue.c \
		$(TOP)/dom0/hw/virtqueue.c $(TOP)/dom0/hw/virtqueue.h
$(UD0_BIN)/dom0-pci-cap: $(TOP)/tests/unit/dom0/test_pci_cap.c \
		$(TOP)/dom0/hw/pci_cap.c $(TOP)/dom0/hw/pci_cap.h

$(UD0_TESTS): $(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UD0_CFLAGS) -o $@ $(filter %.c,$^) -lcunit

# Dom0's files see Xen's headers as in dom0/Makefile; the runtime's after
# the system's (the host's libc in place of Dom0's).
$(UD0_IMAGE): $(TOP)/tests/unit/dom0/test_image.c $(TOP)/tests/lib/cunit_run.c \
		$(TOP)/tests/lib/pvh_kernel.c $(TOP)/tests/lib/pvh_kernel.h \
		$(TOP)/dom0/builder/image.c $(TOP)/dom0/builder/image.h \
		$(TOP)/hypervisor/lib/elf.c $(TOP)/hypervisor/lib/sha256.c \
		$(TOP)/xapi/proto/msg.c $(TOP)/xapi/proto/msg.h
	@mkdir -p $(dir $@)
	$(CC) $(UD0_CFLAGS) -D__XEN_TOOLS__ -idirafter $(TOP)/hypervisor/lib/include \
		-o $@ $(filter %.c,$^) -lcunit -lcrypto
