#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Event channels and time under QEMU TCG (svm), or under Bochs (vmx) with
# BACKEND=vmx once tests/system/bochs.sh can boot a module set: boots
#   d0: evtchn.elf dom0      d1: pingpong.elf ping 2
#   d2: pingpong.elf pong 1  d3: evtchn.elf domU
# and checks every test name of evtchn.c and pingpong.c passed in the
# domains that run it, every domain shut down cleanly, no frame leaked
# and the machine powered off.  Also used by tests/bench/events.sh, which
# reads the BENCH lines from the same log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
g=$build/tests/guests
log=${EVENTS_LOG:-$build/tests/system/events-serial.log}
limit=${QEMU_TIME_LIMIT:-300}
name=system/qemu-svm-events
mkdir -p "$(dirname "$log")"
rm -f "$log" "$log.txt"

start=$(date +%s)
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg -cpu max -m 256M \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=16M domU_mem=8M" \
	-initrd "$g/evtchn.elf dom0,$g/pingpong.elf ping 2,$g/pingpong.elf pong 1,$g/evtchn.elf domU" \
	</dev/null >/dev/null 2>&1
rc=$?
secs=$(( $(date +%s) - start ))

fail() {
	echo "FAIL $name: $*"
	tail -20 "$log" 2>/dev/null | sed 's/^/    /'
	exit 1
}
# isa-debug-exit with value 0 exits with status 1; 124/137 is the limit.
[ "$rc" -eq 1 ] || fail "QEMU ended with status $rc after ${secs}s (limit ${limit}s)"
tr -d '\r' < "$log" > "$log.txt"
l=$log.txt
grep -q 'hvm back end: svm' "$l" || fail "no 'hvm back end: svm' line"
grep -q 'Panic' "$l" && fail "hypervisor panic"
if grep -q 'FAIL' "$l"; then fail "$(grep -m1 'FAIL' "$l")"; fi

# Names the guest sources use, and which domains must print each.
names() { grep -o '"[a-z_]*/[a-z0-9_-]*"' "$here/../guests/$1" | tr -d '"' | sort -u; }
for n in $(names evtchn.c); do
	for d in 0 3; do
		case "$n" in	# privilege decides a few
		evtchn/alloc-other-domain|evtchn/reset-other-domain|evtchn/table-*|evtchn/reset|evtchn/reset-frees|evtchn/lowest-port-first)
			[ $d = 0 ] && continue ;;
		evtchn/bind-virq-dom-exc|evtchn/bind-virq-console|evtchn/others-ended|evtchn/virq-dom-exc|timer/precise-when-alone)
			[ $d = 3 ] && continue ;;
		esac
		grep -qx "(d$d) PASS $n" "$l" || fail "d$d: no 'PASS $n'"
	done
done
for n in pingpong/init pingpong/rounds; do
	for d in 1 2; do
		grep -qx "(d$d) PASS $n" "$l" || fail "d$d: no 'PASS $n'"
	done
done
grep -qx "(d1) PASS pingpong/offer" "$l" || fail "d1: no 'PASS pingpong/offer'"
grep -qx "(d2) PASS pingpong/bind" "$l" || fail "d2: no 'PASS pingpong/bind'"
for d in 0 1 2 3; do
	grep -q "^(d$d) SUMMARY [0-9]* passed, 0 failed" "$l" || fail "d$d: no clean SUMMARY line"
	grep -q "domain $d ([A-Za-z0-9-]*) shut down: poweroff" "$l" || fail "d$d did not shut down cleanly"
done
line=$(grep -m1 'no domain left' "$l") || fail "the hypervisor did not see every domain end"
set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
echo "PASS $name (${secs}s)"
