#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dom0 drives the machine's devices (QEMU TCG, the svm back end):
#   devices/lspci         Dom0 enumerates PCI through the hypervisor's
#                         mediated configuration space (the ports: i440FX
#                         has no ECAM, so Dom0's ACPI tables have no MCFG);
#                         the virtio-console is bound to its driver.
#   devices/vcons-echo    the host writes 1 MiB into the `test` port's UNIX
#                         socket while Dom0 echoes it back through the
#                         modern virtio PCI transport, split virtqueues and
#                         the hypervisor's DMA region; byte-exact, both ways.
#   devices/blk-write     Dom0 writes a pattern to 64 sectors (4 requests
#                         batched) and flushes; the host finds it in the
#                         image file.
#   devices/blk-read      the host's random sectors, read by Dom0, hash to
#                         what the host computes; a request beyond the disk
#                         fails alone.
#   devices/blk-reset-mid-traffic  Dom0 resets the disk ten times while
#                         its write batches are in flight: each request
#                         ends once, no sector older than its last
#                         successful write, reads work afterwards.
#   devices/interrupts    each device's interrupt reaches Dom0 as an event:
#                         MSI-X for the console and the NIC, INTx for the
#                         disk (vectors=0: no MSI-X offered), each counted
#                         by lspci after the traffic above.
#   devices/net-udp       the host sends UDP datagrams to a port QEMU's user
#                         network forwards to Dom0 (loopback only); Dom0's
#                         virtio-net and the kernel's IP stack answer each
#                         of 100 (more than its 32 transmit buffers: they
#                         are reclaimed) with the same bytes; `net` shows the MAC and link;
#                         Dom0 pings the user network's gateway first.
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
hv=$build/xenolith
dir=$(mktemp -d "$build/tests/system/devices.XXXXXX")
trap 'stop_qemu; rm -rf "$dir"' EXIT
name=devices/lspci
log=$build/tests/system/devices.log
for f in "$dom0" "$hv"; do [ -f "$f" ] || fail "no $f: run make"; done
udp_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# An 8 MiB disk; sectors 1000-1063 random, their FNV-1a hash kept.
want=$(python3 - "$dir/disk.img" <<'PY'
import os, sys
img = bytearray(8 << 20)
img[1000 * 512:1064 * 512] = os.urandom(64 * 512)
open(sys.argv[1], "wb").write(img)
h = 2166136261
for b in img[1000 * 512:1064 * 512]:
    h = ((h ^ b) * 16777619) & 0xffffffff
print("%08x" % h)
PY
)

qemu_start 240 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M" -initrd "$dom0" \
	-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
	-chardev "socket,id=mgmt,path=$dir/mgmt,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt \
	-chardev "socket,id=test,path=$dir/test,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=2,chardev=test,name=test \
	-drive "file=$dir/disk.img,if=none,format=raw,id=disk" \
	-device virtio-blk-pci,drive=disk,disable-legacy=on,vectors=0 \
	-netdev "user,id=net0,hostfwd=udp:127.0.0.1:$udp_port-10.0.2.15:7" \
	-device virtio-net-pci,netdev=net0,disable-legacy=on,mac=52:54:00:12:34:56
wait_for "^\(d0\) type 'help'" 90 || fail "Dom0's shell did not start"
printf 'lspci\r' >&3
wait_for '^\(d0\) 00:[0-9a-f]{2}\.0 1af4:1043 class 078000 .* driver virtio-console' 20 ||
	fail "lspci shows no virtio-console bound to its driver"
wait_for '^\(d0\) 00:00\.0 8086:1237 class 060000' 5 || fail "lspci lacks the host bridge"
# i440FX has no ECAM: Dom0's tables have no MCFG, it uses the ports, and
# lspci lists no extended capability.
wait_for '^\(d0\) pci: configuration through ports 0xcf8/0xcfc' 5 ||
	fail "Dom0 does not say it uses the ports"
tr -d '\r' < "$log" | grep -q '^(d0) 00:.* ext ' && fail "extended capabilities through the ports"
wait_for '^\(d0\) 00:[0-9a-f]{2}\.0 1af4:1042 class 010000 .* driver virtio-blk' 5 ||
	fail "lspci shows no virtio-blk bound to its driver"
echo "PASS $name"

name=devices/vcons-echo
printf 'vcons echo test\r' >&3
wait_for '^\(d0\) vcons: echoing port test' 20 || fail "Dom0 found no port named test"
python3 - "$dir/test" <<'PY' || fail "the echo through the test port was not byte-exact"
import os, socket, sys, threading, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
data = os.urandom(1 << 20)
got = bytearray()
def reader():
    while len(got) < len(data):
        b = s.recv(65536)
        if not b:
            break
        got.extend(b)
t = threading.Thread(target=reader)
t.start()
time.sleep(0.5)
s.sendall(data)
t.join(180)
ok = bytes(got) == data
print("echoed %d of %d bytes, %s" % (len(got), len(data), "equal" if ok else "DIFFERENT"), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
echo "PASS $name"

name=devices/blk-write
printf 'blk\r' >&3
wait_for '^\(d0\) blk: 16384 sectors \(8 MiB\), flush yes' 20 || fail "blk info wrong"
printf 'blk write 100 64 7\r' >&3
wait_for '^\(d0\) blk: wrote 64 sectors from 100 \(seed 7\)' 30 || fail "blk write failed"
printf 'blk flush\r' >&3
wait_for '^\(d0\) blk: flush: done 0' 20 || fail "blk flush failed"
python3 - "$dir/disk.img" <<'PY' || fail "the image file lacks Dom0's pattern"
import sys
img = open(sys.argv[1], "rb").read()
for s in range(100, 164):
    for i in range(512):
        if img[s * 512 + i] != (s * 31 + i * 7 + 7) & 0xff:
            sys.exit("sector %d byte %d differs" % (s, i))
if any(img[99 * 512:100 * 512]) or any(img[164 * 512:165 * 512]):
    sys.exit("a neighbouring sector was written")
PY
echo "PASS $name"

name=devices/blk-read
printf 'blk read 1000 64\r' >&3
wait_for "^\\(d0\\) blk: read 64 sectors from 1000: fnv1a $want" 30 ||
	fail "Dom0's read of the host's sectors does not hash to $want"
printf 'blk read 16376 16\r' >&3
wait_for '^\(d0\) blk: read of sectors 16376\+16: error -22' 20 ||
	fail "a request beyond the disk did not fail"
printf 'blk\r' >&3
wait_for '^\(d0\) blk: .* [1-9][0-9]* requests done, 0 failed' 20 || fail "blk counters wrong"
echo "PASS $name"

# Ten device resets a few ms apart while Dom0 writes 16-request batches:
# each request ends once (0 or -EIO, the driver's counters agree), some
# reset hit requests in flight, every sector holds a whole pattern no older
# than its last successful write, and the disk serves reads afterwards.
name=devices/blk-reset-mid-traffic
printf 'blk resets 10\r' >&3
wait_for '^\(d0\) blk resets: ' 120 || fail "blk resets gave no result"
line=$(tr -d '\r' < "$log" | grep -E '^\(d0\) blk resets: ' | tail -1)
echo "    $line"
re='^\(d0\) blk resets: 10 of 10 made during ([0-9]+) batches: ([0-9]+) requests, ([0-9]+) ok, ([0-9]+) failed; counters \+([0-9]+) done \+([0-9]+) failed \+10 resets; 256 sectors checked, 0 bad$'
[[ $line =~ $re ]] || fail "unexpected result: $line"
n=${BASH_REMATCH[2]} ok=${BASH_REMATCH[3]} bad=${BASH_REMATCH[4]}
[ "$n" -eq $((ok + bad)) ] || fail "$n requests but $ok ok and $bad failed"
[ "${BASH_REMATCH[5]}" -eq "$ok" ] && [ "${BASH_REMATCH[6]}" -eq "$bad" ] ||
	fail "the driver counted other completions than the requests saw"
[ "$bad" -ge 1 ] || fail "no reset hit a request in flight"
[ "$ok" -ge 1 ] || fail "no request succeeded between resets"
n=$(tr -d '\r' < "$log" | grep -c "fnv1a $want")
printf 'blk read 1000 64\r' >&3
for ((i = 0; i < 150; i++)); do
	[ "$(tr -d '\r' < "$log" | grep -c "fnv1a $want")" -gt "$n" ] && break
	sleep 0.2
done
[ "$i" -lt 150 ] || fail "the disk does not serve reads after the resets"
echo "PASS $name"

name=devices/net-udp
wait_for '^\(d0\) 00:[0-9a-f]{2}\.0 1af4:1041 class 020000 .* driver virtio-net' 5 ||
	fail "lspci shows no virtio-net bound to its driver"
printf 'ip addr eth0 10.0.2.15/24 10.0.2.2\r' >&3
printf 'ping 10.0.2.2 2\r' >&3
wait_for '^\(d0\) 56 bytes from 10\.0\.2\.2: icmp_seq=2' 20 ||
	fail "no ICMP echo reply from QEMU's gateway through virtio-net"
printf 'net echo 7\r' >&3
wait_for '^\(d0\) net: udp echo on port 7: listening 0' 20 || fail "net echo did not start"
printf 'net\r' >&3
wait_for '^\(d0\) net: eth0 52:54:00:12:34:56 link up, 10\.0\.2\.15/24' 20 ||
	fail "net does not show the MAC, the link and the address"
python3 - "$udp_port" <<'PY' || fail "UDP datagrams were not answered byte-exact"
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
ok = 0
for i in range(100):            # more than Dom0's 32 transmit buffers
    msg = os.urandom(16 + 61 * (i % 20))
    for attempt in range(5):    # the first may wait for ARP
        s.sendto(msg, ("127.0.0.1", int(sys.argv[1])))
        try:
            got = s.recv(65536)
        except socket.timeout:
            continue
        if got != msg:
            sys.exit("datagram %d came back different" % i)
        ok += 1
        break
    else:
        sys.exit("datagram %d was never answered (%d were)" % (i, ok))
sys.exit(0 if ok == 100 else "only %d of 100 answered" % ok)
PY
n=$(tr -d '\r' < "$log" | grep -c '^(d0) net: rx')
printf 'net\r' >&3
for ((i = 0; i < 100; i++)); do
	[ "$(tr -d '\r' < "$log" | grep -c '^(d0) net: rx')" -gt "$n" ] && break
	sleep 0.2
done
counters=$(tr -d '\r' < "$log" | grep '^(d0) net: rx' | tail -1)
[[ $counters =~ ^\(d0\)\ net:\ rx\ [1-9][0-9]*\ frames ]] || fail "net counters did not move: $counters"
[[ $counters =~ \(0\ refused ]] || fail "Dom0 refused frames: $counters"
echo "PASS $name"

name=devices/interrupts
for d in 03 05; do
	grep -Eq "^\(d0\) virtio 00:$d\.0: interrupt MSI-X, pirq [0-9]+" "$log" ||
		fail "00:$d.0 has no MSI-X interrupt"
done
grep -Eq '^\(d0\) virtio 00:04\.0: interrupt INTx, pirq [0-9]+' "$log" ||
	fail "the disk (vectors=0) has no INTx interrupt"
grep -q 'polled' "$log" && fail "a device is polled: $(grep -m1 polled "$log")"
# Dom0's 1 s safety pass never found work that no interrupt announced.
grep -q 'work without an interrupt' "$log" &&
	fail "an interrupt was lost: $(grep -m1 'work without an interrupt' "$log")"
printf 'lspci\r' >&3
for drv in virtio-console virtio-blk virtio-net; do
	wait_for "^\\(d0\\) 00:[0-9a-f]{2}\\.0 1af4:.* driver $drv irqs [1-9]" 20 ||
		fail "lspci counts no interrupt for $drv"
done
echo "PASS $name"
