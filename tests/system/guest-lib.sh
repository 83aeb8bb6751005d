# SPDX-License-Identifier: MIT
# Shared by the guest-*.sh tests (sourced, not run): QEMU started headless
# under a time limit with its serial line in a log, optionally fed from a
# FIFO; waiting for a line; stopping QEMU (only the process we started);
# checking a selftest's PASS/FAIL lines against the names in the sources.
# Callers set: name (the test's name), log (the serial log path).

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/test-names.sh"
top=$(cd "$here/../.." && pwd)
build=${BUILD:-$top/build}
gp=$build/guest-patches
qpid=
# QEMU's TCG: one thread per CPU by default.  A caller with -smp above 1
# sets accel=tcg,thread=single: with a thread per CPU, QEMU 7.2 can lose
# CPU 0's nested-paging flag and reset the machine (docs/emulators.md).
accel=tcg

fail() {
	echo "FAIL $name: $*"
	if [ -f "$log" ]; then tr -d '\r' < "$log" | tail -15 | sed 's/^/    /'; fi
	stop_qemu
	exit 1
}

# qemu_run LIMIT ARGS...: runs QEMU to its end (serial to $log); the
# status is QEMU's (124 or 137 when the limit struck).
qemu_run() {
	local limit=$1
	shift
	rm -f "$log"
	timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel "$accel" -cpu max \
		-display none -monitor none -serial "file:$log" -no-reboot "$@" \
		</dev/null >/dev/null 2>&1
}

# qemu_start LIMIT ARGS...: starts QEMU in the background with the serial
# line on stdio: output to $log, input from fd 3 (write commands there).
qemu_start() {
	local limit=$1 fifo
	shift
	rm -f "$log"
	fifo=$(mktemp -u)
	mkfifo "$fifo"
	timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel "$accel" -cpu max \
		-display none -monitor none -serial stdio -no-reboot "$@" \
		<"$fifo" >"$log" 2>&1 &
	qpid=$!
	exec 3>"$fifo"
	rm -f "$fifo"
}

# wait_for PATTERN SECONDS: true once the log has a line matching the
# extended regular expression, false at the limit or when QEMU ended.
wait_for() {
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		tr -d '\r' < "$log" 2>/dev/null | grep -Eq -- "$1" && return 0
		[ -n "$qpid" ] && ! kill -0 "$qpid" 2>/dev/null && break
		sleep 0.2
	done
	tr -d '\r' < "$log" 2>/dev/null | grep -Eq -- "$1"
}

# qemu_wait SECONDS: closes QEMU's input and waits for it to end by itself;
# sets qstatus (124 when it had to be stopped).
qemu_wait() {
	local i
	exec 3>&-
	for ((i = 0; i < $1 * 5; i++)); do
		kill -0 "$qpid" 2>/dev/null || break
		sleep 0.2
	done
	kill -0 "$qpid" 2>/dev/null && kill "$qpid" 2>/dev/null
	wait "$qpid"
	qstatus=$?
	qpid=
}

# send_line TEXT PATTERN [SECONDS]: types a line on QEMU's serial input
# (after qemu_start) and waits for a line of the log matching PATTERN
# (default 15 s); fails the test when none comes.
send_line() {
	printf '%s\r' "$1" >&3
	wait_for "$2" "${3:-15}" || fail "\`$1\` did not answer /$2/"
}

# boot_split_drivers DOM0_ARGS DOMUS: the split-driver tests' boot under
# QEMU: Dom0 with DOM0_ARGS on its command line and DOMUS DomUs of the PV
# build on their console rings.  Callers set name and log.
boot_split_drivers() {
	local dom0=$build/dom0/dom0.elf img=$gp/guest-pv.elf hv=$build/xenolith
	local mods="$dom0 $1" i

	mkdir -p "$build/tests/system"
	need_built "$dom0" "$img" "$hv"
	for ((i = 0; i < $2; i++)); do
		mods="$mods,$img console=hvc0"
	done
	qemu_start 150 -m 256M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$hv" -append "dom0_mem=32M domU_mem=16M" -initrd "$mods"
}

# need_built FILE...: fails the test unless every file exists.
need_built() {
	local f
	for f in "$@"; do
		[ -f "$f" ] || fail "no $f: run make"
	done
}

# toolstack_qemu RUN LIMIT QEMU-ARGS...: QEMU (LIMIT seconds at most) with
# Dom0's management port on a socket under the directory RUN, until Dom0's
# agent is up; exports XAPID_SOCKET, XAPID_XENSTORE and XAPID_CHANNEL for
# xapid and xl, and sets xl.  The QEMU-ARGS give the rest (-kernel,
# -append, -initrd, -m, ...).
toolstack_qemu() {
	local run=$1 limit=$2
	shift 2
	export XAPID_SOCKET=$run/xapid.sock XAPID_XENSTORE=$run/xs.sock \
		XAPID_CHANNEL=$run/mgmt.sock
	xl=$build/bin/xl
	qemu_start "$limit" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
		-chardev "socket,id=mgmt,path=$XAPID_CHANNEL,server=on,wait=off" \
		-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt "$@"
	wait_for "^\(d0\) (dom0> )?agent: management channel on virtio-console port mgmt" 60 ||
		fail "Dom0's agent did not start"
}

# agent_ups LOG: how many times xapid's LOG says it reached Dom0's agent
# (0 before the log exists).
agent_ups() {
	{ cat "$1" 2>/dev/null || :; } | grep -c "Dom0's agent is up"
}

# toolstack_xapid RUN [XAPID-ARGS...]: xapid on the channel toolstack_qemu
# opened (its log RUN/xapid.log, appended to; its state RUN/state;
# $xapid_pid set: stop_toolstack stops it), until it has reached Dom0's agent.
toolstack_xapid() {
	local run=$1 i up
	shift
	up=$(agent_ups "$run/xapid.log")
	"$build/bin/xapid" --log "$run/xapid.log" --state "$run/state" \
		--https-port 0 "$@" 2>>"$run/xapid.log" &
	xapid_pid=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(agent_ups "$run/xapid.log")" -gt "$up" ] &&
			return 0
		sleep 0.2
	done
	fail "xapid did not reach Dom0: $(cat "$run/xapid.log")"
}

# boot_toolstack RUN LIMIT QEMU-ARGS...: toolstack_qemu, then toolstack_xapid.
boot_toolstack() {
	toolstack_qemu "$@"
	toolstack_xapid "$1"
}

# stop_toolstack: ends the QEMU and the xapid boot_toolstack started.
stop_toolstack() {
	stop_qemu
	[ -n "${xapid_pid:-}" ] && kill "$xapid_pid" 2>/dev/null && wait "$xapid_pid" 2>/dev/null
	xapid_pid=
}

# stop_qemu: ends the QEMU we started, if it still runs.
stop_qemu() {
	[ -n "$qpid" ] || return 0
	exec 3>&- 2>/dev/null
	kill "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=
}

# check_selftest PREFIX SOURCES...: every test named in the sources by
# selftest_check("name", ...) passed on lines starting with PREFIX (e.g.
# "(d1) "), no line failed, and the summary line says 0 failed.
check_selftest() {
	local prefix=$1 names n text
	shift
	text=$(tr -d '\r' < "$log")
	if echo "$text" | grep -q "^${prefix}FAIL"; then
		fail "$(echo "$text" | grep -m1 "^${prefix}FAIL")"
	fi
	names=$(test_names "$@")
	[ -n "$names" ] || fail "no selftest names found in $*"
	for n in $names; do
		echo "$text" | grep -qxF "${prefix}PASS $n" || fail "${prefix}no 'PASS $n'"
	done
	why=$(check_counts <(echo "$text") "$prefix" SELFTEST) || fail "$why"
}

trap stop_qemu EXIT

# pv_selftest_sources [xenbus [foreign]]: the sources whose selftest names
# a PV domain must pass: the kernel's and the PV layer's; the xenbus
# client's only when asked (a DomU that a Dom0 with xenstored serves), and
# the foreign-map probe's (a DomU with `foreignprobe` whose Dom0 runs its
# selftest) likewise.
pv_selftest_sources() {
	local src=$top/guest-patches f opt
	echo "$src/kernel/selftest.c"
	for f in "$src/pv/"selftest*.c; do
		case $f in
		*/selftest_xenbus.c) opt=xenbus ;;
		*/selftest_foreign.c) opt=foreign ;;
		*) opt= ;;
		esac
		[[ -z $opt || " $* " == *" $opt "* ]] && echo "$f"
	done
}

# check_pv_selftests: Dom0 and a DomU of the PV build each ran the whole
# selftest (every name in the kernel's and the PV layer's sources but the
# xenbus client's: this Dom0 runs no xenstored) and powered off, and
# nothing crashed (guest-pv.sh, check-guest-pv.sh).
check_pv_selftests() {
	local d src=$top/guest-patches

	for d in 0 1; do
		grep -q "^(d$d) Xenolith guest kernel .* (paravirtual build)" "$log" ||
			fail "d$d: no banner"
		check_selftest "(d$d) " $(pv_selftest_sources)
		grep -q "^(XEN) domain $d (.*) shut down: poweroff" "$log" ||
			fail "d$d did not power off"
	done
	if grep -q 'crashed:\|Panic\|PANIC' "$log"; then
		fail "$(grep -m1 'crashed:\|Panic\|PANIC' "$log")"
	fi
}
