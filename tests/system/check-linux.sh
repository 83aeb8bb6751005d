#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks bochs-linux.sh's log: Linux, d1, reached its /init marker on its
# console ring (Dom0's backend copies it out as "(d0) [1] ..."), ran its
# local APIC in x2APIC mode (which CPUID offers) and took event upcalls,
# loaded xen-netfront, had its three pings to Dom0 answered, and powered its
# domain off; nothing crashed.  Usage: LOG [BACK-END].
name=linux/bochs-vmx
. "$(dirname "$0")/check-ring.sh"
has '^(d0) .*\[1\] XENOLITH-LINUX-INIT-OK' || fail "no /init marker"
has '^(d0) .*\[1\] xenolith-init: APIC: x2apic enabled;Switched APIC routing to physical x2apic\.; upcalls: [1-9]' ||
	fail "Linux not in x2APIC mode, or without event upcalls"
has '^(d0) .*\[1\] xenolith-init: modules: .*xen_netfront' || fail "xen-netfront not loaded"
has '^(d0) .*\[1\] xenolith-init: eth0: ping 10.0.0.1: 3 packets transmitted, 3 packets received' ||
	fail "the pings to Dom0 were not all answered"
has '^(XEN) domain 1 (.*) shut down: poweroff' || fail "Linux did not power off"
pass_unless_crashed
