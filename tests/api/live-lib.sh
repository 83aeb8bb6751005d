# SPDX-License-Identifier: MIT
# Shared by the API tests that need the live chain (sourced after lib.sh):
# QEMU (TCG, svm) with Dom0's agent on the virtio-console port mgmt, the
# boot modules Dom0 and domU-1, and xapid (lib.sh's xapid_start, $XAPID)
# connected to Dom0 over that port.
#
#   live_boot NAME      boots, starts xapid and waits until it reaches
#                       Dom0's agent; sets CHANNEL; FAIL NAME and exit on
#                       failure.  QEMU is stopped at exit.
. "$TOP/tests/system/guest-lib.sh"
log=$WORK/serial.log

live_boot() {
	name=$1
	need_built "$build/xenolith" "$build/dom0/dom0.elf" "$gp/guest-pv.elf"
	trap 'stop_qemu; cleanup' EXIT
	CHANNEL=$WORK/mgmt.sock
	qemu_start "${QEMU_TIME_LIMIT:-400}" -m 256M \
		-device virtio-serial-pci,id=vs,disable-legacy=on,max_ports=4 \
		-chardev "socket,id=mgmt,path=$CHANNEL,server=on,wait=off" \
		-device virtserialport,bus=vs.0,nr=1,chardev=mgmt,name=mgmt \
		-kernel "$build/xenolith" -append "dom0_mem=32M domU_mem=16M" \
		-initrd "$build/dom0/dom0.elf,$gp/guest-pv.elf console=hvc0"
	wait_for "agent: management channel on virtio-console port mgmt" 60 ||
		fail "Dom0's agent did not start"
	xapid_start || fail "xapid did not start"
	for _ in $(seq 100); do
		grep -q "Dom0's agent is up" "$WORK/xapid.log" && break
		sleep 0.2
	done
}
