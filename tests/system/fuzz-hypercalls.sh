#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hypercall fuzzing under QEMU (svm): Dom0 and a DomU both run the fuzzer
# guest with their own seeds, on two CPUs, so that their calls meet in
# the hypervisor from both sides at once.  Passes when the hypervisor survives: no
# panic, each fuzzer either finishes or is crashed alone by the hypervisor,
# every frame comes back and the machine powers itself off.
# Usage: fuzz-hypercalls.sh [COUNT] (calls per fuzzer; FUZZ_COUNT, else
# 20000; `make fuzz` runs 500000).  FUZZ_SEED repeats a run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
count=${1:-${FUZZ_COUNT:-20000}}
seed=${FUZZ_SEED:-$(date +%s)}
g=$build/tests/guests
log=$build/tests/system/fuzz-serial.log
mkdir -p "$(dirname "$log")"
rm -f "$log"
name=system/fuzz-hypercalls

timeout --kill-after=5 "${FUZZ_TIME_LIMIT:-300}" qemu-system-x86_64 -accel tcg \
	-cpu max -smp 2 -m 256M -display none -monitor none -serial "file:$log" \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$g/fuzzer.elf dom0 seed=$seed count=$count,$g/fuzzer.elf seed=$((seed + 1)) count=$count" \
	</dev/null >/dev/null 2>&1
rc=$?
tr -d '\r' < "$log" > "$log.txt"
fail() {
	echo "FAIL $name (seed $seed): $*"
	tail -15 "$log.txt" | sed 's/^/    /'
	exit 1
}
[ "$rc" -eq 1 ] || fail "QEMU ended with status $rc, not by the hypervisor's power-off"
grep -q 'Panic' "$log.txt" && fail "hypervisor panic"
for d in 0 1; do
	grep -q "^(d$d) FUZZ DONE" "$log.txt" ||
		grep -q "^(XEN) domain $d (.*) crashed:" "$log.txt" ||
		grep -q "^(XEN) domain $d (.*) shut down:" "$log.txt" ||
		fail "fuzzer d$d neither finished nor was stopped by the hypervisor"
done
line=$(grep -m1 'no domain left' "$log.txt") || fail "the hypervisor did not see every domain end"
set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
how=$(grep -c '^(d[01]) FUZZ DONE' "$log.txt")
echo "PASS $name (seed $seed, $count calls each, $how of 2 fuzzers finished)"
