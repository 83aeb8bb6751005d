# SPDX-License-Identifier: MIT
# The block split driver under QEMU (blkfront in a DomU, blkback on a Dom0
# RAM disk): handshake, I/O both ways, statistics, hot-plug, teardown.
TEST_CMDS += $(TOP)/tests/system/blk.sh
# A DomU whose block frontend breaks the protocol on purpose, beside an
# ordinary one: only its own device is disconnected.
TEST_CMDS += $(TOP)/tests/system/blk-hostile.sh
