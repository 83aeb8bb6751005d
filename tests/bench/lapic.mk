# SPDX-License-Identifier: MIT
# The emulated local APIC: timer interrupt latency and self-IPI latency.
BENCH_CMDS += $(TOP)/tests/bench/lapic.sh
