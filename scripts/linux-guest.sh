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

# The initramfs: busybox and /init.
rm -rf "$out/initramfs"
mkdir -p "$out/initramfs"/{bin,dev,proc,sys}
cp "$out/busybox/bin/busybox" "$out/initramfs/bin/busybox"
cat >"$out/initramfs/init" <<EOF
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
echo "xenolith-init: ACPI tables: \$(/bin/busybox ls /sys/firmware/acpi/tables | /bin/busybox tr '\n' ' ')"
echo $marker
/bin/busybox poweroff -f
EOF
chmod +x "$out/initramfs/init"
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
