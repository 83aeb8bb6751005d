#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make bench's event latency from Dom0 (run by bench.sh on the live chain):
# domU-1 is paused and unpaused N times with xl, which xapid relays to Dom0
# as they are (a REST action would be dated by Dom0's reply to xapid, not
# by Dom0's report: docs/api.md, "Event times"), so each change reaches
# xapid as Dom0's report of what it saw; every state-change
# event carries the time Dom0's agent saw the change, on the host's clock
# (xapid maps Dom0's stamp with an echo round trip: docs/api.md, "Event
# times").  An SSE client on /api/v1/events and a JSON-RPC caller waiting
# in event.from note when each event reaches them; the difference is the
# latency.  Prints p50 and p99 of each in bench.sh's table format, and the
# clock map's round trip (the times are true within half of it).
#
# Each event's date must lie between the request that caused it and its
# arrival (give or take the bound): one that does not means the stamp or
# the map is wrong, and the bench says so and fails (no time limit).
#
#   XAPID_SOCKET=... event-latency.py BASE TOKEN N XL
import http.client, json, statistics, subprocess, sys, threading, time, urllib.request

base, tok, n, xl = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
host, port = base.split("//")[1].split(":")
auth = {"Authorization": "Bearer " + tok}


def rest(method, path):
    r = urllib.request.Request(base + path, method=method, headers=auth)
    return urllib.request.urlopen(r).read()


def rtt_s():
    for line in rest("GET", "/metrics").decode().splitlines():
        if line.startswith("xapid_dom0_clock_rtt_seconds "):
            return float(line.split()[1])
    sys.exit("no xapid_dom0_clock_rtt_seconds in /metrics")


def rpc(method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    r = urllib.request.Request(base + "/jsonrpc", data=body, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(r))["result"]


sse, ef = {}, {}  # event id -> (arrival, date)
done = threading.Event()


def follow_sse():
    c = http.client.HTTPConnection(host, int(port))
    c.request("GET", "/api/v1/events", headers=auth)
    resp = c.getresponse()
    while not done.is_set():
        line = resp.readline()  # chunked: the decoded stream
        if not line:
            return
        now = time.time()
        if line.startswith(b"data:"):
            e = json.loads(line[5:])
            if e["type"] in ("paused", "running") and e["domain"]["name"] == "domU-1":
                sse[e["id"]] = (now, e["timestamp"])


def follow_event_from(token):
    while not done.is_set():
        r = rpc("event.from", [tok, ["vm"], token, 5.0])
        now = time.time()
        token = r["token"]
        for e in r["events"]:
            snap = e.get("snapshot", {})
            if snap.get("name_label") == "domU-1" and snap.get("power_state") in ("Paused", "Running"):
                ef[int(e["id"])] = (now, float(e["timestamp"]))


# the clock map needs an echo first (one a second once Dom0 is up)
for _ in range(100):
    if rtt_s() > 0:
        break
    time.sleep(0.1)
threading.Thread(target=follow_sse, daemon=True).start()
threading.Thread(target=follow_event_from, args=(rpc("event.from", [tok, ["vm"], "", 0.0])["token"],),
                 daemon=True).start()
time.sleep(1)
asked = []  # when each action was requested
for i in range(n):
    for action in ("pause", "unpause"):
        asked.append(time.time())
        subprocess.run([xl, action, "domU-1"], check=True)
        # Dom0 looks every 250 ms: let this change be seen before the next
        time.sleep(0.6)
time.sleep(1)
done.set()
bound = rtt_s() / 2
ok = True
print("== events from Dom0 (QEMU TCG, domU-1 paused/unpaused %d times; dates true within %.3f ms)"
      % (n, bound * 1000))
print("%-34s %10s %10s %10s" % ("event reaching", "events", "p50", "p99"))
for what, seen in (("Dom0 state change -> SSE client", sse), ("Dom0 state change -> event.from", ef)):
    ids = sorted(seen)
    lat = [(seen[i][0] - seen[i][1]) * 1000 for i in ids]
    # each date between the request that caused it and its arrival
    bad = [i for k, i in enumerate(ids)
           if k >= len(asked) or not asked[k] - bound <= seen[i][1] <= seen[i][0] + bound]
    if len(ids) != len(asked) or bad or not lat:
        print("FAIL api/bench/event-dates: %s: %d events for %d changes, %d dated outside "
              "[request, arrival] (Dom0's stamp or the clock map is wrong)" % (what, len(ids), len(asked), len(bad)))
        ok = False
    if lat:
        q = statistics.quantiles(lat, n=100) if len(lat) > 1 else lat * 99
        print("%-34s %10d %8.2fms %8.2fms" % (what, len(lat), statistics.median(lat), q[98]))
sys.exit(0 if ok else 1)
