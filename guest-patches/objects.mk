# SPDX-License-Identifier: MIT
# The object lists of the kernels built from guest-patches: the core, the
# native pieces, the PV layer.  Included by this room's Makefile (the DomU
# builds) and by dom0/Makefile (the Dom0 kernel: the core, the PV layer
# and dom0/, whose main.c takes the place of $(entry)).  Paths are relative to
# guest-patches/.

# Where kernel_main() lives: the guest kernels' start-up (Dom0 has its own).
entry := kernel/main.o

# The kernel core, linked into every build.
core := kernel/start.o kernel/print.o kernel/page_alloc.o kernel/thread.o \
	kernel/args.o kernel/shell.o kernel/selftest.o kernel/memory.o \
	kernel/heap.o
# The network stack (kernel/net/): devices, Ethernet, ARP, IPv4, ICMP,
# UDP, the `ip` and `ping` commands.
core += kernel/net/netdev.o kernel/net/eth.o kernel/net/arp.o \
	kernel/net/ipv4.o kernel/net/icmp.o kernel/net/udp.o \
	kernel/net/inet.o kernel/net/commands.o
core += kernel/arch/x86/head.o kernel/arch/x86/entry.o \
	kernel/arch/x86/boot.o kernel/arch/x86/trap.o kernel/arch/x86/paging.o

# What the native build has and the paravirtual build replaces.
native := native/platform.o native/uart.o native/pic.o native/pit.o \
	native/power.o

# The PV layer.
pv := pv/platform.o pv/xen.o pv/console.o pv/console_io.o \
	pv/clock.o pv/power.o pv/commands.o \
	pv/shared_info.o pv/evtchn.o pv/evtchn_table.o pv/gnttab.o pv/xenbus.o \
	pv/selftest.o pv/selftest_evtchn.o pv/selftest_time.o \
	pv/selftest_gnttab.o pv/selftest_xenbus.o pv/selftest_foreign.o \
	pv/xs.o pv/xstest.o pv/control.o \
	pv/arch/x86/hypercall.o pv/arch/x86/hypercall_page.o pv/arch/x86/refusal.o
