#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's own Linux as a PVH DomU of Xenolith, the way a new user would try
# it.  Prepares, under build/linux/ (nothing is installed on the host):
#   vmlinux         the ELF kernel of Debian 12's current linux-image-amd64
#                   (whatever version it depends on today: never pinned),
#                   fetched with `apt-get download`, unpacked with
#                   `dpkg-deb -x`, taken out of the bzImage's xz payload
#                   with xz itself
#   initramfs.cpio.gz  busybox-static and an /init that prints
#                   XENOLITH-LINUX-INIT-OK and powers the domain off
# and with "boot" also boots it under QEMU (svm): Dom0 is the Dom0 kernel,
# d1 the Linux kernel with the initramfs as its ramdisk module (a module
# that is not an ELF image belongs to the kernel before it).  Linux's early
# console goes through console_io, so its lines show as "(d1) ..." in the
# hypervisor's log (build/linux/serial.log); the script prints where it
# stopped.  Usage: scripts/linux-guest.sh [boot]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
out=$build/linux
marker=XENOLITH-LINUX-INIT-OK
mkdir -p "$out/debs"

# The kernel package linux-image-amd64 depends on now, and busybox.
pkg=$(apt-cache depends linux-image-amd64 |
	awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || { echo "linux-image-amd64 names no kernel package" >&2; exit 1; }
cd "$out/debs"
# A machine whose package lists are older than the mirror asks for a
# version that is gone: refresh the lists once and try again.
fetch() {
	apt-get download "$1" >/dev/null 2>&1 ||
		{ apt-get update -qq && apt-get download "$1" >/dev/null; }
}
for p in "$pkg" busybox-static; do
	ls "$p"_*.deb >/dev/null 2>&1 || fetch "$p"
done
rm -rf "$out/root" "$out/busybox"
dpkg-deb -x "$pkg"_*.deb "$out/root"
dpkg-deb -x busybox-static_*.deb "$out/busybox"
echo "kernel package: $pkg"

# vmlinux: the xz stream in the bzImage, from its magic (FD 37 7A 58 5A 00).
vmlinuz=$(ls "$out"/root/boot/vmlinuz-*)
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
[ -n "$off" ] || { echo "no xz payload in $vmlinuz" >&2; exit 1; }
# (xz stops at the stream's end: tail's SIGPIPE is no failure.)
xz -dc --single-stream < <(tail -c +"$((off + 1))" "$vmlinuz") >"$out/vmlinux"
# The bzImage itself, for `xl create` (examples/linux.cfg), which unpacks it.
cp "$vmlinuz" "$out/vmlinuz"
file "$out/vmlinux"

# The initramfs: busybox, the modules /init loads and /init.  Debian builds
# xen-blkfront, xen-netfront and ext4 as modules: depmod (kmod) makes the
# package's modules.dep, and modprobe --show-depends gives each module's
# dependencies and soft dependencies (ext4 wants crc32c) in load order.
rm -rf "$out/initramfs"
mkdir -p "$out/initramfs"/{bin,dev,proc,sys,mnt,lib/modules}
cp "$out/busybox/bin/busybox" "$out/initramfs/bin/busybox"
kver=$(ls "$out/root/lib/modules")
depmod -b "$out/root" "$kver"
for m in xen-blkfront xen-netfront ext4; do
	modprobe -d "$out/root" -S "$kver" --show-depends "$m"
done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
	cp "$ko" "$out/initramfs/lib/modules/"
	basename "$ko"
done >"$out/initramfs/lib/modules/load-order"
# /init: the ACPI tables it found, the modules, then, when Xen gave it the
# devices: xvda (an ext4 file system the host made) mounted, the host's
# file read, a file written and read back after a remount; eth0 and eth1
# (vifs 0 and 1) configured and used as the command line's xenolith.*
# options say (iface below).  Each result is a "xenolith-init:" line; then
# the marker and poweroff.
cat >"$out/initramfs/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say() { echo "xenolith-init: $*"; }
arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^xenolith\.$1=//p"; }
# wait_for PATH SECONDS
wait_for() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt $(($2 * 10)) ]; do usleep 100000; i=$((i + 1)); done
	[ -e "$1" ]
}
say "ACPI tables: $(ls /sys/firmware/acpi/tables | tr '\n' ' ')"
# The APIC mode Linux chose, and the event upcalls each vCPU took (each
# acknowledged with an APIC EOI), one count per vCPU.
say "APIC: $(dmesg | grep -o -e 'x2apic enabled' -e 'Switched APIC routing to .*' | tr '\n' ';') upcalls: $(awk '$1 == "HYP:" { s = $2; for (i = 3; $i ~ /^[0-9]+$/; i++) s = s " " $i; print s }' /proc/interrupts)"
say "CPUs: online $(cat /sys/devices/system/cpu/online), $(dmesg | grep -o 'smp: Brought up.*')"
# A module's options come from the kernel command line (module.option=value),
# as kmod's modprobe takes them there.
for m in $(cat /lib/modules/load-order); do
	opts=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^$(basename "$m" .ko | tr - _)\.//p")
	insmod "/lib/modules/$m" $opts 2>/dev/null || say "insmod $m $opts: failed"
done
say "modules: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
if [ -e /sys/bus/xen/devices/vbd-51712 ]; then
	if ! wait_for /dev/xvda 60; then
		say "xvda: no block device"
	elif ! mount -t ext4 /dev/xvda /mnt; then
		say "xvda: mount failed"
	else
		say "xvda: mounted: $(grep ' /mnt ' /proc/mounts | cut -d' ' -f1-3)"
		say "xvda: host.txt: $(cat /mnt/host.txt)"
		echo "Linux $(uname -r) wrote this through xen-blkfront" >/mnt/guest.txt
		umount /mnt && mount -t ext4 /dev/xvda /mnt &&
			say "xvda: guest.txt after a remount: $(cat /mnt/guest.txt)"
		umount /mnt
	fi
fi
# iface N: vif N as ethN, with the kernel command line's xenolith.ipN=
# (xenolith.ip= for eth0; "dhcp": udhcpc asks whichever DHCP server the
# vif reaches for an address and a default route), xenolith.pingN=
# pinged, a default route through xenolith.gwN=, a POST to
# xenolith.wgetN=URL (the numbers 1..3000 over TCP; the answer's first
# line, size and md5), and xenolith.tftpN=HOST:PORT:FILE fetched over UDP.
iface() {
	dev=eth$1
	n=${1#0}
	[ -e "/sys/bus/xen/devices/vif-$1" ] || return 0
	if ! wait_for "/sys/class/net/$dev" 60; then
		say "$dev: no interface"
		return 0
	fi
	ip link set "$dev" up
	if [ "$(arg "ip$n")" = dhcp ]; then
		udhcpc -i "$dev" -n -q -t 5 -s /etc/udhcpc.script >/udhcpc.out 2>&1 ||
			say "$dev: udhcpc failed: $(tail -3 /udhcpc.out | tr '\n' ' ')"
		say "$dev: $(cat "/sys/class/net/$dev/address") dhcp $(ip -4 -o addr show dev "$dev" |
			awk '{ print $4 }') router $(ip route | awk -v d="$dev" '/^default/ && $5 == d { print $3; exit }')"
	else
		ip addr add "$(arg "ip$n")" dev "$dev"
		say "$dev: $(cat "/sys/class/net/$dev/address") $(arg "ip$n")"
	fi
	if [ -z "$(arg "ping$n")" ]; then
		:
	elif ping -c 3 -W 10 "$(arg "ping$n")" >/ping.out 2>&1; then
		say "$dev: ping $(arg "ping$n"): $(grep 'packets transmitted' /ping.out)"
	else
		say "$dev: ping $(arg "ping$n") failed: $(tail -2 /ping.out | tr '\n' ' ')"
	fi
	[ -z "$(arg "gw$n")" ] || ip route add default via "$(arg "gw$n")"
	# (timeout, not wget -T: busybox-static 1.35's wget crashes with it).
	if [ -z "$(arg "wget$n")" ]; then
		:
	elif t0=$(date +%s) && timeout 150 wget -q -O /wget.out \
		--post-data "$(seq 1 3000 | tr '\n' ' ')" "$(arg "wget$n")" 2>/wget.err; then
		say "$dev: wget: $(head -1 /wget.out) $(wc -c </wget.out) bytes md5 $(md5sum </wget.out | cut -d' ' -f1) in $(($(date +%s) - t0)) s"
	else
		say "$dev: wget failed: $(tr '\n' ' ' </wget.err)"
	fi
	t=$(arg "tftp$n")
	if [ -z "$t" ]; then
		:
	elif timeout 60 tftp -g -r "${t##*:}" -l /tftp.out "${t%%:*}" \
		"$(echo "$t" | cut -d: -f2)" 2>/tftp.err; then
		say "$dev: tftp: $(cat /tftp.out)"
	else
		say "$dev: tftp failed: $(tr '\n' ' ' </tftp.err)"
	fi
}
# eth0 first: its wget goes through Dom0's NAT before eth1, on the wire's
# own subnet, would take that traffic.
iface 0
iface 1
echo XENOLITH-LINUX-INIT-OK
poweroff -f
EOF
chmod +x "$out/initramfs/init"
# udhcpc's script: the leased address, mask and router on the interface.
mkdir -p "$out/initramfs/etc"
cat >"$out/initramfs/etc/udhcpc.script" <<'EOF'
#!/bin/busybox sh
case "$1" in
bound|renew)
	ifconfig "$interface" "$ip" netmask "$subnet"
	[ -z "$router" ] || route add default gw "$router" dev "$interface"
	;;
esac
EOF
chmod +x "$out/initramfs/etc/udhcpc.script"
(cd "$out/initramfs" && find . | cpio -o -H newc --quiet | gzip -9) \
	>"$out/initramfs.cpio.gz"
ls -l "$out/vmlinux" "$out/initramfs.cpio.gz"

[ "${1:-}" = boot ] || exit 0
log=$out/serial.log
rm -f "$log"
limit=${QEMU_TIME_LIMIT:-300}
# Linux powers its domain off after /init while Dom0 runs on: QEMU is stopped
# (only the one started here) once the marker is out or the limit is hit.
qemu-system-x86_64 -accel tcg \
	-cpu max -smp 2 -m 1G -display none -monitor none -no-reboot \
	-serial "file:$log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=512M" \
	-initrd "$build/dom0/dom0.elf,$out/vmlinux console=hvc0 earlyprintk=xen loglevel=8,$out/initramfs.cpio.gz" \
	</dev/null >/dev/null 2>&1 &
qemu=$!
start=$(date +%s)
while kill -0 "$qemu" 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$limit" ] &&
	! grep -qa "$marker" "$log" 2>/dev/null; do
	sleep 1
done
echo "$(( $(date +%s) - start )) s after QEMU started"
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
tr -d '\r' <"$log" >"$log.txt"
if grep -q "$marker" "$log.txt"; then
	echo "PASS linux/init-marker"
	exit 0
fi
echo "FAIL linux/init-marker: Linux did not reach /init; the last lines of d1 and the hypervisor:"
grep -E '^\(d1\)|^\(XEN\).*(d1|domain 1)' "$log.txt" | tail -25
exit 1
