# SPDX-License-Identifier: MIT
# Debian's Linux as a PVH DomU under Bochs (vmx): minutes of emulation, so
# `make test-slow`, not make test.
SLOW_CMDS += $(TOP)/tests/system/bochs-linux.sh
