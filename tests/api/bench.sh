#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench: the management API's throughput and latency on loopback
# (wrk, BENCH_SECONDS each, 2 threads, 16 connections), measured in the
# same run: REST GET of one domain and the list of 100 domains over HTTP
# and HTTPS, XML-RPC and JSON-RPC calls, then xapid's resident memory with
# 100 domains and 100 open event streams; then, on the live chain (QEMU
# booted as tests/api/live.sh does), the time from Dom0 seeing a domain's
# state change to its event on an SSE client and on a waiting event.from.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live-lib.sh"
XAPID=$BUILD/bin/xapid
secs=${BENCH_SECONDS:-5}
xapid_start || exit 1
TOKEN=$(login admin "$PW")
for i in $(seq 99); do
	curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"name\":\"b$i\",\"kernel\":\"/k\"}" "$BASE/api/v1/domains"
done
cat >"$WORK/xmlrpc.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml"
wrk.body = "<methodCall><methodName>VM.get_power_state</methodName><params><param><value>$TOKEN</value></param><param><value>OpaqueRef:00000000-0000-0000-0000-000000000000</value></param></params></methodCall>"
LUA
cat >"$WORK/jsonrpc.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"VM.get_power_state","params":["$TOKEN","OpaqueRef:00000000-0000-0000-0000-000000000000"]}'
LUA
run() { # NAME URL [wrk args]
	local n=$1 url=$2
	shift 2
	wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $TOKEN" "$@" "$url" >"$WORK/w" 2>&1
	printf '%-34s %10s %10s %10s\n' "$n" "$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/w")" \
		"$(awk '$1 == "50%" {print $2}' "$WORK/w")" "$(awk '$1 == "99%" {print $2}' "$WORK/w")"
}
echo "== xapid API on loopback (wrk -t2 -c16, ${secs}s each)"
printf '%-34s %10s %10s %10s\n' request "req/s" p50 p99
run "REST GET domain, HTTP" "$BASE/api/v1/domains/b7"
run "REST GET domain, HTTPS" "https://127.0.0.1:$TP/api/v1/domains/b7"
run "REST list of 100 domains, HTTP" "$BASE/api/v1/domains?limit=100"
run "REST list of 100 domains, HTTPS" "https://127.0.0.1:$TP/api/v1/domains?limit=100"
run "XML-RPC VM.get_power_state, HTTP" "$BASE/RPC2" -s "$WORK/xmlrpc.lua"
run "JSON-RPC VM.get_power_state, HTTP" "$BASE/jsonrpc" -s "$WORK/jsonrpc.lua"

# resident memory with 100 domains and 100 open event streams: the core,
# and the front process that holds the connections
rss_of() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
front=$(pgrep -P "$XAPID_PID" | head -n1)
rss0=$(rss_of "$XAPID_PID")
frss0=$(rss_of "$front")
pids=()
for i in $(seq 100); do
	curl -s -N -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/events" >/dev/null &
	pids+=($!)
done
sleep 2
rss1=$(rss_of "$XAPID_PID")
frss1=$(rss_of "$front")
subs=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/metrics" | awk '/^xapid_event_subscribers/ {print $2}')
kill "${pids[@]}" 2>/dev/null
wait "${pids[@]}" 2>/dev/null
printf '%-34s %10s kB (%s kB with no stream; %s streams open)\n' "RSS core, 100 domains + 100 streams" "$rss1" "$rss0" "$subs"
printf '%-34s %10s kB (%s kB with no stream)\n' "RSS front, 100 streams" "$frss1" "$frss0"

# Event latency from Dom0: domU-1 paused and unpaused with xl; each
# event is dated by Dom0's stamp of the moment its agent saw the change,
# mapped to the host's clock by xapid (docs/api.md, "Event times"); an SSE
# client and an event.from caller note when it reaches them.
xapid_stop
STATE=$WORK/live-state
live_boot api/bench/live-boot
TOKEN=$(login admin "$PW")
XAPID_SOCKET=$WORK/xapid.sock python3 "$TOP/tests/api/event-latency.py" \
	"$BASE" "$TOKEN" "${BENCH_EVENTS:-20}" "$BUILD/bin/xl"
