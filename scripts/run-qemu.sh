#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boots Xenolith in QEMU (TCG, the svm back end) with the Dom0
# kernel (its shell on this terminal: list, console N, xs ...; Ctrl-]
# leaves a DomU's console) and a DomU running the PV guest kernel on its
# console ring (console=hvc0, served by Dom0's backend).  Quit with Ctrl-A
# then X; xapid stops with QEMU.
#
# The machine's devices belong to Dom0 (docs/devices.md): a virtio-console
# with two named ports, each a UNIX socket on the host that QEMU serves
# (clients may come and go): build/run/mgmt.sock, the toolstack's
# management channel (one client at a time: xapid, started here, so that
# `xl` in another terminal manages the domains), and build/run/test.sock
# (`vcons echo test` in Dom0's shell echoes it; try
# `socat - UNIX-CONNECT:build/run/test.sock`); and a virtio-blk disk,
# build/run/disk.img (64 MiB, made empty on the first run, kept after: the
# disk Dom0's block backends will serve; `blk` in Dom0's shell); and a
# virtio-net NIC on QEMU's user network, host UDP port 127.0.0.1:5555
# forwarded to Dom0's port 7 (eth0 is 10.0.2.15/24 from boot: `net echo
# 7` in Dom0's shell answers it; `net` shows the NIC).
set -euo pipefail
cd "$(dirname "$0")/.."
b=build
run=$b/run
mkdir -p "$run"
[ -f "$run/disk.img" ] || truncate -s 64M "$run/disk.img"
chmod 700 "$run"
"$b/bin/xapid" --log "$run/xapid.log" &
xapid=$!
trap 'kill $xapid 2>/dev/null; wait $xapid 2>/dev/null' EXIT INT TERM HUP
cat >&2 <<MSG
Booting Xenolith under QEMU: serial console below; quit with Ctrl-A X.
xapid is running (log: $run/xapid.log).  In another terminal, try:
    $b/bin/xl list
    $b/bin/xl info
    $b/bin/xl vcpu-list
    $b/bin/xl pause 1; $b/bin/xl unpause 1
    $b/bin/xl top -i 3
    XENSTORED_PATH=$run/xenstored.sock xenstore-ls /local/domain
The management API (docs/api.md) is at https://localhost:8443/api/v1/
and the web page at https://localhost:8443/ui/ (a self-signed certificate,
$run/state/cert.pem); user admin, password in $run/state/admin-password:
    curl --cacert $run/state/cert.pem https://localhost:8443/api/v1/health
MSG
qemu-system-x86_64 -accel tcg -cpu max -m 512M -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
	-chardev "socket,id=mgmt,path=$run/mgmt.sock,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt \
	-chardev "socket,id=test,path=$run/test.sock,server=on,wait=off" \
	-device virtserialport,bus=vs.0,nr=2,chardev=test,name=test \
	-drive "file=$run/disk.img,if=none,format=raw,id=disk" \
	-device virtio-blk-pci,drive=disk,disable-legacy=on \
	-netdev "user,id=net0,dhcpstart=10.0.2.16,hostfwd=udp:127.0.0.1:5555-10.0.2.15:7" \
	-device virtio-net-pci,netdev=net0,disable-legacy=on \
	-kernel "$b/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$b/dom0/dom0.elf vbd=4 vif,$b/guest-patches/guest-pv.elf console=hvc0"
