#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the serial log of the grant-table and memory boot (see
# qemu-gnttab.sh for the domains).  Every test name in grants.c and
# memops.c starts with its role, and each role runs in one domain: every
# name must PASS there.  The rowriter domain gets #GP for its write through
# a read-only mapping and the late one reads all ones through its revoked
# mapping: nobody is crashed, and every frame must come back.
# Usage: check-gnttab.sh LOG BACKEND (svm|vmx).
set -u
log=$1 backend=$2
src=$(dirname "$0")/../guests
fail() { echo "$*" >&2; exit 1; }
. "$(dirname "$0")/test-names.sh"

tr -d '\r' < "$log" > "$log.txt"
log=$log.txt
grep -q "hvm back end: $backend" "$log" || fail "no 'hvm back end: $backend' line"
if grep -q 'FAIL' "$log"; then fail "$(grep -m1 'FAIL' "$log")"; fi
grep -q 'Panic' "$log" && fail "hypervisor panic: $(grep -m1 -A1 'Panic' "$log" | tail -1)"

names=$(test_names "$src/grants.c" "$src/memops.c")
[ -n "$names" ] || fail "no test names found in the guest sources"
for n in $names; do
	case ${n%%/*} in
	dom0) d=0 ;; granter) d=1 ;; mapper) d=2 ;; rowriter) d=3 ;;
	late) d=4 ;; memops) d=5 ;; *) continue ;;
	esac
	grep -qxF "(d$d) PASS $n" "$log" || fail "d$d: no 'PASS $n'"
done
for d in 0 1 2 3 4 5; do
	why=$(check_counts "$log" "(d$d) " SUMMARY) || fail "$why"
done
for d in 0 1 2 3 4 5; do
	grep -q "domain $d ([A-Za-z0-9-]*) shut down: poweroff" "$log" ||
		fail "d$d did not shut down cleanly"
done

grep -q 'crashed:' "$log" && fail "$(grep -m1 'crashed:' "$log")"
grep -q '^(XEN) d4 I/O: .*mmio 0 handled [1-9][0-9]* unbacked' "$log" ||
	fail "d4's reads through its revoked mapping were not counted as unbacked"
grep -q '^(XEN) domain 1: [0-9]* grants revoked' "$log" ||
	fail "d1's death revoked no mapping"

line=$(grep -m1 'no domain left' "$log") || fail "the hypervisor did not see every domain end"
free=$(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
set -- $free
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
grep -q 'powering off' "$log" || fail "no power-off"
exit 0
