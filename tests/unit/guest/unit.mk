# SPDX-License-Identifier: MIT
# Host unit tests of the guest kernel's pure logic: the real sources from
# guest-patches/kernel and guest-patches/pv compiled for the host with the
# sanitizers.  The xenbus client runs against the real xenstore core
# (xenstore/'s libxenstore-core.a, built by that room's Makefile) with the
# kernel services it uses played by xenbus_stub.c.  Included by
# guest-patches/Makefile (which sets BUILD and TOP), not by tests/Makefile.

UG_SRC := $(TOP)/guest-patches/kernel
UG_BIN := $(BUILD)/tests/unit
UG_CFLAGS := -std=c11 -g -O1 \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wundef -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I$(UG_SRC) -I$(TOP)/tests/lib
UG_TESTS := $(UG_BIN)/guest-page_alloc $(UG_BIN)/guest-args \
	$(UG_BIN)/guest-xenbus $(UG_BIN)/guest-net $(UG_BIN)/guest-evtchn_table
UG_XS_LIB := $(BUILD)/xenstore/libxenstore-core.a

$(UG_BIN)/guest-page_alloc: $(TOP)/tests/unit/guest/test_page_alloc.c \
		$(UG_SRC)/page_alloc.c $(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -o $@ $^ -lcunit

$(UG_BIN)/guest-args: $(TOP)/tests/unit/guest/test_args.c $(UG_SRC)/args.c \
		$(TOP)/tests/lib/cunit_run.c
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -o $@ $^ -lcunit

# The event-channel port table, grown by threads racing a dispatcher.
$(UG_BIN)/guest-evtchn_table: $(TOP)/tests/unit/guest/test_evtchn_table.c \
		$(TOP)/guest-patches/pv/evtchn_table.c $(TOP)/tests/lib/cunit_run.c \
		$(TOP)/guest-patches/pv/evtchn_table.h
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -D_DEFAULT_SOURCE -Dcalloc=slow_calloc -pthread -o $@ $(filter %.c,$^) -lcunit

# The network stack, all of it but the shell commands, against a test
# device and clock.
UG_NET := netdev eth arp ipv4 icmp udp inet
$(UG_BIN)/guest-net: $(TOP)/tests/unit/guest/test_net.c \
		$(addprefix $(UG_SRC)/net/,$(UG_NET:=.c)) $(TOP)/tests/lib/cunit_run.c \
		$(wildcard $(UG_SRC)/net/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -o $@ $(filter %.c,$^) -lcunit

$(UG_XS_LIB): $(wildcard $(TOP)/xenstore/*.[ch]) $(TOP)/xenstore/Makefile
	$(MAKE) -C $(TOP)/xenstore BUILD=$(BUILD) $@

$(UG_BIN)/guest-xenbus: $(TOP)/tests/unit/guest/test_xenbus.c \
		$(TOP)/tests/unit/guest/xenbus_stub.c \
		$(TOP)/guest-patches/pv/xenbus.c $(TOP)/tests/lib/cunit_run.c \
		$(UG_XS_LIB) $(TOP)/tests/unit/guest/xenbus_stub.h \
		$(TOP)/guest-patches/pv/xenbus.h
	@mkdir -p $(dir $@)
	$(CC) $(UG_CFLAGS) -D_POSIX_C_SOURCE=200809L -I$(TOP)/xenstore -o $@ $(filter %.c %.a,$^) -lcunit
