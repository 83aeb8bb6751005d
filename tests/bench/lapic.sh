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
# 32 samples each; mean, and min / median / p99 per sample.  Below, the
# x2APIC self-IPI as a ratio to the xAPIC one of the same boot, and the
# round trip as a ratio to the timer's latency.  The round trip includes
# waking vCPU 1 and, on a CPU busy with the boot's other domains, waiting
# for it to be scheduled: it measures the scheduler as much as the APIC.
# Numbers only: nothing here passes or fails on time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
sys=$here/../system

table() {	# emulator, back end, log
	printf '\n%-26s %s (%s back end), cycles\n' "local APIC" "$1" "$2"
	printf '%-26s %10s %10s %10s %10s\n' "measure" "mean" "min" "median" "p99"
	tr -d '\r' < "$3" |
		sed -n 's/^(d[79]) \(BENCH\(STAT\)\{0,1\}\) \(lapic-\|smp-\)/\1 \3/p' |
		awk '
		$1 == "BENCH" { mean[$2] = $3 }
		$1 == "BENCHSTAT" { lo[$2] = $3; med[$2] = $4; hi[$2] = $5 }
		END {
			for (k in med)
				printf "%-26s %10d %10d %10d %10d\n", k, mean[k],
				       lo[k], med[k], hi[k]
			x = "lapic-self-ipi-x2apic"; m = "lapic-self-ipi-xapic"
			if (med[x] && med[m])
				printf "%-26s %10.2f (x, medians, same boot)\n",
				       "self-ipi x2apic / xapic", med[x] / med[m]
			r = "smp-ipi-round-trip"; t = "lapic-timer-latency-xapic"
			if (med[r] && med[t])
				printf "%-26s %10.2f (x, medians, same boot)\n",
				       "ipi round trip / timer", med[r] / med[t]
		}' | sort
}

if "$sys/qemu.sh" >/dev/null; then
	table "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') TCG -cpu max" \
		svm "$build/tests/system/qemu-serial.log"
else
	echo "lapic bench: the QEMU run failed (tests/system/qemu.sh says why)"
	exit 1
fi
if command -v bochs >/dev/null; then
	if "$sys/bochs.sh" >/dev/null; then
		table "Bochs $(dpkg-query -W -f '${Version}' bochs 2>/dev/null) corei7_skylake_x" \
			vmx "$build/tests/system/bochs-serial.log"
	else
		echo "lapic bench: the Bochs run failed (tests/system/bochs.sh says why)"
		exit 1
	fi
fi
