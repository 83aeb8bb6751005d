# SPDX-License-Identifier: MIT
# Debian's own Linux kernel as a PVH DomU under QEMU (svm), created with
# `xl create examples/linux-split.cfg` (two vCPUs, a disk and a vif) with
# a busybox initramfs, to its /init marker and its poweroff
# (scripts/linux-guest.sh fetches the kernel Debian 12 ships today;
# nothing is installed on the host).
TEST_CMDS += $(TOP)/tests/system/linux.sh
