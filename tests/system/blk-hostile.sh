#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile frontends (QEMU TCG, the svm back end): Dom0 booted with
# `vbd=4 vif` serves d1, which runs guest-pv-hostile.elf (tests/guests/
# nethostile.c: tx requests netback must refuse, one good, then a tx
# producer beyond the ring, which must cost d1 its vif alone, d2 still
# pinging Dom0; tests/guests/blkhostile.c: bad grant references, oversized segment counts, sectors
# past the end, an unknown operation, a flood, requests rewritten while
# the backend may read them, a producer beyond the ring), and d2, an
# ordinary DomU.  Every attack must get its error or answer
# (blk-hostile/<name> for each of d1's PASS lines), the last must cost d1
# its xvda and nothing else: Dom0 says why it disconnected it; d1 then
# starts its xvda again with rings Dom0 must refuse (a ring-page-order
# above max-ring-page-order, a ring-refN missing, one twice: Dom0 says
# which, the device goes Closed), then with a good ring of two pages
# and persistent grants (blk-hostile/reconnect), fills its ring and
# crashes in the middle of that I/O (blk-hostile/death-mid-io: Dom0 lets
# d1 go, its device and the backend directory with it, every frame of d1
# returned); d2's xvda still writes and reads back, Dom0's shell still
# answers.
set -u
. "$(dirname "$0")/guest-lib.sh"
name=blk-hostile/boot
log=$build/tests/system/blk-hostile.log
hostile=$gp/guest-pv-hostile.elf
[ -f "$hostile" ] || fail "no $hostile: run make"
mkdir -p "$build/tests/system"
qemu_start 150 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$build/dom0/dom0.elf vbd=4 vif,$hostile console=hvc0,$gp/guest-pv.elf console=hvc0"
wait_for '^\(d0\) .*\[1\] (.* )?HOSTILE done' 90 || fail "the hostile DomU did not finish"
text=$(tr -d '\r' < "$log")
for n in bad-gref too-many-segs past-end bad-op still-served \
	indirect-257-segs indirect-65535-segs indirect-page-not-granted \
	indirect-reserved-gref indirect-bad-seg-gref indirect-seg-past-page \
	indirect-good backend-keys flood \
	double-fetch not-a-ring ring-order-too-big ring-ref-missing \
	ring-ref-twice reconnect; do
	name=blk-hostile/$n
	echo "$text" | grep -Eq "^\(d0\) .*\[1\] .*PASS hostile/$n\$" ||
		fail "$(echo "$text" | grep -m1 "FAIL hostile/$n" || echo "no PASS hostile/$n")"
	echo "PASS $name"
done

wait_for '^\(d0\) .*\[1\] .*NETHOSTILE done' 30 || fail "the hostile vif did not finish"
text=$(tr -d '\r' < "$log")
for n in tx-oversize tx-past-page tx-runt tx-csum-blank tx-bad-gref \
	tx-spoofed-mac tx-good \
	tx-not-a-ring; do
	name=net-hostile/$n
	echo "$text" | grep -Eq "^\(d0\) .*\[1\] .*PASS hostile/$n\$" ||
		fail "$(echo "$text" | grep -m1 "FAIL hostile/$n" || echo "no PASS hostile/$n")"
	echo "PASS $name"
done
name=net-hostile/others-unaffected
echo "$text" | grep -q '^(d0) .*vif d1/0: tx producer beyond the ring: disconnected' ||
	fail "Dom0 did not say why it disconnected d1's vif"
send_line vif '^\(d0\) (dom0> )?vif2\.0 Connected/Connected'
send_line 'console 2' '^\(d0\) attached to domain 2'
send_line 'ping 10.0.0.1 2' '^\(d0\) 2 packets transmitted, 2 received$' 20
printf '\035' >&3
wait_for '^\(d0\) detached from domain 2' 10 || fail "Ctrl-] did not detach"
echo "PASS $name"

name=blk-hostile/ring-refused
for why in 'ring-page-order: error -7' 'ring-ref1: error -2' 'ring-ref1: error -17'; do
	echo "$text" | grep -q "^(d0) .*vbd d1/51712: $why\$" || fail "Dom0 did not say: $why"
done
echo "$text" | grep -q '^(d0) .*vbd d1/51712: ring of 2 pages (64 requests), persistent grants$' ||
	fail "d1's two-page ring was not mapped with persistent grants"
echo "PASS $name"

name=blk-hostile/death-mid-io
wait_for '^\(d0\) d1: gone' 30 || fail "Dom0 did not let d1 go"
grep -q '^(XEN) domain 1 (.*) shut down: crash' "$log" || fail "d1 did not crash"
wait_for '^\(XEN\) domain 1 destroyed: ' 10 || fail "d1 was not destroyed"
send_line "xs ls /local/domain/0/backend/vbd" '^\(d0\) (dom0> )?2$'
tr -d '\r' < "$log" | tail -3 | grep -qx '(d0) 1' && fail "d1's backend directory is left"
echo "PASS $name"

name=blk-hostile/others-unaffected
echo "$text" | grep -q '^(d0) .*vbd d1/51712: request producer beyond the ring: disconnected' ||
	fail "Dom0 did not say why it disconnected d1's xvda"
send_line vbd '^\(d0\) (dom0> )?d2 51712 ram:4M rw Connected/Connected'
send_line 'console 2' '^\(d0\) attached to domain 2'
send_line 'blk write xvda 0 64 5' '^\(d0\) wrote xvda 0\+64: fnv '
send_line 'blk check xvda 0 64 5' '^\(d0\) xvda 0\+64: pattern ok$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 2' 10 || fail "Ctrl-] did not detach"
send_line list '^\(d0\) 2 +domU-2 ' 10
crash='crashed:\|Panic\|PANIC'
grep -q "$crash" "$log" && fail "$(grep -m1 "$crash" "$log")"
stop_qemu
echo "PASS $name"
