#!/bin/sh
# Every field a results file gives (the unit, the name), and the label and
# machine key, fed escape sequences (OSC title, CSI clear), CR LF, bidi
# overrides, controls beside NUL and HTML: through every view in every
# format, no raw control byte reaches the output, no line is forged and no
# markdown or CSV cell is added.
. "$(dirname "$0")/lib.sh"

# A generic results file: one benchmark per hostile unit, and hostile
# names, each value $1 (so two commits differ).
make_results () {
	python3 - "$1" "$2" <<-\PY
	import json, sys
	hostile = [
	    "\x1b]0;PWN\x07\x1b[2Jx",
	    "ns\r\nFAKE: line",
	    "ms \u202eevil\u2066",
	    "\x01\x7f\u0085 nul-adjacent",
	    "<b>html</b>|pipe,comma;\"quote\"`code`*",
	]
	rows = []
	for i, u in enumerate(hostile):
	    rows.append({"name": "unit%d" % i, "unit": u,
	                 "value": float(sys.argv[2]) + i})
	    rows.append({"name": "name " + u, "unit": "ns",
	                 "value": float(sys.argv[2]) + i})
	json.dump(rows, open(sys.argv[1], "w"))
	PY
}

label=$(printf 'v1\033]0;PWN\007\r\nFAKE: label \342\200\256<i>')
machine=$(printf 'box\033[2J\r\nFAKE: machine')

# No line of the files starts a forged line.
no_forged_line () {
	! grep -a "^FAKE" "$@"
}

# Every row of a markdown table in $1 has as many unescaped pipes.
md_columns () {
	python3 - "$1" <<-\PY
	import re, sys
	rows = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("|")]
	assert rows, "no table"
	counts = {len(re.findall(r"(?<!\\)\|", l)) for l in rows}
	assert len(counts) == 1, rows
	PY
}

# Every row of the CSV file $1 has as many fields.
csv_columns () {
	python3 - "$1" <<-\PY
	import csv, sys
	rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
	assert len(rows) > 1 and len({len(r) for r in rows}) == 1, rows
	PY
}

test_setup 'two commits measured with hostile units, names, label and machine' '
	new_repo repo && cd repo &&
	make_results "$TRASH/a.json" 100 && make_results "$TRASH/b.json" 150 &&
	git -c bench.machine="$machine" bench record -q --commit HEAD \
		--format generic --label "$label" "$TRASH/a.json" &&
	commit_change second &&
	git -c bench.machine="$machine" bench record --format generic \
		--label "$label" "$TRASH/b.json" >../record.out 2>&1 &&
	terminal_safe ../record.out && no_forged_line ../record.out
'

test_expect_success 'show and names, in every format' '
	git bench show >show.txt 2>err &&
	git bench show --format json >show.json 2>>err &&
	git bench names >names.txt 2>>err &&
	terminal_safe show.txt show.json names.txt err &&
	no_forged_line show.txt names.txt err &&
	grep -qxF "  • unit0" show.txt &&
	grep -qxF "      \\x1b]0;PWN\\x07\\x1b[2Jx: 150 \\x1b\\x5d0\\x3bPWN\\x07\\x1b\\x5b2Jx" show.txt &&
	grep -qxF "      ns\\r\\nFAKE: line: 151 ns\\r\\nFAKE: line" show.txt &&
	grep -qxF "  • name ns\\r\\nFAKE: line - 151.00 ns" show.txt &&
	python3 -c "import json; json.load(open(\"show.json\"))"
'

test_expect_success 'compare and check, in every format' '
	for f in text markdown json csv; do
		git -c bench.machine="$machine" bench compare --format $f \
			HEAD~1 HEAD >compare.$f 2>>err || return 1
	done &&
	test_expect_code 1 git -c bench.machine="$machine" \
		-c bench.baseline=HEAD~1 -c bench.onUncertain=fail \
		bench check HEAD >check.txt 2>>err &&
	terminal_safe compare.* check.txt err &&
	no_forged_line compare.* check.txt err &&
	md_columns compare.markdown && csv_columns compare.csv &&
	! grep -q "<b>html" compare.markdown &&
	python3 -c "import json; json.load(open(\"compare.json\"))"
'

test_expect_success 'log, in every format' '
	for f in text markdown json csv; do
		git bench log --any-machine --format $f >log.$f 2>err.$f ||
			return 1
	done &&
	git bench log --commits >commits.txt 2>err &&
	terminal_safe log.* commits.txt err* &&
	no_forged_line log.* commits.txt err* &&
	md_columns log.markdown && csv_columns log.csv &&
	! grep -q "<b>html" log.markdown
'

bt=$(printf '\140')
test_expect_success 'a machine key with a backquote: escaped in markdown, no code span' '
	git -c bench.machine="x${bt}y|z" bench record -q --commit HEAD --allow-dirty \
		--format generic "$TRASH/a.json" &&
	git bench log --machine "x${bt}y|z" --format markdown >log.bt.md &&
	grep -F "Machine: x\\${bt}y\\|z · mean" log.bt.md
'

test_expect_success 'export and the HTML report' '
	git bench export --format csv HEAD~1..HEAD >export.csv 2>err &&
	git bench export --format json HEAD~1..HEAD >export.json 2>>err &&
	git bench report -q -o report.html HEAD~1..HEAD 2>>err &&
	terminal_safe export.csv export.json report.html err &&
	no_forged_line export.csv err &&
	csv_columns export.csv &&
	! grep -q "<b>html\|<i>" report.html &&
	python3 -c "import json; json.load(open(\"export.json\"))"
'

test_done
