#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The event-channel set of events.sh under Bochs (vmx), checked by
# check-events.sh: see bochs.sh.
BOCHS_SET=events exec "$(dirname "$0")/bochs.sh" "$@"
