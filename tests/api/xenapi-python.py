#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Debian's python3-os-xenapi (XenAPI.Session, XML-RPC) against a real xapid:
# login (which asks the pool's master for its API version), the VM, host,
# pool and event calls, XenAPI's errors, over plain HTTP and verified HTTPS.
#
#   xenapi-python.py HTTP_URL HTTPS_URL CA_FILE ADMIN_PASSWORD RO_PASSWORD
import json
import ssl
import sys
import threading
import time
import urllib.request
import xmlrpc.client

from os_xenapi.client import XenAPI

http_url, https_url, cafile, pw, ro_pw = sys.argv[1:]
failed = 0


def check(name, cond, detail=""):
    global failed
    print(("PASS " if cond else "FAIL ") + "api/xenapi-python/" + name +
          ("" if cond else " " + str(detail)))
    if not cond:
        failed = 1


def failure(fn):
    try:
        fn()
    except XenAPI.Failure as e:
        return e.details
    return None


def rest(method, path, token, body=None):
    r = urllib.request.Request(http_url.rstrip("/") + path, method=method,
                               data=json.dumps(body).encode() if body else None,
                               headers={"Authorization": "Bearer " + token,
                                        "Content-Type": "application/json"})
    with urllib.request.urlopen(r) as f:
        return f.status


s = XenAPI.Session(http_url)
s.login_with_password("admin", pw, "1.0", "xenolith-test")
check("login-api-version", s.API_version == "2.21", s.API_version)
x = s.xenapi

vms = x.VM.get_all()
recs = x.VM.get_all_records()
check("vm-get-all", set(vms) == set(recs.keys()) and len(vms) >= 2, vms)
dom0 = [r for r, v in recs.items() if v["is_control_domain"]]
check("dom0-is-control-domain",
      len(dom0) == 1 and recs[dom0[0]]["name_label"] == "Domain-0")
web = x.VM.get_by_name_label("pyvm")
check("vm-get-by-name-label", len(web) == 1, web)
rec = x.VM.get_record(web[0])
check("vm-get-record",
      rec["name_label"] == "pyvm" and rec["power_state"] == "Halted" and
      rec["memory_static_max"] == str(48 << 20), rec)
check("vm-get-by-uuid", x.VM.get_by_uuid(rec["uuid"]) == web[0])
check("vm-get-power-state", x.VM.get_power_state(web[0]) == "Halted")
check("vm-get-name-label", x.VM.get_name_label(web[0]) == "pyvm")

pool = x.pool.get_all()
master = x.pool.get_master(pool[0])
check("pool-master-is-host", x.host.get_all() == [master])
check("host-record", x.host.get_record(master)["API_version_major"] == "2")
check("pool-records", list(x.pool.get_all_records().keys()) == pool)
check("host-records", list(x.host.get_all_records().keys()) == [master])
methods = s.system.listMethods()["Value"]
check("list-methods",
      "VM.get_all_records" in methods and "event.from" in methods, methods)

e = failure(lambda: x.VM.get_record("OpaqueRef:nope"))
check("handle-invalid", e == ["HANDLE_INVALID", "VM", "OpaqueRef:nope"], e)
e = failure(lambda: x.VM.pause(web[0]))
check("vm-bad-power-state",
      e == ["VM_BAD_POWER_STATE", web[0], "running", "halted"], e)
e = failure(lambda: x.VM.hard_shutdown(web[0]))
check("vm-bad-power-state-hard-shutdown",
      e == ["VM_BAD_POWER_STATE", web[0],
            "running, paused, shutdown or crashed", "halted"], e)
e = failure(lambda: x.VM.clean_shutdown(dom0[0]))
check("dom0-not-stoppable", e and e[0] == "OPERATION_NOT_ALLOWED", e)
e = failure(lambda: x.VM.frobnicate(web[0]))
check("method-unknown", e == ["MESSAGE_METHOD_UNKNOWN", "VM.frobnicate"], e)
e = failure(lambda: x.VM.get_record())
check("parameter-count", e and e[0] == "MESSAGE_PARAMETER_COUNT_MISMATCH", e)
e = failure(lambda: XenAPI.Session(http_url).login_with_password("admin", "x"))
check("auth-failed", e and e[0] == "SESSION_AUTHENTICATION_FAILED", e)
raw = xmlrpc.client.ServerProxy(http_url)
r = raw.VM.get_all("0" * 64)
check("session-invalid",
      r["Status"] == "Failure" and r["ErrorDescription"][0] == "SESSION_INVALID",
      r)

# a read-only user reads but may not act
ro = XenAPI.Session(http_url)
ro.login_with_password("viewer", ro_pw)
check("readonly-reads", len(ro.xenapi.VM.get_all()) == len(vms))
e = failure(lambda: ro.xenapi.VM.start(web[0], False, False))
check("readonly-rbac", e and e[0] == "RBAC_PERMISSION_DENIED", e)
ro.xenapi.logout()

# event.from: a snapshot with token "", then a change seen by a waiting call
snap = getattr(x.event, "from")(["vm"], "", 0.0)
check("event-from-snapshot",
      len([ev for ev in snap["events"] if ev["class"] == "vm"]) == len(vms) and
      snap["valid_ref_counts"]["vm"] == len(vms), snap["valid_ref_counts"])
token = x.event.inject("VM", web[0])
threading.Timer(0.5, lambda: rest("POST", "/api/v1/domains", s._session,
                                  {"name": "pyvm2", "kernel": "/k"})).start()
t0 = time.time()
got = getattr(x.event, "from")(["VM"], token, 10.0)
waited = time.time() - t0
added = [ev for ev in got["events"] if ev["operation"] == "add"]
check("event-from-waits-for-change",
      len(added) == 1 and added[0]["snapshot"]["name_label"] == "pyvm2" and
      0.3 < waited < 5, (got, waited))
t0 = time.time()
quiet = getattr(x.event, "from")(["VM"], got["token"], 1.0)
check("event-from-timeout",
      quiet["events"] == [] and 0.8 < time.time() - t0 < 3, quiet)
# past the window of 1024 events the token is lost
for i in range(1100):
    rest("PUT", "/api/v1/domains/pyvm2/sched", s._session, {"cap": i % 2})
e = failure(lambda: getattr(x.event, "from")(["VM"], got["token"], 0.0))
check("events-lost", e == ["EVENTS_LOST"], e)
e = failure(lambda: getattr(x.event, "from")(["VM"], "zzz", 0.0))
check("event-token-parse", e and e[0] == "EVENT_FROM_TOKEN_PARSE_FAILURE", e)

# the same over HTTPS, the self-signed certificate verified
ctx = ssl.create_default_context(cafile=cafile)
st = XenAPI.Session(https_url, transport=xmlrpc.client.SafeTransport(context=ctx))
st.login_with_password("admin", pw)
check("https-verified", len(st.xenapi.VM.get_all()) == len(vms) + 1)
st.xenapi.session.logout()

old = s._session
s.xenapi.session.logout()
r = raw.VM.get_all(old)
check("logout-ends-session",
      r["Status"] == "Failure" and r["ErrorDescription"][0] == "SESSION_INVALID",
      r)
sys.exit(failed)
