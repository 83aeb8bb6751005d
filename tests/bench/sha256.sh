#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for the shared runtime's SHA-256, which Dom0 runs over
# every image byte it loads: its MB/s on the host beside OpenSSL's in the
# same run (tests/bench/sha256_bench.c, linked with the object Dom0
# links), and what Dom0 pays under QEMU TCG, which charges per guest
# instruction and per memory access: its instructions, loads and stores
# per byte, counted by valgrind over 1 MiB.  Numbers only: nothing here
# passes or fails on speed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
bin=$build/tests/bench/sha256-bench
fail() { echo "FAIL bench/sha256: $*"; exit 1; }

read -r ours theirs < <("$bin") && [ -n "${theirs:-}" ] || fail "$bin failed"
printf '\n%-60s %10s\n' "SHA-256 on the host (32 MiB in 32 KiB pieces, best of 3)" "MB/s"
printf '%-60s %10s\n' "  the runtime's, the object Dom0 links" "$ours"
printf '%-60s %10s (the runtime at %s of it)\n' \
	"  OpenSSL's (with the host CPU's SHA or vector instructions)" "$theirs" \
	"$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
if ! command -v valgrind >/dev/null; then
	echo "  (per byte: valgrind is not installed; scripts/install-deps.sh installs it)"
	exit 0
fi
n=1048576
# callgrind's summary: "Collected : Ir Dr Dw ..." for sha256_update and
# what it calls (the block function, the copy of a partial block).
counts=$(valgrind --tool=callgrind --cache-sim=yes --toggle-collect=sha256_update \
	--callgrind-out-file=/dev/null "$bin" "$n" 2>&1 | sed -n 's/^==[0-9]*== Collected : //p')
[ -n "$counts" ] || fail "valgrind counted nothing"
set -- $counts
awk -v n="$n" -v ir="$1" -v dr="$2" -v dw="$3" 'BEGIN {
	printf "%-60s %10.1f instructions, %.2f loads, %.2f stores\n",
		"  the runtime, per byte (valgrind, 1 MiB)", ir / n, dr / n, dw / n }'
