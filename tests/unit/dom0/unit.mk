# SPDX-License-Identifier: MIT
# Host unit tests of Dom0's services: the real dom0/ sources compiled for
# the host with the sanitizers, their neighbours stood in for by the test.
# Included by dom0/Makefile (which sets BUILD and TOP).

UD_SRC := $(TOP)/dom0
UD_BIN := $(BUILD)/tests/unit
UD_CFLAGS := -std=gnu11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(UD_SRC) -I$(TOP)/tests/lib -isystem $(XEN_INCLUDE) -include stdint.h
UD_TESTS := $(UD_BIN)/dom0-consback

$(UD_BIN)/dom0-consback: $(TOP)/tests/unit/dom0/test_consback.c \
		$(UD_SRC)/consback.c $(TOP)/tests/lib/cunit_run.c | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(UD_CFLAGS) -o $@ $(filter %.c,$^) -lcunit
