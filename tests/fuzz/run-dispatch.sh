#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the fuzzer of Dom0's agent (dispatch_fuzz.c) for SECONDS from the
# seeds it writes itself and those of dispatch-corpus/:
# run-dispatch.sh BINARY WORKDIR SECONDS.
set -u
bin=$1 work=$2 secs=$3
mkdir -p "$work"
seeds=$(mktemp -d "$work/dispatch-seeds-XXXXXX")
trap 'rm -rf "$seeds"' EXIT
DISPATCH_FUZZ_SEEDS=$seeds "$bin" || { echo "FAIL dom0/dispatch-fuzz: no seeds"; exit 1; }
# What the fuzzer found once, kept so that it stays fixed.
cp "$(dirname "$0")"/dispatch-corpus/* "$seeds/"
"$(dirname "$0")/run.sh" "dom0/dispatch-fuzz-${secs}s" "$bin" "$secs" "$work" "$seeds" \
	-max_len=8192
