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
src=$top/guest-patches/pv/xstest.c
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
# The shell's prompt may start the line a scenario line ends.
text=$(tr -d '\r' < "$log" | sed 's/^\((d[0-9]*) \)guest> /\1/')
if echo "$text" | grep -q '^(d[12]) FAIL'; then
	fail "$(echo "$text" | grep -m1 '^(d[12]) FAIL')"
fi
for n in $(grep -o 'selftest_check("xstest/[a-z-]*"' "$src" | sed 's/.*("//; s/"$//'); do
	case $n in
	xstest/writer-*) d=1 ;;
	xstest/peer) d='[12]' ;;
	*) d=2 ;;
	esac
	echo "$text" | grep -Eq "^\(d$d\) PASS $n\$" || fail "no 'PASS $n' from d$d"
	[ "$n" = xstest/peer ] && { echo "$text" | grep -c "^(d[12]) PASS xstest/peer$" |
		grep -qx 2 || fail "not both DomUs found their peer"; }
done
for id in 0 1 2; do
	echo "$text" | grep -qx "(d2) xs ls /local/domain: $id" ||
		fail "xs ls /local/domain from d2 lacks $id"
done
if echo "$text" | grep -q 'crashed:\|Panic\|PANIC'; then
	fail "$(echo "$text" | grep -m1 'crashed:\|Panic\|PANIC')"
fi
stop_qemu
echo "PASS $name"
