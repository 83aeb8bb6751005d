#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boots Xenolith in QEMU (TCG, the svm back end) with the Dom0
# kernel (its shell on this terminal: list, console N, xs ...; Ctrl-]
# leaves a DomU's console) and a DomU running the PV guest kernel on its
# console ring (console=hvc0, served by Dom0's backend).  Quit
# with Ctrl-A then X.
set -euo pipefail
cd "$(dirname "$0")/.."
b=build
echo "Booting Xenolith under QEMU: serial console below; quit with Ctrl-A X." >&2
exec qemu-system-x86_64 -accel tcg -cpu max -m 512M -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$b/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$b/dom0/dom0.elf,$b/guest-patches/guest-pv.elf console=hvc0"
