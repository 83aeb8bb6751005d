#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The block split driver end to end (QEMU TCG, the svm back end): Dom0
# booted with `vbd=4` gives the DomU (console=hvc0) a 4 MiB RAM disk as
# xvda; everything is typed into Dom0's shell and, through `console 1`,
# the DomU's.
#   blk/handshake   blkfront and blkback reach Connected on both sides;
#                   the keys each side wrote carry xen/io/blkif.h's names;
#                   the ring is 4 pages (the backend's max-ring-page-order
#                   4, our blkfront's limit 2: ring-page-order, ring-ref0..3);
#                   both ends say feature-persistent 1
#   blk/rw          the DomU writes a pattern and checks it back; Dom0's
#                   checksum of its RAM disk matches the DomU's; Dom0
#                   fills sectors the DomU then checks (the other way);
#                   a read past the end is refused, the disk stays up
#   blk/stats       the backend's counters reach the store
#                   (statistics/wr_sect) and `vbd`, which shows the
#                   frontend's pages blkback holds mapped (persistent
#                   grants: the I/O above went through them)
#   blk/indirect    the DomU uses indirect requests (64 pages each, as
#                   the backend offers feature-max-indirect-segments):
#                   after `blkbench xvda 1` (thousands of requests: the
#                   ring's indexes go round every page of it many times)
#                   1024 sectors written and checked in two requests,
#                   Dom0's checksum agrees; its 1 MiB commands had four
#                   requests in flight at once (lsblk's high-water mark)
#   blk/discard     a discard (feature-discard) makes written sectors
#                   read as zeros; one past the end is refused
#   blk/hotplug     `vbd attach 1 xvdb ram:1M ro` while the DomU runs: it sees
#                   a read-only xvdb, refuses a write to it; `vbd detach`
#                   takes it away on both sides, every grant of xvdb ended
#                   (the backend unmaps the ring before it asks the
#                   frontend to close)
#   blk/teardown    the DomU powers off: Dom0 drops its device and goes on
set -u
. "$(dirname "$0")/guest-lib.sh"
name=blk/handshake
log=$build/tests/system/blk.log
boot_split_drivers "vbd=4" 1
wait_for '^\(d0\) .*\[1\] .*xvda: 8192 sectors$' 40 ||
	fail "the DomU's blkfront did not connect xvda"
be=/local/domain/0/backend/vbd/1/51712
fe=/local/domain/1/device/vbd/51712
send_line vbd '^\(d0\) (dom0> )?d1 51712 ram:4M rw Connected/Connected'
send_line "xs ls $be" '^\(d0\) feature-flush-cache$'
for k in frontend frontend-id online state sectors sector-size info mode \
	params type dev feature-barrier feature-discard discard-granularity \
	discard-alignment discard-secure feature-max-indirect-segments \
	max-ring-page-order feature-persistent; do
	tr -d '\r' < "$log" | grep -qx "(d0) $k" || fail "$be has no $k"
done
send_line "xs ls $fe" '^\(d0\) virtual-device$'
for k in backend backend-id state ring-page-order ring-ref0 ring-ref1 \
	ring-ref2 ring-ref3 event-channel protocol feature-persistent; do
	tr -d '\r' < "$log" | grep -qx "(d0) $k" || fail "$fe has no $k"
done
send_line "xs read $fe/protocol" '^\(d0\) x86_64-abi$'
send_line "xs read $be/max-ring-page-order" '^\(d0\) 4$'
send_line "xs read $fe/ring-page-order" '^\(d0\) 2$'
send_line "xs read $fe/feature-persistent" '^\(d0\) 1$'
tr -d '\r' < "$log" | grep -q '^(d0) .*vbd d1/51712: ring of 4 pages (128 requests), persistent grants$' ||
	fail "Dom0 did not map a ring of 4 pages with persistent grants"
send_line "xs read $be/state" '^\(d0\) 4$'
echo "PASS $name"

name=blk/rw
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line 'blk write xvda 0 16 7' '^\(d0\) wrote xvda 0\+16: fnv [0-9a-f]+$'
sum=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) wrote xvda 0\+16: fnv ([0-9a-f]+)$/\1/p')
send_line 'blk check xvda 0 16 7' '^\(d0\) xvda 0\+16: pattern ok$'
send_line 'blk read xvda 8100 100' '^\(d0\) read xvda: error -34$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
send_line 'vbd sum 1 xvda 0 16' "^\(d0\) (dom0> )?sum d1 xvda 0\+16: fnv $sum\$"
send_line 'vbd fill 1 xvda 100 40 9' '^\(d0\) (dom0> )?filled d1 xvda 100\+40'
send_line 'console 1' '^\(d0\) attached to domain 1' 
send_line 'blk check xvda 100 40 9' '^\(d0\) xvda 100\+40: pattern ok$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
echo "PASS $name"

name=blk/stats
# The counters reach the store at most once a second of Dom0's clock,
# which on a loaded host runs slower than the wall's: read until they do.
for ((i = 0; i < 30; i++)); do
	printf 'xs read %s\r' "$be/statistics/wr_sect" >&3
	wait_for '^\(d0\) 16$' 1 && break
done
send_line "xs read $be/statistics/wr_sect" '^\(d0\) 16$'
send_line vbd '^\(d0\) (dom0> )?d1 51712 ram:4M rw Connected/Connected rd 2/56 wr 1/16 err 0 persistent [1-9][0-9]*$'
echo "PASS $name"

name=blk/indirect
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line lsblk '^\(d0\) xvda: 64 pages a request \(indirect\), discard, a ring of 4 pages, persistent grants$'
send_line 'blkbench xvda 1' '^\(d0\) blkbench xvda 1 MiB: write_mbs=[0-9]+ read_mbs=[0-9]+ iops_4k=[0-9]+$' 30
send_line 'blk write xvda 2048 1024 5' '^\(d0\) wrote xvda 2048\+1024: fnv [0-9a-f]+$'
sum=$(tr -d '\r' < "$log" |
	sed -nE 's/^\(d0\) wrote xvda 2048\+1024: fnv ([0-9a-f]+)$/\1/p' | tail -1)
send_line 'blk check xvda 2048 1024 5' '^\(d0\) xvda 2048\+1024: pattern ok$'
# blkbench's 1 MiB commands are four requests of 64 pages, all in flight.
send_line lsblk '^\(d0\) xvda: up to 4 requests in flight, 4 at once so far$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
send_line 'vbd sum 1 xvda 2048 1024' "^\(d0\) (dom0> )?sum d1 xvda 2048\+1024: fnv $sum\$"
echo "PASS $name"

name=blk/discard
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line 'blk read xvda 6000 16' '^\(d0\) read xvda 6000\+16: fnv [0-9a-f]+$'
zero=$(tr -d '\r' < "$log" |
	sed -nE 's/^\(d0\) read xvda 6000\+16: fnv ([0-9a-f]+)$/\1/p' | tail -1)
send_line 'blk write xvda 3000 16 3' '^\(d0\) wrote xvda 3000\+16: fnv [0-9a-f]+$'
send_line 'blk discard xvda 3000 16' '^\(d0\) discarded xvda 3000\+16$'
send_line 'blk read xvda 3000 16' "^\\(d0\\) read xvda 3000\\+16: fnv $zero\$"
send_line 'blk discard xvda 8190 4' '^\(d0\) discard xvda: error -34$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
echo "PASS $name"

name=blk/hotplug
send_line 'vbd attach 1 xvdb ram:1M ro' '^\(d0\) .*\[1\] .*xvdb: 2048 sectors, read-only$' 20
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line lsblk '^\(d0\) xvdb +51728 +2048 sectors +1024 KiB +ro +Connected/Connected$'
send_line 'blk write xvdb 0 8 1' '^\(d0\) write xvdb: error -30$'
send_line 'blk read xvdb 0 8' '^\(d0\) read xvdb 0\+8: fnv '
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
send_line 'vbd detach 1 xvdb' '^\(d0\) (dom0> )?$' 5
for ((i = 0; i < 25; i++)); do
	printf 'vbd\r' >&3
	sleep 0.4
	tr -d '\r' < "$log" | tail -3 | grep -q 'd1 51728' || break
done
[ "$i" -lt 25 ] || fail "xvdb is still in Dom0's list after detach"
send_line "xs ls /local/domain/1/device/vbd" '^\(d0\) 51712$'
tr -d '\r' < "$log" | tail -3 | grep -qx '(d0) 51728' && fail "xvdb left in the store"
# xvda holds 264 grants (its 4 ring pages, and 64 data pages and an
# indirect page for each of its 4 requests in flight); xvdb's are all ended.
send_line 'console 1' '^\(d0\) attached to domain 1'
printf 'lsblk\r' >&3
wait_for '^\(d0\) grants in use: 264$' 10 ||
	fail "$(tr -d '\r' < "$log" | grep '^(d0) grants in use' | tail -1): xvdb's grants not all ended"
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
echo "PASS $name"

name=blk/teardown
send_line 'console 1' '^\(d0\) attached to domain 1'
printf 'poweroff\r' >&3
wait_for '^\(d0\) d1: gone' 20 || fail "Dom0 did not see the DomU go"
send_line vbd '^\(d0\) dom0> $' 5
send_line "xs ls /local/domain/0/backend" '^\(d0\) (dom0> )?vbd$' 5
send_line "xs ls /local/domain/0/backend/vbd" '^\(d0\) dom0> $' 5
tr -d '\r' < "$log" | tail -3 | grep -qx '(d0) 1' && fail "d1's backend directory is left"
send_line list '^\(d0\) 0 +Domain-0 ' 10
crash='crashed:\|Panic\|PANIC'
grep -q "$crash" "$log" && fail "$(grep -m1 "$crash" "$log")"
stop_qemu
echo "PASS $name"
