#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one of the API's libFuzzer targets for SECONDS from its seed corpus
# (copied, so the seeds stay as committed) and prints PASS/FAIL.
#   run-api.sh NAME BINARY SECONDS CORPUS WORKDIR
set -u
name=$1 bin=$2 secs=$3 seeds=$4 work=$5
mkdir -p "$work"
d=$(mktemp -d "$work/fuzz-XXXXXX")
cp -r "$seeds/." "$d/corpus/" 2>/dev/null || { mkdir -p "$d/corpus"; cp -r "$seeds/." "$d/corpus/"; }
if "$bin" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
	-print_final_stats=1 -artifact_prefix="$d/" "$d/corpus" >"$d/log" 2>&1; then
	echo "PASS $name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$d/log" | grep -o '[0-9]*$') runs"
	rm -rf "$d"
else
	echo "FAIL $name: see $d/log"
	exit 1
fi
