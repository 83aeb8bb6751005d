#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make fuzz`: the hypercall fuzzer for 500000 calls per fuzzer.
FUZZ_COUNT=${FUZZ_COUNT:-500000} FUZZ_TIME_LIMIT=${FUZZ_TIME_LIMIT:-1200} \
	exec "$(dirname "$0")/fuzz-hypercalls.sh"
