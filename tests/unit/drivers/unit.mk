# SPDX-License-Identifier: MIT
# Host unit tests of the split drivers (drivers/): the real sources compiled
# for the host with the sanitizers, against stand-ins for their neighbours
# (the kernel, event channels, foreign mappings) that each test defines.
# They include Xen's headers as the kernels do.  Included by tests/Makefile.

UDR_BIN := $(BUILD)/tests/unit
UDR_CFLAGS := -std=gnu11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(TOP) -I$(TOP)/tests/lib -isystem $(XEN_INCLUDE) -include stdint.h
UDR_TESTS := $(UDR_BIN)/drivers-consback $(UDR_BIN)/drivers-consfront \
	$(UDR_BIN)/drivers-blkreq $(UDR_BIN)/drivers-bridge \
	$(UDR_BIN)/drivers-target $(UDR_BIN)/drivers-nat $(UDR_BIN)/drivers-dhcpd \
	$(UDR_BIN)/drivers-xenbus-back

TEST_BUILD += $(UDR_TESTS)
TEST_CMDS += $(UDR_TESTS)

$(UDR_BIN)/drivers-consback: $(TOP)/tests/unit/drivers/test_consback.c \
		$(TOP)/drivers/backend/consback.c
$(UDR_BIN)/drivers-consfront: $(TOP)/tests/unit/drivers/test_consfront.c \
		$(TOP)/drivers/frontend/consfront.c
$(UDR_BIN)/drivers-blkreq: $(TOP)/tests/unit/drivers/test_blkreq.c \
		$(TOP)/drivers/backend/blkreq.c $(TOP)/drivers/xenbus_dev.c
$(UDR_BIN)/drivers-bridge: $(TOP)/tests/unit/drivers/test_bridge.c \
		$(TOP)/drivers/backend/bridge.c
$(UDR_BIN)/drivers-target: $(TOP)/tests/unit/drivers/test_target.c \
		$(TOP)/drivers/backend/target.c
$(UDR_BIN)/drivers-xenbus-back: $(TOP)/tests/unit/drivers/test_xenbus_back.c \
		$(TOP)/drivers/backend/xenbus_back.c $(TOP)/drivers/xenbus_dev.c
$(UDR_BIN)/drivers-nat: $(TOP)/tests/unit/drivers/test_nat.c \
		$(TOP)/drivers/backend/nat.c $(TOP)/drivers/backend/conntrack.c \
		$(TOP)/guest-patches/kernel/net/inet.c

$(UDR_BIN)/drivers-dhcpd: $(TOP)/tests/unit/drivers/test_dhcpd.c \
		$(TOP)/drivers/backend/dhcpd.c $(TOP)/guest-patches/kernel/net/inet.c

$(UDR_TESTS): $(TOP)/tests/lib/cunit_run.c | $(XEN_INCLUDE)/xen
	@mkdir -p $(dir $@)
	$(CC) $(UDR_CFLAGS) -o $@ $(filter %.c,$^) -lcunit
