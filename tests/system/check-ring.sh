# SPDX-License-Identifier: MIT
# Shared by check-linux.sh and check-split.sh (sourced, not run), which
# check the log of a Bochs run whose DomU d1 writes to its console ring
# (Dom0's backend copies its lines out as "(d0) [1] ...").  Callers set
# name; the log is their first argument.
#   has PATTERN    the log has a line matching the basic regular expression
#   fail REASON    FAIL line, the log's last lines but the hypervisor's, exit 1
#   pass_unless_crashed  exit 1 if anything crashed or panicked, else 0
set -u
log=$1
text=$(tr -d '\r' < "$log")

has() {
	echo "$text" | grep -q -- "$1"
}

fail() {
	echo "FAIL $name: $*"
	echo "$text" | grep -v '^(XEN)' | tail -15 | sed 's/^/    /'
	exit 1
}

pass_unless_crashed() {
	has 'crashed:\|Panic\|PANIC' && fail "$(echo "$text" | grep -m1 'crashed:\|Panic\|PANIC')"
	exit 0
}
