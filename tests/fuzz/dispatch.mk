# SPDX-License-Identifier: MIT
# libFuzzer over Dom0's management agent built for the host
# (dispatch_fuzz.c): the agent's dispatch and operations, the builder,
# guest.c, Dom0's xenstored and the xenstore core, on a model of the
# hypervisor (dom0_model.c).  A short run in `make test`, a long one in
# `make fuzz`.
DISPATCH_FUZZ := $(BUILD)/tests/dispatch-fuzz
DISPATCH_SRC := $(addprefix $(TOP)/dom0/,agent.c agent_ops.c agent_xs.c \
	agent_build.c agent_console.c agent_dev.c guest.c xenstored.c \
	builder/builder.c builder/image.c) \
	$(addprefix $(TOP)/xapi/proto/,frame.c msg.c) \
	$(addprefix $(TOP)/xenstore/,node.c path.c perms.c quota.c \
	transaction.c watch.c domain.c store.c dispatch.c wire.c conn.c ring.c) \
	$(addprefix $(TOP)/hypervisor/lib/,sha256.c elf.c acpi.c) \
	$(TOP)/tests/fuzz/dom0_model.c $(TOP)/tests/fuzz/dispatch_fuzz.c \
	$(TOP)/tests/lib/pvh_kernel.c
# Dom0's code sees Xen's headers and Xenolith's as in dom0/Makefile, the
# host's libc where Dom0 has its runtime's (strlcpy from the model).
$(DISPATCH_FUZZ): $(DISPATCH_SRC) $(wildcard $(TOP)/dom0/*.h $(TOP)/dom0/builder/*.h \
		$(TOP)/xenstore/*.h $(TOP)/xapi/proto/*.h $(TOP)/tests/fuzz/*.h $(TOP)/tests/lib/pvh_kernel.h)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wshadow \
		-include stdint.h -include $(TOP)/tests/fuzz/dom0_model.h \
		-D__XEN_TOOLS__ -D__XEN_INTERFACE_VERSION__=0x00040e00 \
		-idirafter $(TOP)/hypervisor/include \
		-idirafter $(TOP)/hypervisor/lib/include -I$(TOP)/xenstore \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $(DISPATCH_SRC)

TEST_BUILD += $(DISPATCH_FUZZ)
DISPATCH_RUN = $(TOP)/tests/fuzz/run-dispatch.sh $(DISPATCH_FUZZ) $(BUILD)/tests
TEST_CMDS += "$(DISPATCH_RUN) 20"
FUZZ_CMDS += "$(DISPATCH_RUN) 600"
