#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Interop: Debian's xenstore-utils against our xenstored over its UNIX socket.
# Prints one "PASS name" / "FAIL name: reason" line per case.
set -u
xsd=${XENSTORED:?XENSTORED must name the daemon binary}
dir=$(mktemp -d)
sock=$dir/socket
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$xsd" --socket "$sock" 2>"$dir/log" &
pid=$!
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
export XENSTORED_PATH=$sock
failed=0

# check NAME EXPECTED COMMAND...: runs COMMAND, compares its stdout.
check() {
	local name=$1 want=$2 got
	shift 2
	got=$(timeout 10 "$@" 2>&1)
	if [ "$got" = "$want" ]; then
		echo "PASS interop/utils/$name"
	else
		echo "FAIL interop/utils/$name: got '$got', want '$want'"
		failed=1
	fi
}

# status NAME WANT_RC COMMAND...: compares the exit status only.
status() {
	local name=$1 want=$2 rc
	shift 2
	timeout 10 "$@" >/dev/null 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		echo "PASS interop/utils/$name"
	else
		echo "FAIL interop/utils/$name: exit $rc, want $want"
		failed=1
	fi
}

[ -S "$sock" ] || { echo "FAIL interop/utils/daemon-start: no socket"; exit 1; }
echo "PASS interop/utils/daemon-start"

status write 0 xenstore-write /a/b c
check read c xenstore-read /a/b
status write-many 0 xenstore-write /vm/1/name guest /vm/1/uuid 1234
check read-many $'guest\n1234' xenstore-read /vm/1/name /vm/1/uuid
check read-missing-fails "" sh -c 'xenstore-read /nope 2>/dev/null'
status read-missing-status 1 xenstore-read /nope
check ls-full '/a/b = "c"' xenstore-ls -f /a
check ls-tree $'b = "c"' xenstore-ls /a
check list $'b' xenstore-list /a
status exists 0 xenstore-exists /a/b
status exists-missing 1 xenstore-exists /a/zzz
status mkdir-via-write-parents 0 xenstore-write /deep/er/path v
check list-parents $'er' xenstore-list /deep
status rm 0 xenstore-rm /deep
status rm-gone 1 xenstore-exists /deep/er/path
status chmod 0 xenstore-chmod /a/b r0 w5
check ls-perms 'b = "c"  . . . . . . . . . . . . . . . . . . . . . . . . . .  (r0,w5)' xenstore-ls -p /a
check read-absolute-after-chmod c xenstore-read /a/b

status chmod-recursive 0 sh -c 'xenstore-write /cr/x/y 1 && xenstore-chmod -r /cr r3 w4'
check ls-perms-recursive $'x = "" (r3,w4)\n y = "1" (r3,w4)' \
	sh -c 'xenstore-ls -p /cr | sed "s/ [. ]*(/ (/"'
status rm-tidy-parents 0 xenstore-rm -t /cr/x/y
status rm-tidy-parents-gone 1 xenstore-exists /cr

# A directory longer than one payload: libxenstore falls back to
# XS_DIRECTORY_PART when XS_DIRECTORY answers E2BIG.
args=()
for i in $(seq 0 399); do args+=("/big/child-with-a-long-name-$i" "$i"); done
status write-400 0 xenstore-write "${args[@]}"
check list-400-count 400 sh -c 'xenstore-list /big | wc -l'
check list-400-last child-with-a-long-name-399 sh -c 'xenstore-list /big | tail -1'

# Watch: run xenstore-watch in the background with a time limit.
timeout 5 xenstore-watch -n 3 /w >"$dir/watch" 2>&1 &
wpid=$!
for _ in $(seq 50); do grep -q . "$dir/watch" 2>/dev/null && break; sleep 0.1; done
xenstore-write /w/x 1
xenstore-write /other 1
xenstore-rm /w/x
wait "$wpid"
check watch-events $'/w\n/w/x\n/w/x' cat "$dir/watch"

# Relative paths are relative to /local/domain/0 for Dom0.
status write-relative 0 xenstore-write rel 1
check read-relative-absolute 1 xenstore-read /local/domain/0/rel

# The daemon exits cleanly on SIGTERM and removes its socket.
kill "$pid"
wait "$pid"
rc=$?
pid=
if [ "$rc" -eq 0 ] && [ ! -e "$sock" ]; then
	echo "PASS interop/utils/sigterm-clean-exit"
else
	echo "FAIL interop/utils/sigterm-clean-exit: status $rc, socket left: $([ -e "$sock" ] && echo yes || echo no)"
	failed=1
fi
exit $failed
