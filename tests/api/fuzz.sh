#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The API's libFuzzer targets (REST JSON, XML-RPC, JSON-RPC decoders, and
# the core's reader of the front's messages, byte by byte and structured),
# API_FUZZ_SECONDS each (10 in make test, longer in make fuzz).
set -u
BUILD=${BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
secs=${API_FUZZ_SECONDS:-10}
rc=0
for t in json xmlrpc jsonrpc frontmsg request; do
	"$TOP/tests/fuzz/run-api.sh" "api/fuzz-$t-${secs}s" "$BUILD/tests/api-$t-fuzz" \
		"$secs" "$TOP/tests/fuzz/api-corpus/$t" "$BUILD/api-fuzz" || rc=1
done
exit $rc
