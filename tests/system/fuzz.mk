# SPDX-License-Identifier: MIT
# Hypercall fuzzing: a short run in `make test`, a long one in `make fuzz`.
TEST_CMDS += $(TOP)/tests/system/fuzz-hypercalls.sh
FUZZ_CMDS += $(TOP)/tests/system/fuzz-hypercalls-long.sh
