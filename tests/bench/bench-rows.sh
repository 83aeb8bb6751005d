# SPDX-License-Identifier: MIT
# Sourced by the bench scripts that read the guests' BENCH / BENCHSTAT
# lines (events.sh, lapic.sh): the one parser of those lines and the one
# layout of their tables.  A guest prints, per measure,
#   BENCH <name> <mean>                      over the whole loop
#   BENCHSTAT <name> <min> <median> <p99>    per sample
# prefixed by its domain, "(dN) ", in the serial log.

# bench_rows LOG DOMAINS NAMES [SKIP]: one line "name mean [min median
# p99]" per measure of the domains matching the sed pattern DOMAINS (e.g.
# '[0-9]*', '[79]') whose names start with the pattern NAMES (e.g. '',
# 'lapic-\|smp-'), SKIP left out.  Where several domains measure the same
# thing: the mean of their means and medians, the smaller min, the larger
# p99.  Sorted by name.
bench_rows() {
	tr -d '\r' < "$1" |
		sed -n "s/^(d$2) \(BENCH\(STAT\)\{0,1\}\) \($3\)/\1 \3/p" |
		awk -v skip="${4:-}" '
		$2 == skip { next }
		$1 == "BENCH" { mean[$2] += $3; nm[$2]++ }
		$1 == "BENCHSTAT" {
			if (!($2 in lo) || $3 < lo[$2]) lo[$2] = $3
			med[$2] += $4; ns[$2]++
			if ($5 > hi[$2]) hi[$2] = $5
		}
		END {
			for (k in mean) {
				printf "%s %d", k, mean[k] / nm[k]
				if (ns[k])
					printf " %d %d %d", lo[k], med[k] / ns[k], hi[k]
				printf "\n"
			}
		}' | sort
}

# bench_table TITLE EMULATOR BACKEND WIDTH < rows: the heading and the rows
# of bench_rows, the name column WIDTH wide.
bench_table() {
	printf '\n%-*s %s (%s back end), cycles\n' "$4" "$1" "$2" "$3"
	printf '%-*s %10s %10s %10s %10s\n' "$4" "measure" "mean" "min" "median" "p99"
	awk -v w="$4" '{
		printf "%-*s %10d", w, $1, $2
		if (NF == 5)
			printf " %10d %10d %10d", $3, $4, $5
		printf "\n"
	}'
}

# The emulators' names for a table's title.
qemu_title() {
	echo "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') TCG"
}
bochs_title() {
	echo "Bochs $(dpkg-query -W -f '${Version}' bochs 2>/dev/null) corei7_skylake_x"
}

# bench_boot WHAT SCRIPT TABLE-ARGS...: boots the system test SCRIPT (its
# output dropped), then prints `table TABLE-ARGS...` (the caller's), or
# says that WHAT's run failed and returns 1.
bench_boot() {
	local what=$1 script=$2

	shift 2
	if "$script" >/dev/null; then
		table "$@"
	else
		echo "$what bench: tests/system/$(basename "$script") failed (it says why)"
		return 1
	fi
}
