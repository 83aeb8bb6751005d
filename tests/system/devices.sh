#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dom0 drives the machine's devices (QEMU TCG, the svm back end):
#   devices/lspci         Dom0 enumerates PCI through the hypervisor's
#                         mediated configuration space; the virtio-console
#                         is bound to its driver.
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
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
hv=$build/xenolith
dir=$(mktemp -d "$build/tests/system/devices.XXXXXX")
trap 'stop_qemu; rm -rf "$dir"' EXIT
name=devices/lspci
log=$build/tests/system/devices.log
for f in "$dom0" "$hv"; do [ -f "$f" ] || fail "no $f: run make"; done
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
	-device virtio-blk-pci,drive=disk,disable-legacy=on
wait_for "^\(d0\) type 'help'" 90 || fail "Dom0's shell did not start"
printf 'lspci\r' >&3
wait_for '^\(d0\) 00:[0-9a-f]{2}\.0 1af4:1043 class 078000 .* driver virtio-console' 20 ||
	fail "lspci shows no virtio-console bound to its driver"
wait_for '^\(d0\) 00:00\.0 8086:1237 class 060000' 5 || fail "lspci lacks the host bridge"
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
