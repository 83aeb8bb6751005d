# SPDX-License-Identifier: MIT
# Debian's Linux as a PVH DomU: ms from `xl create` to its /init marker,
# without devices and with a disk and a vif (QEMU).
BENCH_CMDS += $(TOP)/tests/bench/linux.sh
