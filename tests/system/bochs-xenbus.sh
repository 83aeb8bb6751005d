#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Dom0 kernel with PV DomUs under Bochs with a VT-x CPU model (the vmx
# back end), through bochs.sh: the two-DomU xenbus scenario of xenbus.sh
# (d1, d2), and d3 running its whole selftest with its console on the
# ring that Dom0's backend serves.  Dom0 powers off once they have ended
# (exit-when-alone), which ends the run.  bochs.sh reads the domains from
# this line (module files from one folder, $m):
#   -append "dom0_mem=32M domU_mem=16M"
#   -initrd "$m/dom0.elf exit-when-alone,$m/guest-pv.elf xstest=writer,$m/guest-pv.elf xstest=reader,$m/guest-pv.elf selftest console=hvc0"
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
m=$build/tests/system/xenbus-modules
mkdir -p "$m"
ln -sf "$build/dom0/dom0.elf" "$build/guest-patches/guest-pv.elf" "$m/"
TAG=-xenbus TEST_NAME=dom0/bochs-vmx-domus \
	QEMU_SCRIPT=$here/bochs-xenbus.sh CHECK_SCRIPT=$here/check-dom0-vmx.sh \
	MODULE_DIR=$m exec "$here/bochs.sh" "$@"
