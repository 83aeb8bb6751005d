#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the serial log of the two-DomU xenbus scenario (xenbus.sh under
# QEMU, bochs-xenbus.sh under Bochs): every name in pv/xstest.c passes in
# its domain, `/local/domain` listed from d2 has 0, 1 and 2, nothing
# crashed.  Usage: check-xenbus.sh LOG [BACK-END]; prints the first problem
# and exits 1, or exits 0.
set -u
log=$1
src=$(dirname "$0")/../../guest-patches/pv/xstest.c
fail() { echo "$*"; exit 1; }
. "$(dirname "$0")/test-names.sh"

# The shell's prompt may start the line a scenario line ends.
text=$(tr -d '\r' < "$log" | sed 's/^\((d[0-9]*) \)guest> /\1/')
if echo "$text" | grep -q '^(d[12]) FAIL'; then
	fail "$(echo "$text" | grep -m1 '^(d[12]) FAIL')"
fi
names=$(test_names "$src")
[ -n "$names" ] || fail "no test names found in $src"
for n in $names; do
	case $n in
	xstest/writer-*) d=1 ;;
	xstest/peer) d='[12]' ;;
	*) d=2 ;;
	esac
	echo "$text" | grep -Eq "^\(d$d\) PASS ${n//./\\.}\$" || fail "no 'PASS $n' from d$d"
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
exit 0
