#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for the toolstack, under QEMU TCG (svm) with xapid:
#   create-to-first-line   `xl create` of the example DomU until its first
#                          console line (its banner) shows, median of 10
#   create+destroy/min     cycles of `xl create` + `xl destroy` per minute
#   upload MB/s            a 16 MiB ramdisk (and the kernel) uploaded by
#                          `xl create` into a 64 MiB domain
#   64 MiB kernel upload   Debian's vmlinux (about 63 MiB, an ELF: nothing
#                          to unpack; scripts/linux-guest.sh fetches it) by
#                          `xl create -p` into a 256 MiB domain, in s
#                          (goal: under 10 s)
#   relay ops/s            sequential XS_READs through xapid's xenstore
#                          relay, beside a bare UNIX-socket echo measured
#                          in the same run
#   DomU ring ops/s        a DomU's own XS_READs, XS_WRITEs and transactions
#                          of 3 writes through its xenstore ring to Dom0's
#                          xenstored, timed by the guest's clock (its shell's
#                          `xs bench N`, typed through `xl console`)
# Numbers only: nothing here passes or fails on time.
set -u
. "$(dirname "$0")/../system/guest-lib.sh"
name=bench/xl
log=$build/tests/bench/xl.log
mkdir -p "$build/tests/bench"
run=$(mktemp -d "$build/tests/bench/xl-XXXXXX")
trap 'stop_toolstack; rm -rf "$run"' EXIT
boot_toolstack "$run" 600 -m 512M \
	-kernel "$build/xenolith" -append "dom0_mem=32M" -initrd "$build/dom0/dom0.elf"
head -c $((16 << 20)) /dev/urandom > "$run/ramdisk"
[ -f "$build/linux/vmlinux" ] || "$top/scripts/linux-guest.sh" >"$run/linux-guest.log" 2>&1 ||
	{ echo "bench/xl: scripts/linux-guest.sh failed: $(tail -3 "$run/linux-guest.log")"; exit 1; }
python3 - "$build/bin/xl" "$top/examples/guest-pv.cfg" "$log" "$run" "$gp/guest-pv.elf" \
	"$build/linux/vmlinux" <<'PY'
import os, socket, struct, subprocess, sys, threading, time
xl, cfg, log, run, kernel, vmlinux = sys.argv[1:]

def xl_run(*args):
    subprocess.run([xl, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def seen(pattern):
    with open(log, errors="replace") as f:
        return pattern in f.read()

# create-to-first-line and create+destroy cycles
times = []
t_cycles = time.monotonic()
for i in range(10):
    t0 = time.monotonic()
    xl_run("create", cfg, 'name="b%d"' % i, 'kernel="%s"' % kernel)
    domid = subprocess.run([xl, "domid", "b%d" % i], capture_output=True, text=True).stdout.strip()
    while not seen("(d%s) Xenolith guest kernel" % domid):
        time.sleep(0.002)
    times.append((time.monotonic() - t0) * 1000)
    xl_run("destroy", "b%d" % i)
cycles = 10 / (time.monotonic() - t_cycles) * 60
times.sort()

# upload
size = os.path.getsize(os.path.join(run, "ramdisk")) + os.path.getsize(kernel)
t0 = time.monotonic()
xl_run("create", cfg, 'name="up"', 'kernel="%s"' % kernel, "memory=64", 'ramdisk="%s"' % os.path.join(run, "ramdisk"))
upload = size / (time.monotonic() - t0) / 1e6
xl_run("destroy", "up")

# a 64 MiB kernel, paused: the upload is all there is to it
big = os.path.getsize(vmlinux)
t0 = time.monotonic()
xl_run("create", "-p", cfg, 'name="big"', 'kernel="%s"' % vmlinux, "memory=256")
big_s = time.monotonic() - t0
xl_run("destroy", "big")

# xenstore ops through the relay, and a bare echo in the same run
def round_trips(sock, msg, n):
    t0 = time.monotonic()
    for _ in range(n):
        sock.sendall(msg)
        got = b""
        while len(got) < 16 or len(got) < 16 + struct.unpack("<IIII", got[:16])[3]:
            got += sock.recv(4096)
    return n / (time.monotonic() - t0)

s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["XAPID_XENSTORE"])
read = struct.pack("<IIII", 2, 1, 0, 16) + b"/local/domain/0\0"
relay = round_trips(s, read, 2000)
s.close()

path = os.path.join(run, "echo.sock")
srv = socket.socket(socket.AF_UNIX)
srv.bind(path)
srv.listen(1)
def echo():
    c, _ = srv.accept()
    while True:
        d = c.recv(4096)
        if not d:
            break
        c.sendall(struct.pack("<IIII", 2, 1, 0, 8) + b"Domain-0"[:8])
threading.Thread(target=echo, daemon=True).start()
e = socket.socket(socket.AF_UNIX)
e.connect(path)
bare = round_trips(e, read, 2000)
e.close()

# a DomU's own requests through its ring, timed by the guest
import re
xl_run("create", cfg, 'name="xsb"', 'kernel="%s"' % kernel)
domid = subprocess.run([xl, "domid", "xsb"], capture_output=True, text=True).stdout.strip()
def wait_log(pattern, limit):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        with open(log, errors="replace") as f:
            m = re.search(pattern, f.read())
        if m:
            return m
        time.sleep(0.2)
    sys.exit("bench/xl: no /%s/ in the log" % pattern)
wait_log(r"\(d0\) (dom0> )?\[%s\] type .help. for the commands" % domid, 60)
con = subprocess.Popen([xl, "console", "xsb"], stdin=subprocess.PIPE,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(1)
con.stdin.write(b"xs bench 1000\r")
con.stdin.flush()
m = wait_log(r"\[%s\] (guest> )?xs bench: read (\d+) ops/s, write (\d+) ops/s, "
             r"transaction (\d+) txn/s" % domid, 300)
con.stdin.write(b"\x1d")
con.stdin.close()
con.wait(timeout=20)
xl_run("destroy", "xsb")
ring = [int(m.group(i)) for i in (2, 3, 4)]

print("%-34s %10s" % ("toolstack (QEMU TCG, svm)", "value"))
print("%-34s %10.0f ms (median of 10; min %.0f, max %.0f)" % ("create-to-first-line", times[4], times[0], times[-1]))
print("%-34s %10.1f" % ("create+destroy cycles/min", cycles))
print("%-34s %10.2f MB/s (%.1f MB)" % ("image upload", upload, size / 1e6))
print("%-34s %10.1f s (%.1f MiB, %.2f MB/s; goal under 10 s)" %
      ("64 MiB kernel upload (vmlinux)", big_s, big / 2**20, big / big_s / 1e6))
print("%-34s %10.0f ops/s" % ("xenstore reads through the relay", relay))
print("%-34s %10.0f ops/s" % ("bare UNIX-socket echo", bare))
print("%-34s %10.3f" % ("relay / bare echo", relay / bare))
print("%-34s %10d ops/s (goal 10000)" % ("DomU ring XS_READ", ring[0]))
print("%-34s %10d ops/s (goal 10000)" % ("DomU ring XS_WRITE", ring[1]))
print("%-34s %10d txn/s (goal 1500)" % ("DomU ring transaction of 3 writes", ring[2]))
PY
