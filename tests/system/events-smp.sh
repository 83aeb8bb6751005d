#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The event-channel domains of events.sh on two CPUs: the 10,000-event
# ping-pong between two DomUs then crosses CPUs (an event for a vCPU
# running elsewhere kicks that CPU), checked by check-events.sh.
#
# QEMU runs both CPUs on one host thread (thread=single): with a thread per
# CPU (MTTCG, QEMU's default) QEMU 7.2 races an FXRSTOR on one CPU against
# the other's #VMEXIT and now and then leaves nested paging on in host
# mode, and the host triple-faults (docs/emulators.md); it was not seen in
# 120 single-thread boots.  events-smp-soak.sh (`make fuzz`) reproduces it.
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
EVENTS_SMP=2 EVENTS_ACCEL=${EVENTS_ACCEL:-tcg,thread=single} \
	EVENTS_LOG=${EVENTS_LOG:-$build/tests/system/events-smp-serial.log} \
	exec "$here/events.sh" "$@"
