#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Many small domains at once under QEMU (TCG, svm), through xl and xapid:
# no fixed table of the hypervisor (its domains, foreign mappings) or of
# Dom0 (its guests, consoles, foreign window) caps how many live, memory
# does.
#   xl-many/create   COUNT domains of 4 MiB (XL_MANY, default 300; the
#                    tables used to hold 32) are created and boot to
#                    their shell
# With XL_MANY_FIT=1 (make bench) the machine has 2 GiB and domains are
# created until memory runs out: a table of how many fit and how long
# `xl list' takes at that size.
#   xl-many/list     `xl list' shows every one
#   xl-many/destroy  all destroyed: the hypervisor's free memory to the
#                    KiB (less the frames of Dom0's grown port table),
#                    the store's homes and /vm, and Dom0's event
#                    channels are as before
set -u
. "$(dirname "$0")/guest-lib.sh"
count=${XL_MANY:-300}
fit=${XL_MANY_FIT:-0}
name=xl-many/boot
log=$build/tests/system/xl-many.log
mkdir -p "$build/tests/system"
run=$(mktemp -d "$build/tests/system/xl-many-XXXXXX")
trap 'stop_toolstack; rm -rf "$run"' EXIT
need_built "$build/xenolith" "$build/dom0/dom0.elf" "$gp/guest-pv.elf" \
	"$build/bin/xapid" "$build/bin/xl"
mem=$((count * 5 + 192))
[ "$fit" = 1 ] && count=1000 mem=2048

boot_toolstack "$run" $((600 + count * 3)) -m "${mem}M" \
	-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M" \
	-initrd "$build/dom0/dom0.elf,$gp/guest-pv.elf console=hvc0"

# The hypervisor's free memory in KiB (OP_INFO through xapid: `xl info'
# rounds to MiB).
free_kib() {
	python3 - "$XAPID_SOCKET" <<'PY'
import socket, struct, sys, zlib
def frame(op, fid, payload=b""):
    h = struct.pack("<IHHIII", 0x31464c58, op, 0, fid, 0, len(payload))
    return h + struct.pack("<I", zlib.crc32(h)) + payload + struct.pack("<I", zlib.crc32(payload))
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(20)
s.sendall(frame(11, 1))
buf = b""
while len(buf) < 24 or len(buf) < 28 + struct.unpack("<I", buf[16:20])[0]:
    buf += s.recv(65536)
op, flags = struct.unpack("<HH", buf[4:8])
assert op == 11 and not flags & 2, "INFO failed"
print(struct.unpack("<Q", buf[24 + 16:24 + 24])[0])
PY
}
store_entries() {
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-list /local/domain | sort | tr '\n' ' '
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-list /vm | sort | tr '\n' ' '
}
# Dom0's interdomain event channels and the size of its port table, from
# its shell's `evtchn': "CHANNELS VALID_PORTS".
dom0_channels() {
	local lines out
	lines=$(wc -l < "$log")
	printf 'evtchn\r' >&3
	for i in $(seq 60); do
		tr -d '\r' < "$log" | tail -n +$((lines + 1)) |
			grep -q 'events on ports without a handler' && break
		sleep 0.5
	done
	out=$(tr -d '\r' < "$log" | tail -n +$((lines + 1)))
	echo "$(echo "$out" | grep -c 'interdomain to d')" \
		"$(echo "$out" | sed -n 's/.*valid ports: \([0-9]*\).*/\1/p' | tail -1)"
}
guests_up() { tr -d '\r' < "$log" | grep -Ec "^\(d0\) (dom0> )?\[[0-9]+\] type .help. for the commands"; }

free0=$(free_kib) entries0=$(store_entries)
read -r chans0 ports0 <<<"$(dom0_channels)"
[ -n "$free0" ] || fail "no free memory figure"
[ -n "$ports0" ] || fail "Dom0's evtchn gave no port table size"
up0=$(guests_up)
name=xl-many/create
start=$(date +%s)
for i in $(seq "$count"); do
	out=$("$xl" create "$top/examples/guest-pv.cfg" "kernel=\"$gp/guest-pv.elf\"" \
		"name=\"m$i\"" memory=4 2>&1) && continue
	[ "$fit" = 1 ] || fail "domain $i of $count: $out"
	echo "$out" | grep -qi "memory\|not that much free\|error -12" || fail "domain $i: $out"
	echo "domain $i: $out" | tail -1
	count=$((i - 1))
	break
done
for i in $(seq 120); do [ $(($(guests_up) - up0)) -ge "$count" ] && break; sleep 1; done
[ $(($(guests_up) - up0)) -ge "$count" ] || fail "$(($(guests_up) - up0)) of $count shells came up"
secs=$(( $(date +%s) - start ))
# Each is served: its xenstore ring and console ring, two channels of Dom0's.
grep -q "^(d0) .*: error" "$log" && fail "$(grep -m1 '^(d0) .*: error' "$log")"
read -r chans _ <<<"$(dom0_channels)"
[ "$chans" = $((chans0 + 2 * count)) ] ||
	fail "Dom0 has $chans interdomain event channels, not $((chans0 + 2 * count))"
echo "PASS $name ($count domains in $secs s, each with its xenstore and console rings)"

name=xl-many/list
t0=$(date +%s%N)
out=$("$xl" list 2>&1) || fail "$out"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$(echo "$out" | grep -Ec '^m[0-9]+ ')" = "$count" ] || fail "$(echo "$out" | grep -c '^m') of $count listed"
echo "PASS $name ($((count + 2)) domains listed in $ms ms)"
if [ "$fit" = 1 ]; then
	printf '\n%-44s %10s\n' "4 MiB DomUs on a 2 GiB machine (QEMU TCG)" "value"
	printf '%-44s %10d\n' "DomUs alive at once (memory ran out)" "$count"
	printf '%-44s %10d\n' "\`xl list' of them all, ms" "$ms"
fi

name=xl-many/destroy
for i in $(seq "$count"); do
	out=$("$xl" destroy "m$i" 2>&1) || fail "m$i: $out"
done
# Dom0's port table grew for the 2 * COUNT channels and, as on Xen, keeps
# its size while Dom0 lives: a frame for each 128 ports it gained
# (EVTCHN_BUCKET_PORTS in the hypervisor) is the only memory not back.
read -r _ ports <<<"$(dom0_channels)"
[ -n "$ports" ] || fail "Dom0's evtchn gave no port table size"
[ $(((ports - ports0) % 128)) = 0 ] || fail "Dom0's port table grew from $ports0 to $ports ports"
free_want=$((free0 - (ports - ports0) / 128 * 4))
for i in $(seq 40); do
	[ "$(store_entries)" = "$entries0" ] && [ "$(free_kib)" = "$free_want" ] && break
	sleep 0.5
done
[ "$(store_entries)" = "$entries0" ] || fail "store entries left: $(store_entries), were $entries0"
[ "$(free_kib)" = "$free_want" ] ||
	fail "free memory $(free_kib) KiB, want $free_want ($free0 before, Dom0's port table $ports0 -> $ports ports)"
read -r chans _ <<<"$(dom0_channels)"
[ "$chans" = "$chans0" ] || fail "Dom0 has $chans interdomain event channels, had $chans0"
grep -q 'Panic\|PANIC\|crashed:' "$log" && fail "$(grep -m1 'Panic\|PANIC\|crashed:' "$log")"
echo "PASS $name (free memory, store and Dom0's $chans0 event channels as before; its port table $ports0 -> $ports)"
