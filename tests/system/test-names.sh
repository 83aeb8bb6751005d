# SPDX-License-Identifier: MIT
# Sourced by every serial-log check (check-*.sh, guest-lib.sh): the one
# place that knows how the sources write test names, and how a guest's
# PASS lines must add up to its summary line.

# test_names SOURCE...: every name a check is reported under, sorted, one
# a line: the string literal that opens a call of EXPECT_EQ, EXPECT_TRUE,
# selftest_check or TEST_NAME (a name kept in a table), of the form
# "group/name" with letters of either case, digits, '_', '-', '.' and '/'.
# Comments are skipped, so a name mentioned in one is not required.
test_names() {
	perl -0777 -ne '
		s{/\*.*?\*/}{}gs;
		s{//[^\n]*}{}g;
		print "$1\n" while
		    /\b(?:EXPECT_EQ|EXPECT_TRUE|selftest_check|TEST_NAME)\s*\(\s*"([A-Za-z0-9_]+\/[A-Za-z0-9_.\/-]+)"/g;
	' "$@" | sort -u
}

# check_counts LOG PREFIX WORD: of the lines of LOG starting with PREFIX
# (e.g. "(d1) "), exactly one is "WORD P passed, F failed" (SUMMARY for the
# test guests, SELFTEST for the PV kernels), F is 0, no line is a FAIL, and
# P lines are PASS lines: every check the guest counted reached the log
# and none went uncounted.  Prints the problem and returns 1, or returns 0.
check_counts() {
	awk -v p="$2" -v w="$3" '
	index($0, p) == 1 {
		rest = substr($0, length(p) + 1)
		if (rest ~ /^PASS /)
			pass++
		else if (rest ~ /^FAIL/)
			fail++
		else if (rest ~ ("^" w " [0-9]+ passed, [0-9]+ failed$")) {
			sums++
			split(rest, f, " ")
			said = f[2]; said_failed = f[4]
		}
	}
	END {
		if (sums != 1)
			msg = sprintf("%d %s lines, not one", sums, w)
		else if (fail || said_failed)
			msg = sprintf("%d FAIL lines, %s says %d failed", fail, w,
				      said_failed)
		else if (pass != said)
			msg = sprintf("%d PASS lines, %s says %d passed", pass, w,
				      said)
		if (msg != "") {
			print p msg
			exit 1
		}
	}' "$1"
}
