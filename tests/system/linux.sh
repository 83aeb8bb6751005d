#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make test's run of scripts/linux-guest.sh boot: its PASS/FAIL line, and a
# FAIL line of its own when the kernel could not even be fetched or prepared.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/../../scripts/linux-guest.sh" boot >"$out" 2>&1
rc=$?
grep -E '^(PASS|FAIL) ' "$out"
if [ "$rc" -ne 0 ]; then
	grep -qE '^FAIL ' "$out" || echo "FAIL linux/init-marker: scripts/linux-guest.sh exited $rc"
	sed -n '/^FAIL /,$p' "$out" | tail -n +2 | sed 's/^/    /'
	grep -qE '^FAIL ' "$out" || tail -20 "$out" | sed 's/^/    /'
	exit 1
fi
grep -h 's after QEMU started' "$out" | sed 's/^/    /'
