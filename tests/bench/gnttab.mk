# SPDX-License-Identifier: MIT
# Grant map+unmap rate and grant copy bandwidth, per back end (a table).
BENCH_CMDS += $(TOP)/tests/bench/gnttab.sh
