#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks a serial log of the PV guest kernel's selftest domains (Dom0 and a
# DomU, as guest-pv.sh boots them): bochs-guest-pv.sh's log check.
# Usage: check-guest-pv.sh LOG [BACK-END]
set -u
name=guest/pv-selftest-log
log=$1
. "$(dirname "$0")/guest-lib.sh"
tr -d '\r' < "$log" > "$log.plain" && log=$log.plain
check_pv_selftests
