#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# kill -9 of xapid in the middle of writes loses no committed VM definition:
# four clients define VMs as fast as they can; xapid is killed while they
# do; after a restart, every definition that was answered 201 is there, and
# the database parses.  Three rounds, the kill at a different moment each.
. "$(dirname "$0")/lib.sh"
XAPID=$BUILD/bin/xapid
xapid_start || exit 1
for round in 1 2 3; do
	TOKEN=$(login admin "$PW")
	python3 - "$BASE" "$TOKEN" "$round" "$XAPID_PID" >"$WORK/committed.$round" <<'PY'
import json, os, signal, sys, threading, time, urllib.request
base, token, rnd, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
committed, lock = [], threading.Lock()
def client(n):
    i = 0
    while True:
        name = "r%s-c%d-%d" % (rnd, n, i)
        body = json.dumps({"name": name, "kernel": "/k"}).encode()
        req = urllib.request.Request(base + "/api/v1/domains", data=body,
            headers={"Authorization": "Bearer " + token,
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 201:
                    with lock:
                        committed.append(name)
        except Exception:
            return
        i += 1
ts = [threading.Thread(target=client, args=(n,)) for n in range(4)]
for t in ts: t.start()
time.sleep(0.3 + 0.25 * int(rnd))
os.kill(pid, signal.SIGKILL)
for t in ts: t.join()
print("\n".join(committed))
PY
	wait "$XAPID_PID" 2>/dev/null
	XAPID_PID=
	n=$(wc -l <"$WORK/committed.$round")
	xapid_start || exit 1
	TOKEN=$(login admin "$PW")
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/domains?limit=500&name=r$round-*" |
		python3 -c 'import json,sys; print("\n".join(d["name"] for d in json.load(sys.stdin)["items"]))' |
		sort >"$WORK/present.$round"
	lost=$(sort "$WORK/committed.$round" | comm -23 - "$WORK/present.$round" | wc -l)
	check "api/crash/kill9-round$round-no-committed-vm-lost ($n committed)" \
		test "$lost" -eq 0 -a "$n" -gt 0
done
check api/crash/database-parses xmllint --noout "$STATE/vms.xml"
check api/crash/at-most-one-temp-file test "$(ls "$STATE" | grep -c '^vms.xml.')" -le 1
exit $FAILED
