# SPDX-License-Identifier: MIT
# Whole-system boot under QEMU TCG: the svm back end.
TEST_CMDS += $(TOP)/tests/system/qemu.sh
