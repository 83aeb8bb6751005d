#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for events and scheduling: boots the event-channel set
# (tests/system/events.sh) under QEMU TCG (svm) and, when Bochs is
# installed, under Bochs (vmx), and prints what the guests measured with
# RDTSC as one table per emulator:
#   null-hypercall      xen_version(XENVER_version), 2000 calls
#   cpuid-exit          CPUID, 2000 times: the cheapest exit, the floor
#   event-round-trip    send + answer between two DomUs, 10,000 rounds
#   context-switch      SCHEDOP_yield between two DomUs on one CPU, per switch
# Each call is timed on its own: the columns are the mean over the whole
# loop ("BENCH" lines; other domains' slices that land in the loop count),
# and the per-call min, median and p99 ("BENCHSTAT" lines).  Where two
# domains measure the same thing, the table gives the mean of their means
# and medians, the smaller min and the larger p99.  Below each table, the
# null hypercall as a ratio to the CPUID exit of the same boot.  Then the
# same set on two CPUs (events-smp.sh), where the round trip crosses CPUs
# (a kick IPI each way; no context-switch row: the yields find nobody
# else on their CPU).
# Numbers only: nothing here passes or fails on time.  Cycles are the
# emulated TSC's, so they compare runs on one emulator, not emulators.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
sys=$here/../system

table() {	# emulator, back end, log[, measure to leave out]
	local emulator=$1 backend=$2 log=$3 skip=${4:-}

	printf '\n%-24s %s (%s back end), cycles\n' "events and scheduling" "$emulator" "$backend"
	printf '%-24s %10s %10s %10s %10s\n' "measure" "mean" "min" "median" "p99"
	tr -d '\r' < "$log" | sed -n 's/^(d[0-9]*) \(BENCH\(STAT\)\{0,1\}\) /\1 /p' |
		awk -v skip="$skip" '
		$2 == skip { next }
		$1 == "BENCH" { mean[$2] += $3; nm[$2]++ }
		$1 == "BENCHSTAT" {
			if (!($2 in lo) || $3 < lo[$2]) lo[$2] = $3
			med[$2] += $4; ns[$2]++
			if ($5 > hi[$2]) hi[$2] = $5
		}
		END {
			for (k in mean) {
				printf "%-24s %10d", k, mean[k] / nm[k]
				if (ns[k])
					printf " %10d %10d %10d", lo[k], med[k] / ns[k], hi[k]
				printf "\n"
			}
			h = "null-hypercall"; c = "cpuid-exit"
			if (!ns[h] || !ns[c])
				exit
			rm = (mean[h] / nm[h]) / (mean[c] / nm[c])
			rl = lo[h] / lo[c]
			rd = (med[h] / ns[h]) / (med[c] / ns[c])
			printf "%-24s %10.2f %10.2f %10.2f (x, same boot)\n",
			       "null-hypercall / cpuid", rm, rl, rd
		}' | sort
}

if EVENTS_LOG=$build/tests/bench/events-qemu.log "$sys/events.sh" >/dev/null; then
	table "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') TCG -cpu max" \
		svm "$build/tests/bench/events-qemu.log"
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
