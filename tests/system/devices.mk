# SPDX-License-Identifier: MIT
# Dom0 drives the machine's devices: PCI, the virtio transport and drivers.
TEST_CMDS += $(TOP)/tests/system/devices.sh
