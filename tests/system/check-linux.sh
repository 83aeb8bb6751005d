#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks bochs-linux.sh's log: Linux, d1, reached its /init marker on its
# console ring (Dom0's backend copies it out as "(d0) [1] ..."), loaded
# xen-netfront, had its three pings to Dom0 answered, and powered its
# domain off; nothing crashed.  Usage: LOG [BACK-END].
set -u
log=$1
name=linux/bochs-vmx
text=$(tr -d '\r' < "$log")
fail() {
	echo "FAIL $name: $*"
	echo "$text" | grep -v '^(XEN)' | tail -15 | sed 's/^/    /'
	exit 1
}
echo "$text" | grep -q '^(d0) .*\[1\] XENOLITH-LINUX-INIT-OK' || fail "no /init marker"
echo "$text" | grep -q '^(d0) .*\[1\] xenolith-init: modules: .*xen_netfront' ||
	fail "xen-netfront not loaded"
echo "$text" | grep -q '^(d0) .*\[1\] xenolith-init: eth0: ping 10.0.0.1: 3 packets transmitted, 3 packets received' ||
	fail "the pings to Dom0 were not all answered"
echo "$text" | grep -q '^(XEN) domain 1 (.*) shut down: poweroff' || fail "Linux did not power off"
echo "$text" | grep -q 'crashed:\|Panic\|PANIC' && fail "$(echo "$text" | grep -m1 'crashed:\|Panic\|PANIC')"
exit 0
