#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's own Linux as a PVH DomU, created the way a user creates one: QEMU
# (svm) boots the hypervisor and Dom0 alone, xapid holds Dom0's management
# channel, and `xl create examples/linux.cfg` hands Debian's bzImage (xl
# unpacks it on the host) and the busybox initramfs (scripts/linux-guest.sh
# prepares both under build/linux/) to Dom0's domain builder.
#   linux/xl-create   xl create succeeds and Dom0's builder built "linux"
#   linux/init-marker Linux reached its /init, whose marker comes out on
#                     hvc0, the console ring Dom0 serves
#   linux/acpi        Linux found the ACPI tables Dom0's builder gave it
#                     (FACP, APIC, DSDT under /sys/firmware/acpi/tables)
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

name=linux/xl-create
boot_toolstack "$run" "${QEMU_TIME_LIMIT:-400}" -m 1G \
	-kernel "$build/xenolith" -append "dom0_mem=32M" -initrd "$build/dom0/dom0.elf"
start=$(date +%s%N)
cd "$top" && out=$("$build/bin/xl" create examples/linux.cfg \
	"kernel=\"$build/linux/vmlinuz\"" "ramdisk=\"$build/linux/initramfs.cpio.gz\"" 2>&1) ||
	fail "xl create: $out"
wait_for '^\(d0\) (dom0> )?builder: d1 "linux" built' 60 || fail "no build line"
echo "PASS $name"
echo "    xl create took $(( ($(date +%s%N) - start) / 1000000 )) ms"

name=linux/init-marker
wait_for "$marker" 300 || {
	fail "Linux did not reach /init; its last lines: $(tr -d '\r' <"$log" | grep -a '\[1\]' | tail -20)"
}
echo "PASS $name"
echo "    $(( ($(date +%s%N) - start) / 1000000 )) ms from xl create to the /init marker"

name=linux/acpi
line=$(tr -d '\r' <"$log" | grep -a 'xenolith-init: ACPI tables:')
for t in APIC DSDT FACP; do
	echo "$line" | grep -qw "$t" || fail "no $t in: $line"
done
echo "PASS $name"

name=linux/poweroff
wait_for '^\(XEN\) domain 1 \(.*\) shut down: poweroff' 60 || fail "the domain did not power off"
for i in $(seq 50); do
	"$build/bin/xl" list 2>&1 | grep -q '^linux ' || break
	sleep 0.2
done
out=$("$build/bin/xl" list 2>&1)
echo "$out" | grep -q '^linux ' && fail "xl list still has it: $out"
echo "PASS $name"
