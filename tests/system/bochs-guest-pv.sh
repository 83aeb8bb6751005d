#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The PV guest kernel's selftest domains of guest-pv.sh (Dom0 and a DomU)
# under Bochs with a VT-x CPU model (the vmx back end), through bochs.sh.
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
TAG=-guest-pv TEST_NAME=guest/pv-bochs-vmx-selftest \
	QEMU_SCRIPT=$here/guest-pv.sh CHECK_SCRIPT=$here/check-guest-pv.sh \
	MODULE_DIR=$build/guest-patches exec "$here/bochs.sh" "$@"
