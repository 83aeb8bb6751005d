# SPDX-License-Identifier: MIT
# The grant-table and memory test guests (grants.elf, memops.elf) and their
# shared helpers gnt.c.  A fragment of its own, read after guests.mk, so
# that it can use that file's rules and variables.
MEMGRANT_GUESTS := $(GUEST_DIR)/grants.elf $(GUEST_DIR)/memops.elf
TEST_BUILD += $(MEMGRANT_GUESTS)
.SECONDARY: $(GUEST_DIR)/gnt.o $(MEMGRANT_GUESTS:.elf=.o)

$(MEMGRANT_GUESTS): $(GUEST_DIR)/%.elf: $(GUEST_DIR)/%.o $(GUEST_DIR)/gnt.o \
		$(GUEST_COMMON) $(RUNTIME_LIB) $(GUEST_SRC)/guest.ld
	$(LD) $(FS_LDFLAGS) -T $(GUEST_SRC)/guest.ld -o $@ $< \
		$(GUEST_DIR)/gnt.o $(GUEST_COMMON) $(RUNTIME_LIB)
