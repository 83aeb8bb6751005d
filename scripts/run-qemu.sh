#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boots Xenolith in QEMU (TCG, the svm back end) with Dom0 and
# a DomU, the serial console on this terminal.  Quit with Ctrl-A then X.
set -euo pipefail
cd "$(dirname "$0")/.."
b=build
echo "Booting Xenolith under QEMU: serial console below; quit with Ctrl-A X." >&2
exec qemu-system-x86_64 -accel tcg -cpu max -m 512M -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$b/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$b/tests/guests/hypercalls.elf dom0,$b/tests/guests/hypercalls.elf domU"
