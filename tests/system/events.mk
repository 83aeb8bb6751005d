# SPDX-License-Identifier: MIT
# Event channels and time, whole system under QEMU TCG (svm).
TEST_CMDS += $(TOP)/tests/system/events.sh
