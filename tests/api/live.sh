#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The live chain: QEMU (TCG, svm) with Dom0's agent on the virtio-console
# port mgmt, xapid connected to it, and the API's clients against xapid.
# The boot modules (Dom0 and domU-1) are adopted; new domains are made
# by Dom0's builder from JSON and from xl.cfg text.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live-lib.sh"
live_boot api/live/boot
check api/live/xapid-reaches-dom0 grep -q "Dom0's agent is up" "$WORK/xapid.log"
TOKEN=$(login admin "$PW")

# the boot modules, adopted
for _ in $(seq 25); do
	req GET '/api/v1/domains?state=running'
	[ "$(jf .total)" = 2 ] && break
	sleep 0.2
done
check api/live/domains-adopted is "$(jf .total):$(jf .items.0.name):$(jf .items.1.name)" 2:Domain-0:domU-1
req GET /api/v1/domains/domU-1
check api/live/domu-running is "$(jf .state):$(jf .domid):$(jf .persistent)" running:1:False
req GET /api/v1/domains/1
check api/live/find-by-domid is "$(jf .name)" domU-1
# adopted domains are in the database while they exist: a restarted xapid
# finds domU-1 under the same UUID
UUID1=$(jf .uuid)
check api/live/adopted-persisted grep -q "uuid=\"$UUID1\" name=\"domU-1\".* adopted=\"true\"" "$STATE/vms.xml"
xapid_stop
xapid_start || exit 1
for _ in $(seq 100); do
	[ "$(grep -c "Dom0's agent is up" "$WORK/xapid.log")" -ge 2 ] && break
	sleep 0.2
done
TOKEN=$(login admin "$PW")
for _ in $(seq 25); do
	req GET /api/v1/domains/domU-1
	[ "$(jf .state)" = running ] && break
	sleep 0.2
done
check api/live/adopted-same-uuid-after-restart is "$(jf .state):$(jf .uuid)" "running:$UUID1"
req GET /api/v1/host
check api/live/host is "$(jf .dom0_connected):$(jf .hvm_backend)" True:svm
check api/live/host-cpus test "$(jf .nr_cpus)" -ge 1
req GET /api/v1/host/console
check api/live/host-console has "$(jf .text)" 'Xenolith hypervisor'

# XenAPI follows a state change made through REST (event.from waits)
/usr/bin/python3 - "$BASE/" "$PW" >"$WORK/xenapi.out" 2>&1 <<'PY' &
import sys, time
from os_xenapi.client import XenAPI
s = XenAPI.Session(sys.argv[1])
s.login_with_password("admin", sys.argv[2])
x = s.xenapi
ref = x.VM.get_by_name_label("domU-1")[0]
print("power", x.VM.get_power_state(ref))
tok = x.event.inject("VM", ref)
print("following", flush=True)
deadline = time.time() + 30
while time.time() < deadline:
    r = getattr(x.event, "from")(["vm"], tok, 10.0)
    tok = r["token"]
    for ev in r["events"]:
        if ev["ref"] == ref and ev["snapshot"]["power_state"] == "Paused":
            print("saw Paused after", round(time.time() - deadline + 30, 2))
            sys.exit(0)
sys.exit(1)
PY
xpid=$!
curl -s -N -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/events" >"$WORK/sse" &
spid=$!
# pause once the XenAPI client follows (python starts slowly on a loaded host)
for _ in $(seq 100); do grep -q following "$WORK/xenapi.out" && break; sleep 0.2; done
sleep 1
req POST '/api/v1/domains/domU-1/actions/pause?wait=20'
check api/live/pause-task is "$STATUS:$(jf .status)" 200:success
for _ in $(seq 50); do grep -q '^event: paused' "$WORK/sse" && break; sleep 0.2; done
check api/live/sse-paused grep -q '^event: paused' "$WORK/sse"
wait "$xpid"
check api/live/xenapi-event-from-paused grep -q 'saw Paused' "$WORK/xenapi.out"
req GET /api/v1/domains/domU-1
check api/live/paused is "$(jf .state)" paused
req POST '/api/v1/domains/domU-1/actions/pause'
check api/live/pause-twice-409 is "$STATUS" 409

# XenAPI acts, REST sees it
/usr/bin/python3 - "$BASE/" "$PW" >"$WORK/xenapi2.out" 2>&1 <<'PY'
import sys
from os_xenapi.client import XenAPI
s = XenAPI.Session(sys.argv[1])
s.login_with_password("admin", sys.argv[2])
ref = s.xenapi.VM.get_by_name_label("domU-1")[0]
s.xenapi.VM.unpause(ref)
recs = s.xenapi.VM.get_all_records()
print("dom0", [r["is_control_domain"] for r in recs.values() if r["name_label"] == "Domain-0"])
PY
for _ in $(seq 25); do
	req GET /api/v1/domains/domU-1
	[ "$(jf .state)" = running ] && break
	sleep 0.2
done
check api/live/xenapi-unpause is "$(jf .state)" running
check api/live/sse-running grep -q '^event: running' "$WORK/sse"
check api/live/sse-ids grep -q '^id: [0-9]' "$WORK/sse"

# npm xen-api sees the live domains
node_run xenapi-live.mjs "https://127.0.0.1:$TP" "$PW" >"$WORK/node.out" 2>&1
check api/live/xen-api-lists-running grep -q 'domU-1 Running' "$WORK/node.out"

# vCPUs, scheduler and memory of a running domain go through Dom0
req GET /api/v1/domains/domU-1/vcpus
check api/live/vcpus is "$STATUS:$(jf .items.0.vcpu)" 200:0
req PUT /api/v1/domains/domU-1/vcpus/0/affinity -d '{"cpus":[0]}'
check api/live/pin is "$STATUS:$(jf .items.0.affinity)" '200:[0]'
req PUT /api/v1/domains/domU-1/vcpus/0/affinity -d '{"cpus":[9]}'
check api/live/pin-refused-by-dom0 test "$STATUS" -ge 400 -a "$STATUS" -lt 600
req PUT /api/v1/domains/domU-1/sched -d '{"weight":512}'
check api/live/sched is "$STATUS:$(jf .weight)" 200:512
req PUT /api/v1/domains/domU-1/memory -d '{"target_mib":12,"max_mib":16}'
check api/live/memory is "$STATUS:$(jf .target_mib)" 200:12
req GET /metrics
check api/live/metrics has "$BODY" 'xapid_domain_state{domain="domU-1",uuid="[^"]*",state="running"} 1'

# create and start from JSON: Dom0's builder makes the domain
req POST '/api/v1/domains?wait=60' -H 'Content-Type: application/json' \
	-d "{\"name\":\"new1\",\"kernel\":\"$gp/guest-pv.elf\",\"memory_mib\":8,\"cmdline\":\"console=hvc0\",\"cpus\":[0],\"start\":true}"
check api/live/create-json-start is "$STATUS:$(jf .status)" 200:success
req GET /api/v1/domains/new1
check api/live/created-running is "$(jf .state):$(jf .persistent):$(jf .cpus)" 'running:True:[0]'
req GET /api/v1/domains/new1/vcpus
check api/live/created-cpus-applied is "$STATUS:$(jf .items.0.affinity)" '200:[0]'
# this host has one CPU: a definition pinned to CPU 1 reaches Dom0's
# builder, which refuses it
req POST '/api/v1/domains?wait=60' -H 'Content-Type: application/json' \
	-d "{\"name\":\"pin9\",\"kernel\":\"$gp/guest-pv.elf\",\"memory_mib\":8,\"cpus\":[1],\"start\":true}"
check api/live/created-cpus-reach-dom0 has "$STATUS:$(jf .status):$(jf .error)" '200:failure:.*cpus 0x2'
req DELETE /api/v1/domains/pin9
check api/live/created-cpus-refused-halted is "$STATUS" 204
check api/live/sse-created grep -q '^event: created' "$WORK/sse"
req POST '/api/v1/domains/new1/actions/destroy?wait=30'
check api/live/destroy-defined is "$STATUS:$(jf .status)" 200:success
req GET /api/v1/domains/new1
check api/live/destroyed-stays-defined is "$(jf .state):$(jf .domid)" halted:-1
# create from xl.cfg text, parsed by xl's library; start it through XenAPI
printf 'name = "cfg1"\nkernel = "%s"\nmemory = 8\nextra = "console=hvc0"\non_crash = "preserve"\n' \
	"$gp/guest-pv.elf" >"$WORK/cfg1.cfg"
req POST '/api/v1/domains?start=false' -H 'Content-Type: text/plain' --data-binary @"$WORK/cfg1.cfg"
check api/live/create-xl-cfg is "$STATUS:$(jf .name):$(jf .memory_mib):$(jf .on_crash)" 201:cfg1:8:preserve
req POST /api/v1/domains -H 'Content-Type: text/plain' --data-binary $'name = "bad"\nmemory = "lots"\n'
check api/live/xl-cfg-errors-name-line is "$STATUS:$(jf .error.code)" 400:invalid_config
check api/live/xl-cfg-errors-name-line has "$BODY" 'request:[0-9]'
/usr/bin/python3 - "$BASE/" "$PW" >"$WORK/xenapi3.out" 2>&1 <<'PY'
import sys
from os_xenapi.client import XenAPI
s = XenAPI.Session(sys.argv[1])
s.login_with_password("admin", sys.argv[2])
ref = s.xenapi.VM.get_by_name_label("cfg1")[0]
s.xenapi.VM.start(ref, False, False)
print("after start", s.xenapi.VM.get_power_state(ref))
s.xenapi.VM.hard_shutdown(ref)
print("after hard_shutdown", s.xenapi.VM.get_power_state(ref))
PY
check api/live/xenapi-start-stop grep -q 'after start Running' "$WORK/xenapi3.out"
check api/live/xenapi-hard-shutdown grep -q 'after hard_shutdown Halted' "$WORK/xenapi3.out"
req PUT /api/v1/domains/cfg1 -d '{"kernel":"/nonexistent/kernel"}'
req POST /api/v1/domains/cfg1/actions/start
check api/live/start-missing-kernel-says-why has "$STATUS:$(jf .error.message)" 'kernel'
# consoles: the recent output, then a live stream
curl -s -N -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/domains/domU-1/console/stream" >"$WORK/console.sse" &
cpid=$!
req GET '/api/v1/domains/domU-1/console?kib=8'
check api/live/console-tail has "$(jf .text)" 'guest>'
req GET '/api/v1/domains/domU-1/console?kib=0'
check api/live/console-bad-kib-400 is "$STATUS" 400
for _ in $(seq 25); do grep -q '^event: output' "$WORK/console.sse" && break; sleep 0.2; done
check api/live/console-stream grep -q '^event: output' "$WORK/console.sse"
# input: the guest's shell answers `info` with its domain id
req POST /api/v1/domains/domU-1/console -H 'Content-Type: application/json' -d '{"text":"info\n"}'
check api/live/console-write-204 is "$STATUS" 204
for _ in $(seq 25); do
	req GET '/api/v1/domains/domU-1/console?kib=8'
	grep -q 'domain: *1' <<<"$(jf .text)" && break
	sleep 0.2
done
check api/live/console-write-answered grep -q 'domain: *1' <<<"$(jf .text)"
req POST /api/v1/domains/domU-1/console -H 'Content-Type: application/json' -d '{"text":""}'
check api/live/console-write-empty-400 is "$STATUS" 400
kill "$cpid" 2>/dev/null

req GET /api/v1/domains/domU-1/exits
# named as the hypervisor names them: a PV guest's hypercalls are VMMCALLs
# under svm
check api/live/exits-named is "$STATUS:$(python3 -c 'import json,sys; print(sorted(i["name"] for i in json.loads(sys.argv[1])["items"] if i["name"] == "VMMCALL"))' "$BODY")" "200:['VMMCALL']"

# xenstore through xapid's relay (admin only)
req GET '/api/v1/xenstore/local/domain?list=1'
check api/live/xenstore-list has "$(jf .children)" '"1"'
req GET /api/v1/xenstore/local/domain/1/name
check api/live/xenstore-read is "$STATUS:$(jf .value)" 200:domU-1
req PUT /api/v1/xenstore/data/apitest -d '{"value":"42"}'
check api/live/xenstore-write is "$STATUS" 204
req GET /api/v1/xenstore/data/apitest
check api/live/xenstore-read-back is "$(jf .value)" 42
req DELETE /api/v1/xenstore/data/apitest
check api/live/xenstore-rm is "$STATUS" 204
req GET /api/v1/xenstore/data/apitest
check api/live/xenstore-gone-404 is "$STATUS" 404

# Per-domain usage in /metrics: event channels, grants and store requests,
# as Dom0 reports them (read every 5 s). metric NAME DOMAIN: its value in
# the last scrape, empty when there is no series
metric() {
	sed -n "s/^$1{domain=\"$2\",uuid=\"[^\"]*\"} \([0-9]*\)\$/\1/p" <<<"$BODY"
}
# usage_wait COND...: scrapes until COND holds (15 s)
usage_wait() {
	for _ in $(seq 75); do
		req GET /metrics
		"$@" && return 0
		sleep 0.2
	done
	return 1
}
has_usage() { [ -n "$(metric xapid_domain_event_channels domU-1)" ]; }
usage_wait has_usage
check api/live/metrics-usage-series has_usage
EC0=$(metric xapid_domain_event_channels domU-1)
GE0=$(metric xapid_domain_grant_entries domU-1)
GEM0=$(metric xapid_domain_grant_entries_mapped domU-1)
GM0=$(metric xapid_domain_grant_mappings Domain-0)
XS0=$(metric xapid_domain_xenstore_ops_total domU-1)
# the guest's store and console channels are bound (Dom0 maps their rings
# with the foreign map, as Xen's toolstack does: no grant yet)
check api/live/metrics-usage-boot test "$EC0" -ge 2
# the guest's shell reads the store: its xenstore count grows
req POST /api/v1/domains/domU-1/console -H 'Content-Type: application/json' -d '{"text":"xs ls /local/domain/1\n"}'
xs_grew() { [ "$(metric xapid_domain_xenstore_ops_total domU-1)" -gt "$XS0" ]; }
usage_wait xs_grew
check api/live/metrics-xenstore-ops-grow xs_grew
# a disk attached (xl through xapid's local socket): the guest's blkfront
# binds a channel and grants its ring, which Dom0's blkback maps
XAPID_SOCKET=$WORK/xapid.sock "$BUILD/bin/xl" block-attach domU-1 'vdev=xvdb, access=ro, target=ram:1M' >"$WORK/xl.out" 2>&1
check api/live/block-attach-through-xl is "$?" 0
attached() {
	[ "$(metric xapid_domain_event_channels domU-1)" -gt "$EC0" ] &&
		[ "$(metric xapid_domain_grant_entries domU-1)" -gt "$GE0" ] &&
		[ "$(metric xapid_domain_grant_entries_mapped domU-1)" -gt "$GEM0" ] &&
		[ "$(metric xapid_domain_grant_mappings Domain-0)" -gt "$GM0" ]
}
usage_wait attached
check api/live/metrics-usage-disk-attached attached
XAPID_SOCKET=$WORK/xapid.sock "$BUILD/bin/xl" block-detach domU-1 xvdb >>"$WORK/xl.out" 2>&1
detached() {
	[ "$(metric xapid_domain_event_channels domU-1)" -eq "$EC0" ] &&
		[ "$(metric xapid_domain_grant_entries_mapped domU-1)" -eq "$GEM0" ] &&
		[ "$(metric xapid_domain_grant_mappings Domain-0)" -eq "$GM0" ]
}
usage_wait detached
check api/live/metrics-usage-disk-detached detached

# A domain kept shut down, as Xen's xl keeps it: kept NAME ACTION COMMAND
# STATE [VALUE] starts NAME with ACTION=VALUE (preserve), types COMMAND
# into its shell and waits for STATE; the domain's REST answer is left in
# BODY.
kept() {
	req POST '/api/v1/domains?wait=60' -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"kernel\":\"$gp/guest-pv.elf\",\"memory_mib\":8,\"cmdline\":\"console=hvc0\",\"$2\":\"${5:-preserve}\",\"start\":true}"
	check "api/live/$1-started" is "$STATUS:$(jf .status)" 200:success
	req GET "/api/v1/domains/$1"
	FIRST_DOMID=$(jf .domid)
	for _ in $(seq 50); do
		req GET "/api/v1/domains/$1/console?kib=8"
		has "$(jf .text)" 'guest>' && break
		sleep 0.2
	done
	req POST "/api/v1/domains/$1/console" -H 'Content-Type: application/json' -d "{\"text\":\"$3\\n\"}"
	check "api/live/$1-$3-typed" is "$STATUS" 204
	for _ in $(seq 100); do
		req GET "/api/v1/domains/$1"
		[ "$(jf .state)" = "$4" ] && [ "$(jf .domid)" != "$FIRST_DOMID" -o "$4" != running ] && break
		sleep 0.2
	done
	sleep 1 # a second report of the same domain must not repeat the event
}
# events EVENT for domain NAME whose data carries shutdown_reason REASON
events_of() {
	awk -v ev="$1" -v name="\"$2\"" -v why="\"shutdown_reason\": *\"$3\"" \
		'/^event: /{e=$2} /^data: / && index($0, name) && $0 ~ why && e==ev{n++}
		 END{print n+0}' "$WORK/sse"
}
# the XenAPI power state of NAME; with "destroy", hard_shutdown then domid
xenapi_kept() {
	/usr/bin/python3 - "$BASE/" "$PW" "$@" 2>&1 <<'PY'
import sys
from os_xenapi.client import XenAPI
s = XenAPI.Session(sys.argv[1])
s.login_with_password("admin", sys.argv[2])
ref = s.xenapi.VM.get_by_name_label(sys.argv[3])[0]
print("power", s.xenapi.VM.get_power_state(ref))
if sys.argv[4:] == ["destroy"]:
    s.xenapi.VM.hard_shutdown(ref)
    print("destroyed domid", s.xenapi.VM.get_record(ref)["domid"])
PY
}
# on_crash=preserve: `crash' (a triple fault) leaves pres1 crashed, with
# its reason and domid; DELETE destroys it and removes its definition
kept pres1 on_crash crash crashed
check api/live/preserve-crashed-rest is "$(jf .state):$(jf .shutdown_reason)" crashed:crash
check api/live/preserve-crashed-keeps-domid test "$(jf .domid)" -gt 0
check api/live/preserve-sse-crashed-once is "$(events_of crashed pres1 crash)" 1
check api/live/preserve-xenapi-halted has "$(xenapi_kept pres1)" 'power Halted'
req DELETE '/api/v1/domains/pres1?wait=30'
check api/live/preserve-delete is "$STATUS:$(jf .status)" 200:success
for _ in $(seq 25); do
	req GET /api/v1/domains/pres1
	[ "$STATUS" = 404 ] && break
	sleep 0.2
done
check api/live/preserve-deleted-gone is "$STATUS" 404
# on_poweroff=preserve: `poweroff' leaves pres2 shut down, reason poweroff;
# XenAPI's hard_shutdown destroys it (domid -1), the definition stays
kept pres2 on_poweroff poweroff shutdown
check api/live/preserve-shutdown-rest is "$(jf .state):$(jf .shutdown_reason)" shutdown:poweroff
check api/live/preserve-sse-shutdown-once is "$(events_of shutdown pres2 poweroff)" 1
out=$(xenapi_kept pres2 destroy)
check api/live/preserve-shutdown-xenapi-halted has "$out" 'power Halted'
check api/live/preserve-shutdown-xenapi-destroy has "$out" 'destroyed domid -1$'
req GET /api/v1/domains/pres2
check api/live/preserve-shutdown-destroyed is "$(jf .state):$(jf .domid)" halted:-1
req DELETE /api/v1/domains/pres2
check api/live/preserve-shutdown-undefined is "$STATUS" 204
# hard_reboot of a domain kept shut down starts it again, as in XAPI
kept pres3 on_poweroff poweroff shutdown
out=$(/usr/bin/python3 - "$BASE/" "$PW" 2>&1 <<'PY'
import sys
from os_xenapi.client import XenAPI
s = XenAPI.Session(sys.argv[1])
s.login_with_password("admin", sys.argv[2])
ref = s.xenapi.VM.get_by_name_label("pres3")[0]
old = s.xenapi.VM.get_record(ref)["domid"]
s.xenapi.VM.hard_reboot(ref)
r = s.xenapi.VM.get_record(ref)
print("hard_reboot", r["power_state"], "new domid", r["domid"] != old)
PY
)
check api/live/hard-reboot-from-shutdown has "$out" 'hard_reboot Running new domid True'
req DELETE '/api/v1/domains/pres3?wait=30'
check api/live/hard-rebooted-delete is "$STATUS:$(jf .status)" 200:success
# on_crash=rename-restart: the crashed domain is renamed rr1-YYYYMMDDTHHMMZ
# and kept (adopted, crashed); the definition rr1 follows the new domain
kept rr1 on_crash crash running rename-restart
check api/live/rename-restart-rebinds is "$(jf .state):$(jf .persistent)" running:True
check api/live/rename-restart-new-domid test "$(jf .domid)" != "$FIRST_DOMID"
req GET "/api/v1/domains/$FIRST_DOMID"
check api/live/rename-restart-old-kept has "$(jf .name):$(jf .state):$(jf .persistent)" '^rr1-[0-9]\{8\}T[0-9]\{4\}Z:crashed:False$'
req GET '/api/v1/domains?name=domain-*'
check api/live/rename-restart-no-domain-n is "$(jf .total)" 0
check api/live/rename-restart-xenapi has "$(xenapi_kept rr1)" 'power Running'
req DELETE "/api/v1/domains/$FIRST_DOMID?wait=30"
check api/live/rename-restart-old-destroyed is "$STATUS:$(jf .status)" 200:success
req DELETE '/api/v1/domains/rr1?wait=30'
check api/live/rename-restart-delete is "$STATUS:$(jf .status)" 200:success

# the page, in headless Chromium
node_run web.mjs "https://127.0.0.1:$TP" "$PW" "$gp/guest-pv.elf" || FAILED=1

# destroy: the adopted domain goes from the list
req DELETE '/api/v1/domains/domU-1?wait=20'
check api/live/destroy is "$STATUS:$(jf .status)" 200:success
for _ in $(seq 25); do
	req GET /api/v1/domains/domU-1
	[ "$STATUS" = 404 ] && break
	sleep 0.2
done
check api/live/destroyed-gone is "$STATUS" 404
check api/live/sse-destroyed grep -q '^event: destroyed' "$WORK/sse"
kill "$spid" 2>/dev/null
req GET /metrics
check api/live/metrics-exits-named has "$BODY" 'xapid_domain_vm_exits_total{domain="Domain-0",reason="VMMCALL"}'
check api/live/metrics-destroyed-series-gone not grep -q 'domain="domU-1"' <<<"$BODY"
check api/live/metrics-dom0-usage-stays test -n "$(metric xapid_domain_event_channels Domain-0)"
check api/live/metrics-xenstore-writes has "$BODY" 'xapid_xenstore_ops_total{type="XS_WRITE"} '
check api/live/metrics-xenstore-lists has "$BODY" 'xapid_xenstore_ops_total{type="XS_DIRECTORY"} '
check api/live/metrics-exits-no-codes not grep -q 'vm_exits_total{.*reason="0x' <<<"$BODY"
check api/live/no-sanitizer-report not grep -q 'ERROR: AddressSanitizer\|runtime error' "$WORK/xapid.log"
exit $FAILED
