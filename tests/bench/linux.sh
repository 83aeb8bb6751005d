#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` rows for Debian's Linux as a PVH DomU under QEMU TCG (svm):
# ms from `xl create` (the domain's creation, the bzImage unpacked and
# uploaded included) to its /init's marker on the console ring, median of
# 5, with no devices and with a disk (ext4 on Dom0's virtio-blk disk, which
# /init mounts) and a vif (brought up, no ping).  Each domain powers off
# before the next is created.  Numbers only: nothing here passes or fails
# on time.
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
python3 - "$build/bin/xl" "$top/examples/linux.cfg" "$log" "$build/linux" <<'PY'
import re, subprocess, sys, time
xl, cfg, log, linux = sys.argv[1:]
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

domid, rows = 0, []
for label, extra in (("no devices", []), ("a disk and a vif", devices)):
    times = []
    for i in range(5):
        domid += 1
        t0 = time.monotonic()
        subprocess.run([xl, "create", cfg, *images, *extra], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait(r"^\(d0\) (dom0> )?\[%d\] XENOLITH-LINUX-INIT-OK" % domid, 300)
        times.append((time.monotonic() - t0) * 1000)
        wait(r"^\(XEN\) domain %d destroyed" % domid, 60)
    if extra and "xvda: mounted" not in text():
        sys.exit("FAIL bench/linux: xvda was not mounted")
    times.sort()
    rows.append((label, times))

print("%-44s %10s" % ("Linux PVH DomU (QEMU TCG, svm)", "median"))
for label, t in rows:
    print("%-44s %10.0f ms (of 5; min %.0f, max %.0f)" %
          ("xl create to /init marker, " + label, t[2], t[0], t[-1]))
PY
