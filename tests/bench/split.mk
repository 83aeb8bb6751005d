# SPDX-License-Identifier: MIT
# Split drivers: DomU block MB/s and 4 KiB reads/s beside Dom0's on the
# same disk, ping round trips through the bridge (QEMU, one table).
BENCH_CMDS += $(TOP)/tests/bench/split.sh
