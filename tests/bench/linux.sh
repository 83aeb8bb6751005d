#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for Debian's Linux as a PVH DomU under QEMU TCG (svm):
# ms from `xl create` (the domain's creation, the bzImage unpacked and
# uploaded included) to its /init's marker on the console ring, median of
# 5, with no devices and with a disk (ext4 on Dom0's virtio-blk disk, which
# /init mounts) and a vif (brought up, no ping).  Each domain powers off
# before the next is created.  Numbers only: nothing here passes or fails
# on time.  Beside each median: the first create of the 5 (xapid unpacks
# the bzImage; the next ones reuse what it kept), the median time from
# `xl create` to Dom0's "built" line (CREATE, the upload of the images
# through the virtio-console port, the domain unpaused) with the MB/s
# that makes, the median time the hypervisor took to populate the
# domain's RAM (Dom0's builder's memory phase: XENMEM_populate_physmap;
# beside it the first create's, which touches frames never used since
# boot), and, for the last domain without devices, Dom0's SHA-256 and
# foreign-write shares of its build and their rates per byte of data
# received, the megabytes of the images that came as zero runs (neither
# sent, hashed nor written: docs/xapi-protocol.md), and its exits by
# reason (the hypervisor prints them when it destroys the domain).
# Before them, in the same boot, the cost of one exit round trip as Linux
# makes them by the hundred thousand: tests/guests/unbacked.c's "bench"
# (an IN from a port with no device, two in a row as Linux's PIT
# calibration reads them, CPUID, an RDMSR the hypervisor answers, and the
# IN with CR4's PSE and PGE set as Linux sets them, and the APIC EOI
# Linux writes for each event upcall, in xAPIC mode (the page: an NPF
# through the instruction decoder) and in x2APIC mode (an MSR); 2000
# each, timed one by one with RDTSC), created with xl like
# Linux, in TSC cycles and in ns at the TSC rate Xen's CPUID leaf gives.
set -u
. "$(dirname "$0")/../system/guest-lib.sh"
name=bench/linux
log=$build/tests/bench/linux.log
mkdir -p "$build/tests/bench"
run=$(mktemp -d "$build/tests/bench/linux-XXXXXX")
trap 'stop_toolstack; rm -rf "$run"' EXIT
"$top/scripts/linux-guest.sh" >"$run/prepare.log" 2>&1 ||
	fail "scripts/linux-guest.sh: $(tail -3 "$run/prepare.log")"
mkdir "$run/fs"
echo "written by the host" >"$run/fs/host.txt"
mkfs.ext4 -q -F -d "$run/fs" "$run/disk.img" 16M >/dev/null || fail "mkfs.ext4"
boot_toolstack "$run" 1800 -m 1G \
	-drive "file=$run/disk.img,if=none,format=raw,id=disk" \
	-device virtio-blk-pci,drive=disk,disable-legacy=on \
	-kernel "$build/xenolith" -append "dom0_mem=32M" -initrd "$build/dom0/dom0.elf"
python3 - "$build/bin/xl" "$top/examples/linux.cfg" "$log" "$build/linux" \
	"$top/examples/guest-pv.cfg" "$build/tests/guests/unbacked.elf" <<'PY'
import os, re, subprocess, sys, time
xl, cfg, log, linux, pv_cfg, exits_elf = sys.argv[1:]
images = ['kernel="%s/vmlinuz"' % linux, 'ramdisk="%s/initramfs.cpio.gz"' % linux]
devices = ["disk=['vdev=xvda, access=rw, target=vda']",
           "vif=['mac=00:16:3e:00:01:01, bridge=xenbr0, ip=10.0.0.21/24']",
           'cmdline="console=hvc0 loglevel=4 xenolith.ip=10.0.0.21/24"']

def text():
    with open(log, errors="replace") as f:
        return f.read().replace("\r", "")

def wait(pattern, limit):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if re.search(pattern, text(), re.M):
            return True
        time.sleep(0.02)
    sys.exit("FAIL bench/linux: no /%s/ within %d s" % (pattern, limit))

def exits(domid):
    """The domain's exits by reason, from the hypervisor's lines at its end."""
    block = re.search(r"^\(XEN\) d%dv0 exits \(\w+\):\n((?:\(XEN\)   \S.* \d+\n)+)" % domid,
                      text(), re.M)
    counts = {}
    for name, n in re.findall(r"\(XEN\)   (\S.*?) +(\d+)\n", block.group(1) if block else ""):
        counts[name] = counts.get(name, 0) + int(n)
    io = re.search(r"^\(XEN\) d%d I/O: ports (\d+) handled (\d+) unbacked" % domid,
                   text(), re.M)
    return counts, io

def exit_costs(domid):
    """unbacked.elf's "bench": {measure: (mean, min, median, p99)}, TSC kHz."""
    if subprocess.call([xl, "create", pv_cfg, 'kernel="%s"' % exits_elf,
                        'name="exits"', 'cmdline="bench"'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        sys.exit("FAIL bench/linux: xl create of unbacked.elf bench failed")
    wait(r"^\(d%d\) SUMMARY \d+ passed, \d+ failed" % domid, 300)
    failed = re.findall(r"^\(d%d\) (FAIL .*)$" % domid, text(), re.M)
    if failed:
        sys.exit("FAIL bench/linux: unbacked.elf bench: " + failed[0])
    wait(r"^\(XEN\) domain %d destroyed" % domid, 60)
    costs = {}
    for kind, name, vals in re.findall(r"^\(d%d\) (BENCH|BENCHSTAT) (\S+) ([\d ]+)$" % domid,
                                       text(), re.M):
        costs.setdefault(name, [None])
        if kind == "BENCH":
            costs[name][0] = int(vals)
        else:
            costs[name][1:] = [int(x) for x in vals.split()]
    khz = costs.pop("tsc-khz", [0])[0]
    return costs, khz

exit_cost, tsc_khz = exit_costs(1)
domid, rows = 1, []
image_mb = (os.path.getsize(os.path.join(linux, "vmlinux")) +
            os.path.getsize(os.path.join(linux, "initramfs.cpio.gz"))) / 1e6
for label, extra in (("no devices", []), ("a disk and a vif", devices)):
    times, built, populated = [], [], []
    for i in range(5):
        domid += 1
        t0 = time.monotonic()
        xlp = subprocess.Popen([xl, "create", cfg, *images, *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait(r'^\(d0\) (dom0> )?builder: d%d "linux" built' % domid, 300)
        built.append((time.monotonic() - t0) * 1000)
        wait(r"^\(d0\) (dom0> )?\[%d\] XENOLITH-LINUX-INIT-OK" % domid, 300)
        times.append((time.monotonic() - t0) * 1000)
        if xlp.wait():
            sys.exit("FAIL bench/linux: xl create failed")
        wait(r"^\(XEN\) domain %d destroyed" % domid, 60)
        pop = re.search(r"builder: d%d: \d+ KiB in \d+ ms from CREATE \(populating its RAM "
                        r"(\d+) ms" % domid, text())
        populated.append(int(pop.group(1)) if pop else 0)
    if extra and "xvda: mounted" not in text():
        sys.exit("FAIL bench/linux: xvda was not mounted")
    rows.append((label, times[0], sorted(times), sorted(built), populated))
    if not extra:
        no_dev_exits = exits(domid)
        shares = re.search(r"builder: d%d: (\d+) KiB in (\d+) ms from CREATE \(populating its "
                           r"RAM \d+ ms, SHA-256 (\d+) ms, writing into the domain (\d+) ms\)"
                           r"(?:, (\d+) KiB of it zero runs)?" % domid, text())

print("%-36s %10s %10s %10s %10s %10s" % ("one exit's round trip (QEMU TCG, svm)",
      "mean", "min", "median", "p99", "median ns"))
for name in ("exit-ioport-in", "exit-ioport-in-pair", "exit-cpuid", "exit-rdmsr",
             "exit-ioport-in-linux-cr4", "exit-xapic-eoi", "exit-x2apic-eoi"):
    mean, lo, med, p99 = exit_cost[name]
    print("%-36s %10d %10d %10d %10d %10.0f" % (name + ", cycles", mean, lo, med, p99,
          med * 1e6 / tsc_khz if tsc_khz else 0))
print("%-36s %10d kHz (Xen's CPUID leaf 0x40000003)" % ("  TSC rate", tsc_khz))
print()
print("%-52s %10s" % ("Linux PVH DomU (QEMU TCG, svm)", "median"))
for label, first, t, b, pop in rows:
    print("%-52s %10.0f ms (of 5; min %.0f, max %.0f; the first %.0f)" %
          ("xl create to /init marker, " + label, t[2], t[0], t[-1], first))
    print("%-52s %10.0f ms (%.1f MB/s of images; min %.0f, max %.0f)" %
          ("  of which xl create to Dom0's built domain", b[2],
           image_mb / (b[2] / 1000), b[0], b[-1]))
    print("%-52s %10.0f ms (Dom0's clock; the first %d)" %
          ("    of which populating its 256 MiB", sorted(pop)[2], pop[0]))
if shares:
    kib, total, sha, copy, zero = (int(x or 0) for x in shares.groups())
    kib -= zero     # zero runs are neither hashed nor written
    print("%-52s %9.0f%% SHA-256, %.0f%% writing through foreign maps" %
          ("  Dom0's time from CREATE to built (its clock)", 100.0 * sha / max(total, 1),
           100.0 * copy / max(total, 1)))
    print("%-52s %10.1f MB/s SHA-256, %.1f MB/s foreign writes" %
          ("    per data byte, zero runs left out (compare runs)", kib * 1.024 / max(sha, 1),
           kib * 1.024 / max(copy, 1)))
    print("%-52s %10.1f MB (of %.1f MB: neither sent, hashed nor written)" %
          ("  of the images, zero runs", zero * 1.024e-3, (kib + zero) * 1.024e-3))
counts, io = no_dev_exits
print("%-52s %10d (%s)" % ("exits of the last DomU without devices", sum(counts.values()),
      ", ".join("%s %d" % kv for kv in sorted(counts.items(), key=lambda kv: -kv[1])[:6])))
if io:
    print("%-52s %10s" % ("  port accesses with no device (runs share an exit)", io.group(2)))
PY
