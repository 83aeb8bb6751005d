#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The event-channel domains of events.sh on two CPUs: the 10,000-event
# ping-pong between two DomUs then crosses CPUs (an event for a vCPU
# running elsewhere kicks that CPU), checked by check-events.sh.
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
EVENTS_SMP=2 EVENTS_LOG=${EVENTS_LOG:-$build/tests/system/events-smp-serial.log} \
	exec "$here/events.sh" "$@"
