# SPDX-License-Identifier: MIT
# Event channels and time, whole system: QEMU TCG (svm) and Bochs (vmx).
TEST_CMDS += $(TOP)/tests/system/events.sh $(TOP)/tests/system/events-smp.sh \
	$(TOP)/tests/system/bochs-events.sh
# The same on two CPUs with a host thread per CPU, many times: `make fuzz`.
FUZZ_CMDS += $(TOP)/tests/system/events-smp-soak.sh
