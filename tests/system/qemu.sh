#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots Xenolith under QEMU's TCG (-cpu max: AMD-V with NPT, so the svm back
# end) with the standard test set of domains, then checks the serial log
# with check-serial.sh.  QEMU runs headless under a time limit and is
# always stopped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
g=$build/tests/guests
log=$build/tests/system/qemu-serial.log
limit=${QEMU_TIME_LIMIT:-180}
mkdir -p "$(dirname "$log")"
rm -f "$log"

start=$(date +%s)
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 2 -m 256M \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M domU_vcpus=1,1,1,1,1,1,1,1,4" \
	-initrd "$g/hypercalls.elf dom0 spinners=5:6,$g/hypercalls.elf domU,$g/ramdisk.bin rd-args,$g/crasher.elf npf,$g/crasher.elf triple,$g/unbacked.elf all,$g/spinner.elf,$g/spinner32.elf ioport,$g/cpustate.elf,$g/compat32.elf,$g/smp.elf" \
	</dev/null >/dev/null 2>&1
rc=$?
secs=$(( $(date +%s) - start ))

# isa-debug-exit with value 0 exits with status 1; 124/137 is the limit.
if [ "$rc" -ne 1 ]; then
	echo "FAIL system/qemu-svm: QEMU ended with status $rc after ${secs}s (limit ${limit}s)"
	tail -20 "$log" 2>/dev/null | sed 's/^/    /'
	exit 1
fi
if ! why=$("$here/check-serial.sh" "$log" svm 2>&1); then
	echo "FAIL system/qemu-svm: $why"
	tail -20 "$log" | sed 's/^/    /'
	exit 1
fi
# Two CPUs: the second comes up (Dom0's sched/ tests show both run vCPUs).
if ! grep -q '^(XEN) CPU 1 up' "$log.txt" || ! grep -q '^(XEN) 2 CPUs online' "$log.txt"; then
	echo "FAIL system/qemu-svm: the second CPU did not come up"
	exit 1
fi
# QEMU's APIC timer counts 1 GHz (62500 ticks/ms divided by 16), however
# loaded the host: the calibration against the PIT must find that, or every
# clock and timer of the system runs slow.
apic=$(sed -n 's/^(XEN) APIC timer: \([0-9]*\) ticks\/ms.*/\1/p' "$log.txt")
if [ -z "$apic" ] || [ "$apic" -lt 61250 ] || [ "$apic" -gt 63750 ]; then
	echo "FAIL system/qemu-svm: APIC timer calibrated at '$apic' ticks/ms, not 62500 +-2%"
	exit 1
fi
echo "PASS system/qemu-svm (${secs}s)"
