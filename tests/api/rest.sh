#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# curl against a real xapid: every REST route with its documented errors.
# Routes that need a running domain (and so Dom0) are checked for their
# answers without one here; the live chain is tests/api/live.sh.
. "$(dirname "$0")/lib.sh"
xapid_start || exit 1

# health and the document need no token
req GET /api/v1/health
check api/rest/health is "$STATUS" 200
req GET /api/v1/openapi.json
check api/rest/openapi-served has "$BODY" '"openapi": "3.0.3"'

# 401 everywhere without a token
req GET /api/v1/domains
check api/rest/no-token-401 is "$STATUS:$(jf .error.code)" 401:unauthorized
TOKEN=0000000000000000000000000000000000000000000000000000000000000000
req GET /api/v1/host
check api/rest/bad-token-401 is "$STATUS" 401
TOKEN=

# login
req POST /api/v1/login -d "{\"user\":\"admin\",\"password\":\"$PW\"}"
check api/rest/login is "$STATUS:$(jf .role)" 200:admin
TOKEN=$(jf .token)
req POST /api/v1/login -d '{"user":"admin","password":"wrong"}'
check api/rest/login-wrong-401 is "$STATUS:$(jf .error.code)" 401:bad_credentials
req POST /api/v1/login -d '{"user":"admin"'
check api/rest/login-malformed-400 is "$STATUS:$(jf .error.code)" 400:malformed_json
req POST /api/v1/login -d '{"user":"admin","password":7}'
check api/rest/login-type-400 is "$STATUS" 400

# host
req GET /api/v1/host
check api/rest/host is "$STATUS:$(jf .xen_version)" 200:4.17.0-xenolith
req GET /api/v1/host/console
check api/rest/host-console-no-dom0-503 is "$STATUS:$(jf .error.code)" 503:dom0_unavailable

# create (JSON), conflicts, bad input
req POST /api/v1/domains -H 'Content-Type: application/json' \
	-d '{"name":"web1","kernel":"/boot/vmlinuz","memory_mib":64,"cmdline":"console=hvc0"}'
check api/rest/create-201 is "$STATUS:$(jf .state):$(jf .memory_mib)" 201:halted:64
check api/rest/create-max-event-channels-default is "$(jf .max_event_channels)" 1023
UUID=$(jf .uuid)
check api/rest/create-location has "$HEADERS" "Location: /api/v1/domains/$UUID"
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"web1","kernel":"/k"}'
check api/rest/create-dup-409 is "$STATUS:$(jf .error.code)" 409:conflict
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"x","kernel":"/k","vcpus":9}'
check api/rest/create-vcpus-400 has "$STATUS:$(jf .error.message)" '400:vcpus must be 1..8'
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"x","kernel":"/k","max_event_channels":0}'
check api/rest/create-max-event-channels-400 has "$STATUS:$(jf .error.message)" '400:max_event_channels must be 1..131071'
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"x","kernel":"/k","colour":"red"}'
check api/rest/create-unknown-member-400 has "$(jf .error.message)" 'unknown member colour'
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"x","kernel":"relative"}'
check api/rest/create-relative-kernel-400 is "$STATUS" 400
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"x"}'
check api/rest/create-no-kernel-400 is "$STATUS:$(jf .error.message)" '400:kernel is required'
req POST /api/v1/domains -H 'Content-Type: application/xml' -d '<vm/>'
check api/rest/create-media-type-415 is "$STATUS" 415
req POST /api/v1/domains -H 'Content-Type: text/plain' --data-binary $'name = "cfgx"\nmemory = 64\n'
check api/rest/create-xl-cfg-no-kernel-400 is "$STATUS:$(jf .error.code)" 400:invalid_config
check api/rest/create-xl-cfg-messages has "$BODY" 'no kernel'
req POST '/api/v1/domains?start=false' -H 'Content-Type: text/plain' \
	--data-binary $'name = "cfgx"\nmemory = 64\nkernel = "/boot/vmlinuz"\nextra = "console=hvc0"\ncpus = "1-2,5"\nmax_event_channels = 40\n'
check api/rest/create-xl-cfg-201 is "$STATUS:$(jf .memory_mib):$(jf .cmdline)" 201:64:console=hvc0
check api/rest/create-xl-cfg-max-event-channels is "$(jf .max_event_channels)" 40
check api/rest/create-xl-cfg-cpus is "$(jf .cpus)" '[1, 2, 5]'
req DELETE /api/v1/domains/cfgx
check api/rest/delete-xl-cfg-204 is "$STATUS" 204
req POST /api/v1/domains -H 'Content-Type: application/json' -d '[1,2'
check api/rest/create-malformed-400 is "$STATUS:$(jf .error.code)" 400:malformed_json
for i in 1 2 3; do
	req POST /api/v1/domains -H 'Content-Type: application/json' \
		-d "{\"name\":\"db$i\",\"kernel\":\"/boot/k\"}"
done

# list, filters, pagination
req GET '/api/v1/domains'
check api/rest/list-all is "$(jf .total)" 5
req GET '/api/v1/domains?name=db*&limit=2&offset=1'
check api/rest/list-page is "$(jf .total):$(jf .items.0.name):$(jf .limit)" 3:db2:2
req GET '/api/v1/domains?state=halted'
check api/rest/list-state is "$(jf .total)" 5
req GET '/api/v1/domains?state=flying'
check api/rest/list-bad-state-400 is "$STATUS" 400
req GET '/api/v1/domains?limit=100000'
check api/rest/list-bad-limit-400 is "$STATUS" 400

# get, ETag, 304, 412
req GET /api/v1/domains/web1
ETAG=$(sed -n 's/^ETag: //p' <<<"$HEADERS" | tr -d '\r')
check api/rest/get-by-name is "$STATUS:$(jf .uuid)" "200:$UUID"
req GET "/api/v1/domains/$UUID" -H "If-None-Match: $ETAG"
check api/rest/get-304 is "$STATUS" 304
# the front percent-decodes path segments and the query
req GET '/api/v1/domains/w%65b1'
check api/rest/get-percent-decoded is "$STATUS:$(jf .name)" 200:web1
req GET '/api/v1/domains?name=db%2A&limit=1'
check api/rest/query-percent-decoded is "$STATUS:$(jf .total)" 200:3
req GET /api/v1/domains/nope
check api/rest/get-404 is "$STATUS:$(jf .error.code)" 404:not_found
req PUT /api/v1/domains/web1 -H "If-Match: $ETAG" -d '{"memory_mib":96,"maxmem_mib":128}'
check api/rest/put is "$STATUS:$(jf .memory_mib):$(jf .maxmem_mib)" 200:96:128
req PUT /api/v1/domains/web1 -H "If-Match: $ETAG" -d '{"memory_mib":80}'
check api/rest/put-stale-412 is "$STATUS:$(jf .error.code)" 412:precondition_failed
req PUT /api/v1/domains/web1 -d '{"name":"db1"}'
check api/rest/put-name-taken-409 is "$STATUS" 409
req PUT /api/v1/domains/web1 -d '{"memory_mib":0}'
check api/rest/put-invalid-400 is "$STATUS" 400

# cpus: every vCPU's affinity, kept in the definition
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"pin1","kernel":"/k","cpus":[2,0]}'
check api/rest/create-cpus is "$STATUS:$(jf .cpus)" '201:[0, 2]'
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"pin2","kernel":"/k","cpus":[64]}'
check api/rest/create-cpus-range-400 has "$STATUS:$(jf .error.message)" '400:cpus must be a non-empty array'
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"pin2","kernel":"/k","cpus":[]}'
check api/rest/create-cpus-empty-400 is "$STATUS" 400
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"pin2","kernel":"/k","cpus":[0],"start":false}'
req PUT /api/v1/domains/pin2 -d '{"cpus":null}'
check api/rest/put-cpus-any is "$STATUS:$(jf .cpus)" 200:None

# memory and scheduler of a halted domain change its definition
req GET /api/v1/domains/web1/memory
check api/rest/memory-get is "$STATUS:$(jf .target_mib):$(jf .max_mib)" 200:96:128
req PUT /api/v1/domains/web1/memory -d '{"target_mib":100}'
check api/rest/memory-put is "$STATUS:$(jf .target_mib)" 200:100
req PUT /api/v1/domains/web1/memory -d '{"target_mib":200}'
check api/rest/memory-above-max-400 is "$STATUS" 400
req PUT /api/v1/domains/web1/memory -d '{"target":1}'
check api/rest/memory-unknown-400 is "$STATUS" 400
req PUT /api/v1/domains/web1/memory -H 'If-Match: "stale"' -d '{"target_mib":90}'
check api/rest/memory-412 is "$STATUS" 412
req GET /api/v1/domains/web1/sched
check api/rest/sched-get is "$STATUS:$(jf .weight):$(jf .cap)" 200:256:0
req PUT /api/v1/domains/web1/sched -d '{"weight":512,"cap":50}'
check api/rest/sched-put is "$STATUS:$(jf .weight):$(jf .cap)" 200:512:50
req PUT /api/v1/domains/web1/sched -d '{"weight":0}'
check api/rest/sched-bad-400 is "$STATUS" 400
req GET /api/v1/domains/nope/sched
check api/rest/sched-404 is "$STATUS" 404
req PUT /api/v1/domains/nope/memory -d '{"target_mib":1}'
check api/rest/memory-404 is "$STATUS" 404

# vCPUs and console need the domain running
req GET /api/v1/domains/web1/vcpus
check api/rest/vcpus-halted-409 is "$STATUS:$(jf .error.code)" 409:bad_state
req PUT /api/v1/domains/web1/vcpus/0/affinity -d '{"cpus":[0]}'
check api/rest/pin-halted-409 is "$STATUS" 409
req GET /api/v1/domains/web1/console
check api/rest/console-halted-409 is "$STATUS" 409
req GET /api/v1/domains/web1/console/stream
check api/rest/console-stream-halted-409 is "$STATUS" 409
req POST /api/v1/domains/web1/console -H 'Content-Type: application/json' -d '{"text":"info\n"}'
check api/rest/console-write-halted-409 is "$STATUS" 409
req POST /api/v1/domains/nosuch/console -H 'Content-Type: application/json' -d '{"text":"x"}'
check api/rest/console-write-unknown-404 is "$STATUS" 404
req GET /api/v1/domains/web1/exits
check api/rest/exits-halted-409 is "$STATUS" 409
req GET /api/v1/domains/nope/console
check api/rest/console-404 is "$STATUS" 404

# actions: state checks, unknown actions, Dom0
req POST /api/v1/domains/web1/actions/pause
check api/rest/action-bad-state-409 is "$STATUS:$(jf .error.details.needed)" 409:running
req POST /api/v1/domains/web1/actions/destroy
check api/rest/destroy-halted-says-any-domain is "$STATUS:$(jf .error.details.needed)" '409:running, paused, shutdown or crashed'
req POST /api/v1/domains/web1/actions/fly
check api/rest/action-unknown-404 is "$STATUS" 404
req POST /api/v1/domains/Domain-0/actions/destroy
check api/rest/action-dom0-403 is "$STATUS" 403
req POST '/api/v1/domains/web1/actions/start?wait=x'
check api/rest/action-bad-wait-400 is "$STATUS" 400
req GET /api/v1/tasks/99999
check api/rest/task-404 is "$STATUS" 404

# xenstore: admin only
req GET /api/v1/xenstore/local/domain/0/name
check api/rest/xenstore-admin is "$STATUS" 503

# a read-only user: reads yes, writes 403
printf 'viewerpass\n' | "$XAPID" --state "$STATE" user add viewer --role read-only
RO=$(login viewer viewerpass)
ADMIN=$TOKEN
TOKEN=$RO
req GET /api/v1/domains/web1
check api/rest/readonly-get is "$STATUS" 200
req DELETE /api/v1/domains/web1
check api/rest/readonly-delete-403 is "$STATUS:$(jf .error.code)" 403:forbidden
req POST /api/v1/domains -H 'Content-Type: application/json' -d '{"name":"z","kernel":"/k"}'
check api/rest/readonly-create-403 is "$STATUS" 403
req GET /api/v1/xenstore/local
check api/rest/readonly-xenstore-403 is "$STATUS" 403
req POST /api/v1/domains/web1/console -H 'Content-Type: application/json' -d '{"text":"x"}'
check api/rest/readonly-console-write-403 is "$STATUS" 403
req PUT /api/v1/xenstore/local/x -d '{"value":"1"}'
check api/rest/readonly-xenstore-write-403 is "$STATUS" 403
req DELETE /api/v1/xenstore/local/x
check api/rest/readonly-xenstore-rm-403 is "$STATUS" 403
req GET /metrics
check api/rest/metrics has "$BODY" 'xapid_domain_state{domain="web1"'
check api/rest/metrics-requests has "$BODY" 'xapid_http_requests_total{route="POST /api/v1/domains",status="201"}'
req POST /api/v1/logout
check api/rest/logout-204 is "$STATUS" 204
req GET /api/v1/domains
check api/rest/after-logout-401 is "$STATUS" 401
TOKEN=$ADMIN

# the event stream: ids, replay with Last-Event-ID, 410 past the window
req GET /api/v1/events -H 'Last-Event-ID: 1' --max-time 1
check api/rest/events-replay has "$BODY" 'event: defined'
check api/rest/events-ids has "$BODY" 'id: 2'
req GET /api/v1/events -H 'Last-Event-ID: x' --max-time 1
check api/rest/events-bad-id-400 is "$STATUS" 400
# push the ring past its window (1024): one definition changes 1100 times
for i in $(seq 550); do
	printf '{"cap":%d}\n{"cap":0}\n' $((i % 100 + 1))
done | python3 -c '
import sys, urllib.request
for line in sys.stdin:
    r = urllib.request.Request(sys.argv[1], data=line.encode(), method="PUT",
        headers={"Authorization": "Bearer " + sys.argv[2]})
    urllib.request.urlopen(r).read()' "$BASE/api/v1/domains/db3/sched" "$TOKEN"
req GET /api/v1/events -H 'Last-Event-ID: 1' --max-time 1
check api/rest/events-410 is "$STATUS:$(jf .error.code)" 410:events_lost

# delete (halted: removes the definition)
req DELETE /api/v1/domains/db1 -H 'If-Match: "old"'
check api/rest/delete-412 is "$STATUS" 412
req DELETE /api/v1/domains/db1
check api/rest/delete-204 is "$STATUS" 204
req DELETE /api/v1/domains/db1
check api/rest/delete-404 is "$STATUS" 404
req DELETE /api/v1/domains/Domain-0
check api/rest/delete-dom0-403 is "$STATUS" 403

# routing
req GET /api/v1/nothing
check api/rest/unknown-route-404 is "$STATUS" 404
req PUT /api/v1/health
check api/rest/wrong-method-405 is "$STATUS" 405

# the definitions survive a restart
xapid_stop
xapid_start
TOKEN=$(login admin "$PW")
req GET /api/v1/domains/web1
check api/rest/persisted is "$STATUS:$(jf .memory_mib):$(jf .state)" 200:100:halted
req GET /api/v1/domains/pin1
check api/rest/persisted-cpus is "$STATUS:$(jf .cpus)" '200:[0, 2]'
req GET /api/v1/domains/db1
check api/rest/delete-persisted is "$STATUS" 404

# plain HTTP is refused off loopback
"$XAPID" "${SOCKS[@]}" --state "$WORK/other" --https-port 0 --http 0.0.0.0:0 2>"$WORK/refused" &&
	FAILED=1
check api/rest/http-loopback-only has "$(cat "$WORK/refused")" 'loopback'

# HTTPS with the self-signed certificate made at first start
out=$(curl -s --cacert "$STATE/cert.pem" "https://localhost:$TP/api/v1/health")
check api/rest/https-self-signed has "$out" '"status":"ok"'
check api/rest/key-mode-0600 is "$(stat -c %a "$STATE/key.pem"):$(stat -c %a "$STATE/users"):$(stat -c %a "$STATE/admin-password")" 600:600:600

# the front's refusals are documented on every operation: a text/plain
# body (415) and more than 256 header fields (431), checked below
req GET /api/v1/host -H 'Content-Type: text/plain'
check api/rest/plain-on-get-415 is "$STATUS:$(jf .error.code)" 415:unsupported_media_type
hs=()
for i in $(seq 260); do hs+=(-H "X-H$i: v"); done
req GET /api/v1/health "${hs[@]}"
check api/rest/headers-431 is "$STATUS:$(jf .error.code)" 431:headers_too_many

# every response above against the OpenAPI document, and the document
# against the routes xapid serves
xapid_stop
"$XAPID" "${SOCKS[@]}" --state "$WORK/routes" --routes >"$WORK/routes.txt" 2>/dev/null
node_run openapi-check.mjs "$TOP/docs/openapi.json" "$WORK/routes.txt" "$RESPONSES" ||
	FAILED=1
exit $FAILED
