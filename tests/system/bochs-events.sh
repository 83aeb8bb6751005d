#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The event-channel domains of events.sh under Bochs with a VT-x CPU model
# (the vmx back end), through bochs.sh's runner, checked by check-events.sh.
here=$(cd "$(dirname "$0")" && pwd)
TAG=-events TEST_NAME=system/bochs-vmx-events \
	QEMU_SCRIPT=$here/events.sh CHECK_SCRIPT=$here/check-events.sh \
	exec "$here/bochs.sh" "$@"
