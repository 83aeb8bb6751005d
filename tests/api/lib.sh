#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Shared by the API tests: starts a real xapid on free loopback ports with
# a state directory of its own, and wraps curl so that every REST response
# is also logged (JSON lines) for the OpenAPI check.
#
#   xapid_start [xapid options...]   sets XAPID_PID, STATE, HP (http port),
#                                    TP (https port), PW (admin password)
#   login USER PASSWORD              prints the token
#   req METHOD PATH [curl args...]   sets STATUS, BODY, HEADERS; uses $TOKEN
#   check NAME CONDITION...          prints PASS/FAIL NAME
#   xapid_stop                       (also run at exit)
set -u
BUILD=${BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XAPID=$BUILD/bin/${XAPID_BIN:-xapid-asan}
WORK=$(mktemp -d -p "$BUILD" api-test.XXXXXX)
RESPONSES=${RESPONSES:-$WORK/responses.jsonl}
FAILED=0
# every xapid of a test keeps its sockets in the test's directory
SOCKS=(--channel "$WORK/no-dom0.sock" --socket "$WORK/other.sock" --xenstore "$WORK/other-xs.sock")
XAPID_PID=
TOKEN=

xapid_stop() {
	if [ -n "$XAPID_PID" ] && kill -0 "$XAPID_PID" 2>/dev/null; then
		kill "$XAPID_PID"
		wait "$XAPID_PID" 2>/dev/null
	fi
	XAPID_PID=
}

cleanup() {
	xapid_stop
	[ "$FAILED" -eq 0 ] && rm -rf "$WORK"
	[ "$FAILED" -ne 0 ] && echo "(logs kept in $WORK)" >&2
}
trap cleanup EXIT

xapid_start() {
	STATE=${STATE:-$WORK/state}
	mkdir -p "$STATE"
	rm -f "$STATE/ports"
	"$XAPID" --state "$STATE" --https-port 0 --http 127.0.0.1:0 \
		--channel "${CHANNEL:-$WORK/no-dom0.sock}" --socket "$WORK/xapid.sock" \
		--xenstore "$WORK/xenstored.sock" "$@" >>"$WORK/xapid.log" 2>&1 &
	XAPID_PID=$!
	for _ in $(seq 100); do
		[ -s "$STATE/ports" ] && break
		kill -0 "$XAPID_PID" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$STATE/ports" ]; then
		echo "xapid did not start:" >&2
		cat "$WORK/xapid.log" >&2
		return 1
	fi
	HP=$(awk '$1 == "http" {print $2}' "$STATE/ports")
	TP=$(awk '$1 == "https" {print $2}' "$STATE/ports")
	PW=$(cat "$STATE/admin-password" 2>/dev/null)
	BASE=http://127.0.0.1:$HP
}

# Logs one response for the OpenAPI check.
log_response() {
	python3 -c 'import json,sys
m,p,s,ct,f=sys.argv[1:]
b=open(f,"rb").read().decode("utf-8","replace")
print(json.dumps({"method":m,"path":p,"status":int(s),"type":ct,"body":b}))' \
		"$1" "$2" "$3" "$4" "$5" >>"$RESPONSES"
}

req() {
	local method=$1 path=$2 auth=()
	shift 2
	[ -n "$TOKEN" ] && auth=(-H "Authorization: Bearer $TOKEN")
	local out
	out=$(curl -s -X "$method" "${auth[@]}" -o "$WORK/body" -D "$WORK/headers" \
		-w '%{http_code} %{content_type}' "$@" "$BASE$path")
	STATUS=${out%% *}
	local ctype=${out#* }
	BODY=$(cat "$WORK/body")
	HEADERS=$(cat "$WORK/headers")
	log_response "$method" "$path" "$STATUS" "$ctype" "$WORK/body"
}

# JSON field of $BODY: jf '.error.code'
jf() {
	python3 -c 'import json,sys
v=json.loads(sys.argv[2])
for k in sys.argv[1].strip(".").split("."):
    if k == "": continue
    v = v[int(k)] if isinstance(v, list) else v.get(k)
print(v if not isinstance(v,(dict,list)) else json.dumps(v))' "$1" "$BODY"
}

login() {
	curl -s -X POST "$BASE/api/v1/login" -d "{\"user\":\"$1\",\"password\":\"$2\"}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin).get("token",""))'
}

check() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS $name"
	else
		echo "FAIL $name (last status ${STATUS:-none}: ${BODY:-})"
		FAILED=1
	fi
}

# check helpers
is() { [ "$1" = "$2" ]; }
has() { grep -q -- "$2" <<<"$1"; }

# Runs one of tests/api's node scripts where its npm packages are.
node_run() {
	local script=$1
	shift
	"$TOP/scripts/npm-deps.sh" || return 1
	cp "$TOP/tests/api/$script" "$BUILD/npm/"
	node "$BUILD/npm/$script" "$@"
}
not() { ! "$@"; }
