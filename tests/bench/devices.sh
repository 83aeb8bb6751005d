#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dom0's device figures under QEMU TCG (svm), beside the host's own in the
# same run: the virtio-console `test` port echoing through Dom0 against a
# UNIX-socket echo on the host; sequential virtio-blk writes and reads of
# a region against dd on a file (direct I/O where the file system allows
# it); and interrupts per second taken by Dom0 during the console transfer
# (lspci's counts); 4 KiB random reads, 16 in flight, against the same on
# the host file with O_DIRECT; UDP round trips host->Dom0's `net echo`
# through QEMU's user network (a forwarded loopback port) against a UDP
# echo on the host's loopback.  Printed, never judged.
set -u
. "$(dirname "$0")/../system/guest-lib.sh"
name=bench/devices
log=$build/tests/system/bench-devices.log
dir=$(mktemp -d "$build/tests/system/bench-devices.XXXXXX")
trap 'stop_qemu; rm -rf "$dir"' EXIT
mib=${BENCH_BLK_MIB:-16}
cons_mib=${BENCH_CONS_MIB:-4}
truncate -s 64M "$dir/disk.img"
udp_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
iops_n=${BENCH_IOPS_N:-2000}
udp_s=${BENCH_UDP_SECONDS:-5}
qemu_start 300 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=32M" -initrd "$build/dom0/dom0.elf" \
	-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
	-chardev "socket,id=mgmt,path=$dir/mgmt,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt \
	-chardev "socket,id=test,path=$dir/test,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=2,chardev=test,name=test \
	-drive "file=$dir/disk.img,if=none,format=raw,id=disk,cache=none" \
	-device virtio-blk-pci,drive=disk,disable-legacy=on \
	-netdev "user,id=net0,hostfwd=udp:127.0.0.1:$udp_port-10.0.2.15:7" \
	-device virtio-net-pci,netdev=net0,disable-legacy=on
wait_for "^\(d0\) type 'help'" 90 || fail "Dom0's shell did not start"

# Seconds between sending a command and the line that ends it.
timed() {
	local t0 t1
	t0=$(date +%s.%N)
	send_line "$1" "$2" 300
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
sectors=$((mib * 2048))
wr=$(timed "blk write 0 $sectors 3" "^\\(d0\\) (dom0> )?blk: wrote $sectors sectors")
rd=$(timed "blk read 0 $sectors" "^\\(d0\\) (dom0> )?blk: read $sectors sectors")
host_wr=$( { dd if=/dev/zero of="$dir/host.img" bs=1M count="$mib" oflag=direct conv=fsync 2>&1 ||
	dd if=/dev/zero of="$dir/host.img" bs=1M count="$mib" conv=fsync 2>&1; } |
	sed -nE 's/.* copied, ([0-9.]+) s.*/\1/p' | tail -1)
host_rd=$( { dd if="$dir/host.img" of=/dev/null bs=1M iflag=direct 2>&1 ||
	dd if="$dir/host.img" of=/dev/null bs=1M 2>&1; } |
	sed -nE 's/.* copied, ([0-9.]+) s.*/\1/p' | tail -1)

rr=$(timed "blk randread $iops_n" "^\\(d0\\) (dom0> )?blk: randread $iops_n x 4 KiB done")
host_iops=$(python3 - "$dir/disk.img" "$iops_n" <<'PY'
import mmap, os, random, sys, time
path, n = sys.argv[1], int(sys.argv[2])
try:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
except OSError:
    fd = os.open(path, os.O_RDONLY)
buf = mmap.mmap(-1, 4096)
blocks = os.fstat(fd).st_size // 4096
t0 = time.time()
for i in range(n):
    os.preadv(fd, [buf], random.randrange(blocks) * 4096)
print("%.1f" % (n / (time.time() - t0)))
PY
)

# Dom0 on QEMU's user network: address, the gateway pinged (so that it
# knows Dom0's MAC), then `net echo 7` behind the forwarded port.
printf 'ip addr eth0 10.0.2.15/24 10.0.2.2\r' >&3
printf 'ping 10.0.2.2 2\r' >&3
wait_for '^\(d0\) 56 bytes from 10\.0\.2\.2: icmp_seq=2' 30 || fail "no ping reply from the gateway"
send_line 'net echo 7' '^\(d0\) (dom0> )?net: udp echo on port 7: listening 0'
udp=$(python3 - "$udp_port" "$udp_s" <<'PY'
import socket, sys, threading, time
def rtts(addr, secs):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    msg = b"x" * 64
    for _ in range(10):     # the first may wait for ARP
        s.sendto(msg, addr)
        try:
            s.recv(2048)
            break
        except socket.timeout:
            pass
    else:
        return 0.0
    n, lost, t0 = 0, 0, time.time()
    while time.time() - t0 < secs:
        s.sendto(msg, addr)
        try:
            if s.recv(2048) == msg:
                n += 1
        except socket.timeout:
            lost += 1
    return n / (time.time() - t0)
dom0 = rtts(("127.0.0.1", int(sys.argv[1])), float(sys.argv[2]))
e = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
e.bind(("127.0.0.1", 0))
def echo():
    while True:
        d, a = e.recvfrom(2048)
        e.sendto(d, a)
threading.Thread(target=echo, daemon=True).start()
host = rtts(e.getsockname(), float(sys.argv[2]))
print("%.1f %.1f" % (dom0, host))
PY
)

send_line 'vcons echo test' '^\(d0\) (dom0> )?vcons: echoing port test'
printf 'lspci\r' >&3
sleep 1
irqs0=$(tr -d '\r' < "$log" | grep -E 'driver virtio-console irqs' | tail -1 | sed -nE 's/.* irqs ([0-9]+)$/\1/p')
cons=$(python3 - "$dir/test" "$cons_mib" <<'PY'
import os, socket, sys, threading, time
def echo_rate(s, size):
    data = os.urandom(size)
    got = bytearray()
    def reader():
        while len(got) < size:
            b = s.recv(65536)
            if not b:
                break
            got.extend(b)
    t = threading.Thread(target=reader)
    t0 = time.time()
    t.start()
    s.sendall(data)
    t.join(300)
    dt = time.time() - t0
    return (size / dt / 1e6 if bytes(got) == data else 0), dt
size = int(sys.argv[2]) << 20
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(0.5)
dom0, dt = echo_rate(s, size)
a, b = socket.socketpair()
def host_echo():
    while True:
        d = b.recv(65536)
        if not d:
            break
        b.sendall(d)
threading.Thread(target=host_echo, daemon=True).start()
host, _ = echo_rate(a, size)
print("%.3f %.1f %.3f" % (dom0, host, dt))
PY
)
printf 'lspci\r' >&3
sleep 1
irqs1=$(tr -d '\r' < "$log" | grep -E 'driver virtio-console irqs' | tail -1 | sed -nE 's/.* irqs ([0-9]+)$/\1/p')

stop_qemu

echo "Dom0's devices under QEMU TCG (svm), beside the host's own figures from the same run"
printf '%-44s %12s %12s %10s\n' "" Dom0 host Dom0/host
row() { awk -v l="$1" -v d="$2" -v h="$3" 'BEGIN {
	printf "%-44s %12.1f %12.1f %10.4f\n", l, d, h, h ? d / h : 0 }'; }
row "virtio-blk sequential write $mib MiB, MB/s" \
	"$(awk -v m="$mib" -v t="$wr" 'BEGIN { print t ? m * 1.048576 / t : 0 }')" \
	"$(awk -v m="$mib" -v t="${host_wr:-0}" 'BEGIN { print t ? m * 1.048576 / t : 0 }')"
row "virtio-blk sequential read $mib MiB, MB/s" \
	"$(awk -v m="$mib" -v t="$rd" 'BEGIN { print t ? m * 1.048576 / t : 0 }')" \
	"$(awk -v m="$mib" -v t="${host_rd:-0}" 'BEGIN { print t ? m * 1.048576 / t : 0 }')"
row "virtio-blk 4 KiB random reads (16 in flight), IOPS" \
	"$(awk -v n="$iops_n" -v t="$rr" 'BEGIN { print t ? n / t : 0 }')" "${host_iops:-0}"
set -- $udp
row "UDP round trips host<->Dom0 (64 bytes), per s" "${1:-0}" "${2:-0}"
set -- $cons
row "virtio-console echo $cons_mib MiB each way, MB/s" "${1:-0}" "${2:-0}"
awk -v n="$(( ${irqs1:-0} - ${irqs0:-0} ))" -v t="$(echo "$cons" | awk '{ print $3 }')" 'BEGIN {
	printf "%-44s %12.0f\n", "console interrupts/s during the echo", t ? n / t : 0 }'
echo "(Dom0's block figures include the serial round trip of the command: about a millisecond;"
echo " the host's UDP figure is its own loopback echo, Dom0's goes through QEMU's user network)"
