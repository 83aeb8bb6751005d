# SPDX-License-Identifier: MIT
# Grant tables and memory operations, whole system under QEMU TCG (svm).
TEST_CMDS += $(TOP)/tests/system/qemu-gnttab.sh
# The same domains under Bochs: the vmx back end.
TEST_CMDS += $(TOP)/tests/system/bochs-gnttab.sh
