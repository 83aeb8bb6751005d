#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The grant-table and memory domains of qemu-gnttab.sh under Bochs with a
# VT-x CPU model (the vmx back end), through bochs.sh's runner.
here=$(cd "$(dirname "$0")" && pwd)
TAG=-gnttab TEST_NAME=system/bochs-vmx-gnttab \
	QEMU_SCRIPT=$here/qemu-gnttab.sh CHECK_SCRIPT=$here/check-gnttab.sh \
	exec "$here/bochs.sh" "$@"
