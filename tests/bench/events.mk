# SPDX-License-Identifier: MIT
# Event-channel, hypercall and context-switch costs on each back end.
BENCH_CMDS += $(TOP)/tests/bench/events.sh
