#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Interop: Debian's python3-pyxs against our xenstored over its UNIX socket.
# Prints one "PASS name" / "FAIL name: reason" line per case.
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import pyxs
from pyxs._internal import Op

failed = False


def case(name):
    def run(fn):
        global failed
        try:
            fn()
            print(f"PASS interop/pyxs/{name}", flush=True)
        except Exception as e:  # any failure is reported, the rest go on
            failed = True
            print(f"FAIL interop/pyxs/{name}: {e!r}", flush=True)
        return fn
    return run


def expect(got, want):
    if got != want:
        raise AssertionError(f"got {got!r}, want {want!r}")


def main():
    # A time limit (timeout 120 in the Makefile) sends SIGTERM: unwind
    # through the finally below so the daemon is always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL interop/pyxs: killed"))
    tmp = tempfile.TemporaryDirectory()
    sock = os.path.join(tmp.name, "socket")
    daemon = subprocess.Popen([os.environ["XENSTORED"], "--socket", sock],
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if os.path.exists(sock):
                break
            time.sleep(0.1)
        run_cases(sock, daemon.pid)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        tmp.cleanup()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run_cases(sock, pid):
    c = pyxs.Client(unix_socket_path=sock)
    c.connect()
    # pyxs refuses RELEASE/RESUME on its own side unless /proc/xen says it
    # runs in Dom0; our socket clients are Dom0, so lift that client gate.
    c.SU = True

    @case("write-read")
    def _():
        c[b"/py/a"] = b"value"
        expect(c[b"/py/a"], b"value")
        expect(c.read(b"/py/missing", b"default"), b"default")

    @case("mkdir-ls-rm")
    def _():
        c.mkdir(b"/py/dir/sub")
        c[b"/py/dir/leaf"] = b""
        expect(sorted(c.list(b"/py/dir")), [b"leaf", b"sub"])
        c.delete(b"/py/dir")
        expect(c.exists(b"/py/dir"), False)
        expect(c.exists(b"/py/a"), True)

    @case("missing-is-enoent")
    def _():
        try:
            c[b"/py/none"]
        except pyxs.PyXSError as e:
            expect(e.args[0], 2)
        else:
            raise AssertionError("read of a missing node succeeded")

    @case("perms")
    def _():
        c[b"/py/p"] = b""
        expect(c.get_perms(b"/py/p"), [b"n0"])
        c.set_perms(b"/py/p", [b"b3", b"r4", b"n5"])
        expect(c.get_perms(b"/py/p"), [b"b3", b"r4", b"n5"])
        c[b"/py/p/child"] = b""
        expect(c.get_perms(b"/py/p/child"), [b"b3", b"r4", b"n5"])

    @case("domain-path")
    def _():
        expect(c.get_domain_path(7), b"/local/domain/7")
        expect(c.is_domain_introduced(7), False)
        c.introduce_domain(7, 4096, 5)
        expect(c.is_domain_introduced(7), True)
        c.release_domain(7)
        expect(c.is_domain_introduced(7), False)

    @case("watch")
    def _():
        with pyxs.Client(unix_socket_path=sock) as w:
            m = w.monitor()
            m.watch(b"/py/w", b"tok")
            events = m.wait()
            expect(next(events), (b"/py/w", b"tok"))
            c[b"/py/w/x"] = b"1"
            expect(next(events), (b"/py/w/x", b"tok"))
            c.delete(b"/py/w")
            expect(next(events), (b"/py/w", b"tok"))
            m.unwatch(b"/py/w", b"tok")

    @case("special-watches")
    def _():
        with pyxs.Client(unix_socket_path=sock) as w:
            m = w.monitor()
            m.watch(b"@introduceDomain", b"i")
            m.watch(b"@releaseDomain", b"r")
            events = m.wait()
            got = {next(events), next(events)}
            expect(got, {(b"@introduceDomain", b"i"),
                         (b"@releaseDomain", b"r")})
            c.introduce_domain(9, 1, 1)
            expect(next(events), (b"@introduceDomain", b"i"))
            c.release_domain(9)
            expect(next(events), (b"@releaseDomain", b"r"))

    @case("transaction-commit")
    def _():
        c.transaction()
        c[b"/py/t/x"] = b"1"
        with pyxs.Client(unix_socket_path=sock) as o:
            expect(o.exists(b"/py/t/x"), False)
        expect(c.commit(), True)
        expect(c[b"/py/t/x"], b"1")

    @case("transaction-rollback")
    def _():
        c.transaction()
        c[b"/py/t/y"] = b"1"
        c.rollback()
        expect(c.exists(b"/py/t/y"), False)

    @case("transaction-eagain")
    def _():
        c[b"/py/t/shared"] = b"0"
        with pyxs.Client(unix_socket_path=sock) as o:
            c.transaction()
            o.transaction()
            c[b"/py/t/shared"] = c[b"/py/t/shared"] + b"c"
            o[b"/py/t/shared"] = o[b"/py/t/shared"] + b"o"
            expect(c.commit(), True)
            expect(o.commit(), False)      # EAGAIN: retry needed
            o.transaction()
            o[b"/py/t/shared"] = o[b"/py/t/shared"] + b"o"
            expect(o.commit(), True)
        expect(c[b"/py/t/shared"], b"0co")

    @case("bad-path-einval")
    def _():
        try:
            c.execute_command(Op.READ, b"/bad//path\x00")
        except pyxs.PyXSError as e:
            expect(e.args[0], 22)
        else:
            raise AssertionError("bad path accepted")

    @case("many-clients-own-watches")
    def _():
        clients = [pyxs.Client(unix_socket_path=sock) for _ in range(32)]
        monitors = []
        for i, cl in enumerate(clients):
            cl.connect()
            m = cl.monitor()
            m.watch(b"/py/mc/%d" % i, b"t%d" % i)
            ev = m.wait()
            expect(next(ev), (b"/py/mc/%d" % i, b"t%d" % i))
            monitors.append(ev)
        for i in range(32):
            c[b"/py/mc/%d" % i] = b"x"
        for i, ev in enumerate(monitors):
            expect(next(ev), (b"/py/mc/%d" % i, b"t%d" % i))
        for cl in clients:
            cl.close()

    def raw_call(s, mtype, payload, req_id=1, length=None):
        n = len(payload) if length is None else length
        s.sendall(struct.pack("<IIII", mtype, req_id, 0, n) + payload)
        return raw_reply(s)

    def raw_reply(s):
        hdr = b""
        while len(hdr) < 16:
            hdr += s.recv(16 - len(hdr))
        mtype, req_id, tx, n = struct.unpack("<IIII", hdr)
        body = b""
        while len(body) < n:
            body += s.recv(n - len(body))
        return mtype, req_id, body

    @case("raw-split-request")
    def _():
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(sock)
            msg = struct.pack("<IIII", 11, 9, 0, 9) + b"/py/r\x00abc"
            for b in msg:
                s.send(bytes([b]))
                time.sleep(0.001)
            expect(raw_reply(s), (11, 9, b"OK\x00"))
            expect(raw_call(s, 2, b"/py/r\x00"), (2, 1, b"abc"))

    @case("raw-oversized-then-continues")
    def _():
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(sock)
            big = b"x" * 5000
            expect(raw_call(s, 11, big, req_id=3), (16, 3, b"E2BIG\x00"))
            expect(raw_call(s, 2, b"/py/r\x00", req_id=4), (2, 4, b"abc"))

    @case("raw-garbage-einval")
    def _():
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(sock)
            expect(raw_call(s, 4242, b"junk"), (16, 1, b"EINVAL\x00"))
            expect(raw_call(s, 2, b"/py/r"), (16, 1, b"EINVAL\x00"))
            expect(raw_call(s, 2, b"/py/r\x00"), (2, 1, b"abc"))

    @case("raw-flood-is-bounded")
    def _():
        # A client that sends 10,000 reads of a 4000-byte value without
        # reading replies: the daemon stops taking its requests past a few
        # MiB of unsent output instead of buffering 40 MiB.
        c[b"/py/bigval"] = b"v" * 4000
        n = 10000
        req = struct.pack("<IIII", 2, 1, 0, 11) + b"/py/bigval\x00"
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(30)
            s.connect(sock)
            before = rss_kb(pid)
            sender = threading.Thread(target=s.sendall, args=(req * n,))
            sender.start()
            time.sleep(1.0)
            grown = rss_kb(pid) - before
            if grown > 16 * 1024:
                raise AssertionError(f"daemon grew by {grown} KiB")
            got = 0
            for _ in range(n):
                mtype, _, body = raw_reply(s)
                if mtype != 2 or len(body) != 4000:
                    raise AssertionError(f"reply {got}: type {mtype}")
                got += 1
            sender.join()
            expect(got, n)

    c.close()


if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)
