#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for events and scheduling: boots the event-channel set
# (tests/system/events.sh) under QEMU TCG (svm) and, when Bochs is
# installed, under Bochs (vmx), and prints what the guests measured with
# RDTSC (their "BENCH name value unit" lines) as one table per emulator:
#   null-hypercall      xen_version(XENVER_version), mean of 2000 calls
#   event-round-trip    send + answer between two DomUs, mean of 10,000
#   context-switch      SCHEDOP_yield between two DomUs on one CPU, per switch
# and, under QEMU, the null hypercall as a ratio to real Xen 4.17's there,
# and the same set on two CPUs (events-smp.sh), where the round trip
# crosses CPUs (a kick IPI each way; no context-switch row: the yields
# find nobody else on their CPU).
# Numbers only: nothing here passes or fails on time.  Cycles are the
# emulated TSC's, so they compare runs on one emulator, not emulators.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
sys=$here/../system

table() {	# emulator, back end, log[, measure to leave out]
	local emulator=$1 backend=$2 log=$3 skip=${4:-}

	printf '\n%-34s %s (%s back end)\n' "events and scheduling" "$emulator" "$backend"
	printf '%-34s %14s\n' "measure" "mean"
	tr -d '\r' < "$log" | sed -n 's/^(d[0-9]*) BENCH \([^ ]*\) \([0-9]*\) \(.*\)/\1 \2 \3/p' |
		awk -v skip="$skip" '$1 != skip' |
		sort -k1,1 -s | awk '{ sum[$1] += $2; n[$1]++; unit[$1] = $3 }
			END { for (k in sum) printf "%-34s %10d %s\n", k, sum[k] / n[k], unit[k] }' |
		sort
}

# Real Xen 4.17 under the same QEMU (docs/emulators.md):
# a null hypercall takes about 64k cycles at the minimum.
XEN_NULL_HYPERCALL=64000

# The ratio of our null hypercall to Xen's, from a table's log.
xen_ratio() {
	tr -d '\r' < "$1" | sed -n 's/^(d[0-9]*) BENCH null-hypercall \([0-9]*\) .*/\1/p' |
		awk -v xen=$XEN_NULL_HYPERCALL '{ s += $1; n++ }
			END { if (n) printf "%-34s %10.2f x (Xen: ~%d cycles)\n",
				"null-hypercall / Xen 4.17", s / n / xen, xen }'
}

if EVENTS_LOG=$build/tests/bench/events-qemu.log "$sys/events.sh" >/dev/null; then
	table "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') TCG -cpu max" \
		svm "$build/tests/bench/events-qemu.log"
	xen_ratio "$build/tests/bench/events-qemu.log"
else
	echo "events bench: the QEMU run failed (tests/system/events.sh says why)"
	exit 1
fi
if EVENTS_LOG=$build/tests/bench/events-qemu-smp.log "$sys/events-smp.sh" >/dev/null; then
	table "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') TCG (one thread) -cpu max -smp 2" \
		svm "$build/tests/bench/events-qemu-smp.log" context-switch
else
	echo "events bench: the QEMU run on two CPUs failed (tests/system/events-smp.sh says why)"
	exit 1
fi
if command -v bochs >/dev/null; then
	if "$sys/bochs-events.sh" >/dev/null; then
		table "Bochs $(dpkg-query -W -f '${Version}' bochs 2>/dev/null) corei7_skylake_x" \
			vmx "$build/tests/system/bochs-events-serial.log"
	else
		echo "events bench: the Bochs run failed (tests/system/bochs-events.sh says why)"
		exit 1
	fi
fi
