#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make fuzz`: the two-CPU event ping-pong (events-smp.sh) booted
# SOAK_RUNS times (default 40) with QEMU's multi-threaded TCG, one host
# thread per CPU.  Fails if any boot fails: the open host triple fault
# that events-smp.sh describes shows up here, with its serial log kept.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
runs=${SOAK_RUNS:-40}
log=$build/tests/system/events-smp-soak-serial.log
failed=0
for i in $(seq 1 "$runs"); do
	if ! out=$(EVENTS_ACCEL=tcg EVENTS_LOG=$log "$here/events-smp.sh"); then
		failed=$((failed + 1))
		cp "$log" "$log.fail$i"
		echo "$out" | head -1 | sed "s/^/    run $i: /"
	fi
done
if [ "$failed" -ne 0 ]; then
	echo "FAIL system/events-smp-soak: $failed of $runs boots failed (logs: $log.fail*)"
	exit 1
fi
echo "PASS system/events-smp-soak ($runs boots)"
