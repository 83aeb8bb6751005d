#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make fuzz`: the two-CPU event ping-pong booted SOAK_RUNS times (default
# 40) with QEMU's multi-threaded TCG, one host thread per CPU, to catch the
# host triple fault of QEMU 7.2 that docs/emulators.md describes.  Each boot
# carries only what the ping-pong needs: d0 pings, d1 pongs (10,000 round
# trips across the two CPUs), nothing else.
#
# A triple fault pauses the machine (-action reboot=shutdown,shutdown=pause;
# QEMU logs "Triple fault" with -d cpu_reset) and triple-report.sh reads it
# through the monitor: each CPU's registers and nested-paging flag, the
# VMCB the faulting CPU left, the host state VMRUN saved, and the page-table
# walks of the faulting addresses in the host's tables and through the
# guest's nested table, ending with a verdict.  The report is printed and
# kept with the serial and QEMU logs as $SOAK_DIR/fail<N>.{report,serial.log,
# qemu.log}.  SOAK_QEMU_LOG adds QEMU log items (e.g. "int": every exception
# and interrupt with the CPU state, tens of MB a boot, deleted after a good
# one; the report then quotes the last host-mode exceptions).
#
# SOAK_MODE=fxrstor boots instead the reproducer of that fault: two
# domains that each run SOAK_ROUNDS (default 20,000) rounds of 1000
# FXRSTORs and one null hypercall (pingpong.c, "fxrstor N"); under QEMU
# 7.2 it triple-faults within seconds, where the ping-pong takes ~20 boots.
#
# The hypervisor and guest are copied first, so a rebuild during a long
# soak does not change what is booted.  SOAK_DIR (default a fresh
# directory under build/) receives the logs and a "progress" file with
# one line per boot.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
runs=${SOAK_RUNS:-40}
limit=${QEMU_TIME_LIMIT:-400}
mkdir -p "$build/tests/system"
dir=${SOAK_DIR:-$(mktemp -d "$build/tests/system/soak.XXXXXX")}
mkdir -p "$dir"
cp "$build/xenolith" "$build/xenolith.elf" "$build/tests/guests/pingpong.elf" \
	"$dir/" || exit 1
serial=$dir/serial.log qlog=$dir/qemu.log report=$dir/report
mon_in=$dir/monitor.in mon_out=$dir/monitor.out
mode=${SOAK_MODE:-pingpong} rounds=${SOAK_ROUNDS:-20000}
case $mode in
pingpong) guests="$dir/pingpong.elf ping 1,$dir/pingpong.elf pong 0" ;;
fxrstor) guests="$dir/pingpong.elf fxrstor $rounds,$dir/pingpong.elf fxrstor $rounds" ;;
*) echo "FAIL system/events-smp-soak: SOAK_MODE is pingpong or fxrstor"; exit 1 ;;
esac
. "$here/triple-report.sh"

# Sends a command to the paused QEMU's monitor and prints its reply (the
# monitor is on QEMU's stdio: commands through the FIFO on fd 4, replies
# appended to $mon_out, each ending with the "(qemu) " prompt).
mon() {
	local before k
	before=$(stat -c %s "$mon_out")
	printf '%s\n' "$1" >&4
	for k in $(seq 1 100); do
		sleep 0.1
		[ "$(stat -c %s "$mon_out")" -gt "$before" ] &&
			[ "$(tail -c 7 "$mon_out")" = "(qemu) " ] && break
	done
	tail -c +$((before + 1)) "$mon_out"
}

# One boot; prints why it failed on stdout, or nothing.  A triple fault
# pauses the machine (-action reboot=shutdown,shutdown=pause) and
# triple-report.sh reads it through the monitor into $report.
boot() {
	local pid t=0 rc
	rm -f "$serial" "$qlog" "$report" "$mon_in" "$mon_out"
	mkfifo "$mon_in"
	exec 4<>"$mon_in"
	: > "$mon_out"
	qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 64M \
		-display none -monitor stdio -serial "file:$serial" \
		-action reboot=shutdown,shutdown=pause \
		-d cpu_reset${SOAK_QEMU_LOG:+,$SOAK_QEMU_LOG} -D "$qlog" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$dir/xenolith" -append "dom0_mem=8M domU_mem=8M" \
		-initrd "$guests" \
		<&4 >"$mon_out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if grep -q 'Triple fault' "$qlog" 2>/dev/null; then
			triple_report "$dir/xenolith.elf" \
				"$([ -n "${SOAK_QEMU_LOG:-}" ] && echo "$qlog")" \
				"$dir/machine.state" > "$report" 2>&1
			break
		fi
		[ "$t" -ge "$limit" ] && break
		sleep 1
		t=$((t + 1))
	done
	kill "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	exec 4>&-
	rm -f "$mon_in"
	if grep -q 'Triple fault' "$qlog" 2>/dev/null; then
		echo "host triple fault after ${t}s: $(sed -n 's/^  verdict: //p' "$report")"
	elif [ "$rc" -ne 1 ]; then	# isa-debug-exit with 0: status 1
		echo "QEMU ended with status $rc after ${t}s (limit ${limit}s)"
	elif [ "$mode" = fxrstor ] &&
	     { ! tr -d '\r' < "$serial" | grep -qx "(d0) pingpong: $rounds fxrstor rounds" ||
	       ! tr -d '\r' < "$serial" | grep -qx "(d1) pingpong: $rounds fxrstor rounds"; }; then
		echo "the rounds did not complete"
	elif [ "$mode" = pingpong ] &&
	     { ! tr -d '\r' < "$serial" | grep -qx '(d0) PASS pingpong/rounds' ||
	       ! tr -d '\r' < "$serial" | grep -qx '(d1) PASS pingpong/rounds'; }; then
		echo "the ping-pong did not complete"
	elif tr -d '\r' < "$serial" | grep -q 'FAIL\|Panic'; then
		tr -d '\r' < "$serial" | grep -m1 'FAIL\|Panic'
	fi
}

failed=0
for i in $(seq 1 "$runs"); do
	start=$(date +%s)
	why=$(boot)
	if [ -n "$why" ]; then
		failed=$((failed + 1))
		cp "$serial" "$dir/fail$i.serial.log"
		cp "$qlog" "$dir/fail$i.qemu.log" 2>/dev/null
		cp "$report" "$dir/fail$i.report" 2>/dev/null &&
			sed 's/^/    /' "$report"
	fi
	echo "run $i $(( $(date +%s) - start ))s ${why:-ok}" >> "$dir/progress"
	[ -n "$why" ] && echo "    run $i: $why"
done
if [ "$failed" -ne 0 ]; then
	echo "FAIL system/events-smp-soak: $failed of $runs boots failed (logs: $dir/fail*)"
	exit 1
fi
echo "PASS system/events-smp-soak ($runs boots)"
