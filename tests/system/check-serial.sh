#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the serial log of a whole-system boot with the standard test set:
#   module 0: hypercalls.elf dom0    module 1: hypercalls.elf domU
#             (then ramdisk.bin: not a kernel, the DomU's ramdisk)
#   module 2: crasher.elf npf (IDT)  module 3: crasher.elf triple
#   module 4: unbacked.elf all (ports and MMIO with nothing behind them,
#             ports with Linux's CR4 bits too; ends with HLT, interrupts off)
#   module 5, 6: spinner.elf, and spinner32.elf ioport: the same x86-64
#                kernel in an ELF32 container, spinning on IN from a port
#                with no device (an exit each time); Dom0 runs the credit
#                scheduler tests on them, then shuts d5 down and destroys d6
#                while it runs
#   module 7: cpustate.elf (MSRs, debug registers, VMX/SVM instructions)
#   module 8: compat32.elf (an i386 kernel: hypercalls from 32-bit code)
#   module 9: smp.elf with 4 vCPUs (domU_vcpus): bring-up both ways, IPIs,
#             events per vCPU, down/up, INIT/SIPI, Xen's error codes
# Usage: check-serial.sh LOG BACKEND (svm|vmx).  Prints the first problem
# found on stderr and exits 1, or exits 0 when the boot did all it should.
set -u
log=$1 backend=$2
src=$(dirname "$0")/../guests/hypercalls.c
doc=$(dirname "$0")/../../docs/hypercalls.md
fail() { echo "$*" >&2; exit 1; }
. "$(dirname "$0")/test-names.sh"

tr -d '\r' < "$log" > "$log.txt"
log=$log.txt
grep -q "hvm back end: $backend" "$log" || fail "no 'hvm back end: $backend' line"
# Bochs' Skylake-X model has VPIDs: the vmx back end must use them.
[ "$backend" = vmx ] && ! grep -q "vmx: VPIDs tag" "$log" &&
	fail "no 'vmx: VPIDs tag' line: VPIDs are not used"
if grep -q 'FAIL' "$log"; then fail "$(grep -m1 'FAIL' "$log")"; fi
grep -q 'Panic' "$log" && fail "hypervisor panic: $(grep -m1 -A1 'Panic' "$log" | tail -1)"

# Every test the guest source names must pass in one of the hypercall
# domains (some run only as Dom0, some only as a DomU), and each must end
# with a clean summary that counts its PASS lines.
names=$(test_names "$src")
[ -n "$names" ] || fail "no test names found in $src"
for n in $names; do
	grep -qxF -e "(d0) PASS $n" -e "(d1) PASS $n" "$log" ||
		fail "no 'PASS $n' from d0 or d1"
done
# Dom0 checked every numbered row of docs/hypercalls.md against the
# hypervisor's answer (doc_rows.c), or said why it may not call it.
rows=$(awk -v out=names -f "$(dirname "$0")/../guests/hypercall-rows.awk" "$doc")
[ -n "$rows" ] || fail "no numbered rows in $doc"
for n in $rows; do
	grep -qxF "(d0) PASS $n" "$log" || grep -qF "(d0) SKIP $n: " "$log" ||
		fail "d0: no 'PASS $n' (docs/hypercalls.md)"
done
for d in 0 1; do
	why=$(check_counts "$log" "(d$d) " SUMMARY) || fail "$why"
	grep -q "domain $d ([A-Za-z0-9-]*) shut down: poweroff" "$log" ||
		fail "d$d did not shut down cleanly"
done

# The hypervisor read the firmware's ACPI tables and took the IO-APIC,
# every pin masked until Dom0 maps a GSI (asm/acpi.h, asm/ioapic.h).
grep -Eq '^\(XEN\) ACPI: RSDP at 0x[0-9a-f]+: [1-9][0-9]* CPUs, 1 IO-APIC\(s\)' "$log" ||
	fail "the ACPI tables were not read (no IO-APIC in the MADT)"
grep -q '^(XEN) IO-APIC [0-9]* at 0xfec00000: GSIs 0-23, all masked' "$log" ||
	fail "no IO-APIC at 0xfec00000 with 24 pins"
# Each misbehaving guest is crashed, and only it.
grep -q '^(XEN) domain 2 (crasher) crashed: event delivery touched gpa 0x200000' "$log" ||
	fail "d2 (npf) was not crashed for its IDT outside memory"
grep -q '^(XEN) domain 3 (crasher) crashed: triple fault' "$log" ||
	fail "d3 (triple) was not crashed for its triple fault"
[ "$(grep -c 'crashed:' "$log")" -eq 2 ] || fail "a domain other than 2, 3 crashed"
# Ports and MMIO with nothing behind them: all ones, writes dropped, as on
# Xen, in every instruction form the guest source names.
for n in $(grep -o '"unbacked/[a-z0-9_]*"' "$(dirname "$0")/../guests/unbacked.c" | tr -d '"'); do
	grep -q "^(d4) PASS $n\$" "$log" || fail "d4: no 'PASS $n'"
done
grep -q '^(d4) SUMMARY [0-9]* passed, 0 failed' "$log" ||
	fail "d4 (unbacked): no clean SUMMARY line"
# It ends with HLT, interrupts off, on its last vCPU: powered off.
grep -q "d4: all vCPUs halted with interrupts off: powering off" "$log" ||
	fail "d4 (unbacked): its HLT with interrupts off did not power it off"
grep -q "domain 4 (unbacked) shut down: poweroff" "$log" ||
	fail "d4 (unbacked) did not shut down cleanly"
grep -q '^(XEN) d4 I/O: ports 0 handled [1-9][0-9]* unbacked 0 refused, mmio 0 handled [1-9][0-9]* unbacked' "$log" ||
	fail "d4's unbacked accesses were not counted"
# svm: its 256 INs with CR4's PSE and PGE set (as Linux sets them) ran with
# the host's CR4 taking those bits, once per change rather than once per
# entry (QEMU flushes its TLB on every change of them, at VMRUN and #VMEXIT).
# At least once, as no other guest here sets them; taking them off again
# can find d4 moved to a CPU whose CR4 is already without them.
if [ "$backend" = svm ]; then
	n=$(sed -n "s/^(XEN) d4v0: the host's CR4 took its PSE\/PGE\/SMEP\/SMAP \([0-9]*\) times$/\1/p" "$log")
	[ -n "$n" ] && [ "$n" -ge 1 ] && [ "$n" -lt 128 ] ||
		fail "d4: the host's CR4 did not follow the guest's once per change (${n:-no count})"
fi
grep -q "^(d5) spinner ready$" "$log" || fail "spinner d5 did not start"
grep -q "^(d6) spinner ready (IN from port 0x42)$" "$log" ||
	fail "spinner d6 did not start spinning on IN"
# Dom0 shuts d5 down and destroys d6 while it runs on the other CPU.
grep -q "domain 5 (spinner) shut down: poweroff" "$log" ||
	fail "spinner d5 was not shut down by Dom0"
grep -q '^(XEN) d6: spinner32, ' "$log" || fail "the ELF32 x86-64 image was not built as d6"
grep -q "domain 6 (spinner32) shut down" "$log" &&
	fail "spinner d6 shut down: Dom0 should have destroyed it running"
# MSRs, debug registers and virtualisation instructions, as on Xen.
for n in $(grep -o '"cpustate/[a-z0-9_-]*"' "$(dirname "$0")/../guests/cpustate.c" | tr -d '"'); do
	grep -q "^(d7) PASS $n\$" "$log" || fail "d7: no 'PASS $n'"
done
# Its local APIC, in both modes (lapic.c builds these names).
for m in xapic x2apic; do
	for n in self-ipi isr-in-handler tpr-blocks tpr-lowered-delivers \
		 oneshot-fires-once periodic periodic-stops masked \
		 deadline-fires deadline-disarmed deadline-reads-back \
		 deadline-zero-disarms deadline-past-fires-near \
		 deadline-past-fires-far deadline-far-silent \
		 deadline-far-reads-back deadline-ignored-in-oneshot \
		 nmi-interrupts-off \
		 nmi-self-above-tpr nmi-not-in-irr nmi-blocked-until-iret \
		 nmi-after-iret; do
		grep -q "^(d7) PASS lapic/$m-$n\$" "$log" || fail "d7: no 'PASS lapic/$m-$n'"
	done
done
# And every name lapic.c spells out (LDR, DFR, logical destinations), but
# the tscdeadline/ ones: Dom0 runs those (a deadline across both CPUs).
for n in $(test_names "$(dirname "$0")/../guests/lapic.c"); do
	d=7
	case $n in tscdeadline/*) d=0 ;; esac
	grep -qxF "(d$d) PASS $n" "$log" || fail "d$d: no 'PASS $n'"
done
grep -q '^(d7) SUMMARY [0-9]* passed, 0 failed' "$log" ||
	fail "d7 (cpustate): no clean SUMMARY line"
# Hypercalls from 32-bit code (the compat ABI).
for n in $(test_names "$(dirname "$0")/../guests/compat32.c"); do
	grep -qxF "(d8) PASS $n" "$log" || fail "d8: no 'PASS $n'"
done
why=$(check_counts "$log" "(d8) " SUMMARY) || fail "d8 (compat32): $why"
grep -q "domain 8 (compat32) shut down: poweroff" "$log" ||
	fail "d8 (compat32) did not shut down cleanly"
# SMP: every check smp.c names, and those it names per way of starting.
for n in $(test_names "$(dirname "$0")/../guests/smp.c") smp/init64-runs \
	 smp/init32-runs smp/init64-initialise-again smp/init32-down-until-up \
	 smp/ipi-ping-pong-xapic smp/ipi-ping-pong-x2apic; do
	grep -qxF "(d9) PASS $n" "$log" || fail "d9: no 'PASS $n'"
done
why=$(check_counts "$log" "(d9) " SUMMARY) || fail "d9 (smp): $why"
grep -q '^(XEN) d9: smp, [0-9]* MiB, 4 vCPUs' "$log" || fail "d9 (smp) did not get 4 vCPUs"
grep -q "domain 9 (smp) shut down: poweroff" "$log" ||
	fail "d9 (smp) did not shut down cleanly"
for d in 0 1 2 3 4 5 6 7 8 9; do
	grep -q "^(XEN) domain $d destroyed" "$log" || fail "d$d was not destroyed"
	grep -q "^(XEN) d${d}v0 exits ($backend):" "$log" || fail "no exit counts for d$d"
done

# Every frame came back, and the machine powered itself off.
line=$(grep -m1 'no domain left' "$log") || fail "the hypervisor did not see every domain end"
free=$(echo "$line" | sed -E 's/.*: ([0-9]+) frames free, ([0-9]+) at boot/\1 \2/')
set -- $free
[ "$1" = "$2" ] || fail "frames leaked: $1 free at the end, $2 at boot"
grep -q 'powering off' "$log" || fail "no power-off"
exit 0
