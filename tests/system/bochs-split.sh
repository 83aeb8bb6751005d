#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The split drivers under Bochs with a VT-x CPU model (the vmx back end),
# through bochs.sh, which has no virtio: Dom0 with a 1 MiB RAM disk for
# the DomU (vbd=1) and the bridge without uplink (vif), one DomU running
# the scripted check of drivers/frontend/splittest.h (a pattern written to
# xvda and read back, a read past the end refused, three pings to Dom0)
# on its console ring.  Dom0 powers off once the DomU has (exit-when-
# alone), which ends the run.  bochs.sh reads the domains from this line:
#   -append "dom0_mem=32M domU_mem=16M"
#   -initrd "$m/dom0.elf exit-when-alone vbd=1 vif,$m/guest-pv.elf splittest console=hvc0"
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
m=$build/tests/system/split-modules
mkdir -p "$m"
ln -sf "$build/dom0/dom0.elf" "$build/guest-patches/guest-pv.elf" "$m/"
TAG=-split TEST_NAME=split/bochs-vmx \
	QEMU_SCRIPT=$here/bochs-split.sh CHECK_SCRIPT=$here/check-split.sh \
	MODULE_DIR=$m exec "$here/bochs.sh" "$@"
