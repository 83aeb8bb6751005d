#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The xenbus client between two DomUs (QEMU TCG, the svm back end): Dom0
# (dom0.elf, with xenstored) and two PV DomUs running the scripted
# scenario of guest-patches/pv/xstest.h, d1 as `xstest=writer`, d2 as
# `xstest=reader`: permissions granted and refused between them, a watch
# set by one firing when the other writes, `/local/domain` listed from a
# DomU.  Every name in pv/xstest.c must PASS in its domain.
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
img=$gp/guest-pv.elf
hv=$build/xenolith
mkdir -p "$build/tests/system"

name=xenbus/two-domus
log=$build/tests/system/xenbus.log
for f in "$dom0" "$img" "$hv"; do
	[ -f "$f" ] || fail "no $f: run make"
done
qemu_start 90 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$dom0,$img xstest=writer,$img xstest=reader"
wait_for '^\(d1\) XSTEST writer done' 60 || fail "d1 (writer) did not finish"
wait_for '^\(d2\) XSTEST reader done' 30 || fail "d2 (reader) did not finish"
why=$("$(dirname "$0")/check-xenbus.sh" "$log") || fail "$why"
stop_qemu
echo "PASS $name"
