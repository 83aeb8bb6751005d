# SPDX-License-Identifier: MIT
# Grant tables and memory operations, whole system under QEMU TCG (svm).
TEST_CMDS += $(TOP)/tests/system/qemu-gnttab.sh
