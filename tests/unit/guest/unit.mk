# SPDX-License-Identifier: MIT
# Host unit tests of the guest kernel's pure logic: the real sources from
# guest-patches/kernel compiled for the host with the sanitizers.  Included
# by guest-patches/Makefile (which sets BUILD and TOP), not by tests/Makefile.

UG_SRC := $(TOP)/guest-patches/kernel
UG_BIN := $(BUILD)/tests/unit
UG_CFLAGS := -std=c11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(UG_SRC) -I$(TOP)/tests/lib
UG_TESTS := $(UG_BIN)/guest-page_alloc $(UG_BIN)/guest-args \
	$(UG_BIN)/guest-console_ring

$(UG_BIN)/guest-page_alloc: $(TOP)/tests/unit/guest/test_page_alloc.c \
		$(UG_SRC)/page_alloc.c $(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -o $@ $^ -lcunit

$(UG_BIN)/guest-args: $(TOP)/tests/unit/guest/test_args.c $(UG_SRC)/args.c \
		$(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -o $@ $^ -lcunit

# The console ring needs Xen's headers (xen/io/console.h) as the kernel does.
$(UG_BIN)/guest-console_ring: $(TOP)/tests/unit/guest/test_console_ring.c \
		$(TOP)/guest-patches/pv/console_ring.c $(TOP)/tests/lib/cunit_run.c \
		| $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -isystem $(XEN_INCLUDE) -include stdint.h -o $@ \
		$(filter %.c,$^) -lcunit
