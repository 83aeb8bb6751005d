# SPDX-License-Identifier: MIT
# The object lists of the split drivers, paths relative to drivers/.
# Included by guest-patches/Makefile (the guest kernels link the
# frontends) and dom0/Makefile (Dom0 links the backends, and the frontends
# too: its PV console is the guest kernel's, which can run on a ring).
# Code both ends share is in drivers/ itself (ring.h, pattern.h, and
# xenbus_dev.c in both lists).

frontend := xenbus_dev.o frontend/consfront.o frontend/xenbus_front.o \
	frontend/blkfront.o frontend/netfront.o frontend/splittest.o
backend := backend/consback.o backend/xenbus_back.o backend/blkreq.o \
	backend/blkback.o backend/ramdisk.o backend/vbd.o backend/bridge.o \
	backend/netback.o backend/vif.o backend/target.o backend/vdisk.o backend/nat.o \
	backend/pgrant.o backend/conntrack.o backend/dhcpd.o
