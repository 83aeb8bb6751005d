#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# wrk on loopback for WRK_SECONDS (10 in make test): GET of a domain over
# plain HTTP, then the XML-RPC VM.get_all_records over HTTPS.  Zero socket
# errors and zero non-2xx answers, and xapid's resident memory (core and
# front process) after the runs within 10% of what it was after a 2-second
# warm-up.  A request counts
# as a timeout (a socket error) after 10 s rather than wrk's default 2 s: an
# XML-RPC VM.get_all_records of 101 VMs takes ~150 ms on a quiet machine,
# and a host busy with emulators can stall xapid past 2 s without any fault
# of its own.
. "$(dirname "$0")/lib.sh"
XAPID=$BUILD/bin/xapid
secs=${WRK_SECONDS:-10}
xapid_start || exit 1
TOKEN=$(login admin "$PW")
for i in $(seq 100); do
	printf '{"name":"load%d","kernel":"/k"}\n' "$i"
done | while read -r body; do
	curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/domains"
done
cat >"$WORK/xmlrpc.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml"
wrk.body = "<methodCall><methodName>VM.get_all_records</methodName><params><param><value>$TOKEN</value></param></params></methodCall>"
LUA
# the core and its front process (the parsers) together
rss() {
	cat "/proc/$XAPID_PID/status" "/proc/$(pgrep -P "$XAPID_PID" | head -n1)/status" |
		awk '/^VmRSS/ {n += $2} END {print n}'
}
wrk -t2 -c16 -d2s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/domains/load7" >/dev/null
wrk -t2 -c16 -d2s -s "$WORK/xmlrpc.lua" "https://127.0.0.1:$TP/RPC2" >/dev/null
before=$(rss)
wrk -t2 -c16 -d"${secs}s" --timeout 10s -H "Authorization: Bearer $TOKEN" \
	"$BASE/api/v1/domains/load7" >"$WORK/wrk.get"
wrk -t2 -c16 -d"${secs}s" --timeout 10s -s "$WORK/xmlrpc.lua" "https://127.0.0.1:$TP/RPC2" >"$WORK/wrk.rpc"
after=$(rss)
for run in get rpc; do
	out=$(cat "$WORK/wrk.$run")
	reqs=$(awk '/requests in/ {print $1}' <<<"$out")
	echo "api/load: $run: $(awk '/Requests\/sec/ {print $2}' <<<"$out") requests/s ($reqs in ${secs}s)"
	check "api/load/$run-no-socket-errors" not grep -q 'Socket errors' <<<"$out"
	check "api/load/$run-all-2xx" not grep -q 'Non-2xx' <<<"$out"
	check "api/load/$run-served" test "${reqs:-0}" -gt 100
done
echo "api/load: RSS ${before} kB after warm-up, ${after} kB after the runs"
check api/load/rss-within-10pct test "$after" -le $((before * 110 / 100))
req GET /api/v1/health
check api/load/still-serving is "$STATUS" 200
exit $FAILED
