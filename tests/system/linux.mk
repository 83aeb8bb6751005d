# SPDX-License-Identifier: MIT
# Debian's own Linux kernel as a PVH DomU under QEMU (svm), booted as a boot
# module with a busybox initramfs to its /init marker (scripts/linux-guest.sh
# fetches the kernel Debian 12 ships today; nothing is installed on the host).
TEST_CMDS += $(TOP)/tests/system/linux.sh
