#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Records the ACPI tables QEMU's firmware gives a 256 MiB machine (RSDP, RSDT
# and every table it lists) for test_acpi_parse.c: boots the hypervisor
# (its ACPI reader is not involved), dumps guest memory through the QEMU
# monitor, writes (u64 address, u32 length, bytes) records.
# Usage (from the top, after make): record-acpi.py pc|q35 OUT.bin
import struct, subprocess, sys, time, tempfile, os
machine, out = sys.argv[1], sys.argv[2]
d = tempfile.mkdtemp(dir=os.environ.get("BUILD", "build"))
q = subprocess.Popen(["qemu-system-x86_64","-accel","tcg","-cpu","max","-m","256M","-machine",machine,
  "-display","none","-serial","null","-monitor","stdio",
  "-device","edu","-kernel","build/xenolith","-append","dom0_mem=32M","-initrd","build/tests/guests/spinner.elf"],
  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
n = [0]
def mem(addr, size):
    n[0] += 1
    f = "%s/m%d" % (d, n[0])
    q.stdin.write(b"pmemsave %d %d \"%s\"\n" % (addr, size, f.encode())); q.stdin.flush()
    for _ in range(50):
        time.sleep(0.1)
        if os.path.exists(f) and os.path.getsize(f) == size:
            time.sleep(0.1)
            return open(f, "rb").read()
    raise SystemExit("no dump")
try:
    time.sleep(5)
    bios = mem(0xe0000, 0x20000)
    i = next(i for i in range(0, len(bios), 16) if bios[i:i+8] == b"RSD PTR ")
    rsdp = bios[i:i+20]
    recs = [(0xe0000 + i, rsdp)]
    def table(pa):
        n = struct.unpack_from("<I", mem(pa, 36), 4)[0]
        return mem(pa, n)
    rsdt_pa = struct.unpack_from("<I", rsdp, 16)[0]
    rsdt = table(rsdt_pa); recs.append((rsdt_pa, rsdt))
    for off in range(36, len(rsdt), 4):
        pa = struct.unpack_from("<I", rsdt, off)[0]
        t = table(pa); recs.append((pa, t))
        print(t[:4].decode(), hex(pa), len(t))
    with open(out, "wb") as f:
        for pa, b in recs:
            f.write(struct.pack("<QI", pa, len(b))); f.write(b)
finally:
    q.kill(); q.wait()
    subprocess.run(["rm", "-rf", d])
