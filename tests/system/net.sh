#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The network split driver end to end (QEMU TCG, the svm back end): Dom0
# booted with `vif` joins the bridge xenbr0 as 10.0.0.1 and gives each of
# two DomUs (console=hvc0) vif N.0, 10.0.0.(10 + N); everything is typed
# into Dom0's shell and, through `console 1`, d1's.
#   net/handshake   netfront and netback reach Connected; the keys each
#                   side wrote carry xen/io/netif.h's names; each DomU
#                   took its address from the backend's `ip` key
#   net/ping        Dom0 pings d1; d1 pings Dom0 and d2 (through the
#                   bridge, which learned the three MACs); d1's `ip`
#                   counts the frames
#   net/stats       the backend's counters reach the store and `vif`; once
#                   the traffic stops the store's equal `vif`'s (not stale)
#   net/hotplug     `vif detach 2` takes d2's interface away on both sides
#                   (Dom0's ping of d2 goes unanswered), `vif attach 2`
#                   brings it back (answered again)
#   net/teardown    d2 powers off: its vif goes, d1 still reaches Dom0
set -u
. "$(dirname "$0")/guest-lib.sh"
name=net/handshake
log=$build/tests/system/net.log
boot_split_drivers "vif" 2
wait_for '^\(d0\) .*\[1\] .*eth0: 10\.0\.0\.11/24$' 60 ||
	fail "d1's netfront did not connect with its address"
wait_for '^\(d0\) .*\[2\] .*eth0: 10\.0\.0\.12/24$' 20 ||
	fail "d2's netfront did not connect with its address"
send_line vif '^\(d0\) vif2\.0 Connected/Connected '
tr -d '\r' < "$log" | grep -Eq '^\(d0\) (dom0> )?vif1\.0 Connected/Connected ' ||
	fail "vif1.0 is not connected"
be=/local/domain/0/backend/vif/1/0
fe=/local/domain/1/device/vif/0
send_line "xs ls $be" '^\(d0\) feature-rx-copy$'
for k in frontend frontend-id online state mac handle feature-sg ip; do
	tr -d '\r' < "$log" | grep -qx "(d0) $k" || fail "$be has no $k"
done
send_line "xs ls $fe" '^\(d0\) request-rx-copy$'
for k in backend backend-id state mac handle tx-ring-ref rx-ring-ref \
	event-channel; do
	tr -d '\r' < "$log" | grep -qx "(d0) $k" || fail "$fe has no $k"
done
send_line "xs read $fe/mac" '^\(d0\) 00:16:3e:00:00:01$'
echo "PASS $name"

name=net/ping
send_line 'ping 10.0.0.11 3' '^\(d0\) 3 packets transmitted, 3 received$' 20
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line 'ping 10.0.0.1 3' '^\(d0\) 3 packets transmitted, 3 received$' 20
printf 'ping 10.0.0.12 3\r' >&3
wait_for '^\(d0\) 56 bytes from 10\.0\.0\.12: icmp_seq=3 ' 20 ||
	fail "d1 did not reach d2"
send_line ip '^\(d0\) +rx [1-9][0-9]* packets [0-9]+ bytes 0 dropped$'
printf '\035' >&3
wait_for '^\(d0\) detached from domain 1' 10 || fail "Ctrl-] did not detach"
send_line bridge '^\(d0\)   00:16:3e:00:00:02  vif2\.0 '
for m in '00:16:3e:00:00:00  xenbr0' '00:16:3e:00:00:01  vif1\.0'; do
	tr -d '\r' < "$log" | grep -q "^(d0)   $m " || fail "the bridge did not learn $m"
done
echo "PASS $name"

name=net/stats
send_line vif '^\(d0\) (dom0> )?vif1\.0 Connected/Connected rx [1-9][0-9]*/[0-9]+ tx [1-9][0-9]*/[0-9]+ drops 0$'
live=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?vif1\.0 Connected\/Connected rx ([0-9]+)\/([0-9]+) tx ([0-9]+)\/([0-9]+) drops 0$/\2 \3 \4 \5/p' | tail -1)
# Quiet since: the store comes to hold the backend's last counts, not
# older ones.  It is written at most once a second of Dom0's clock, which
# on a loaded host runs slower than the wall's: read until it does.
for ((n = 0; n < 40; n++)); do
	store=
	for k in rx_packets rx_bytes tx_packets tx_bytes; do
		printf 'xs read %s\r' "$be/statistics/$k" >&3
		wait_for "^\\(d0\\) (dom0> )?xs read $be/statistics/$k\$" 10 || fail "no xs read of $k"
		for ((i = 0; i < 50; i++)); do
			v=$(tr -d '\r' < "$log" | sed -n "\\#xs read $be/statistics/$k\$#{n;p}" | tail -1 | sed -nE 's/^\(d0\) ([0-9]+)$/\1/p')
			[ -n "$v" ] && break
			sleep 0.2
		done
		store="$store${store:+ }$v"
	done
	[ -n "$live" ] && [ "$store" = "$live" ] && break
	sleep 0.5
done
[ -n "$live" ] && [ "$store" = "$live" ] ||
	fail "the store's statistics ($store) are not the backend's counts ($live)"
echo "    rx packets/bytes, tx packets/bytes: $store"
echo "PASS $name"

name=net/hotplug
send_line 'vif detach 2' '^\(d0\) .*\[2\] .*' 10
for ((i = 0; i < 25; i++)); do
	printf 'vif\r' >&3
	sleep 0.4
	tr -d '\r' < "$log" | tail -3 | grep -q 'vif2\.0' || break
done
[ "$i" -lt 25 ] || fail "vif2.0 is still in Dom0's list after detach"
send_line 'ping 10.0.0.12 1' '^\(d0\) 1 packets transmitted, 0 received$' 10
printf 'vif attach 2\r' >&3
for ((i = 0; i < 100; i++)); do
	n=$(tr -d '\r' < "$log" | grep -Ec '^\(d0\) .*\[2\] .*eth0: 10\.0\.0\.12/24$')
	[ "$n" -ge 2 ] && break
	sleep 0.2
done
[ "$n" -ge 2 ] || fail "d2's vif did not come back"
send_line 'ping 10.0.0.12 2' '^\(d0\) 2 packets transmitted, 2 received$' 20
echo "PASS $name"

name=net/teardown
send_line 'console 2' '^\(d0\) attached to domain 2'
printf 'poweroff\r' >&3
wait_for '^\(d0\) d2: gone' 20 || fail "Dom0 did not see d2 go"
send_line vif '^\(d0\) (dom0> )?vif1\.0 Connected/Connected' 5
tr -d '\r' < "$log" | tail -2 | grep -q 'vif2\.0' && fail "vif2.0 outlived d2"
send_line 'console 1' '^\(d0\) attached to domain 1'
send_line 'ping 10.0.0.1 2' '^\(d0\) 2 packets transmitted, 2 received$' 20
printf '\035' >&3
crash='crashed:\|Panic\|PANIC'
grep -q "$crash" "$log" && fail "$(grep -m1 "$crash" "$log")"
stop_qemu
echo "PASS $name"
