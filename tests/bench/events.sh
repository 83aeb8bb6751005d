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

. "$here/bench-rows.sh"

table() {	# emulator, back end, log[, measure to leave out]
	local rows

	rows=$(bench_rows "$3" '[0-9]*' '' "${4:-}")
	echo "$rows" | bench_table "events and scheduling" "$1" "$2" 24
	# The null hypercall against the cheapest exit of the same boot.
	echo "$rows" | awk '
		{ mean[$1] = $2; lo[$1] = $3; med[$1] = $4 }
		END {
			h = "null-hypercall"; c = "cpuid-exit"
			if (!med[h] || !med[c])
				exit
			printf "%-24s %10.2f %10.2f %10.2f (x, same boot)\n",
			       "null-hypercall / cpuid", mean[h] / mean[c],
			       lo[h] / lo[c], med[h] / med[c]
		}'
}

EVENTS_LOG=$build/tests/bench/events-qemu.log bench_boot events "$sys/events.sh" \
	"$(qemu_title) -cpu max" svm "$build/tests/bench/events-qemu.log" || exit 1
EVENTS_LOG=$build/tests/bench/events-qemu-smp.log bench_boot events "$sys/events-smp.sh" \
	"$(qemu_title) (one thread) -cpu max -smp 2" svm \
	"$build/tests/bench/events-qemu-smp.log" context-switch || exit 1
if command -v bochs >/dev/null; then
	bench_boot events "$sys/bochs-events.sh" "$(bochs_title)" vmx \
		"$build/tests/system/bochs-events-serial.log" || exit 1
fi
