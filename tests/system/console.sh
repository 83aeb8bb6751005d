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
#   dom0/console-whole-lines  a DomU's line that Dom0 relays while its
#                        shell waits at its prompt, `lis` typed, stands
#                        on a line of its own; the prompt and `lis` come
#                        back after it, and the typed input is kept
#   dom0/event-driven    Dom0 does not poll: over an idle stretch its
#                        VIRQ_TIMER fires fewer than 10 times a second of
#                        its clock (the old 10 ms poll: 100); d1's
#                        xenstore and console ports count events and
#                        VIRQ_DOM_EXC is bound
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
# Dom0's relayed lines never continue its prompt (dom0/console-whole-lines).
wait_for "^\(d0\) \[1\] type 'help' for the commands" 20 ||
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

# The DomU watches a node; Dom0 writes it with `lis` typed after its
# prompt, before the watch's line comes through (one CPU: the DomU runs
# once Dom0 waits for more input).  The relayed line stands whole on a
# line of its own, then the prompt and `lis` come back, and `t` ends the
# command Dom0 reads.
name=dom0/console-whole-lines
printf 'console 1\r' >&3
wait_for '^\(d0\) attached to domain 1' 10 || fail "console 1 did not attach again"
printf 'xs watch /local/domain/1/ping\r' >&3
wait_for '^\(d0\) guest> xs watch /local/domain/1/ping$' 10 || fail "xs watch was not typed"
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
printf 'xs write /local/domain/1/ping 1\rlis' >&3
wait_for '^\(d0\) \[1\] xs watch /local/domain/1/ping: /local/domain/1/ping changed$' 20 ||
	fail "the watch's line was not relayed whole"
wait_for '^\(d0\) dom0> lis$' 10 || fail "the prompt and its input did not come back"
printf 't\r' >&3
wait_for '^\(d0\) dom0> list$' 10 || fail "the input typed before the line was lost"
wait_for '^\(d0\) 1 +domU-1 ' 10 || fail "Dom0's list did not answer"
tr -d '\r' < "$log" | grep -E 'dom0> .*\[1\]' &&
	fail "a relayed line shares a line with Dom0's prompt"
echo "PASS $name"

# snapshot N: types `uptime` and `evtchn` in Dom0's shell and waits for
# the N-th `evtchn` table; sets up_ms (Dom0's clock) and timer (events on
# its VIRQ_TIMER port, virq 0) from the last ones in the log.
snapshot() {
	local i n text
	printf 'uptime\revtchn\r' >&3
	for ((i = 0; i < 100; i++)); do
		text=$(tr -d '\r' < "$log")
		n=$(echo "$text" | grep -c '^(d0) events on ports without')
		[ "$n" -ge "$1" ] && break
		sleep 0.2
	done
	up_ms=$(echo "$text" |
		sed -nE 's/^\(d0\) (dom0> )?up ([0-9]+)\.([0-9]{3}) s$/\2\3/p' | tail -1)
	timer=$(echo "$text" |
		sed -nE 's/^\(d0\) +port +[0-9]+ +([0-9]+) events +virq 0,.*/\1/p' | tail -1)
	[ -n "$up_ms" ] && [ -n "$timer" ] ||
		fail "no uptime or VIRQ_TIMER line in snapshot $1"
	up_ms=$((10#$up_ms))
}

# Dom0 no longer polls: its service thread sleeps until a ring's event
# or VIRQ_DOM_EXC, with a fallback scan once a second.  Over an idle
# stretch of Dom0's own clock its timer fires at most a few times a
# second (each thread_sleep() or deadline is one VIRQ_TIMER event), where
# the old 10 ms poll fired it a hundred times: the rate is what is
# checked, so a slow host does not matter.
name=dom0/event-driven
snapshot 1
t0=$timer up0=$up_ms
sleep 2
snapshot 2
ms=$((up_ms - up0)) ticks=$((timer - t0))
[ "$ms" -ge 1000 ] || fail "Dom0's clock moved only $ms ms"
[ $((ticks * 100)) -lt "$ms" ] ||
	fail "Dom0 still polls: $ticks timer events in $ms ms"
text=$(tr -d '\r' < "$log")
# d1's store and console ports have handlers (both in each table) and
# counted events
n=$(echo "$text" |
	grep -Ec '^\(d0\) +port +[0-9]+ +[1-9][0-9]* events +interdomain to d1 ')
[ "$n" -ge 4 ] ||
	fail "d1's xenstore and console ports do not both count events"
echo "$text" | grep -Eq '^\(d0\) +port +[0-9]+ +[0-9]+ events +virq 3, ' ||
	fail "VIRQ_DOM_EXC (virq 3) is not bound"
grep -q "$crash" "$log" && fail "$(grep -m1 "$crash" "$log")"
echo "PASS $name"
