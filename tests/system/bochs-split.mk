# SPDX-License-Identifier: MIT
# The split drivers under Bochs (vmx): a DomU's scripted check of its RAM
# disk and its vif on the bridge (drivers/frontend/splittest.h).
TEST_CMDS += $(TOP)/tests/system/bochs-split.sh
