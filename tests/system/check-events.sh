#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the serial log of the event-channel set (see events.sh): every
# test name of evtchn.c, pingpong.c and fifo.c passed in the domains that run it,
# no FAIL line, no panic, every domain shut down cleanly, no frame leaked.
# Usage: check-events.sh LOG BACKEND (svm|vmx).  Prints the first problem
# on stderr and exits 1, or exits 0.
set -u
log=$1 backend=$2
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "$*" >&2; exit 1; }
. "$here/test-names.sh"

tr -d '\r' < "$log" > "$log.txt"
l=$log.txt
grep -q "hvm back end: $backend" "$l" || fail "no 'hvm back end: $backend' line"
grep -q 'Panic' "$l" && fail "hypervisor panic"
if grep -q 'FAIL' "$l"; then fail "$(grep -m1 'FAIL' "$l")"; fi

# Names the guest sources use, and which domains must print each.
names() { test_names "$here/../guests/$1"; }
for n in $(names evtchn.c); do
	for d in 0 3; do
		case "$n" in	# privilege decides a few
		evtchn/alloc-other-domain|evtchn/reset-other-domain|evtchn/table-*|evtchn/reset|evtchn/reset-frees|evtchn/lowest-port-first)
			[ $d = 0 ] && continue ;;
		evtchn/bind-virq-dom-exc|evtchn/bind-virq-console|evtchn/others-ended|evtchn/virq-dom-exc|timer/alone-*)
			[ $d = 3 ] && continue ;;
		esac
		grep -qxF "(d$d) PASS $n" "$l" || fail "d$d: no 'PASS $n'"
	done
done
for n in pingpong/init pingpong/rounds; do
	for d in 1 2; do
		grep -qxF "(d$d) PASS $n" "$l" || fail "d$d: no 'PASS $n'"
	done
done
for n in $(names fifo.c); do
	grep -qxF "(d4) PASS $n" "$l" || fail "d4: no 'PASS $n'"
done
grep -qx "(d1) PASS pingpong/offer" "$l" || fail "d1: no 'PASS pingpong/offer'"
grep -qx "(d2) PASS pingpong/bind" "$l" || fail "d2: no 'PASS pingpong/bind'"
for d in 0 1 2 3 4; do
	why=$(check_counts "$l" "(d$d) " SUMMARY) || fail "$why"
	grep -q "domain $d ([A-Za-z0-9-]*) shut down: poweroff" "$l" || fail "d$d did not shut down cleanly"
done
line=$(grep -m1 'no domain left' "$l") || fail "the hypervisor did not see every domain end"
set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
