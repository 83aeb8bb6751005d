#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Grant-table benchmarks, per back end: boots the grant-table test domains
# (tests/system/qemu-gnttab.sh under QEMU TCG for svm, bochs-gnttab.sh under
# Bochs for vmx), whose mapper times 1000 map+unmap pairs and 1000 copies
# of 4 KiB from a grant, and prints them as a table.  The figures are the
# time the mapper's vCPU spent running (its runstate), not the wall time
# between its RDTSC reads: the other test domains share the CPUs.  That
# time becomes cycles with the TSC rate the hypervisor calibrated against
# the emulated PIT (its "TSC: N kHz" line).  Bochs boots one CPU here, so
# that no other CPU holds the hypervisor's lock while the path is counted:
# there a cycle is one emulated instruction, so the cycle columns are the
# path lengths.  A table, never a verdict; but a boot that failed, or a
# run whose guest counted errors (the "errors=" of its BENCH lines),
# prints why instead of a rate.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
sys=$here/../system
out=$build/tests/system

# field NAME LINE: the value of NAME=value in LINE.
field() { echo "$2" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

# none EMULATOR BACKEND WHY: a row without numbers.
none() { printf '%-18s %-5s %s\n' "$1" "$2" "no rate: $3"; }

# row EMULATOR BACKEND LOG STATUS (the boot script's exit status).
row() {
	local emu=$1 backend=$2 log=$3 status=$4 khz mu cp ops mns bytes cns errs

	if [ "$status" -ne 0 ]; then
		none "$emu" "$backend" "the boot failed (status $status; run it alone to see why)"
		return
	fi
	if [ ! -f "$log" ]; then
		none "$emu" "$backend" "no log"
		return
	fi
	khz=$(tr -d '\r' < "$log" | sed -n 's/.*TSC: \([0-9]*\) kHz.*/\1/p' | head -1)
	mu=$(tr -d '\r' < "$log" | grep -m1 'BENCH grant-map-unmap')
	cp=$(tr -d '\r' < "$log" | grep -m1 'BENCH grant-copy')
	ops=$(field ops "$mu") mns=$(field running_ns "$mu")
	bytes=$(field bytes "$cp") cns=$(field running_ns "$cp")
	errs=$(( $(field errors "$mu" | sed 's/^$/1/') + $(field errors "$cp" | sed 's/^$/1/') ))
	if [ -z "$khz" ] || [ -z "$mns" ] || [ -z "$cns" ]; then
		none "$emu" "$backend" "no TSC rate or no BENCH line in the log"
		return
	fi
	if [ "$errs" -ne 0 ]; then
		none "$emu" "$backend" "the guest counted errors ($mu; $cp)"
		return
	fi
	awk -v e="$emu" -v b="$backend" -v khz="$khz" -v ops="$ops" \
	    -v mns="$mns" -v by="$bytes" -v cns="$cns" 'BEGIN {
		mc = mns * khz / 1e6; cc = cns * khz / 1e6
		printf "%-18s %-5s %14.0f %14.1f %18.0f %16.0f\n", e, b,
		       ops / (mns / 1e9), (by / (cns / 1e9)) / 1e6, mc / ops,
		       cc / (by / 4096)
	}'
}

"$sys/qemu-gnttab.sh" > /dev/null 2>&1
qstatus=$?
BOCHS_CPUS=1 "$sys/bochs-gnttab.sh" > /dev/null 2>&1
bstatus=$?
echo "Grant tables, measured in a DomU by its running time (1000 map+unmap pairs, 1000 copies of 4 KiB)"
printf '%-18s %-5s %14s %14s %18s %16s\n' emulator hvm "map+unmap/s" \
	"copy MB/s" "cycles/map+unmap" "cycles/copy"
qv=$(qemu-system-x86_64 --version 2>/dev/null | awk 'NR == 1 { print $4 }')
bv=$(dpkg-query -W -f '${Version}' bochs 2>/dev/null | sed 's/+.*//')
row "QEMU ${qv:-?} TCG" svm "$out/qemu-gnttab-serial.log" "$qstatus"
row "Bochs ${bv:-?}" vmx "$out/bochs-gnttab-serial.log" "$bstatus"
