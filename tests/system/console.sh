#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The console ring end to end (QEMU TCG, the svm back end), as `make run`:
#   dom0/console-output  a DomU booted with console=hvc0 prints through
#                        its ring and Dom0's backend ("[1] " lines on
#                        Dom0's console), not through console_io
#   dom0/console-attach  Dom0's `console 1` reaches the DomU's shell:
#                        `info` there answers with the DomU's id, then
#                        its prompt shows with no key typed (the DomU's
#                        output wakes Dom0's terminal, whose read shows an
#                        unfinished line), `xs ls /local/domain` lists
#                        both domains; Ctrl-] comes back and Dom0's own
#                        `list` answers
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
img=$gp/guest-pv.elf
hv=$build/xenolith
name=dom0/console-output
log=$build/tests/system/console.log
mkdir -p "$build/tests/system"
for f in "$dom0" "$img" "$hv"; do
	[ -f "$f" ] || fail "no $f: run make"
done

qemu_start 40 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$dom0,$img console=hvc0"
wait_for "^\(d0\) type 'help'" 20 || fail "Dom0's shell did not start"
# Dom0's prompt may still be open on the serial line (no other domain
# printed since Dom0 read): the line then continues it.
wait_for "^\(d0\) (dom0> )?\[1\] type 'help' for the commands" 20 ||
	fail "the DomU's shell did not come through Dom0's backend"
grep -q "^(d1) type 'help'" "$log" &&
	fail "the DomU's shell went to console_io, not its ring"
echo "PASS $name"

name=dom0/console-attach
printf 'console 1\r' >&3
wait_for '^\(d0\) attached to domain 1; Ctrl-\] comes back' 10 ||
	fail "console 1 did not attach"
printf 'info\r' >&3
wait_for '^\(d0\) domain: +1 \(DomU\)' 10 ||
	fail "info in the DomU did not answer with its id"
wait_for '^\(d0\) guest> $' 10 ||
	fail "the DomU's prompt did not show while attached"
printf 'xs ls /local/domain\r' >&3
wait_for '^\(d0\) 1$' 10 || fail "xs ls /local/domain in the DomU does not list 1"
tr -d '\r' < "$log" | grep -qx '(d0) 0' ||
	fail "xs ls /local/domain in the DomU does not list 0"
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
printf 'list\r' >&3
wait_for '^\(d0\) 1 +domU-1 +[0-9]+ +1 ' 10 || fail "Dom0's list did not answer"
crash='crashed:\|Panic\|PANIC'
grep -q "$crash" "$log" && fail "$(grep -m1 "$crash" "$log")"
echo "PASS $name"
