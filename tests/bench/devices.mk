# SPDX-License-Identifier: MIT
# Dom0's virtio devices (block, console, interrupts) beside the host's
# own figures, measured in the same run (QEMU).
BENCH_CMDS += $(TOP)/tests/bench/devices.sh
