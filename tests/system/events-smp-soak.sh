#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make fuzz`: the two-CPU event ping-pong booted SOAK_RUNS times (default
# 40) with QEMU's multi-threaded TCG, one host thread per CPU, to catch the
# open host triple fault that events-smp.sh describes.  Each boot carries
# only what the ping-pong needs: d0 pings, d1 pongs (10,000 round trips
# across the two CPUs), nothing else.  QEMU logs CPU resets (-d cpu_reset):
# a triple fault prints "Triple fault" and then every CPU's full register
# state as the reset finds it; the boot is stopped there and its serial and
# QEMU logs are kept as $SOAK_DIR/fail<N>.{serial,qemu}.log.  SOAK_QEMU_LOG
# adds QEMU log items (e.g. "int": every exception and interrupt with the
# CPU state, tens of MB a boot, deleted after a good one).
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
cp "$build/xenolith" "$build/tests/guests/pingpong.elf" "$dir/" || exit 1
serial=$dir/serial.log qlog=$dir/qemu.log

# One boot; prints why it failed on stdout, or nothing.
boot() {
	rm -f "$serial" "$qlog"
	qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 64M \
		-display none -monitor none -serial "file:$serial" \
		-d cpu_reset${SOAK_QEMU_LOG:+,$SOAK_QEMU_LOG} -D "$qlog" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$dir/xenolith" -append "dom0_mem=8M domU_mem=8M" \
		-initrd "$dir/pingpong.elf ping 1,$dir/pingpong.elf pong 0" \
		</dev/null >/dev/null 2>&1 &
	local pid=$! t=0 rc
	# Without -no-reboot the reset is logged with each CPU's state; the
	# machine would then boot again, so it is stopped here.
	while kill -0 "$pid" 2>/dev/null; do
		if grep -q 'Triple fault' "$qlog" 2>/dev/null || [ "$t" -ge "$limit" ]; then
			sleep 1
			kill "$pid" 2>/dev/null
			break
		fi
		sleep 1
		t=$((t + 1))
	done
	wait "$pid"
	rc=$?
	if grep -q 'Triple fault' "$qlog" 2>/dev/null; then
		echo "host triple fault after ${t}s"
	elif [ "$rc" -ne 1 ]; then	# isa-debug-exit with 0: status 1
		echo "QEMU ended with status $rc after ${t}s (limit ${limit}s)"
	elif ! tr -d '\r' < "$serial" | grep -qx '(d0) PASS pingpong/rounds' ||
	     ! tr -d '\r' < "$serial" | grep -qx '(d1) PASS pingpong/rounds'; then
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
	fi
	echo "run $i $(( $(date +%s) - start ))s ${why:-ok}" >> "$dir/progress"
	[ -n "$why" ] && echo "    run $i: $why"
done
if [ "$failed" -ne 0 ]; then
	echo "FAIL system/events-smp-soak: $failed of $runs boots failed (logs: $dir/fail*)"
	exit 1
fi
echo "PASS system/events-smp-soak ($runs boots)"
