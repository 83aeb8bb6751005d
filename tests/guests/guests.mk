# SPDX-License-Identifier: MIT
# The test guests: tiny freestanding PVH kernels linked with the runtime.
include $(TOP)/hypervisor/lib/freestanding.mk

GUEST_DIR := $(BUILD)/tests/guests
GUEST_SRC := $(TOP)/tests/guests
GUEST_COMMON := $(GUEST_DIR)/head.o $(GUEST_DIR)/pv.o $(GUEST_DIR)/events.o \
		$(GUEST_DIR)/bench.o
GUESTS := $(GUEST_DIR)/hypercalls.elf $(GUEST_DIR)/crasher.elf \
	  $(GUEST_DIR)/spinner.elf $(GUEST_DIR)/fuzzer.elf $(GUEST_DIR)/evtchn.elf \
	  $(GUEST_DIR)/pingpong.elf $(GUEST_DIR)/fifo.elf \
	  $(GUEST_DIR)/unbacked.elf $(GUEST_DIR)/cpustate.elf
# Dom0's physical interrupts (tests/system/irq.sh), ECAM and MSI-X too.
GUESTS += $(GUEST_DIR)/irq.elf
GUEST_EXTRA_irq := $(GUEST_DIR)/irq_pci.o
$(GUEST_DIR)/irq.elf: $(GUEST_EXTRA_irq)
# SMP bring-up, IPIs, events and down/up across vCPUs (booted with 4).
GUESTS += $(GUEST_DIR)/smp.elf

# cpustate.elf carries the local APIC tests too.
$(GUEST_DIR)/cpustate.elf: $(GUEST_DIR)/cpustate.o $(GUEST_DIR)/lapic.o \
			   $(GUEST_COMMON) $(RUNTIME_LIB) $(GUEST_SRC)/guest.ld
	$(LD) $(FS_LDFLAGS) -T $(GUEST_SRC)/guest.ld -o $@ \
		$(GUEST_DIR)/cpustate.o $(GUEST_DIR)/lapic.o $(GUEST_COMMON) \
		$(RUNTIME_LIB)

# An x86-64 kernel in an ELF32 container (as Xen's libelf accepts it).
GUESTS += $(GUEST_DIR)/spinner32.elf
$(GUEST_DIR)/spinner32.elf: $(GUEST_DIR)/spinner.elf
	objcopy -O elf32-x86-64 $< $@

# The 32-bit guest: i386 code on its own (the shared runtime is 64-bit).
GUEST32_CFLAGS := $(filter-out -m64 -mno-red-zone -mcmodel=small,$(FS_CFLAGS)) \
	-m32 -fno-pic
GUESTS += $(GUEST_DIR)/compat32.elf
$(GUEST_DIR)/compat32.o: $(GUEST_SRC)/compat32.c | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST32_CFLAGS) -MMD -MP -c $< -o $@
# The same layout as the other guests (guest.ld), as an i386 image.
$(GUEST_DIR)/guest32.ld: $(GUEST_SRC)/guest.ld
	sed -e 's/elf64-x86-64/elf32-i386/' -e 's/pvh_start/compat32_start/' $< >$@
$(GUEST_DIR)/compat32.elf: $(GUEST_DIR)/compat32.o $(GUEST_DIR)/guest32.ld
	$(LD) -m elf_i386 $(FS_LDFLAGS) -T $(GUEST_DIR)/guest32.ld -o $@ $<

# A ramdisk module for the DomU of the standard set (not an ELF image, so
# the hypervisor hands it to the kernel module before it; hypercalls.c).
GUESTS_RAMDISK := $(GUEST_DIR)/ramdisk.bin
$(GUESTS_RAMDISK):
	@mkdir -p $(dir $@)
	printf 'Xenolith test ramdisk\n' >$@

TEST_BUILD += $(GUESTS) $(GUESTS_RAMDISK)
.SECONDARY: $(GUEST_COMMON) $(GUESTS:.elf=.o) $(GUEST_DIR)/lapic.o

$(GUEST_DIR)/%.elf: $(GUEST_DIR)/%.o $(GUEST_COMMON) $(RUNTIME_LIB) $(GUEST_SRC)/guest.ld
	$(LD) $(FS_LDFLAGS) -T $(GUEST_SRC)/guest.ld -o $@ $< $(GUEST_EXTRA_$*) \
		$(GUEST_COMMON) $(RUNTIME_LIB)

# The hypercall guest also checks every numbered row of docs/hypercalls.md
# (doc_rows.c), from a table generated out of the document, and builds a
# domain from its own image (child.c).
GUEST_EXTRA_hypercalls := $(GUEST_DIR)/doc_rows.o $(GUEST_DIR)/child.o
# Dom0 also moves a TSC deadline between the CPUs (lapic.c).
GUEST_EXTRA_hypercalls += $(GUEST_DIR)/lapic.o
$(GUEST_DIR)/hypercalls.elf: $(GUEST_EXTRA_hypercalls)
$(GUEST_DIR)/hypercall_rows.h: $(TOP)/docs/hypercalls.md $(GUEST_SRC)/hypercall-rows.awk
	@mkdir -p $(dir $@)
	awk -v out=c -f $(GUEST_SRC)/hypercall-rows.awk $< > $@.tmp && mv $@.tmp $@
$(GUEST_DIR)/doc_rows.o: $(GUEST_DIR)/hypercall_rows.h

$(GUEST_DIR)/%.o: $(GUEST_SRC)/%.c | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(FS_CFLAGS) -D__XEN_TOOLS__ -I$(TOP)/hypervisor/include \
		-I$(GUEST_DIR) -MMD -MP -c $< -o $@

$(GUEST_DIR)/%.o: $(GUEST_SRC)/%.S | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(FS_ASFLAGS) -isystem $(XEN_INCLUDE) -MMD -MP -c $< -o $@

-include $(wildcard $(GUEST_DIR)/*.d)

