#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The paravirtual guest kernel: on plain QEMU it must refuse to run (no
# hypervisor); on Xenolith (QEMU TCG, the svm back end) it boots as Dom0
# and as a DomU with `selftest`, where every line must be PASS and both
# domains power off; then Dom0's shell answers through console_io input,
# read when VIRQ_CONSOLE says some waits: `evtchn` shows its port (virq 2)
# with events counted, and `info` says the console's input is on it.
set -u
. "$(dirname "$0")/guest-lib.sh"
img=$gp/guest-pv.elf
hv=$build/xenolith
src=$top/guest-patches
mkdir -p "$build/tests/system"

name=guest/pv-refusal
log=$build/tests/system/guest-pv-refusal.log
[ -f "$img" ] || fail "no $img: run make"
qemu_start 30 -m 64M -kernel "$img"
wait_for 'no Xen-compatible hypervisor found' 20 || fail "no refusal on bare hardware"
wait_for 'Halting\.' 5 || fail "the refusal did not end with 'Halting.'"
tr -d '\r' < "$log" | grep -q 'PASS\|guest>' && fail "it went on after refusing"
stop_qemu
echo "PASS $name"

name=guest/pv-xenolith-selftest
log=$build/tests/system/guest-pv-selftest.log
[ -f "$hv" ] || fail "no $hv: run make"
qemu_run 120 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$gp/guest-pv.elf selftest,$gp/guest-pv.elf selftest"
rc=$?
[ "$rc" -eq 1 ] || fail "QEMU ended with status $rc, not by the hypervisor's power-off"
check_pv_selftests
echo "PASS $name"

name=guest/pv-dom0-shell
log=$build/tests/system/guest-pv-dom0-shell.log
qemu_start 120 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M" -initrd "$img"
wait_for "^\(d0\) type 'help'" 60 || fail "Dom0's shell did not start"
printf 'info\rmem\revtchn\ruptime\r' >&3
wait_for '^\(d0\) up [0-9]+\.[0-9]{3} s' 30 || fail "no answer to uptime"
printf 'poweroff\r' >&3
qemu_wait 30
[ "$qstatus" -eq 1 ] || fail "QEMU ended with status $qstatus after poweroff"
for want in '^\(d0\) domain: +0 \(Dom0, privileged\)' '^\(d0\) xen: +version [0-9]+\.[0-9]+' \
	'^\(d0\) service: +event channels' '^\(d0\) pages: [0-9]+ total' \
	'^\(d0\) +port +[0-9]+ +[0-9]+ events +virq 0' \
	'^\(d0\) +port +[0-9]+ +[1-9][0-9]* events +virq 2, vCPU 0' \
	'^\(d0\) console: +console_io hypercall \(.* on VIRQ_CONSOLE\)' \
	'^\(XEN\) domain 0 \(.*\) shut down: poweroff'; do
	tr -d '\r' < "$log" | grep -Eq -- "$want" || fail "no line matching '$want'"
done
echo "PASS $name"
