#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test suite: each argument is a room whose Makefile has a `test`
# target printing "PASS name" / "FAIL name" lines.  Prints each line as it
# comes, then one total line "N passed, N failed"; exits non-zero on any
# failure, including a suite that failed without printing a FAIL line.
set -u
build=${BUILD:?BUILD must name the build directory}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0 fail=0
for room in "$@"; do
	echo "== $room"
	make -s --no-print-directory -C "$room" test BUILD="$build" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $room: suite exited with status $rc"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
