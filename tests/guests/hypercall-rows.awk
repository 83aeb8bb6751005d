# SPDX-License-Identifier: MIT
# Reads docs/hypercalls.md and prints one line per sub-op number of every
# row of a section headed "## name (N)": the row's first cell when it is
# a list of numbers ("16, 17"), else every number in parentheses in it
# ("close (3)", "up (1), down (2)", "(11–13)") (docs/hypercalls.md says
# so at its top).  With -v out=c, a C initialiser per number for
# tests/guests/doc_rows.c:
#     { 12, 15, false, "hypercalls.md/memory_op/15" },
# (hypercall, sub-op, whether the row says -ENOSYS, the test name); with
# -v out=names, the test names alone.

function trim(s) {
	gsub(/^[ \t`]+|[ \t`]+$/, "", s)
	return s
}

# Appends the numbers of text ("16, 17", "11–13", "0x4000") to nums.
function add_numbers(text,    parts, n, i, a, b, ends) {
	n = split(text, parts, /,/)
	for (i = 1; i <= n; i++) {
		a = trim(parts[i])
		if (a ~ /^[0-9]+$/ || a ~ /^0x[0-9a-fA-F]+$/) {
			nums[++nnums] = a
		} else if (split(a, ends, /[ ]*(–|-)[ ]*/) == 2 &&
			   ends[1] ~ /^[0-9]+$/ && ends[2] ~ /^[0-9]+$/) {
			for (b = ends[1] + 0; b <= ends[2] + 0; b++)
				nums[++nnums] = b
		}
	}
}

# Every parenthesised group of numbers in text.
function numbers_in_parens(text,    inner) {
	while (match(text, /\([^()]*\)/)) {
		inner = substr(text, RSTART + 1, RLENGTH - 2)
		if (inner ~ /^[0-9x, –a-fA-F-]+$/ && inner ~ /[0-9]/)
			add_numbers(inner)
		text = substr(text, RSTART + RLENGTH)
	}
}

/^## / {
	hc = ""
	if (match($0, /^## [a-z_]+ \([0-9]+\)/)) {
		split(substr($0, 4, RLENGTH - 3), h, / /)
		name = h[1]
		hc = h[2]
		gsub(/[()]/, "", hc)
	}
	status_col = 0
	next
}

hc != "" && /^\|/ {
	ncells = split($0, cell, /\|/)
	if (!status_col) {	# the table's header row
		for (i = 2; i < ncells; i++)
			if (trim(cell[i]) == "status")
				status_col = i
		next
	}
	if ($0 ~ /^\|[ :|-]+\|$/)	# the separator row
		next
	nnums = 0
	c = trim(cell[2])
	if (c ~ /^[0-9][0-9, ]*$/)	# a cmd column: "16, 17"
		add_numbers(c)
	else
		numbers_in_parens(c)
	enosys = trim(cell[status_col]) ~ /^not yet/ ? "true" : "false"
	for (i = 1; i <= nnums; i++) {
		test = "hypercalls.md/" name "/" nums[i]
		if (out == "names")
			print test
		else
			printf "\t{ %s, %s, %s, \"%s\" },\n", hc, nums[i], enosys, test
	}
	next
}
