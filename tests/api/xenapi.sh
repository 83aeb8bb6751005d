#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The two real XenAPI clients against a real xapid: Debian's
# python3-os-xenapi (XML-RPC) and npm's xen-api (JSON-RPC, then XML-RPC).
. "$(dirname "$0")/lib.sh"
xapid_start || exit 1
printf 'viewpw\n' | "$XAPID" --state "$STATE" user add viewer --role read-only
TOKEN=$(login admin "$PW")
req POST /api/v1/domains -H 'Content-Type: application/json' \
	-d '{"name":"pyvm","kernel":"/boot/vmlinuz","memory_mib":48}'
/usr/bin/python3 "$TOP/tests/api/xenapi-python.py" "$BASE/" \
	"https://localhost:$TP/" "$STATE/cert.pem" "$PW" viewpw || FAILED=1
node_run xenapi-node.mjs "https://127.0.0.1:$TP" "$PW" "$BASE" || FAILED=1
kill -0 "$XAPID_PID" || { echo "FAIL api/xenapi/xapid-alive"; FAILED=1; }
exit $FAILED
