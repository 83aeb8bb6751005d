#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The native guest kernel on plain QEMU (no hypervisor): `selftest` on its
# command line runs every test and powers off through isa-debug-exit; then
# the shell, driven through the serial line, answers its commands and
# `poweroff` ends QEMU through ACPI (no isa-debug-exit device this time).
set -u
. "$(dirname "$0")/guest-lib.sh"
img=$gp/guest-native.elf
src=$top/guest-patches
mkdir -p "$build/tests/system"

name=guest/native-selftest
log=$build/tests/system/guest-native-selftest.log
[ -f "$img" ] || fail "no $img: run make"
qemu_run 60 -m 64M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$img" -append "selftest"
rc=$?
[ "$rc" -eq 1 ] || fail "QEMU ended with status $rc, not by isa-debug-exit"
grep -q 'Xenolith guest kernel .* (native build)' "$log" || fail "no banner"
check_selftest "" "$src/kernel/selftest.c" "$src/native/platform.c"
echo "PASS $name"

name=guest/native-shell
log=$build/tests/system/guest-native-shell.log
qemu_start 60 -m 64M -kernel "$img"
wait_for '^guest> ' 30 || fail "no shell prompt"
printf 'help\rinfo\rmem\ruptime\rnosuchcommand\r' >&3
wait_for '^guest> nosuchcommand' 30 || fail "the commands were not echoed"
wait_for 'unknown command' 10 || fail "no answer to an unknown command"
printf 'poweroff\r' >&3
qemu_wait 20
[ "$qstatus" -eq 0 ] || fail "QEMU ended with status $qstatus after poweroff (ACPI)"
for want in '^  poweroff ' '^platform: native \(no hypervisor\)' \
	'^clock: .*TSC measured' '^pages: [0-9]+ total' '^up [0-9]+\.[0-9]{3} s' \
	'^powering off'; do
	tr -d '\r' < "$log" | grep -Eq -- "$want" || fail "no line matching '$want'"
done
echo "PASS $name"
