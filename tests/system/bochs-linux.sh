#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's Linux as a PVH DomU under Bochs with a VT-x CPU model (the vmx
# back end), through bochs.sh: too slow for every `make test`, so it is
# `make test-slow`.  Bochs has no virtio, hence no management channel and
# no xl: Linux is a boot module (scripts/linux-guest.sh prepares vmlinux
# and the initramfs), its initramfs the module after it; Dom0 gives it a
# vif on the bridge without uplink (vif) and powers the machine off once
# the DomU is gone (exit-when-alone), which ends the run.  /init loads its
# modules, pings Dom0 through xen-netfront and powers off
# (check-linux.sh).  bochs.sh reads the domains from these lines:
#   -append "dom0_mem=32M domU_mem=192M"
#   -initrd "$m/dom0.elf exit-when-alone vif,$m/vmlinux console=hvc0 loglevel=4 xenolith.ip=10.0.0.11/24 xenolith.ping=10.0.0.1,$m/initramfs.cpio.gz"
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
m=$build/tests/system/linux-modules
mkdir -p "$m"
if ! out=$("$here/../../scripts/linux-guest.sh" 2>&1); then
	echo "FAIL linux/bochs-vmx: scripts/linux-guest.sh: $(echo "$out" | tail -3)"
	exit 1
fi
ln -sf "$build/dom0/dom0.elf" "$build/linux/vmlinux" "$build/linux/initramfs.cpio.gz" "$m/"
TAG=-linux TEST_NAME=linux/bochs-vmx BOCHS_MEM=512 \
	BOCHS_TIME_LIMIT=${BOCHS_TIME_LIMIT:-3600} \
	QEMU_SCRIPT=$here/bochs-linux.sh CHECK_SCRIPT=$here/check-linux.sh \
	MODULE_DIR=$m exec "$here/bochs.sh" "$@"
