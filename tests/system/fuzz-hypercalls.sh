#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hypercall fuzzing under QEMU (svm): Dom0 and a DomU both run the fuzzer
# guest with their own seeds, on two CPUs, so that their calls meet in
# the hypervisor from both sides at once.  Passes when the hypervisor
# survives: no panic, every frame comes back, the machine powers itself
# off, and each fuzzer either finishes or is crashed alone for a fault of
# its own (a triple fault, or a nested page fault / EPT violation in its
# memory) after a hypercall, which the crash report names ("dNv0 last
# hypercall: ..."): a hypercall may have written over its own memory.
# Anything else (a fuzzer stopped, destroyed, or crashed for another
# reason, or none finished without such a cause) fails.
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

timeout --kill-after=5 "${FUZZ_TIME_LIMIT:-300}" qemu-system-x86_64 -accel tcg,thread=single \
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
how=
for d in 0 1; do
	if grep -q "^(d$d) FUZZ DONE" "$log.txt"; then
		how="$how d$d finished;"
		continue
	fi
	why=$(sed -n "s/^(XEN) domain $d (.*) crashed: //p" "$log.txt" | head -1)
	[ -n "$why" ] || fail "fuzzer d$d neither finished nor was crashed"
	last=$(sed -n "s/^(XEN) d${d}v0 last hypercall: //p" "$log.txt" | head -1)
	[ -n "$last" ] || fail "fuzzer d$d crashed ($why) with no hypercall recorded"
	case $why in
	"triple fault"* | *"nested page fault"* | *"EPT violation"*) ;;
	*) fail "fuzzer d$d crashed for '$why', which no hypercall of its own explains (last: $last)" ;;
	esac
	how="$how d$d crashed ($why) after $last;"
done
line=$(grep -m1 'no domain left' "$log.txt") || fail "the hypervisor did not see every domain end"
set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
echo "PASS $name (seed $seed, $count calls each:${how%;})"
