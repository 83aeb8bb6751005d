#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for the emulated local APIC: the standard boot's
# cpustate.elf (tests/guests/lapic.c) measures with RDTSC, in xAPIC mode
# (registers through the MMIO emulator) and x2APIC mode (MSR exits):
#   lapic-timer-latency-*   TSC deadline to the handler's first instruction
#   lapic-self-ipi-*        ICR / SELF_IPI write to the handler's first
#                           instruction
#   smp-ipi-round-trip      the standard boot's smp.elf (tests/guests/smp.c,
#                           4 vCPUs): vCPU 0's fixed IPI to vCPU 1, which
#                           halts between IPIs and answers each with one,
#                           to the answer's handler on vCPU 0 (xAPIC)
# 32 samples each, the two modes' taken in turn (xAPIC, x2APIC, xAPIC...)
# so that both meet the same host: QEMU's own APIC timer, which the
# hypervisor's timers ride on, fires tens of milliseconds late at times on
# a loaded host (the guest spins on, no exit at all), and one mode measured
# a second after the other could have all the stalls.  Mean, and min /
# median / p99 per sample.  Below, x2APIC as a ratio to xAPIC, and the
# round trip as a ratio to the timer's latency.  The round trip includes
# waking vCPU 1 and, on a CPU busy with the boot's other domains, waiting
# for it to be scheduled: it measures the scheduler as much as the APIC.
# Numbers only: nothing here passes or fails on time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
sys=$here/../system

. "$here/bench-rows.sh"

table() {	# emulator, back end, log
	local rows

	rows=$(bench_rows "$3" '[79]' 'lapic-\|smp-')
	echo "$rows" | bench_table "local APIC" "$1" "$2" 26
	echo "$rows" | awk '
		{ med[$1] = $4 }
		END {
			split("timer-latency self-ipi", what)
			split("timer self-ipi", label)
			for (i = 1; i <= 2; i++) {
				x = "lapic-" what[i] "-x2apic"
				m = "lapic-" what[i] "-xapic"
				if (med[x] && med[m])
					printf "%-26s %10.2f (x, medians, same boot)\n",
					       label[i] " x2apic / xapic", med[x] / med[m]
			}
			r = "smp-ipi-round-trip"; t = "lapic-timer-latency-xapic"
			if (med[r] && med[t])
				printf "%-26s %10.2f (x, medians, same boot)\n",
				       "ipi round trip / timer", med[r] / med[t]
		}'
}

bench_boot lapic "$sys/qemu.sh" "$(qemu_title) -cpu max" svm \
	"$build/tests/system/qemu-serial.log" || exit 1
if command -v bochs >/dev/null; then
	bench_boot lapic "$sys/bochs.sh" "$(bochs_title)" vmx \
		"$build/tests/system/bochs-serial.log" || exit 1
fi
