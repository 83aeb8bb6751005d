#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Split-driver figures under QEMU TCG (svm), all from one run: Dom0 with
# a 16 MiB RAM disk per DomU (vbd=16) and the bridge (vif), two DomUs.
# Block: each DomU's `blkbench xvda 8` (through blkfront, the ring and
# blkback) beside Dom0's `vbd bench 1 xvda 8` (the same disk through the
# same blkdev ops, no ring): sequential MB/s and 4 KiB reads/s, and the
# DomU/Dom0 ratio to push toward 1.  d1 uses persistent grants (blkback
# maps its pages once and copies with memcpy), d2 is booted with
# blkfront.persistent=0 (every segment a GNTTABOP_copy through Dom0's
# bounce page): the two DomU columns compare the two in the same run.
# Network: ICMP echo round trips per second, d1 -> Dom0 and d1 -> d2 (50
# each); d1's `udpbench`: round trips of 1472-byte UDP datagrams, one at
# a time, to d2's echo service (`udpecho 7`: DomU<->DomU, through the
# bridge and both netbacks) and to Dom0's (`net echo 7`: DomU<->Dom0), as
# MB/s each way and packets/s (two a round trip), beside the same round
# trips between two sockets on the host's loopback, measured in the same
# run.  Printed, never judged.
set -u
. "$(dirname "$0")/../system/guest-lib.sh"
name=bench/split
log=$build/tests/system/bench-split.log
mkdir -p "$build/tests/system"
qemu_start 300 -m 512M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=64M domU_mem=24M" \
	-initrd "$build/dom0/dom0.elf vbd=16 vif,$gp/guest-pv.elf console=hvc0,$gp/guest-pv.elf console=hvc0 blkfront.persistent=0"
wait_for '^\(d0\) .*\[2\] .*eth0: 10\.0\.0\.12/24$' 90 || fail "the DomUs did not come up"
wait_for '^\(d0\) .*\[1\] .*eth0: 10\.0\.0\.11/24$' 30 || fail "d1's vif did not come up"
send_line 'vbd bench 1 xvda 8' '^\(d0\) (dom0> )?vbdbench 8 MiB: ' 60
send_line 'net echo 7' '^\(d0\) (dom0> )?net: udp echo on port 7: listening 0'
send_line 'console 2' '^\(d0\) attached to domain 2'
send_line 'blkbench xvda 8' '^\(d0\) blkbench xvda 8 MiB: ' 120
send_line 'udpecho 7' '^\(d0\) udp echo on port 7: listening 0'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 2' 10 || fail "Ctrl-] did not detach"
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line 'blkbench xvda 8' '^\(d0\) blkbench xvda 8 MiB: .*' 120
for ((i = 0; i < 600; i++)); do
	[ "$(tr -d '\r' < "$log" | grep -c '^(d0) blkbench xvda 8 MiB')" -ge 2 ] && break
	sleep 0.2
done
send_line 'lsblk' '^\(d0\) xvda: .*persistent grants$'
send_line 'ping 10.0.0.1 50' '^\(d0\) 50 packets transmitted, ' 120
send_line 'udpbench 10.0.0.1 7 500' '^\(d0\) udpbench 500 x 1472 bytes: ' 120
printf 'udpbench 10.0.0.12 7 500\r' >&3
for ((i = 0; i < 600; i++)); do
	[ "$(tr -d '\r' < "$log" | grep -c '^(d0) udpbench 500 x 1472')" -ge 2 ] && break
	sleep 0.2
done
printf 'ping 10.0.0.12 50\r' >&3
for ((i = 0; i < 600; i++)); do
	[ "$(tr -d '\r' < "$log" | grep -c '^(d0) 50 packets transmitted')" -ge 2 ] && break
	sleep 0.2
done
printf '\035' >&3
stop_qemu
# The host's own figure, now: the same round trips on its loopback.
host=$(python3 - <<'PY'
import socket, time
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.bind(("127.0.0.1", 0))
data, n = b"\x5a" * 1472, 20000
start = time.perf_counter()
for i in range(n):
    a.sendto(data, b.getsockname())
    m, peer = b.recvfrom(2048)
    b.sendto(m, peer)
    a.recv(2048)
t = time.perf_counter() - start
print(int(n * len(data) / 1024 / t), int(n / t))
PY
)
text=$(tr -d '\r' < "$log")
# field WHAT NAME [N]: NAME=value in the Nth (else the last) line of WHAT.
field() { echo "$text" | grep "$1.* $2=" | sed -n "${3:-\$}s/.* $2=\([0-9]*\).*/\1/p"; }
rtts=$(echo "$text" | sed -nE 's/^\(d0\) rtt avg ([0-9]+) us$/\1/p')
rtt0=$(echo "$rtts" | sed -n 1p)
rtt2=$(echo "$rtts" | sed -n 2p)
echo "Split drivers under QEMU TCG (svm): block on a 16 MiB Dom0 RAM disk, network over xenbr0"
echo "(DomU persistent: d1, feature-persistent; DomU copy: d2, blkfront.persistent=0)"
printf '%-24s %10s %10s %10s %10s %10s\n' "" "DomU pers." "DomU copy" Dom0 \
	"pers./Dom0" "copy/Dom0"
for f in write_mbs read_mbs iops_4k; do
	p=$(field blkbench "$f" 2)	# d1's, the second blkbench line
	c=$(field blkbench "$f" 1)	# d2's, the first
	d=$(field vbdbench "$f")
	awk -v f="$f" -v p="${p:-0}" -v c="${c:-0}" -v d="${d:-0}" 'BEGIN {
		printf "%-24s %10d %10d %10d %10.3f %10.3f\n", "block " f, p, c, d,
		       d ? p / d : 0, d ? c / d : 0 }'
done
awk -v a="${rtt0:-0}" -v b="${rtt2:-0}" 'BEGIN {
	printf "%-24s %10.0f\n", "ping d1 -> Dom0 rtt/s", a ? 1e6 / a : 0
	printf "%-24s %10.0f\n", "ping d1 -> d2 rtt/s", b ? 1e6 / b : 0
	printf "%-24s %10.0f\n", "DomU<->DomU packets/s", b ? 2e6 / b : 0 }'
# udpbench lines: the first to Dom0, the second to d2.
u0=$(field udpbench kbytes_per_s 1)
u2=$(field udpbench kbytes_per_s 2)
r0=$(field udpbench rtt_per_s 1)
r2=$(field udpbench rtt_per_s 2)
awk -v u0="${u0:-0}" -v u2="${u2:-0}" -v r0="${r0:-0}" -v r2="${r2:-0}" \
	-v h="${host% *}" -v hr="${host#* }" 'BEGIN {
	printf "%-24s %10s %10s %10s %10s %10s\n", "UDP 1472 B echo", "d1<->d2",
	       "d1<->Dom0", "host lo", "d1d2/Dom0", "d1d2/host"
	printf "%-24s %10.2f %10.2f %10.2f %10.3f %10.4f\n", "MB/s each way",
	       u2 / 1024, u0 / 1024, h / 1024, u0 ? u2 / u0 : 0, h ? u2 / h : 0
	printf "%-24s %10d %10d %10d %10.3f %10.4f\n", "packets/s", 2 * r2,
	       2 * r0, 2 * hr, r0 ? r2 / r0 : 0, hr ? r2 / hr : 0 }'
