#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks bochs-split.sh's log: the DomU's scripted split-driver check
# (drivers/frontend/splittest.h) passed every step, its lines coming
# through its console ring and Dom0's backend ("(d0) [1] ..."), and
# nothing crashed.  Usage: LOG [BACK-END].
name=split/bochs-vmx
. "$(dirname "$0")/check-ring.sh"
has '^(d0) .*\[1\] .*SPLITTEST done' || fail "the DomU's check did not finish"
for n in blk-rw blk-range ping-dom0; do
	has "^(d0) .*\[1\] .*PASS split/$n\$" ||
		fail "$(echo "$text" | grep -m1 "FAIL split" || echo "no PASS split/$n")"
done
pass_unless_crashed
