#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots Xenolith under Bochs with a VT-x CPU model (corei7_skylake_x: VMX
# with EPT and unrestricted guest, so the vmx back end) from a GRUB ISO
# holding the standard test set of domains, then checks the serial log with
# check-serial.sh.  Bochs runs headless (term display under script(1), no
# network port), under a time limit, and every process it started is
# killed when this script ends, however it ends.
# Usage: bochs.sh          build the ISO, boot it, check the log
#        bochs.sh iso      only build the ISO (for make)
#
# Another set of domains: QEMU_SCRIPT names the QEMU test whose -append and
# -initrd strings (and -smp CPU count, 1 without it) to use, CHECK_SCRIPT
# its log check, TEST_NAME the name printed, TAG keeps its ISO and logs
# apart (see bochs-gnttab.mk), and MODULE_DIR is where the module files are
# (default build/tests/guests).  BOCHS_MEM (MiB) gives the machine more
# than 128 MiB and keeps the QEMU test's dom0_mem and domU_mem as they are.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
out=$build/tests/system
tag=${TAG:-}
iso=$out/xenolith-vmx$tag.iso
serial=$out/bochs$tag-serial.log
limit=${BOCHS_TIME_LIMIT:-600}
name=${TEST_NAME:-system/bochs-vmx}
module_dir=${MODULE_DIR:-$build/tests/guests}
qemu_script=${QEMU_SCRIPT:-$here/qemu.sh}
check_script=${CHECK_SCRIPT:-$here/check-serial.sh}
mkdir -p "$out"

fail() {
	echo "FAIL $name: $*"
	[ -f "$serial" ] && tail -20 "$serial" | sed 's/^/    /'
	exit 1
}

# One argument of the QEMU test's command line ("-append", "-initrd").
qemu_arg() {
	sed -n "s/.*$1 \"\([^\"]*\)\".*/\1/p" "$qemu_script" | head -1
}

# The domains are exactly the QEMU test's (check-serial.sh expects those):
# its -append and -initrd strings, with less memory to fit Bochs' 128 MiB.
# GRUB 2 passes a kernel or module only the words after its file name,
# while the hypervisor (like Xen, whose GRUB scripts write "placeholder"
# there) expects the image's name first, as QEMU's loader gives it: hence
# each name written twice.
write_grub_cfg() {
	local append initrd m file

	append=$(qemu_arg -append)
	[ -n "${BOCHS_MEM:-}" ] ||
		append=$(echo "$append" | sed -e 's/dom0_mem=[^ ]*/dom0_mem=16M/' \
					      -e 's/domU_mem=[^ ]*/domU_mem=8M/')
	initrd=$(qemu_arg -initrd)
	if [ -z "$append" ] || [ -z "$initrd" ]; then
		echo "no -append or -initrd string found in $qemu_script"
		return 1
	fi
	echo "set timeout=0"
	echo "set default=0"
	echo "menuentry \"Xenolith (vmx system test)\" {"
	echo "	multiboot /boot/xenolith xenolith $append"
	IFS=, read -ra mods <<< "$initrd"
	for m in "${mods[@]}"; do
		m=${m#\$*/}	# "$g/hypercalls.elf dom0" -> "hypercalls.elf dom0"
		file=${m%% *}
		echo "	module /boot/$file $m"
	done
	echo "	boot"
	echo "}"
}

make_iso() {
	local root=$out/bochs$tag-iso f

	rm -rf "$root" && mkdir -p "$root/boot/grub" || return 1
	write_grub_cfg > "$root/boot/grub/grub.cfg" || return 1
	for f in "$build/xenolith" $(sed -n 's|^\tmodule /boot/\([^ ]*\) .*|\1|p' \
					"$root/boot/grub/grub.cfg" | sort -u |
				      sed "s|^|$module_dir/|"); do
		if [ ! -f "$f" ]; then
			echo "missing $f (run make first)"
			return 1
		fi
		cp "$f" "$root/boot/" || return 1
	done
	if ! grub-mkrescue -o "$iso.tmp" "$root" > "$out/grub-mkrescue.log" 2>&1; then
		echo "grub-mkrescue failed: see $out/grub-mkrescue.log"
		return 1
	fi
	mv "$iso.tmp" "$iso"
}

# Kills a process and everything below it, children first.  script(1)
# puts Bochs in a session of its own, so a process-group kill misses it.
kill_tree() {
	local child

	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill_tree "$child"
	done
	kill -KILL "$1" 2>/dev/null
}

for tool in bochs grub-mkrescue xorriso script flock; do
	command -v "$tool" > /dev/null ||
		fail "$tool is not installed (scripts/install-deps.sh installs it)"
done

# Every run uses the same files under build/: one at a time.
exec 9> "$out/bochs.lock"
flock -w "$limit" 9 || fail "another run holds $out/bochs.lock"

if [ "${1:-}" = iso ]; then
	make_iso
	exit
fi
why=$(make_iso 2>&1) || fail "$why"

# As many CPUs as the QEMU test gives its machine, or BOCHS_CPUS (make
# bench boots one CPU, so that no other CPU holds the hypervisor's lock
# while it counts a path's instructions).
cpus=${BOCHS_CPUS:-$(sed -n 's/.*-smp \([0-9]*\).*/\1/p' "$qemu_script" | head -1)}
sed -e "s|@ISO@|$iso|" -e "s|@SERIAL@|$serial|" -e "s|@LOG@|$out/bochs.log|" \
	-e "s|@CPUS@|${cpus:-1}|" -e "s|@MEM@|${BOCHS_MEM:-128}|g" \
	"$here/bochsrc.in" > "$out/bochsrc"
printf 'c\n' > "$out/bochs-debugger-input"	# "continue" at the debugger prompt
rm -f "$serial" "$out/bochs.log"

pid=
trap '[ -n "$pid" ] && kill_tree "$pid"' EXIT
start=$(date +%s)
TERM=xterm script -qfec "bochs -q -f $out/bochsrc" /dev/null \
	< "$out/bochs-debugger-input" > "$out/bochs-term.log" 2>&1 &
pid=$!
disown "$pid"	# no "Killed" job notice when the limit strikes
while kill -0 "$pid" 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$limit" ]; do
	sleep 1
done
secs=$(( $(date +%s) - start ))
if kill -0 "$pid" 2>/dev/null; then
	kill_tree "$pid"
	fail "Bochs still running after ${secs}s (limit ${limit}s)"
fi
pid=

# Bochs ends on the "Shutdown" bytes at port 0x8900 (machine_power_off).
grep -q 'Shutdown port: shutdown requested' "$out/bochs.log" 2>/dev/null ||
	fail "Bochs ended after ${secs}s without the guest powering it off (see $out/bochs.log)"
why=$("$check_script" "$serial" vmx 2>&1) || fail "$why"
echo "PASS $name (${secs}s)"
