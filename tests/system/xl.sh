#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The toolstack end to end under QEMU (TCG, svm): Dom0's management agent on
# the virtio-console port `mgmt', QEMU's socket for it, xapid, and xl and xenstore-utils against them.
#   xl/agent-hostile Dom0's agent answers malformed requests with errors
#                    (unknown op, short, too long, trailing bytes, a bad
#                    spec), drops a frame with a bad CRC, and goes on
#   xl/sockets       xapid's client and relay sockets are mode 0600
#   xl/no-xapid      xl without a xapid says so and exits 1
#   xl/list          `xl list` has Xen's header and a row per domain
#   xl/list-json     `xl list -l 1` is JSON naming domain 1
#   xl/list-verbose  `xl list -v` adds Xen's UUID, reason code and label
#                    columns (Dom0's handle is zeros); -Z -c -n theirs; a
#                    created domain shows its config's uuid, as does -l
#   xl/info          `xl info` gives key : value lines, free_memory too
#   xl/domid-domname the two directions between names and ids
#   xl/pause         pause shows `p' in the state, unpause takes it away
#   xl/rename        a new name shows; a taken one is refused
#   xl/vcpu          vcpu-list rows; vcpu-pin to a CPU there is not is refused
#   xl/sched-credit  a weight set shows
#   xl/mem           mem-max shows in list -l; mem-set above it is refused
#   xl/uptime        a line per domain, H:MM:SS
#   xl/dmesg         the hypervisor's banner
#   xl/top           two tables, the second with Dom0's exits per second
#   xl/shutdown      `xl shutdown -w` of a created DomU: the guest powers
#                    itself off through control/shutdown, xl waits until it
#                    has shut down, xapid destroys it (on_poweroff's
#                    default); a guest without PV control
#                    (control/feature-poweroff removed) is refused, as by Xen
#   xl/xapid-restart xapid restarted between sd's creation and its shutdown
#                    reads sd's configuration back from its state directory
#                    and runs its on_poweroff (the file goes with the domain)
#   xl/on-poweroff-preserve  a domain with on_poweroff="preserve" that
#                    `xl shutdown -w' powers off stays, `---s--', its
#                    xenstore home kept, until `xl destroy'
#   xl/on-reboot-restart `xl reboot -w': on_reboot's default, restart,
#                    gives a new domain of the same name that boots
#   xl/on-crash      a guest that crashes (a triple fault, the shell's
#                    `crash'; the hypervisor logs it as dN) is kept as `---sc-' (preserve), destroyed
#                    (the default), or renamed NAME-YYYYMMDDTHHMMZ and kept
#                    while a new one starts (rename-restart); nothing leaks
#   xl/bad-config    errors name their line, nothing is created
#   xl/split-drivers block/network verbs refuse what they must: Dom0 as a
#                    target domain, a disk spec without target, a bad MAC
#   xl/xenstore-ls   Debian's xenstore-ls through the relay shows domain 1
#   xl/xenstore-flood a client that floods without reading is bounded;
#                    another client and xl carry on meanwhile
#   xl/create        `xl create examples/guest-pv.cfg` builds a DomU that boots
#                    to its shell on its console ring, named as its
#                    config says; a missing kernel is refused by name
#   xl/console       `xl console` reaches the new DomU's shell (`info` there
#                    says domain 2) and comes back on Ctrl-] with status 0;
#                    `xl create CFG -c` does the same for a new domain
#                    (-c after the file, as Xen's xl takes it)
#   xl/create-paused -p leaves it paused; destroy takes it away, with its
#                    xenstore home and /vm entry
#   xl/max-event-channels  max_event_channels=40: the guest's binds stop
#                    with -ENOSPC after port 40 (max_evtchn_port 40, as
#                    libxl); 0 is refused with the line
#   xl/create-smp    vcpus=4 (tests/guests/smp.c, built by Dom0 with its
#                    MADT): list and vcpu-list show 4 vCPUs, vCPU 0 alone
#                    runnable; cpu/0..3/availability "online", readable by
#                    the guest; unpaused, the guest brings the others up both
#                    ways and passes every check, and the keys go with it;
#                    vcpus=9 is refused
#   xl/split-create  `xl create examples/guest-split.cfg` (disk= on a region
#                    of Dom0's virtio-blk disk, vif= on xenbr0): the DomU
#                    sees xvda and eth0 with the config's MAC and address;
#                    it writes a pattern the host finds at the region's
#                    offset in the disk image, and reads one the host wrote
#                    there; it pings Dom0 and a second DomU built from the
#                    same config with another region, MAC and address;
#                    the vif's counters reach the store; a discard reaches
#                    the virtio-blk disk as VIRTIO_BLK_T_DISCARD (QEMU,
#                    discard=unmap, punches a hole in the image: no data
#                    left there, where written zeros would stay allocated)
#   xl/split-refused a disk overlapping another's writable region, a
#                    target past the disk's end and a bridge that does not
#                    exist are refused by name, leaving nothing
#   xl/split-ro      access=ro: mode r in the store, the guest's write
#                    refused (EROFS), two read-only users of one region
#   xl/split-hotplug block-attach of a read-only RAM disk and network-attach
#                    of a second vif while the DomU runs: the guest sees
#                    them, block-list and network-list show them Connected
#                    with their target, mode, MAC and address; network-list's
#                    counters grow while the guest pings; block-list counts
#                    the sectors written; block-detach and network-detach
#                    (by MAC) take them away on both sides
#   xl/split-nat     a DomU with `script=vif-nat' gets Dom0 as its gateway;
#                    through Dom0's NAT and eth0 (virtio-net on QEMU's user
#                    network) it exchanges UDP with a process on the host's
#                    loopback, which sees QEMU's address, not the guest's;
#                    its pings to QEMU's gateway come back (eth0 has its
#                    default address, nobody set it); a second, without
#                    ip=, is leased 10.0.0.128 from Dom0's DHCP pool
#   xl/split-destroy destroy takes the backends' directories away
#   xl/builder-faults a failure injected into each phase of the builder
#                    is reported with the phase's name, and leaves nothing:
#                    the hypervisor's free memory, the domain list and the
#                    store's /local/domain and /vm are as before
#   xl/destroy       destroy removes domain 1; Dom0 cannot be destroyed
#   xl/qemu-restart  QEMU killed: xl says Dom0 is unreachable; QEMU
#                    started again: the same xapid serves xl again
set -u
. "$(dirname "$0")/guest-lib.sh"
name=xl/boot
log=$build/tests/system/xl.log
mkdir -p "$build/tests/system"
run=$(mktemp -d "$build/tests/system/xl-XXXXXX")
cleanup() {
	stop_toolstack
	[ -n "${flood_pid:-}" ] && kill "$flood_pid" 2>/dev/null
	[ -n "${udp_pid:-}" ] && kill "$udp_pid" 2>/dev/null
	rm -rf "$run"
}
trap cleanup EXIT
need_built "$build/xenolith" "$build/dom0/dom0.elf" "$gp/guest-pv.elf" \
	"$build/bin/xapid" "$build/bin/xl"
truncate -s 64M "$run/disk.img"
# The example names the kernel from the top of the checkout; xl resolves
# it from the current directory, as Xen's does, so tests name this build's.
kernel="kernel=\"$gp/guest-pv.elf\""

boot() {
	toolstack_qemu "$run" 400 -m 256M \
		-drive "file=$run/disk.img,if=none,format=raw,id=disk,discard=unmap" \
		-device virtio-blk-pci,drive=disk,disable-legacy=on \
		-netdev user,id=net0 -device virtio-net-pci,netdev=net0,disable-legacy=on \
		-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M" \
		-initrd "$build/dom0/dom0.elf,$gp/guest-pv.elf console=hvc0"
}
# xl_ok NAME ARGS...: runs xl, which must succeed; its output in $out.
xl_ok() {
	local n=$1 rc
	shift
	out=$("$xl" "$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || { echo "$out" | sed 's/^/    /'; name=$n; fail "xl $* exited $rc"; }
}
# xl_refused NAME PATTERN ARGS...: xl must exit 1 saying PATTERN.
xl_refused() {
	local n=$1 pat=$2 rc
	shift 2
	out=$("$xl" "$@" 2>&1)
	rc=$?
	[ $rc -eq 1 ] || { name=$n; fail "xl $* exited $rc, not 1: $out"; }
	echo "$out" | grep -Eq -- "$pat" || { name=$n; fail "xl $*: no '$pat' in: $out"; }
}
pass() { echo "PASS $1"; }

boot
# Dom0's agent against hostile frames, before xapid holds the channel:
# garbage, a corrupt CRC, an unknown operation, a payload that does not
# parse, a too-long string, trailing bytes: each malformed request gets an
# error reply (or is dropped when its frame does not check), and the agent
# still answers a good request after them.
python3 - "$XAPID_CHANNEL" <<'PY' || { name=xl/agent-hostile; fail "see above"; }
import socket, struct, sys, time, zlib
def frame(op, fid, payload=b"", flags=0, chan=0):
    h = struct.pack("<IHHIII", 0x31464c58, op, flags, fid, chan, len(payload))
    return h + struct.pack("<I", zlib.crc32(h)) + payload + struct.pack("<I", zlib.crc32(payload))
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(20)
bad_crc = bytearray(frame(10, 2))
bad_crc[-1] ^= 0xff
s.sendall(b"\x00garbage XLF1XL" + bytes(bad_crc) +
          frame(99, 3) +                                  # unknown op
          frame(12, 4, b"\x01") +                         # DESTROY, short payload
          frame(34, 5, struct.pack("<IH", 1, 500) + b"a" * 500) +  # RENAME, name too long
          frame(13, 6, struct.pack("<II", 1, 0)) +         # PAUSE, trailing bytes
          frame(33, 7, b"\xff" * 100) +                    # CREATE, nonsense spec
          frame(10, 8))                                   # LIST: must still answer
want = {3: -38, 4: -74, 5: -74, 6: -74, 7: -74}
got, buf = {}, b""
end = time.time() + 20
while 8 not in got and time.time() < end:
    buf += s.recv(65536)
    while True:
        i = buf.find(b"XLF1")
        if i < 0 or len(buf) < i + 24:
            break
        buf = buf[i:]
        op, flags, fid, chan, ln = struct.unpack("<HHIII", buf[4:20])
        if len(buf) < 28 + ln:
            break
        p = buf[24:24 + ln]
        buf = buf[28 + ln:]
        if flags & 1:
            got[fid] = struct.unpack("<i", p[:4])[0] if flags & 2 else 0
if got.get(2) is not None:
    sys.exit("FAIL: the frame with a bad CRC was answered")
for fid, err in want.items():
    if got.get(fid) != err:
        sys.exit("FAIL: request %d: error %s, want %d (%s)" % (fid, got.get(fid), err, got))
if got.get(8) != 0:
    sys.exit("FAIL: LIST after the hostile frames: %s" % got.get(8))
PY
pass xl/agent-hostile
toolstack_xapid "$run" --log-level debug

[ "$(stat -c %a "$XAPID_SOCKET")" = 600 ] && [ "$(stat -c %a "$XAPID_XENSTORE")" = 600 ] ||
	{ name=xl/sockets; fail "modes $(stat -c %a "$XAPID_SOCKET") $(stat -c %a "$XAPID_XENSTORE")"; }
pass xl/sockets

out=$(XAPID_SOCKET=$run/none "$xl" list 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q "cannot reach xapid at $run/none" ||
	{ name=xl/no-xapid; fail "$out"; }
pass xl/no-xapid

xl_ok xl/list list
echo "$out" | head -1 | grep -Eq "^Name +ID +Mem VCPUs	State	Time\(s\)$" &&
	echo "$out" | grep -Eq '^Domain-0 +0 +[0-9]+ +1 +r-----  +[0-9]+\.[0-9]$' &&
	echo "$out" | grep -Eq '^domU-1 +1 +1[56] +1 +-[b-]-----? *[0-9]' ||
	{ echo "$out"; name=xl/list; fail "not Xen's format"; }
pass xl/list

xl_ok xl/list-json list -l 1
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==1 and d[0]["domid"]==1 and d[0]["name"]=="domU-1", d' ||
	{ name=xl/list-json; fail "$out"; }
xl_refused xl/list-json "99: no such domain" list 99
pass xl/list-json

xl_ok xl/list-verbose list -v 0
printf '%s\n' "$out" | head -1 | grep -q "Time(s)   UUID                            Reason-Code	Security Label$" &&
	echo "$out" | grep -Eq '^Domain-0 +0 .* 00000000-0000-0000-0000-000000000000 +- +-$' ||
	{ echo "$out"; name=xl/list-verbose; fail "not Xen's -v columns"; }
xl_ok xl/list-verbose list --context --cpupool -n Domain-0
echo "$out" | head -1 | grep -q "Time(s)   Security Label         Cpupool NODE Affinity$" &&
	echo "$out" | grep -Eq '^Domain-0 +0 .*[0-9] +- +Pool-0 all$' ||
	{ echo "$out"; name=xl/list-verbose; fail "-Z -c -n columns"; }
xl_refused xl/list-verbose "usage" list -q

xl_ok xl/info info
echo "$out" | grep -Eq '^free_memory +: [0-9]+$' &&
	echo "$out" | grep -Eq '^total_memory +: 2[0-9][0-9]$' &&
	echo "$out" | grep -Eq '^xen_version +: 4\.17' &&
	echo "$out" | grep -Eq '^virt_caps +: .*svm' ||
	{ echo "$out"; name=xl/info; fail "keys missing"; }
pass xl/info

xl_ok xl/domid-domname domid domU-1
[ "$out" = 1 ] || { name=xl/domid-domname; fail "domid: $out"; }
xl_ok xl/domid-domname domname 0
[ "$out" = Domain-0 ] || { name=xl/domid-domname; fail "domname: $out"; }
xl_refused xl/domid-domname "no domain called .nosuch." domid nosuch
pass xl/domid-domname

xl_ok xl/pause pause 1
xl_ok xl/pause list 1
echo "$out" | grep -Eq '^domU-1 .* -[b-]p---  ' || { name=xl/pause; fail "$out"; }
xl_ok xl/pause unpause domU-1
xl_ok xl/pause list 1
echo "$out" | grep -Eq '^domU-1 .* -[b-]----  ' || { name=xl/pause; fail "$out"; }
xl_refused xl/pause "domain 0 runs the toolstack" pause 0
pass xl/pause

xl_ok xl/rename rename 1 web
xl_ok xl/rename list web
echo "$out" | grep -q '^web  ' || { name=xl/rename; fail "$out"; }
xl_refused xl/rename 'name "Domain-0" is taken' rename web Domain-0
pass xl/rename

xl_ok xl/vcpu vcpu-list web
echo "$out" | grep -Eq '^web +1 +0 +0 +-?[rb-]{3} +[0-9.]+  all / all$' || { name=xl/vcpu; fail "$out"; }
xl_refused xl/vcpu "affinity 0x20 refused" vcpu-pin web 0 5
xl_ok xl/vcpu vcpu-pin web all 0
pass xl/vcpu

xl_ok xl/sched-credit sched-credit -d web -w 512 -c 20
xl_ok xl/sched-credit sched-credit -d web
echo "$out" | grep -Eq '^web +1 +512 +20$' || { name=xl/sched-credit; fail "$out"; }
xl_refused xl/sched-credit "a weight is 1 to 65535" sched-credit -d web -w 0
pass xl/sched-credit

xl_ok xl/mem mem-max web 24m
xl_ok xl/mem list -l web
echo "$out" | grep -q '"maxmem_kib": 24576' || { name=xl/mem; fail "$out"; }
xl_refused xl/mem "target 65536 KiB is above its maximum, 24576 KiB" mem-set web 64m
xl_ok xl/mem mem-set web 12m
XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-read /local/domain/1/memory/target |
	grep -qx 12288 || { name=xl/mem; fail "memory/target not 12288"; }
xl_refused xl/mem "is not a memory size" mem-set web lots
pass xl/mem

xl_ok xl/uptime uptime
echo "$out" | head -1 | grep -Eq '^Name +ID Uptime$' &&
	echo "$out" | grep -Eq '^Domain-0 +0 [0-9]+:[0-5][0-9]:[0-5][0-9]$' &&
	echo "$out" | grep -Eq '^web +1 [0-9]+:[0-5][0-9]:[0-5][0-9]$' ||
	{ echo "$out"; name=xl/uptime; fail "not Xen's format"; }
pass xl/uptime

xl_ok xl/dmesg dmesg
echo "$out" | grep -q "Xenolith hypervisor" || { name=xl/dmesg; fail "no banner"; }
pass xl/dmesg

xl_ok xl/top top -i 2 -d 1
[ "$(echo "$out" | grep -c '^ *NAME ')" = 2 ] &&
	echo "$out" | tail -4 | grep -Eq '^ *Domain-0 +0 +[0-9]+ +[0-9.]+ +[0-9]+ +1 +[1-9][0-9]* ' ||
	{ echo "$out"; name=xl/top; fail "no live figures"; }
pass xl/top


cat > "$run/bad.cfg" <<'CFG'
name = "bad"
kernel = "/nonexistent"
memory = "lots"
type = "hvm"
CFG
xl_refused xl/bad-config "bad.cfg:3: warning: parameter .memory. is not a valid number" create "$run/bad.cfg"
echo "$out" | grep -q "bad.cfg:4: error: .type = \"hvm\"." || { name=xl/bad-config; fail "$out"; }
printf 'name = "x"\nmemory = = 3\n' > "$run/syntax.cfg"
xl_refused xl/bad-config "syntax.cfg:2: config parsing error" create "$run/syntax.cfg"
printf 'name = "x"\nmemory = 8\n' > "$run/nokernel.cfg"
xl_refused xl/bad-config "nokernel.cfg: error: no kernel" create "$run/nokernel.cfg"
xl_refused xl/bad-config "bad.cfg: override 1: error: .memory = 0. is out of range" \
	create "$run/bad.cfg" memory=0
xl_ok xl/bad-config list
[ "$(echo "$out" | wc -l)" = 3 ] || { name=xl/bad-config; fail "a domain appeared: $out"; }
pass xl/bad-config

xl_refused xl/split-drivers "domain 0: devices go to DomUs" block-attach 0 'vdev=xvdb,target=ram:1M'
xl_refused xl/split-drivers "no target specified" block-attach web 'vdev=xvdb'
xl_refused xl/split-drivers "mac=01:00:00:00:00:01 is not a unicast MAC" network-attach web mac=01:00:00:00:00:01
xl_refused xl/split-drivers "domain 1 has no disk xvdq" block-detach web xvdq
xl_refused xl/split-drivers "nosuch" network-list nosuch
pass xl/split-drivers

out=$(XENSTORED_PATH=$XAPID_XENSTORE timeout 30 xenstore-ls /local/domain 2>&1) ||
	{ name=xl/xenstore-ls; fail "xenstore-ls: $out"; }
echo "$out" | grep -q '^1 = ""' && echo "$out" | grep -q ' name = "web"' ||
	{ echo "$out" | head; name=xl/xenstore-ls; fail "domain 1 not shown"; }
pass xl/xenstore-ls

# A client that writes 20000 XS_READ requests and never reads a reply;
# it says how many it got out (flood-done) when it stops sending.  Held
# back, it cannot send them all (its socket fills at 16 in flight): the
# check waits for the relay's word that it holds the client, or for the
# flooder's end, which then came without one; no fixed wait.
python3 - "$XAPID_XENSTORE" "$run/flood-done" <<'PY' &
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
msg = struct.pack('<IIII', 2, 1, 0, 8) + b'/local\0\0'
s.setblocking(False)
sent = 0
end = time.time() + 60
while time.time() < end and sent < 20000:
    try:
        s.send(msg); sent += 1
    except BlockingIOError:
        time.sleep(0.05)
with open(sys.argv[2], 'w') as f:
    f.write('%d\n' % sent)
time.sleep(60)
PY
flood_pid=$!
held='xsrelay: client [0-9]* has 16 requests in flight'
while ! grep -q "$held" "$run/xapid.log" && [ ! -e "$run/flood-done" ] &&
	kill -0 "$flood_pid" 2>/dev/null; do
	sleep 0.1
done
out=$(XENSTORED_PATH=$XAPID_XENSTORE timeout 30 xenstore-read /local/domain/1/name 2>&1)
[ "$out" = web ] || { name=xl/xenstore-flood; fail "another client got: $out"; }
grep -q "$held" "$run/xapid.log" ||
	{ name=xl/xenstore-flood; fail "the flooding client was not held back (it sent $(cat "$run/flood-done" 2>/dev/null || echo '?'))"; }
xl_ok xl/xenstore-flood list
kill "$flood_pid"; wait "$flood_pid" 2>/dev/null; flood_pid=
pass xl/xenstore-flood

# The store's homes and /vm entries, for the leak checks.
store_entries() {
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-list /local/domain | sort | tr '\n' ' '
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-list /vm | sort | tr '\n' ' '
}
free_mib() { "$xl" info | sed -n 's/^free_memory *: //p'; }

free0=$(free_mib) entries0=$(store_entries)
xl_ok xl/create create "$top/examples/guest-pv.cfg" "$kernel" \
	'uuid="6c0a1e35-5d7e-4f21-9a3b-0123456789ab"'
echo "$out" | grep -q "^Parsing config from .*guest-pv.cfg" || { name=xl/create; fail "$out"; }
wait_for '^\(d0\) (dom0> )?builder: d2 "guest-pv" built' 20 || { name=xl/create; fail "no build line"; }
wait_for '^\(d0\) (dom0> )?\[2\] type .help. for the commands' 30 ||
	{ name=xl/create; fail "the new DomU's shell did not come up on its ring"; }
xl_ok xl/create list guest-pv
echo "$out" | grep -Eq '^guest-pv +2 +1[56] +1 ' || { name=xl/create; fail "$out"; }
xl_ok xl/list-verbose list -v guest-pv
echo "$out" | grep -Eq '^guest-pv +2 .* 6c0a1e35-5d7e-4f21-9a3b-0123456789ab +- +-$' ||
	{ echo "$out"; name=xl/list-verbose; fail "the config's uuid"; }
xl_ok xl/list-verbose list -l guest-pv
echo "$out" | grep -q '"uuid": "6c0a1e35-5d7e-4f21-9a3b-0123456789ab"' ||
	{ echo "$out"; name=xl/list-verbose; fail "-l: no uuid"; }
pass xl/list-verbose
xl_ok xl/create domid guest-pv
[ "$out" = 2 ] || { name=xl/create; fail "domid $out"; }
xl_refused xl/create "kernel: /nonexistent/k.elf: No such file or directory" \
	create "$top/examples/guest-pv.cfg" "$kernel" 'kernel="/nonexistent/k.elf"' 'name="x"'
pass xl/create

# console_session DELAY XL-ARGS...: types `info' after DELAY seconds, then
# Ctrl-] 3 s later, keeping stdin open: only the escape key ends xl.
console_session() {
	local delay=$1 fifo=$run/console.fifo feeder
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	(sleep "$delay"; printf 'info\r'; sleep 3; printf '\035'; exec sleep 60) >"$fifo" &
	feeder=$!
	out=$(timeout 30 "$xl" "$@" <"$fifo" 2>&1)
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
}
console_session 0 console guest-pv
[ $rc = 0 ] && echo "$out" | tr -d '\r' | grep -q '^domain: *2 (DomU)' ||
	{ echo "$out" | tail -5; name=xl/console; fail "xl console exited $rc"; }
console_session 4 create "$top/examples/guest-pv.cfg" -c "$kernel" 'name="withc"'
[ $rc = 0 ] && echo "$out" | tr -d '\r' | grep -q '^domain: *3 (DomU)' ||
	{ echo "$out" | tail -5; name=xl/console; fail "xl create -c exited $rc"; }
xl_ok xl/console destroy withc
pass xl/console

xl_ok xl/shutdown create "$top/examples/guest-pv.cfg" "$kernel" 'name="sd"'
# A new xapid (the old one stopped) still runs sd's on_poweroff below.
kill "$xapid_pid"; wait "$xapid_pid" 2>/dev/null
toolstack_xapid "$run" --log-level debug
grep -q 'lifecycle: d4 (sd): its configuration restored' "$run/xapid.log" ||
	{ name=xl/xapid-restart; fail "sd's configuration was not restored"; }
for i in $(seq 50); do
	XENSTORED_PATH=$XAPID_XENSTORE timeout 5 xenstore-read /local/domain/4/control/feature-poweroff 2>/dev/null | grep -qx 1 && break
	sleep 0.3
done
XENSTORED_PATH=$XAPID_XENSTORE timeout 10 xenstore-rm /local/domain/4/control/feature-poweroff
xl_refused xl/shutdown "no PV control interface" shutdown sd
XENSTORED_PATH=$XAPID_XENSTORE timeout 10 xenstore-write /local/domain/4/control/feature-poweroff 1
out=$(timeout 60 "$xl" shutdown -w sd 2>&1) || { name=xl/shutdown; fail "shutdown -w: $out"; }
# xl polls: on_poweroff's destroy may come before it looks.
echo "$out" | grep -Eq "Domain 4 has been (shut down, reason code 0|destroyed)" || { name=xl/shutdown; fail "$out"; }
wait_for '\[4\] (guest> )?control: poweroff requested by the toolstack' 10 ||
	{ name=xl/shutdown; fail "the guest did not see the request"; }
# on_poweroff's default, destroy, is xapid's to run: the domain goes.
for i in $(seq 20); do "$xl" list sd >/dev/null 2>&1 || break; sleep 0.5; done
xl_refused xl/shutdown "sd: no such domain" list sd
grep -q 'lifecycle: d4 (sd) shut down, reason 0: destroy' "$run/xapid.log" ||
	{ name=xl/shutdown; fail "xapid did not run on_poweroff"; }
pass xl/shutdown
# The file goes when Dom0 reports the domain gone (its next look, 0.25 s).
for i in $(seq 20); do [ -e "$run/state/domains/4" ] || break; sleep 0.5; done
[ ! -e "$run/state/domains/4" ] || { name=xl/xapid-restart; fail "sd's file stayed"; }
pass xl/xapid-restart

xl_ok xl/create-paused create -p "$top/examples/guest-pv.cfg" "$kernel" 'name="held"'
xl_ok xl/create-paused list held
echo "$out" | grep -Eq '^held +[0-9]+ .* --p---  ' || { name=xl/create-paused; fail "$out"; }
xl_ok xl/create-paused destroy held
xl_ok xl/create-paused destroy guest-pv
for i in $(seq 20); do [ "$(store_entries)" = "$entries0" ] && break; sleep 0.5; done
[ "$(store_entries)" = "$entries0" ] ||
	{ name=xl/create-paused; fail "store entries left: $(store_entries), were $entries0"; }
[ "$(free_mib)" = "$free0" ] || { name=xl/create-paused; fail "free memory $(free_mib) MiB, was $free0"; }
pass xl/create-paused

xl_ok xl/create-smp create -p "$top/examples/guest-pv.cfg" \
	"kernel=\"$build/tests/guests/smp.elf\"" 'name="smp4"' 'vcpus=4'
xl_ok xl/create-smp list smp4
echo "$out" | grep -Eq '^smp4 +[0-9]+ +[0-9]+ +4 ' || { name=xl/create-smp; fail "$out"; }
xl_ok xl/create-smp vcpu-list smp4
[ "$(echo "$out" | grep -c '^smp4 ')" = 4 ] || { name=xl/create-smp; fail "$out"; }
xl_ok xl/create-smp domid smp4
smp_id=$out
# libxl's cpu/N/availability, one per vCPU, readable by the guest (rN).
cpus=$(XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-ls -p /local/domain/$smp_id/cpu 2>&1)
[ "$(echo "$cpus" | grep -cE '^ availability = "online" .*\(n0,r'"$smp_id"'\)$')" = 4 ] &&
	[ "$(echo "$cpus" | grep -cE '^[0-9]+ ')" = 4 ] ||
	{ name=xl/create-smp; fail "cpu/N/availability: $cpus"; }
xl_ok xl/create-smp unpause smp4
wait_for "^\\(d$smp_id\\) SUMMARY [0-9]+ passed, [0-9]+ failed" 120 ||
	{ name=xl/create-smp; fail "no summary from d$smp_id"; }
smp_log=$(tr -d '\r' < "$log")
why=$(check_counts <(echo "$smp_log") "(d$smp_id) " SUMMARY) ||
	{ name=xl/create-smp; fail "$why"; }
for n in smp/madt-apic-ids smp/init64-runs smp/sipi-runs smp/events-to-each-vcpu; do
	echo "$smp_log" | grep -qxF "(d$smp_id) PASS $n" ||
		{ name=xl/create-smp; fail "d$smp_id: no PASS $n"; }
done
xl_refused xl/create-smp "vcpus = 9. is out of range .1 to 8." create -p "$top/examples/guest-pv.cfg" \
	"$kernel" 'name="smp9"' 'vcpus=9'
# They go with the domain (the guest powers off; on_poweroff destroys it).
for i in $(seq 20); do "$xl" list smp4 >/dev/null 2>&1 || break; sleep 0.5; done
XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-read /local/domain/$smp_id/cpu/0/availability >/dev/null 2>&1 &&
	{ name=xl/create-smp; fail "cpu/0/availability left after the domain went"; }
pass xl/create-smp

# guest_open NAME: `xl console NAME' in the background, its input on fd 4;
# guest_line CMD PATTERN: CMD typed there, PATTERN awaited on Dom0's
# serial line, where the guest's console lines show as "[N] ...".
guest_open() {
	rm -f "$run/guest.fifo"
	mkfifo "$run/guest.fifo"
	timeout 120 "$xl" console "$1" <"$run/guest.fifo" >"$run/guest.out" 2>&1 &
	guest_pid=$!
	exec 4>"$run/guest.fifo"
	sleep 1
}
guest_line() {
	printf '%s\r' "$1" >&4
	wait_for "$2" "${3:-20}" || fail "\`$1\` in the guest did not answer /$2/"
}
guest_close() {
	printf '\035' >&4
	exec 4>&-
	wait "$guest_pid" 2>/dev/null
}
xs() { XENSTORED_PATH=$XAPID_XENSTORE timeout 20 "$@"; }
# fnv IMG BYTE_OFFSET SECTORS: drivers/pattern.h's FNV-1a of the image's bytes.
fnv() {
	python3 - "$@" <<'PY'
import sys
f = open(sys.argv[1], "rb"); f.seek(int(sys.argv[2]))
h = 0xcbf29ce484222325
for b in f.read(512 * int(sys.argv[3])):
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)
PY
}
# plant IMG BYTE_OFFSET FIRST_SECTOR SECTORS SEED: pattern.h's pattern,
# sector numbers as the guest counts them.
plant() {
	python3 - "$@" <<'PY'
import sys
img, off, first, n, seed = sys.argv[1], *map(int, sys.argv[2:])
data = bytearray()
for s in range(first, first + n):
    data += bytes((seed * 131 + s * 31 + i * 7 + (i >> 8)) & 0xff for i in range(512))
with open(img, "r+b") as f:
    f.seek(off + first * 512); f.write(data)
PY
}

# xl.cfg's max_event_channels is the domain's max_evtchn_port, as libxl
# passes it: the guest's `evtchn fill` binds IPI ports until the
# hypervisor says -ENOSPC, which must come right after port 40.
name=xl/max-event-channels
xl_ok xl/max-event-channels create "$top/examples/guest-pv.cfg" "$kernel" \
	'name="evt40"' 'max_event_channels=40'
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "evt40" built' 20 || fail "no build line"
ed=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "evt40" built.*/\2/p' | tail -1)
wait_for "^\\(d0\\) (dom0> )?\\[$ed\\] " 40 || fail "d$ed says nothing"
guest_open evt40
guest_line 'evtchn fill' "\\[$ed\\] .*evtchn fill: [0-9]+ bound, last port [0-9]+, then -?[0-9]+"
guest_close
got=$(tr -d '\r' < "$log" | sed -nE "s/.*\\[$ed\\] .*evtchn fill: [0-9]+ bound, (last port [0-9]+, then -?[0-9]+)\$/\\1/p" | tail -1)
[ "$got" = "last port 40, then -28" ] || fail "d$ed: $got (wanted last port 40, then -ENOSPC)"
xl_ok xl/max-event-channels destroy evt40
xl_refused xl/max-event-channels "max_event_channels = 0. is out of range .1 to 131071." \
	create -p "$top/examples/guest-pv.cfg" "$kernel" 'name="evt0"' 'max_event_channels=0'
pass xl/max-event-channels

name=xl/split-create
split="$top/examples/guest-split.cfg"
xl_ok xl/split-create create "$split" "$kernel"
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "guest-split" built' 20 || fail "no build line"
sd=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "guest-split" built.*/\2/p' | tail -1)
wait_for "^\\(d0\\) (dom0> )?\\[$sd\\] .*xvda: 32768 sectors\$" 40 || fail "xvda did not connect"
wait_for "^\\(d0\\) (dom0> )?\\[$sd\\] .*eth0: 10\\.0\\.0\\.21/24" 40 || fail "eth0 has not the config's address"
[ "$(xs xenstore-read /local/domain/0/backend/vif/$sd/0/mac)" = 00:16:3e:00:01:01 ] ||
	fail "the vif's mac is not the config's"
[ "$(xs xenstore-read /local/domain/0/backend/vbd/$sd/51712/params)" = vda:0+16M ] ||
	fail "params is not the target"
xl_ok xl/split-create create "$split" "$kernel" 'name="split2"' \
	"disk=['vdev=xvda,target=vda:16M+1M']" "vif=['mac=00:16:3e:00:01:02,ip=10.0.0.22']"
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "split2" built' 20 || fail "no build line for split2"
sd2=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "split2" built.*/\2/p' | tail -1)
wait_for "^\\(d0\\) (dom0> )?\\[$sd2\\] .*eth0: 10\\.0\\.0\\.22/24" 40 || fail "split2's eth0"
guest_open guest-split
guest_line 'blk write xvda 0 16 7' "\\[$sd\\] .*wrote xvda 0\\+16: fnv [0-9a-f]+"
sum=$(tr -d '\r' < "$log" | sed -nE "s/.*\\[$sd\\] .*wrote xvda 0\\+16: fnv ([0-9a-f]+)\$/\\1/p" | tail -1)
[ "$(fnv "$run/disk.img" 0 16)" = "$sum" ] ||
	fail "disk.img holds fnv $(fnv "$run/disk.img" 0 16) at 0, the guest wrote $sum"
plant "$run/disk.img" 0 100 40 9
guest_line 'blk check xvda 100 40 9' "\\[$sd\\] .*xvda 100\\+40: pattern ok"
guest_line 'blk discard xvda 0 16' "\\[$sd\\] .*discarded xvda 0\\+16"
hole=$(python3 - "$run/disk.img" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print(os.lseek(fd, 0, os.SEEK_DATA) >= 8192 and os.pread(fd, 8192, 0) == bytes(8192))
PY
)
[ "$hole" = True ] || fail "sectors 0-15 of disk.img are not a hole after the discard"
guest_line 'ping 10.0.0.1 2' "\\[$sd\\] .*2 packets transmitted, [1-9] received"
guest_line 'ping 10.0.0.22 3' "\\[$sd\\] .*3 packets transmitted, [1-9] received"
guest_close
# split2's region starts 16 MiB in: its write lands there, not at 0.
guest_open split2
guest_line 'blk write xvda 0 8 3' "\\[$sd2\\] .*wrote xvda 0\\+8: fnv [0-9a-f]+"
sum=$(tr -d '\r' < "$log" | sed -nE "s/.*\\[$sd2\\] .*wrote xvda 0\\+8: fnv ([0-9a-f]+)\$/\\1/p" | tail -1)
guest_line 'blk read xvda 2048 1' "\\[$sd2\\] .*read xvda: error -34"
guest_close
[ "$(fnv "$run/disk.img" $((16 << 20)) 8)" = "$sum" ] || fail "split2's write is not at 16 MiB"
# Dom0's own `blk write` may not overwrite a guest's region (split2's,
# sectors 32768..34815), but writes beside it.
edge=$(fnv "$run/disk.img" $((34810 * 512)) 8)
send_line 'blk write 34810 8 1' '^\(d0\) (dom0> )?blk: write of sectors 34810\+8 refused: vda:16M\+1M is a guest.s disk$'
[ "$(fnv "$run/disk.img" $((34810 * 512)) 8)" = "$edge" ] || fail "Dom0's refused write changed the disk"
send_line 'blk write 34816 8 1' '^\(d0\) (dom0> )?blk: wrote 8 sectors from 34816 \(seed 1\)$'
# Counters reach the store at most once a second of Dom0's clock, which
# under a loaded TCG host can run several times slower than the wall's.
for i in $(seq 60); do
	rx=$(xs xenstore-read /local/domain/0/backend/vif/$sd/0/statistics/rx_packets 2>/dev/null)
	[ "${rx:-0}" -gt 0 ] && break
	sleep 0.5
done
[ "${rx:-0}" -gt 0 ] || fail "no rx_packets in the store: '$rx'"
echo "PASS $name"

name=xl/split-hotplug
xl_ok xl/split-hotplug block-attach guest-split 'vdev=xvdb, access=ro, target=ram:1M'
wait_for "\\[$sd\\] .*xvdb: 2048 sectors, read-only\$" 30 || fail "the guest did not see xvdb"
xl_ok xl/split-hotplug network-attach guest-split mac=00:16:3e:00:01:09 ip=10.0.0.31
wait_for "\\[$sd\\] .*eth1: 10\\.0\\.0\\.31/24" 30 || fail "the guest did not see eth1"
xvda_row="^51712 +xvda +0 +4/4 +vda:0\+16M +w +[0-9]+ +[1-9][0-9]* +[0-9]+ +(1[6-9]|[2-9][0-9]|[0-9]{3,}) +0 +/local/domain/0/backend/vbd/$sd/51712\$"
for i in $(seq 60); do
	out=$("$xl" block-list guest-split 2>&1)
	echo "$out" | grep -Eq '^51728 +xvdb +0 +4/4 +ram:1M +r ' &&
		echo "$out" | grep -Eq "$xvda_row" && break
	sleep 0.5
done
echo "$out" | head -1 | grep -Eq '^Vdev +Name +BE +State +Target +Mode +rd_req +wr_req +rd_sect +wr_sect +errors +BE-path$' ||
	fail "block-list header: $out"
echo "$out" | grep -Eq "$xvda_row" &&
	echo "$out" | grep -Eq '^51728 +xvdb +0 +4/4 +ram:1M +r ' || fail "block-list: $out"
for i in $(seq 20); do
	out=$("$xl" network-list guest-split 2>&1)
	echo "$out" | grep -Eq '^1 +0 +00:16:3e:00:01:09 +10\.0\.0\.31/24 +4/4 ' && break
	sleep 0.5
done
echo "$out" | grep -Eq "^0 +0 +00:16:3e:00:01:01 +10\.0\.0\.21/24 +4/4 +[0-9]+ .*/local/domain/0/backend/vif/$sd/0\$" &&
	echo "$out" | grep -Eq '^1 +0 +00:16:3e:00:01:09 +10\.0\.0\.31/24 +4/4 ' || fail "network-list: $out"
xl_ok xl/split-hotplug block-detach guest-split xvdb
xl_ok xl/split-hotplug network-detach guest-split 00:16:3e:00:01:09
for i in $(seq 30); do
	b=$("$xl" block-list guest-split 2>&1) n=$("$xl" network-list guest-split 2>&1)
	echo "$b" | grep -q '^51728 ' || echo "$n" | grep -q '^1 ' || break
	sleep 0.5
done
echo "$b" | grep -q '^51728 ' && fail "xvdb still listed: $b"
echo "$n" | grep -q '^1 ' && fail "vif 1 still listed: $n"
xs xenstore-list /local/domain/$sd/device/vbd | grep -qx 51728 && fail "xvdb left in the guest's store"
# eth0 alone again: the guest's traffic goes through vif 0.
xl_ok xl/split-hotplug network-list guest-split
rx_before=$(echo "$out" | awk '$1 == 0 { print $6 }')
guest_open guest-split
guest_line 'ping 10.0.0.22 5' "\\[$sd\\] .*5 packets transmitted, [1-9] received"
guest_close
# Counters are written at most once a second, and later on a busy host:
# wait for them rather than for a fixed time.
for i in $(seq 40); do
	xl_ok xl/split-hotplug network-list guest-split
	rx_after=$(echo "$out" | awk '$1 == 0 { print $6 }')
	[ "${rx_after:-0}" -gt "${rx_before:-0}" ] && break
	sleep 0.5
done
[ "${rx_after:-0}" -gt "${rx_before:-0}" ] || fail "rx_packets did not grow: $rx_before, then $rx_after"
echo "PASS $name"

name=xl/split-nat
# A host process on loopback: answers each datagram with "pong-" and it.
python3 -u - > "$run/udp.out" <<'PY' &
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    data, peer = s.recvfrom(2048)
    print("from", peer[0], data.decode(errors="replace"), flush=True)
    s.sendto(b"pong-" + data, peer)
PY
udp_pid=$!
for i in $(seq 50); do [ -s "$run/udp.out" ] && break; sleep 0.1; done
udp_port=$(head -1 "$run/udp.out")
xl_ok xl/split-nat create "$split" "$kernel" 'name="nat1"' "disk=[]" \
	"vif=['mac=00:16:3e:00:01:05,ip=10.0.0.25,script=vif-nat']"
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "nat1" built' 20 || fail "no build line for nat1"
nd=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "nat1" built.*/\2/p' | tail -1)
wait_for "\\[$nd\\] .*eth0: 10\\.0\\.0\\.25/24 via 10\\.0\\.0\\.1\$" 40 || fail "nat1's eth0 has no gateway"
guest_open nat1
guest_line "udp 10.0.2.2 $udp_port hello" "\\[$nd\\] .*udp reply from 10\\.0\\.2\\.2:$udp_port: pong-hello" 20
guest_line 'ping 10.0.2.2 2' "\\[$nd\\] .*2 packets transmitted, [1-9] received" 20
guest_close
grep -q "^from 127.0.0.1 hello" "$run/udp.out" || fail "the host process saw: $(cat "$run/udp.out")"
kill "$udp_pid"; wait "$udp_pid" 2>/dev/null; udp_pid=
xl_ok xl/split-nat destroy nat1
# Without ip=, the vif is leased the first address of Dom0's DHCP pool
# (nat1's vif is gone, so is its lease), which our netfront takes from
# the ip key.
xl_ok xl/split-nat create "$split" "$kernel" 'name="nat2"' "disk=[]" \
	"vif=['mac=00:16:3e:00:01:06,script=vif-nat']"
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "nat2" built' 20 || fail "no build line for nat2"
nd=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "nat2" built.*/\2/p' | tail -1)
wait_for "\\[$nd\\] .*eth0: 10\\.0\\.0\\.128/24 via 10\\.0\\.0\\.1\$" 40 || fail "nat2 was not leased 10.0.0.128"
xl_ok xl/split-nat destroy nat2
echo "PASS $name"

name=xl/split-refused
free1=$(free_mib) entries1=$(store_entries)
xl_refused xl/split-refused "devices: xvda: target vda:8M\+1M: overlaps" create "$split" "$kernel" \
	'name="clash"' "disk=['vdev=xvda,access=ro,target=vda:8M+1M']" "vif=[]"
xl_refused xl/split-refused "devices: xvda: target vda:63M\+2M: not inside vda" create "$split" "$kernel" \
	'name="past"' "disk=['vdev=xvda,target=vda:63M+2M']" "vif=[]"
xl_refused xl/split-refused "devices: vif 0: bridge br9: Dom0 has one bridge" create "$split" "$kernel" \
	'name="br"' "disk=[]" "vif=['bridge=br9']"
xl_refused xl/split-refused "devices: hda: not a virtual disk name" create "$split" "$kernel" \
	'name="hda"' "disk=['vdev=hda,target=ram:1M']" "vif=[]"
for i in $(seq 20); do [ "$(store_entries)" = "$entries1" ] && break; sleep 0.5; done
[ "$(store_entries)" = "$entries1" ] || fail "store entries left: $(store_entries)"
[ "$(free_mib)" = "$free1" ] || fail "free memory $(free_mib) MiB, was $free1"
[ "$(xs xenstore-list /local/domain/0/backend/vbd | sort | tr '\n' ' ')" = "$(printf '%s\n' $sd $sd2 | sort | tr '\n' ' ')" ] ||
	fail "backend vbd dirs: $(xs xenstore-list /local/domain/0/backend/vbd)"
echo "PASS $name"

name=xl/split-ro
xl_ok xl/split-ro create "$split" "$kernel" 'name="ro1"' "disk=['vdev=xvdb,access=ro,target=vda:32M+1M']" "vif=[]"
xl_ok xl/split-ro create "$split" "$kernel" 'name="ro2"' "disk=['vdev=xvda,access=ro,target=vda:32M+1M']" "vif=[]"
wait_for '^\(d0\) (dom0> )?builder: d([0-9]+) "ro2" built' 20 || fail "no build line for ro2"
ro1=$(tr -d '\r' < "$log" | sed -nE 's/^\(d0\) (dom0> )?builder: d([0-9]+) "ro1" built.*/\2/p' | tail -1)
wait_for "^\\(d0\\) (dom0> )?\\[$ro1\\] .*xvdb: 2048 sectors, read-only\$" 40 || fail "ro1's xvdb"
[ "$(xs xenstore-read /local/domain/0/backend/vbd/$ro1/51728/mode)" = r ] || fail "mode is not r"
guest_open ro1
guest_line 'blk write xvdb 0 1 1' "\\[$ro1\\] .*write xvdb: error -30"
guest_close
xl_ok xl/split-ro destroy ro1
xl_ok xl/split-ro destroy ro2
echo "PASS $name"

name=xl/split-destroy
xl_ok xl/split-destroy destroy split2
for i in $(seq 20); do
	xs xenstore-list /local/domain/0/backend/vbd 2>/dev/null | grep -qx "$sd2" || break
	sleep 0.5
done
xs xenstore-list /local/domain/0/backend/vbd | grep -qx "$sd2" && fail "split2's vbd directory is left"
xs xenstore-list /local/domain/0/backend/vif | grep -qx "$sd2" && fail "split2's vif directory is left"
xl_ok xl/split-destroy destroy guest-split
echo "PASS $name"

# The lifecycle policy, as Xen's xl runs it.  up NAME: waits for NAME's
# shell on its console ring; sets $id.
up() {
	id=
	for i in $(seq 40); do
		id=$("$xl" domid "$1" 2>/dev/null) && break
		sleep 0.5
	done
	[ -n "$id" ] && wait_for "^\(d0\) (dom0> )?\[$id\] type .help. for the commands" 30
}
# type_on NAME TEXT: types TEXT and Enter on NAME's console, then Ctrl-].
type_on() {
	local fifo=$run/type.fifo feeder
	rm -f "$fifo"
	mkfifo "$fifo"
	(sleep 1; printf '%s\r' "$2"; sleep 2; printf '\035'; exec sleep 30) >"$fifo" &
	feeder=$!
	timeout 20 "$xl" console "$1" <"$fifo" >/dev/null 2>&1
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
}
# state_of NAME: its six state letters in `xl list'.
state_of() { "$xl" list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }

xl_ok xl/on-poweroff-preserve create "$top/examples/guest-pv.cfg" "$kernel" \
	'name="keep"' 'on_poweroff="preserve"'
up keep || { name=xl/on-poweroff-preserve; fail "keep did not come up"; }
keep=$id
out=$(timeout 60 "$xl" shutdown -w keep 2>&1) || { name=xl/on-poweroff-preserve; fail "$out"; }
echo "$out" | grep -q "Domain $keep has been shut down, reason code 0" ||
	{ name=xl/on-poweroff-preserve; fail "$out"; }
sleep 1
[ "$(state_of keep)" = ---s-- ] || { name=xl/on-poweroff-preserve; fail "state $(state_of keep)"; }
XENSTORED_PATH=$XAPID_XENSTORE timeout 10 xenstore-read /local/domain/$keep/name | grep -qx keep ||
	{ name=xl/on-poweroff-preserve; fail "its xenstore home went"; }
grep -q "^(XEN) domain $keep (.*) shut down: poweroff" "$log" ||
	{ name=xl/on-poweroff-preserve; fail "no shutdown line"; }
grep -q "^(XEN) domain $keep destroyed" "$log" &&
	{ name=xl/on-poweroff-preserve; fail "the hypervisor destroyed it"; }
xl_ok xl/on-poweroff-preserve destroy keep
xl_refused xl/on-poweroff-preserve "keep: no such domain" list keep
pass xl/on-poweroff-preserve

xl_ok xl/on-reboot-restart create "$top/examples/guest-pv.cfg" "$kernel" 'name="rb"'
up rb || { name=xl/on-reboot-restart; fail "rb did not come up"; }
rb=$id
out=$(timeout 60 "$xl" reboot -w rb 2>&1) || { name=xl/on-reboot-restart; fail "$out"; }
echo "$out" | grep -Eq "Domain $rb has been (shut down, reason code 1|destroyed)" ||
	{ name=xl/on-reboot-restart; fail "$out"; }
for i in $(seq 40); do
	id=$("$xl" domid rb 2>/dev/null)
	[ -n "$id" ] && [ "$id" != "$rb" ] && break
	sleep 0.5
done
[ -n "$id" ] && [ "$id" != "$rb" ] || { name=xl/on-reboot-restart; fail "rb was not restarted"; }
up rb || { name=xl/on-reboot-restart; fail "the restarted rb (d$id) did not come up"; }
"$xl" list "$rb" >/dev/null 2>&1 && { name=xl/on-reboot-restart; fail "old d$rb still there"; }
xl_ok xl/on-reboot-restart destroy rb
pass xl/on-reboot-restart

xl_ok xl/on-crash create "$top/examples/guest-pv.cfg" "$kernel" 'name="cr"' 'on_crash="preserve"'
up cr || { name=xl/on-crash; fail "cr did not come up"; }
cr=$id
type_on cr crash
wait_for "^\(XEN\) domain $cr \(d$cr\) crashed: triple fault" 20 ||
	{ name=xl/on-crash; fail "cr did not crash"; }
sleep 1
[ "$(state_of cr)" = ---sc- ] || { name=xl/on-crash; fail "preserve: state $(state_of cr)"; }
xl_ok xl/on-crash destroy cr
xl_ok xl/on-crash create "$top/examples/guest-pv.cfg" "$kernel" 'name="cd"'
up cd || { name=xl/on-crash; fail "cd did not come up"; }
cd=$id
type_on cd crash
wait_for "^\(XEN\) domain $cd destroyed" 20 || { name=xl/on-crash; fail "destroy: cd was not destroyed"; }
xl_ok xl/on-crash create "$top/examples/guest-pv.cfg" "$kernel" 'name="rr"' 'on_crash="rename-restart"'
up rr || { name=xl/on-crash; fail "rr did not come up"; }
rr=$id
type_on rr crash
for i in $(seq 40); do
	id=$("$xl" domid rr 2>/dev/null)
	[ -n "$id" ] && [ "$id" != "$rr" ] && break
	sleep 0.5
done
[ -n "$id" ] && [ "$id" != "$rr" ] || { name=xl/on-crash; fail "rename-restart: no new rr"; }
xl_ok xl/on-crash list "$rr"
echo "$out" | grep -Eq "^rr-[0-9]{8}T[0-9]{4}Z +$rr .* ---sc-  " ||
	{ name=xl/on-crash; fail "rename-restart: the old one: $out"; }
up rr || { name=xl/on-crash; fail "rename-restart: the new rr did not come up"; }
xl_ok xl/on-crash destroy "$rr"
xl_ok xl/on-crash destroy rr
for i in $(seq 20); do [ "$(store_entries)" = "$entries0" ] && break; sleep 0.5; done
[ "$(store_entries)" = "$entries0" ] ||
	{ name=xl/on-crash; fail "store entries left: $(store_entries), were $entries0"; }
[ "$(free_mib)" = "$free0" ] || { name=xl/on-crash; fail "free memory $(free_mib) MiB, was $free0"; }
pass xl/on-crash

for phase in create memory scheduler rings upload verify start-info vcpu xenstore devices unpause; do
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-write /tool/xenolith/builder-fail "$phase" ||
		{ name=xl/builder-faults; fail "cannot set the fault"; }
	xl_refused xl/builder-faults "^xl: creating f: $phase: failure injected" \
		create "$top/examples/guest-pv.cfg" "$kernel" 'name="f"'
	for i in $(seq 20); do [ "$(store_entries)" = "$entries0" ] && break; sleep 0.5; done
	XENSTORED_PATH=$XAPID_XENSTORE timeout 20 xenstore-rm /tool/xenolith/builder-fail
	[ "$(store_entries)" = "$entries0" ] ||
		{ name=xl/builder-faults; fail "$phase: store entries left: $(store_entries)"; }
	[ "$(free_mib)" = "$free0" ] || { name=xl/builder-faults; fail "$phase: free memory $(free_mib), was $free0"; }
	xl_ok xl/builder-faults list
	[ "$(echo "$out" | wc -l)" = 3 ] || { name=xl/builder-faults; fail "$phase: domains left: $out"; }
done
pass xl/builder-faults

xl_ok xl/destroy destroy web
xl_ok xl/destroy list
echo "$out" | grep -q '^web ' && { name=xl/destroy; fail "still listed: $out"; }
xl_refused xl/destroy "domain 0 runs the toolstack" destroy 0
xl_refused xl/destroy "web: no such domain" destroy web
pass xl/destroy

stop_qemu
xl_refused xl/qemu-restart "no channel to Dom0" list
boot
for i in $(seq 100); do
	"$xl" list >/dev/null 2>&1 && break
	sleep 0.3
done
xl_ok xl/qemu-restart list
echo "$out" | grep -q '^domU-1 ' || { name=xl/qemu-restart; fail "$out"; }
kill -0 "$xapid_pid" || { name=xl/qemu-restart; fail "xapid died"; }
pass xl/qemu-restart
