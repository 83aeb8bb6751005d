# SPDX-License-Identifier: MIT
# Dom0's physical interrupts: physdev_op with QEMU's edu device.
TEST_CMDS += $(TOP)/tests/system/irq.sh
