#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots Xenolith under QEMU TCG (svm) with the grant-table and memory test
# domains, in the module order gnt.h's protocol gives their ids:
#   d0 memops.elf dom0     Dom0: watches d5's ballooning via current_reservation
#   d1 grants.elf granter  grants pages, balloons one out while mapped, dies
#   d2 grants.elf mapper   maps ro / rw, copies, bad arguments, unmaps late
#   d3 grants.elf rowriter writes through a read-only mapping: crashed alone
#   d4 grants.elf late     reads through a mapping revoked by d1's death
#   d5 memops.elf memops   populate / decrease / increase_reservation
# Two CPUs, so that the mapper may run while its granter's death revokes
# its mappings elsewhere (the TLB shootdown).  Then checks the serial log
# with check-gnttab.sh.  The mapper also times
# map+unmap and copy (tests/bench/gnttab.sh reads its BENCH lines).
# tests/system/bochs-gnttab.mk boots the same set under Bochs (vmx),
# reading this file's -append and -initrd strings.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
g=$build/tests/guests
log=${LOG:-$build/tests/system/qemu-gnttab-serial.log}
limit=${QEMU_TIME_LIMIT:-180}
mkdir -p "$(dirname "$log")"
rm -f "$log"
name=system/qemu-svm-gnttab

start=$(date +%s)
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 2 -m 256M \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=16M domU_mem=16M" \
	-initrd "$g/memops.elf dom0,$g/grants.elf granter,$g/grants.elf mapper,$g/grants.elf rowriter,$g/grants.elf late,$g/memops.elf memops" \
	</dev/null >/dev/null 2>&1
rc=$?
secs=$(( $(date +%s) - start ))

if [ "$rc" -ne 1 ]; then
	echo "FAIL $name: QEMU ended with status $rc after ${secs}s (limit ${limit}s)"
	tail -20 "$log" 2>/dev/null | sed 's/^/    /'
	exit 1
fi
if ! why=$("$here/check-gnttab.sh" "$log" svm 2>&1); then
	echo "FAIL $name: $why"
	tail -20 "$log" | sed 's/^/    /'
	exit 1
fi
echo "PASS $name (${secs}s)"
