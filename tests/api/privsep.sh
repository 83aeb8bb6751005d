#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Privilege separation: the parsers run in xapid's front process, which
# holds nothing of the core's (no Dom0 channel, no local sockets, no state
# files), and whose death loses nothing.  Under load (four clients defining
# VMs, one following the event stream) the front is killed with SIGKILL
# three times: the core stays the same process, a new front serves the
# same ports, every definition answered 201 is there, the event stream
# resumes with Last-Event-ID without a gap, and the core holds no more
# descriptors or requests than before.
. "$(dirname "$0")/lib.sh"
xapid_start || exit 1
TOKEN=$(login admin "$PW")
front() { pgrep -P "$XAPID_PID" | head -n1; }
fds() { ls "/proc/$1/fd" | wc -l; }
pending() {
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/metrics" |
		awk '$1 == "xapid_http_requests_pending" {print $2}'
}
F=$(front)
check api/privsep/front-runs test -n "$F"
check api/privsep/front-is-xapid-front grep -q 'front' "/proc/$F/cmdline"
# What the front holds: none of the state directory, none of the test's
# UNIX sockets, no socket of the core's but the TCP listeners.
front_files=$(for fd in /proc/$F/fd/*; do readlink "$fd"; done)
check api/privsep/front-holds-no-state not grep -q "$STATE" <<<"$front_files"
core_socks=$(for fd in /proc/$XAPID_PID/fd/*; do readlink "$fd"; done | grep -o 'socket:\[[0-9]*\]' | sort -u)
listen_inodes=$(awk 'NR > 1 && $4 == "0A" {print "socket:[" $10 "]"}' /proc/net/tcp /proc/net/tcp6 | sort -u)
shared=$(comm -12 <(grep -o "socket:\[[0-9]*\]" <<<"$front_files" | sort -u) <(echo "$core_socks") | comm -23 - <(echo "$listen_inodes"))
check "api/privsep/front-shares-only-the-listeners (${shared:-none} else)" test -z "$shared"
if [ "$(id -u)" = 0 ]; then
	check api/privsep/front-runs-as-nobody test "$(awk '/^Uid:/ {print $2}' "/proc/$F/status")" = "$(id -u nobody)"
fi
check api/privsep/front-has-no-new-privs grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$F/status"
req GET /api/v1/health
core_fds=$(fds "$XAPID_PID")
pend0=$(pending)
python3 - "$BASE" "$TOKEN" "$XAPID_PID" >"$WORK/privsep.out" 2>"$WORK/privsep.err" <<'PY'
import json, os, signal, subprocess, sys, threading, time, urllib.request
base, token, core = sys.argv[1], sys.argv[2], int(sys.argv[3])
H = {"Authorization": "Bearer " + token}
committed, lock, stop, stop_ev = [], threading.Lock(), threading.Event(), threading.Event()
def front():
    out = subprocess.run(["pgrep", "-P", str(core)], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None
def client(n):
    i = 0
    while not stop.is_set():
        name = "p-c%d-%d" % (n, i)
        i += 1
        req = urllib.request.Request(base + "/api/v1/domains",
            data=json.dumps({"name": name, "kernel": "/k"}).encode(),
            headers=dict(H, **{"Content-Type": "application/json"}))
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                if r.status == 201:
                    with lock: committed.append(name)
        except Exception:
            time.sleep(0.05)  # the front is being restarted
ids, names = [], set()
def events():
    last = None
    while not stop_ev.is_set():
        h = dict(H)
        if last is not None: h["Last-Event-ID"] = str(last)
        try:
            r = urllib.request.urlopen(urllib.request.Request(
                base + "/api/v1/events", headers=h), timeout=2)
            cur = None
            for line in r:
                line = line.decode().rstrip("\n")
                if line.startswith("id: "): cur = int(line[4:])
                elif line.startswith("data: ") and cur is not None:
                    ids.append(cur); last = cur
                    d = json.loads(line[6:])
                    dom = d.get("domain") if isinstance(d, dict) else None
                    if isinstance(dom, dict) and dom.get("name"): names.add(dom["name"])
                if stop_ev.is_set(): break
        except Exception:
            time.sleep(0.05)
ts = [threading.Thread(target=client, args=(n,)) for n in range(4)]
ts.append(threading.Thread(target=events))
ts[-1].start()
time.sleep(0.5)  # the stream is open before the first definition
for t in ts[:-1]: t.start()
fronts, restarts = [], 0
for k in range(3):
    time.sleep(1.2)
    f = None
    for _ in range(100):
        f = front()
        if f: break
        time.sleep(0.05)
    fronts.append(f)
    if f: os.kill(f, signal.SIGKILL)
time.sleep(2.5)
with lock: n_before = len(committed)
time.sleep(1.0)
stop.set()
for t in ts[:-1]: t.join()
time.sleep(1.0)  # the last definitions' events
stop_ev.set()
ts[-1].join()
fronts.append(front())
present = set()
for off in range(0, 100000, 500):
    with urllib.request.urlopen(urllib.request.Request(base +
            "/api/v1/domains?limit=500&offset=%d&name=p-*" % off, headers=H)) as r:
        items = json.load(r)["items"]
    present.update(d["name"] for d in items)
    if len(items) < 500: break
print(json.dumps({"committed": committed, "fronts": fronts, "ids": ids,
                  "names": sorted(names), "present": sorted(present), "after_restart": len(committed) - n_before}))
PY
out=$(cat "$WORK/privsep.out")
res() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$out"; }
check api/privsep/core-survives kill -0 "$XAPID_PID"
check "api/privsep/a-new-front-each-time ($(res 'd["fronts"]'))" \
	test "$(res 'len(set(d["fronts"])) == 4 and None not in d["fronts"]')" = True
check "api/privsep/served-after-the-last-restart ($(res 'd["after_restart"]') definitions)" \
	test "$(res 'd["after_restart"]')" -gt 0
res '"\n".join(d["present"])' | sort >"$WORK/present"
res '"\n".join(d["committed"])' | sort >"$WORK/committed"
lost=$(comm -23 "$WORK/committed" "$WORK/present" | wc -l)
check "api/privsep/no-committed-vm-lost ($(wc -l <"$WORK/committed") committed)" \
	test "$lost" -eq 0 -a "$(wc -l <"$WORK/committed")" -gt 0
check "api/privsep/event-stream-resumes-without-a-gap ($(res 'len(d["ids"])') events)" \
	test "$(res 'len(d["ids"]) > 0 and d["ids"] == list(range(d["ids"][0], d["ids"][0] + len(d["ids"])))')" = True
missed=$(comm -23 "$WORK/committed" <(res '"\n".join(d["names"])' | sort) | wc -l)
check "api/privsep/every-committed-vm-seen-on-the-stream ($missed missed)" test "$missed" -eq 0
sleep 0.5
check "api/privsep/no-request-left-pending ($pend0 before, $(pending) after)" test "$(pending)" = "$pend0"
check "api/privsep/core-leaks-no-descriptor ($core_fds before, $(fds "$XAPID_PID") after)" \
	test "$(fds "$XAPID_PID")" -eq "$core_fds"
# Streams of a front that dies end in the core at once, with no event to
# find them gone.
curls=()
for i in 1 2 3; do
	curl -s -N -m 20 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/events" >/dev/null &
	curls+=($!)
done
sleep 1
open=$(pending)
F=$(front)
kill -9 "$F"
for _ in $(seq 50); do
	G=$(front)
	[ -n "$G" ] && [ "$G" != "$F" ] && break
	sleep 0.1
done
sleep 0.3
check "api/privsep/streams-end-with-their-front ($open open, $(pending) after)" \
	test "$open" -eq $((pend0 + 3)) -a "$(pending)" = "$pend0"
kill "${curls[@]}" 2>/dev/null
wait "${curls[@]}" 2>/dev/null
check api/privsep/restarts-counted has "$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/metrics")" 'xapid_front_restarts_total 4'
# The core and its front go together: stopping xapid leaves no front.
F=$(front)
xapid_stop
sleep 0.2
check api/privsep/front-ends-with-the-core not kill -0 "$F" 2>/dev/null
exit $FAILED
