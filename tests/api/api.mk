# SPDX-License-Identifier: MIT
# The management API (xapid's REST, XenAPI, users, database, page): tests
# against a real xapid with real clients, and the decoders' fuzzers.
API_DIR := $(TOP)/xapi/xapid
# all of xapid but main(), with the protocol and config libraries it links
API_SRC := $(filter-out $(API_DIR)/main.c,$(wildcard $(API_DIR)/*.c)) \
	$(wildcard $(TOP)/xapi/proto/*.c) $(wildcard $(TOP)/xapi/config/*.c) \
	$(TOP)/hypervisor/lib/exitname.c $(TOP)/xenstore/wire.c
API_CFLAGS := -D_GNU_SOURCE -I$(API_DIR) -I$(TOP)/xapi \
	-idirafter $(TOP)/hypervisor/lib/include -iquote $(TOP)/xenstore \
	$(shell pkg-config --cflags libxml-2.0 jansson) -g -O1 \
	-std=gnu11 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
API_LIBS := -levent -levent_openssl -lssl -lcrypto -lxlutil -lxenlight -lz -llzma -lzstd \
	$(shell pkg-config --libs libxml-2.0 jansson)

# the core set up as xapid sets it up, for the targets that serve requests
API_FUZZ_SRC := $(TOP)/tests/fuzz/api_core.c

$(BUILD)/tests/api-%-fuzz: $(TOP)/tests/fuzz/api_%_fuzz.c $(API_SRC) \
		$(API_FUZZ_SRC) $(wildcard $(API_DIR)/*.h) $(TOP)/tests/fuzz/api_core.h
	@mkdir -p $(dir $@)
	clang $(API_CFLAGS) -o $@ $< $(API_SRC) $(API_FUZZ_SRC) $(API_LIBS)

TEST_BUILD += $(BUILD)/tests/api-json-fuzz $(BUILD)/tests/api-xmlrpc-fuzz \
	$(BUILD)/tests/api-jsonrpc-fuzz $(BUILD)/tests/api-frontmsg-fuzz \
	$(BUILD)/tests/api-request-fuzz
TEST_CMDS += $(TOP)/tests/api/rest.sh $(TOP)/tests/api/xenapi.sh \
	$(TOP)/tests/api/badinput.sh $(TOP)/tests/api/crash.sh \
	$(TOP)/tests/api/load.sh $(TOP)/tests/api/fuzz.sh $(TOP)/tests/api/live.sh \
	$(TOP)/tests/api/privsep.sh
FUZZ_CMDS += $(TOP)/tests/api/fuzz.sh
fuzz: export API_FUZZ_SECONDS = 300
BENCH_CMDS += $(TOP)/tests/api/bench.sh
