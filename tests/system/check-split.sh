#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks bochs-split.sh's log: the DomU's scripted split-driver check
# (drivers/frontend/splittest.h) passed every step, its lines coming
# through its console ring and Dom0's backend ("(d0) [1] ..."), and
# nothing crashed.  Usage: LOG [BACK-END].
set -u
log=$1
name=split/bochs-vmx
text=$(tr -d '\r' < "$log")
fail() {
	echo "FAIL $name: $*"
	echo "$text" | grep -v '^(XEN)' | tail -15 | sed 's/^/    /'
	exit 1
}
echo "$text" | grep -q '^(d0) .*\[1\] .*SPLITTEST done' || fail "the DomU's check did not finish"
for n in blk-rw blk-range ping-dom0; do
	echo "$text" | grep -Eq "^\(d0\) .*\[1\] .*PASS split/$n\$" ||
		fail "$(echo "$text" | grep -m1 "FAIL split" || echo "no PASS split/$n")"
done
echo "$text" | grep -q 'crashed:\|Panic\|PANIC' && fail "$(echo "$text" | grep -m1 'crashed:\|Panic\|PANIC')"
exit 0
