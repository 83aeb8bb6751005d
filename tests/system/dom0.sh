#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Dom0 kernel on Xenolith (QEMU TCG, the svm back end):
#   dom0/selftest  Dom0's selftest (kernel core, PV layer, Dom0: foreign
#                  map, domain list, the store) next to a DomU running its
#                  own selftest with `foreignprobe`: the page it offers
#                  must hold its pattern through Dom0's foreign mapping,
#                  and Dom0's token in the DomU's own view after; every
#                  line of both PASS.
#   dom0/shell     Dom0's shell with two DomUs running their selftest:
#                  Dom0 serves and releases both, `list`, `xs`, `console`
#                  answer through the serial line, `evtchn` shows that
#                  input came on VIRQ_CONSOLE (virq 2: events counted)
#                  and the DomUs' ends on VIRQ_DOM_EXC (virq 3),
#                  and after `poweroff` the hypervisor finds every frame
#                  back.
#   dom0/alone-after-crash  Dom0 booted `exit-when-alone` with one DomU
#                  that triple-faults at once, before Dom0 listens (the
#                  hypervisor destroys it): the run still ends by itself,
#                  Dom0 powering off, with the crash in the log.
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
img=$gp/guest-pv.elf
hv=$build/xenolith
mkdir -p "$build/tests/system"
for f in "$dom0" "$img" "$hv"; do
	[ -f "$f" ] || { name=dom0; log=/dev/null; fail "no $f: run make"; }
done

name=dom0/selftest
log=$build/tests/system/dom0-selftest.log
qemu_start 150 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$dom0 selftest,$img selftest foreignprobe"
wait_for '^\(d0\) SELFTEST ' 120 || fail "no SELFTEST summary from Dom0"
wait_for '^\(d1\) SELFTEST ' 30 || fail "no SELFTEST summary from d1"
check_selftest "(d0) " $(pv_selftest_sources) "$top/dom0/selftest.c"
check_selftest "(d1) " $(pv_selftest_sources xenbus foreign)
stop_qemu
echo "PASS $name"

name=dom0/shell
log=$build/tests/system/dom0-shell.log
qemu_start 150 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$dom0,$img selftest,$img selftest"
wait_for "^\(d0\) type 'help'" 60 || fail "Dom0's shell did not start"
wait_for '^\(d0\) d2: gone' 90 || fail "Dom0 did not see d2 come and go"
check_selftest "(d1) " $(pv_selftest_sources xenbus)
check_selftest "(d2) " $(pv_selftest_sources xenbus)
printf 'list\r' >&3
wait_for '^\(d0\) 0 +Domain-0 +[0-9]+ +1 running' 20 || fail "no Dom0 in list"
printf 'xs write /local/domain/0/data/greeting hello\r' >&3
printf 'xs read /local/domain/0/data/greeting\r' >&3
wait_for '^\(d0\) hello$' 20 || fail "xs read did not give back the write"
printf 'xs ls /local/domain\r' >&3
wait_for '^\(d0\) 0$' 20 || fail "xs ls /local/domain has no 0"
printf 'xs read /local/domain/1/name\r' >&3
wait_for '^\(d0\) xs read /local/domain/1/name: error -2' 20 ||
	fail "d1's entries outlived it"
printf 'console 1\r' >&3
wait_for '^\(d0\) console: domain 1 has no console ring' 20 ||
	fail "console 1 on a gone domain did not say so"
printf 'evtchn\r' >&3
wait_for '^\(d0\) +port +[0-9]+ +[1-9][0-9]* events +virq 2, vCPU 0' 20 ||
	fail "the shell's input did not come on VIRQ_CONSOLE (virq 2)"
wait_for '^\(d0\) +port +[0-9]+ +[1-9][0-9]* events +virq 3, vCPU 0' 20 ||
	fail "d1's and d2's ends did not come on VIRQ_DOM_EXC (virq 3)"
printf 'poweroff\r' >&3
qemu_wait 30
[ "$qstatus" -eq 1 ] || fail "QEMU ended with status $qstatus after poweroff"
for want in '^\(d0\) d1: served' '^\(d0\) d1: gone' '^\(d0\) d2: served'; do
	tr -d '\r' < "$log" | grep -Eq -- "$want" || fail "no line matching '$want'"
done
tr -d '\r' < "$log" | grep -Eq '^\(XEN\) no domain left: ([0-9]+) frames free, \1 at boot' ||
	fail "frames lost: $(tr -d '\r' < "$log" | grep 'no domain left')"
grep -q 'crashed:\|Panic\|PANIC' "$log" && fail "$(grep -m1 'crashed:\|Panic\|PANIC' "$log")"
echo "PASS $name"

name=dom0/alone-after-crash
log=$build/tests/system/dom0-alone.log
qemu_run 90 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$dom0 exit-when-alone,$build/tests/guests/crasher.elf triple"
qstatus=$?
[ "$qstatus" -eq 1 ] || fail "QEMU ended with status $qstatus (124: the time limit), not Dom0's power-off"
grep -q '^(XEN) domain 1 (crasher) crashed: triple fault' "$log" || fail "the crash is not in the log"
grep -q '^(XEN) domain 0 (Domain-0) shut down: poweroff' "$log" || fail "Dom0 did not power off"
echo "PASS $name"
