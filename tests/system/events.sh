#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Event channels and time under QEMU TCG (svm): boots
#   d0: evtchn.elf dom0      d1: pingpong.elf ping 2
#   d2: pingpong.elf pong 1  d3: evtchn.elf domU
#   d4: fifo.elf (the FIFO ABI; event channel ports up to 4300, the
#       others the default 1023)
# and checks the log with check-events.sh.  tests/bench/events.sh reads
# the BENCH lines of the same log; bochs-events.sh boots the same set
# under Bochs (vmx).  One CPU, so that the benchmark's context switches
# are switches; EVENTS_SMP=n gives the machine n CPUs instead (then the
# ping-pong crosses CPUs: events-smp.sh), EVENTS_ACCEL another -accel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
g=$build/tests/guests
log=${EVENTS_LOG:-$build/tests/system/events-serial.log}
limit=${QEMU_TIME_LIMIT:-300}
smp=${EVENTS_SMP:-1}
name=system/qemu-svm-events$([ "$smp" -gt 1 ] && echo "-smp$smp")
mkdir -p "$(dirname "$log")"
rm -f "$log" "$log.txt"

start=$(date +%s)
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel "${EVENTS_ACCEL:-tcg}" -cpu max -smp "$smp" -m 256M \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=16M domU_mem=8M domU_max_evtchn_port=1023,1023,1023,4300" \
	-initrd "$g/evtchn.elf dom0,$g/pingpong.elf ping 2,$g/pingpong.elf pong 1,$g/evtchn.elf domU,$g/fifo.elf" \
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
why=$("$here/check-events.sh" "$log" svm 2>&1) || fail "$why"
echo "PASS $name (${secs}s)"
