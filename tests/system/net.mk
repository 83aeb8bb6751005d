# SPDX-License-Identifier: MIT
# The network split driver under QEMU (netfront in two DomUs, netback on
# Dom0's bridge): handshake, pings between all three, statistics,
# hot-plug, teardown.
TEST_CMDS += $(TOP)/tests/system/net.sh
