#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's own Linux as a PVH DomU, created the way a user creates one: QEMU
# (svm) boots the hypervisor and Dom0 alone, xapid holds Dom0's management
# channel, and `xl create examples/linux-split.cfg` (two vCPUs, a disk and a
# vif; the test gives the disk and vif of its own below) hands Debian's bzImage (xl
# unpacks it on the host) and the busybox initramfs (scripts/linux-guest.sh
# prepares both under build/linux/) to Dom0's domain builder.
#   linux/xl-create   xl create succeeds and Dom0's builder built "linux"
#   linux/init-marker Linux reached its /init, whose marker comes out on
#                     hvc0, the console ring Dom0 serves
#   linux/acpi        Linux found the ACPI tables Dom0's builder gave it
#                     (FACP, APIC, DSDT under /sys/firmware/acpi/tables)
#   linux/smp         the example's vcpus = 2: Linux brought both up (its
#                     /sys/devices/system/cpu/online is 0-1, and its dmesg
#                     says "smp: Brought up 1 node, 2 CPUs")
#   linux/x2apic      Linux runs its local APICs in x2APIC mode, which
#                     CPUID offers (its dmesg says "x2apic enabled" and
#                     "Switched APIC routing to physical x2apic."; the
#                     second vCPU came up by INIT/SIPI through the x2APIC
#                     ICR), and both vCPUs took event upcalls, each one
#                     acknowledged with an x2APIC EOI (HYP in
#                     /proc/interrupts)
#   linux/modules     /init loaded xen-blkfront, xen-netfront, ext4 and
#                     what modules.dep and their soft dependencies name
#   linux/blkfront    the cfg's disk= (a region of Dom0's virtio-blk disk,
#                     which the host formatted ext4 with a file in it):
#                     Linux's own xen-blkfront connects to our blkback,
#                     mounts xvda as ext4, reads the host's file, writes
#                     one and reads it back after a remount; the host then
#                     finds that file in the image (debugfs); its ring is
#                     the 4 pages xen_blkfront.max_ring_page_order=2 asks
#                     for (Linux's default is one; we offer order 4), and
#                     its pages persistent grants (feature-persistent)
#   linux/netfront    the cfg's vif=: Linux's own xen-netfront connects to
#                     our netback; Linux pings Dom0 (10.0.0.1 on xenbr0)
#                     and every ping is answered
#   linux/dhcp        the vif is script=vif-nat without ip=: Dom0 leases it
#                     the first address of its pool, and busybox's udhcpc
#                     in Linux gets it from Dom0's DHCP server, with Dom0
#                     (10.0.0.1) as router; `bridge` counts the offer and
#                     the ack
#   linux/nat-tcp     busybox's wget in Linux POSTs 14 KB over TCP
#                     through Dom0's NAT and eth0 (virtio-net on QEMU's
#                     user network, its address Dom0's default) to an HTTP server
#                     on the host's loopback, which sees QEMU's address and
#                     the whole body (its SHA-256), and answers 40 KB that
#                     Linux receives whole (its MD5); Dom0's `bridge` then
#                     shows the connection closed by FINs (TIME_WAIT)
#   linux/bridged     a second vif, bridge=xenbr0 without NAT: xenbr0 is
#                     bridged onto Dom0's NIC (peth0) as Xen's vif-bridge
#                     does, so Linux's eth1 is on QEMU's user network
#                     itself: udhcpc gets 10.0.2.16 (QEMU's pool starts
#                     past Dom0's 10.0.2.15) and router 10.0.2.2 from
#                     QEMU's own DHCP server, pings 10.0.2.2, and fetches
#                     a file over UDP (tftp) from a process on the host's
#                     loopback, which sees the request; Dom0, its eth0 now
#                     a port of xenbr0 too, still reaches that process;
#                     `bridge` shows QEMU's MAC learned on peth0
#   linux/poweroff    /init's `poweroff -f` ends the domain: Linux halts
#                     every vCPU with interrupts off, which on Xen (and
#                     here) powers the domain off; xl list no longer has it
set -u
. "$(dirname "$0")/guest-lib.sh"
name=linux/prepare
log=$build/tests/system/linux.log
mkdir -p "$build/tests/system"
run=$(mktemp -d "$build/tests/system/linux-XXXXXX")
trap 'stop_toolstack; rm -rf "$run"' EXIT
for f in "$build/xenolith" "$build/dom0/dom0.elf" "$build/bin/xapid" "$build/bin/xl"; do
	[ -f "$f" ] || fail "no $f: run make"
done
"$top/scripts/linux-guest.sh" >"$run/prepare.log" 2>&1 ||
	fail "scripts/linux-guest.sh: $(tail -5 "$run/prepare.log")"
grep '^kernel package:' "$run/prepare.log" | sed 's/^/    /'
marker=XENOLITH-LINUX-INIT-OK
# xvda: an ext4 file system made on the host, with a file of the host's.
mkdir "$run/fs"
echo "written by the host" >"$run/fs/host.txt"
mkfs.ext4 -q -F -L xenolith -d "$run/fs" "$run/disk.img" 16M >/dev/null ||
	fail "mkfs.ext4 could not make the disk image"

# An HTTP server on the host's loopback: a POST is answered with the
# SHA-256 of its body on the first line, then 40,000 bytes of a pattern.
python3 -u - >"$run/http.out" 2>&1 <<'PY' &
import hashlib, http.server
body = bytes(i % 251 for i in range(40000))
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        digest = hashlib.sha256(data).hexdigest()
        print("POST from", self.client_address[0], len(data), digest, flush=True)
        out = ("sha256=" + digest + "\n").encode() + body
        self.send_response(200)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
http_pid=$!
trap 'kill $http_pid 2>/dev/null; stop_toolstack; rm -rf "$run"' EXIT
for i in $(seq 50); do [ -s "$run/http.out" ] && break; sleep 0.1; done
http_port=$(head -1 "$run/http.out")

# A UDP process on the host's loopback: a TFTP read request (RFC 1350) is
# answered with one block of a line naming the file, anything else echoed
# back after "pong-".  Each datagram is logged with its sender.
python3 -u - >"$run/udp.out" 2>&1 <<'PY' &
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    data, peer = s.recvfrom(2048)
    op = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else 0
    if op == 1:
        name = data[2:].split(b"\0")[0].decode()
        print("RRQ from", peer[0], name, flush=True)
        s.sendto(struct.pack(">HH", 3, 1) + ("served " + name + " over udp\n").encode(), peer)
    elif op == 4:
        print("ACK from", peer[0], struct.unpack(">H", data[2:4])[0], flush=True)
    else:
        print("from", peer[0], data.decode(errors="replace"), flush=True)
        s.sendto(b"pong-" + data, peer)
PY
udp_pid=$!
trap 'kill $http_pid $udp_pid 2>/dev/null; stop_toolstack; rm -rf "$run"' EXIT
for i in $(seq 50); do [ -s "$run/udp.out" ] && break; sleep 0.1; done
udp_port=$(head -1 "$run/udp.out")

name=linux/xl-create
boot_toolstack "$run" "${QEMU_TIME_LIMIT:-400}" -m 1G \
	-drive "file=$run/disk.img,if=none,format=raw,id=disk" \
	-device virtio-blk-pci,drive=disk,disable-legacy=on \
	-netdev user,id=net0,dhcpstart=10.0.2.16 \
	-device virtio-net-pci,netdev=net0,disable-legacy=on \
	-kernel "$build/xenolith" -append "dom0_mem=32M" -initrd "$build/dom0/dom0.elf"
start=$(date +%s%N)
cd "$top" && out=$("$build/bin/xl" create examples/linux-split.cfg 'name="linux"' \
	"kernel=\"$build/linux/vmlinuz\"" "ramdisk=\"$build/linux/initramfs.cpio.gz\"" \
	"disk=['vdev=xvda, access=rw, target=vda']" \
	"vif=['mac=00:16:3e:00:01:01, bridge=xenbr0, script=vif-nat', 'mac=00:16:3e:00:01:02, bridge=xenbr0']" \
	"cmdline=\"console=hvc0 loglevel=4 xen_blkfront.max_ring_page_order=2 xenolith.ip=dhcp xenolith.ping=10.0.0.1 xenolith.wget=http://10.0.2.2:$http_port/ xenolith.ip1=dhcp xenolith.ping1=10.0.2.2 xenolith.tftp1=10.0.2.2:$udp_port:hello.txt\"" 2>&1) ||
	fail "xl create: $out"
wait_for '^\(d0\) (dom0> )?builder: d1 "linux" built' 60 || fail "no build line"
echo "PASS $name"
echo "    xl create took $(( ($(date +%s%N) - start) / 1000000 )) ms"

name=linux/init-marker
wait_for "$marker" 300 || {
	fail "no /init marker; Linux's last lines: $(tr -d '\r' <"$log" | grep -a '\[1\]' | tail -20)"
}
echo "PASS $name"
echo "    $(( ($(date +%s%N) - start) / 1000000 )) ms from xl create to the /init marker"

name=linux/acpi
line=$(tr -d '\r' <"$log" | grep -a 'xenolith-init: ACPI tables:')
for t in APIC DSDT FACP; do
	echo "$line" | grep -qw "$t" || fail "no $t in: $line"
done
echo "PASS $name"

# init_line TEXT: /init's line starting "xenolith-init: TEXT", or "".
init_line() { tr -d '\r' <"$log" | grep -a "xenolith-init: $1" | head -1; }

name=linux/smp
line=$(init_line "CPUs:")
echo "$line" | grep -q "online 0-1, smp: Brought up 1 node, 2 CPUs" ||
	fail "not both vCPUs up: $line"
echo "PASS $name"

name=linux/x2apic
line=$(init_line "APIC:")
echo "$line" | grep -q "APIC: x2apic enabled;Switched APIC routing to physical x2apic\.; upcalls: [1-9][0-9]* [1-9][0-9]*\$" ||
	fail "not in x2APIC mode, or a vCPU without upcalls: $line"
echo "PASS $name"

name=linux/modules
line=$(init_line "modules:")
for m in xen_blkfront xen_netfront ext4 jbd2 mbcache crc16; do
	echo "$line" | grep -qw "$m" || fail "$m not loaded: $line"
done
echo "PASS $name"

name=linux/blkfront
init_line "xvda: mounted: /dev/xvda /mnt ext4" | grep -q . ||
	fail "xvda not mounted as ext4: $(tr -d '\r' <"$log" | grep -a 'xenolith-init: xvda' | head -3)"
init_line "xvda: host.txt: written by the host" | grep -q . ||
	fail "the host's file did not read back: $(init_line "xvda: host.txt")"
init_line "xvda: guest.txt after a remount: Linux .* wrote this through xen-blkfront" |
	grep -q . || fail "the guest's file did not read back: $(init_line "xvda: guest")"
# xen_blkfront.max_ring_page_order=2 (Linux's own default is one page):
# Linux took the multi-page ring our max-ring-page-order offers.
# Its feature_persistent is on by default, and so are ours: blkback maps
# its pages for good.
tr -d '\r' <"$log" | grep -aq '^(d0) .*vbd d1/51712: ring of 4 pages (128 requests), persistent grants$' ||
	fail "Linux's ring is not 4 pages with persistent grants: $(tr -d '\r' <"$log" | grep -a 'vbd d1/51712: ring')"

name=linux/dhcp
line=$(init_line "eth0: 00:16:3e:00:01:01")
echo "$line" | grep -q "eth0: 00:16:3e:00:01:01 dhcp 10\.0\.0\.128/24 router 10\.0\.0\.1\$" ||
	fail "Linux's udhcpc did not get the first address of Dom0's pool: $line $(init_line "eth0: udhcpc")"
send_line bridge '^\(d0\) (dom0> )?dhcpd: offers [1-9][0-9]* acks [1-9][0-9]* naks 0' 10
echo "PASS $name"

name=linux/netfront
line=$(init_line "eth0: ping 10.0.0.1:")
echo "$line" | grep -q "3 packets transmitted, 3 packets received" ||
	fail "no answers: $line $(init_line "eth0")"
echo "PASS $name"

name=linux/nat-tcp
sent=$(seq 1 3000 | tr '\n' ' ' | sha256sum | cut -d' ' -f1)
got=$(python3 -c 'import hashlib,sys; b = bytes(i % 251 for i in range(40000)); sys.stdout.write(hashlib.md5(("sha256=" + sys.argv[1] + "\n").encode() + b).hexdigest())' "$sent")
grep -q "^POST from 127.0.0.1 [0-9]* $sent\$" "$run/http.out" ||
	fail "the host's server saw: $(tail -3 "$run/http.out"); Linux: $(init_line "eth0: wget")"
line=$(init_line "eth0: wget")
echo "$line" | grep -q "wget: sha256=$sent $((40000 + 72)) bytes md5 $got in [0-9]* s\$" ||
	fail "Linux received: $line"
echo "    ${line##* md5 $got in }: wget's POST and answer through the NAT"
send_line bridge '^\(d0\) (dom0> )?  tcp 10\.0\.0\.128:[0-9]+ <-> 10\.0\.2\.2:'"$http_port"' port 4[0-9]+ TIME_WAIT' 10
echo "PASS $name"

name=linux/bridged
line=$(init_line "eth1: 00:16:3e:00:01:02")
echo "$line" | grep -q "eth1: 00:16:3e:00:01:02 dhcp 10\.0\.2\.16/24 router 10\.0\.2\.2\$" ||
	fail "eth1 did not get its address from QEMU's DHCP server: $line $(init_line "eth1: udhcpc")"
line=$(init_line "eth1: ping 10.0.2.2:")
echo "$line" | grep -q "3 packets transmitted, 3 packets received" ||
	fail "QEMU's gateway did not answer: $line $(init_line "eth1")"
line=$(init_line "eth1: tftp")
echo "$line" | grep -q "xenolith-init: eth1: tftp: served hello\.txt over udp\$" ||
	fail "Linux's tftp got: $line"
grep -q "^RRQ from 127.0.0.1 hello.txt\$" "$run/udp.out" &&
	grep -q "^ACK from 127.0.0.1 1\$" "$run/udp.out" ||
	fail "the host process saw: $(cat "$run/udp.out")"
send_line "udp 10.0.2.2 $udp_port dom0" \
	"^\\(d0\\) (dom0> )?udp reply from 10\\.0\\.2\\.2:$udp_port: pong-dom0\$" 20
grep -q "^from 127.0.0.1 dom0\$" "$run/udp.out" ||
	fail "Dom0's datagram did not reach the host: $(cat "$run/udp.out")"
send_line bridge '^\(d0\) (dom0> )?  52:5[56]:[0-9a-f:]{11}  peth0 ' 10
echo "PASS $name"

name=linux/poweroff
wait_for '^\(XEN\) domain 1 \(.*\) shut down: poweroff' 120 || fail "the domain did not power off"
for i in $(seq 50); do
	"$build/bin/xl" list 2>&1 | grep -q '^linux ' || break
	sleep 0.2
done
out=$("$build/bin/xl" list 2>&1)
echo "$out" | grep -q '^linux ' && fail "xl list still has it: $out"
echo "PASS $name"

# The file Linux wrote is in the disk image, through blkback.
name=linux/blkfront
stop_toolstack
debugfs -R "cat /guest.txt" "$run/disk.img" 2>/dev/null | grep -q "wrote this through xen-blkfront" ||
	fail "the host does not find guest.txt in the image"
echo "PASS $name"
