#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for a while: run.sh NAME BINARY SECONDS WORKDIR
# [SEED_DIR [libFuzzer flags...]].  Each run works in a directory of its own
# under WORKDIR (seeds copied so runs never write into the source tree),
# removed when it passes and kept, with the crashing input, when it fails.
# Prints "PASS NAME: N runs" or "FAIL NAME: ..." and exits accordingly.
set -u
name=$1 bin=$2 secs=$3 work=$4 seeds=${5:-}
shift $(($# < 5 ? $# : 5))
mkdir -p "$work"
d=$(mktemp -d "$work/fuzz-XXXXXX")
mkdir "$d/corpus" "$d/crash"
[ -n "$seeds" ] && cp "$seeds"/* "$d/corpus/"
if "$bin" -max_total_time="$secs" -artifact_prefix="$d/crash/" \
	-print_final_stats=1 "$@" "$d/corpus" >"$d/log" 2>&1; then
	echo "PASS $name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$d/log" | grep -o '[0-9]*$') runs"
	rm -rf "$d"
else
	echo "FAIL $name: see $d/log and $d/crash"
	tail -40 "$d/log"
	exit 1
fi
