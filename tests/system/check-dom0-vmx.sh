#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks bochs-xenbus.sh's log: the two-DomU xenbus scenario (d1, d2;
# check-xenbus.sh) and d3, a DomU with console=hvc0 running its whole
# selftest, whose lines reach the serial line only through its console
# ring and Dom0's backend ("(d0) [3] ...").  Usage: LOG [BACK-END].
set -u
orig=$1
"$(dirname "$0")/check-xenbus.sh" "$orig" || exit 1
name=dom0/bochs-vmx-console-selftest
. "$(dirname "$0")/guest-lib.sh"
trap - EXIT
log=$orig.d3
# Dom0's shell prompt may start the line a relayed one ends.
tr -d '\r' < "$orig" | sed 's/^(d0) dom0> /(d0) /' | grep -F '(d0) [3] ' |
	sed 's/^(d0) \[3\] /(d3) /' > "$log"
[ -s "$log" ] || fail "nothing of d3 came through Dom0's console backend"
grep -q '^(d3) ' "$orig" && grep -q '^(d3) PASS' "$orig" &&
	fail "d3's selftest went to console_io, not its ring"
check_selftest "(d3) " $(pv_selftest_sources xenbus)
exit 0
