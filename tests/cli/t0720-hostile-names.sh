#!/bin/sh
# Output safety: benchmark names, a label and a machine key holding escape
# sequences, newlines, C1 controls, bidirectional overrides, bytes that are
# not UTF-8, table and CSV separators, and 4 KiB of length (the limit) are
# stored as given and printed escaped: no terminal receives a raw control byte, JSON
# parses back to the names, tables keep their columns.
. "$(dirname "$0")/lib.sh"

# A Criterion.rs tree whose benchmark ids are hostile (written by python,
# which can put any byte in the JSON, as a harness could).
make_tree () {
	python3 - "$1" <<-\PY
	import json, os, sys
	root = sys.argv[1]
	names = [
	    b"\x1b[31mred\x1b[0m/\x1b]0;owned\x07/\x1b[2J",
	    b"first line\nsecond line\r\tand a tab",
	    b"c1 \xc2\x9b2J csi \xc2\x85 nel \x7f del",
	    b"bidi \xe2\x80\xae reversed \xe2\x81\xa6 isolate",
	    b"not utf-8 \xff\xfe \xc3",
	    b"table | pipe, comma; \"quote\" <b>html</b> `code` *star*",
	    b"x" * 4096,
	    b"</script><script>alert(1)</script><!--",
	]
	for i, name in enumerate(names):
	    d = os.path.join(root, "b%d" % i, "new")
	    os.makedirs(d)
	    # JSON escapes for the ASCII controls, raw bytes for the rest.
	    text = name.decode("latin-1").encode("latin-1")
	    body = b'{"group_id":"g","function_id":null,"value_str":null,"full_id":"' + \
	        text.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") \
	            .replace(b"\r", b"\\r").replace(b"\t", b"\\t").replace(b"\x1b", b"\\u001b") \
	            .replace(b"\x07", b"\\u0007").replace(b"\x7f", b"\\u007f") + b'"}'
	    open(os.path.join(d, "benchmark.json"), "wb").write(body)
	    est = {k: {"point_estimate": 100.0 + i, "standard_error": 1.0}
	           for k in ("mean", "median", "std_dev")}
	    json.dump(est, open(os.path.join(d, "estimates.json"), "w"))
	PY
}

label=$(printf 'v1\033[2J\nnext line\302\233x')
machine=$(printf 'box\033[5m\tblink')

test_setup 'a repository, and results with hostile names' '
	new_repo repo && make_tree "$TRASH/evil" && cd repo &&
	commit_change second
'

test_expect_success 'record stores them; its output is escaped' '
	git -c bench.machine="$machine" bench record --commit HEAD~1 \
		--label "$label" "$TRASH/evil" >out 2>err &&
	git -c bench.machine="$machine" bench record --label "$label" \
		"$TRASH/evil" >>out 2>>err &&
	terminal_safe out err &&
	grep -q "^Read 8 results from " out &&
	grep -q "(label v1\\\\x1b\[2J\\\\nnext line\\\\xc2\\\\x9bx)$" out
'

test_expect_success 'the record holds the names as given' '
	git bench show --format json >show.json &&
	python3 - show.json <<-\PY
	import json, sys
	run = json.load(open(sys.argv[1]))["runs"][0]
	names = {r["name"] for r in run["results"]}
	# ASCII controls come back as they were; bytes that are not UTF-8
	# and C1 or bidi controls are shown as \xNN text.
	assert "\x1b[31mred\x1b[0m/\x1b]0;owned\x07/\x1b[2J" in names, names
	assert "first line\nsecond line\r\tand a tab" in names
	assert "c1 \\xc2\\x9b2J csi \\xc2\\x85 nel \x7f del" in names
	assert "not utf-8 \\xff\\xfe \\xc3" in names
	assert "x" * 4096 in names
	assert run["label"] == "v1\x1b[2J\nnext line\\xc2\\x9bx", run["label"]
	PY
'

test_expect_success 'show, show --format json and log (listing, trends) print no raw control' '
	git bench show >show.txt 2>err &&
	git bench show --format json >show.json 2>>err &&
	git bench show --format json --samples >samples.json 2>>err &&
	git bench log --commits >log.txt 2>>err &&
	git bench log --any-machine >trends.txt 2>>err &&
	git bench log --any-machine --format markdown >trends.md 2>>err &&
	git bench log --any-machine --format csv >trends.csv 2>>err &&
	terminal_safe show.txt show.json samples.json log.txt trends.txt trends.md trends.csv err &&
	python3 -c "
import re
rows = [l for l in open(\"trends.md\", encoding=\"utf-8\") if l.startswith(\"|\")]
assert len(rows) == 10, len(rows)
assert len({len(re.findall(r\"(?<!\\\\)\\|\", l)) for l in rows}) == 1, rows
" &&
	test $(grep -c "^  • " show.txt) = 8 &&
	grep -q "^  • first line\\\\nsecond line\\\\r\\\\tand a tab - " show.txt &&
	grep -q "^Machine:  box\\\\x1b\[5m\\\\tblink" show.txt &&
	test $(wc -l <log.txt) = 2 &&
	python3 -c "import json, sys; json.load(open(\"show.json\")); json.load(open(\"samples.json\"))"
'

test_expect_success 'the history log says the label escaped too' '
	git log --format=%B refs/benchmark-history >hist.txt &&
	terminal_safe hist.txt
'

test_expect_success 'fsck escapes what it names from the tree' '
	blob=$(printf "\\033[2J" | git hash-object -w --stdin) &&
	path=$(printf "runs/2026/\\033]0;x\\007/evil\\033[31m") &&
	GIT_INDEX_FILE=$TRASH/idx git read-tree refs/benchmark-history &&
	GIT_INDEX_FILE=$TRASH/idx git update-index --add --cacheinfo "100644,$blob,$path" &&
	tree=$(GIT_INDEX_FILE=$TRASH/idx git write-tree) &&
	git update-ref refs/benchmark-history $(git commit-tree $tree -p refs/benchmark-history -m edit) &&
	test_expect_code 1 git bench fsck >out 2>err &&
	terminal_safe out err &&
	grep -q "^damaged-record commit unknown run unknown in runs/2026/\\\\x1b\]0;x\\\\x07/evil\\\\x1b\[31m: " out &&
	git bench fsck --repair >out 2>err &&
	terminal_safe out err
'

# report and export are written separately: when they are there, checked.
if git bench report -h >/dev/null 2>&1; then
	test_expect_success 'the HTML report and export escape the names' '
		git bench report -q -o report.html HEAD~1..HEAD 2>err &&
		terminal_safe report.html err &&
		! grep -q "<script>alert(1)" report.html &&
		! grep -q "<b>html</b>" report.html &&
		git bench export --format csv HEAD~1..HEAD >export.csv &&
		git bench export --format json HEAD~1..HEAD >export.json &&
		terminal_safe export.csv export.json &&
		python3 - <<-\PY
		import csv, json
		rows = list(csv.reader(open("export.csv", newline="")))
		assert len(rows) >= 9 and len({len(r) for r in rows}) == 1, rows[:2]
		json.load(open("export.json"))
		PY
	'
else
	say "# skipping report and export: not in this build"
fi

# compare is written separately; when it is there, its every format is
# checked the same way. HEAD~1 and HEAD hold the same hostile names.
if git bench compare -h >/dev/null 2>&1; then
	test_expect_success 'compare, in every format, prints no raw control' '
		for f in table csv json markdown; do
			git bench compare --format $f HEAD~1 >cmp.$f 2>err.$f
			code=$?
			test $code -le 1 || { cat err.$f; return 1; }
			terminal_safe cmp.$f err.$f || return 1
		done &&
		python3 - <<-\PY
		import csv, json, re
		rows = list(csv.reader(open("cmp.csv", newline="")))
		assert len(rows) >= 8 and len({len(r) for r in rows}) == 1, rows[:3]
		json.load(open("cmp.json"))
		table = [l for l in open("cmp.markdown") if l.startswith("|")]
		cols = {len(re.findall(r"(?<!\\)\|", l)) for l in table}
		assert len(table) >= 9 and len(cols) == 1, (len(table), cols)
		PY
	'

	test_expect_success 'compare of several revisions (one a tag with a |) too' '
		git tag "t|x" HEAD~1 &&
		for f in table csv json markdown; do
			git bench compare --format $f HEAD~1 "t|x" HEAD \
				>multi.$f 2>err.$f
			code=$?
			test $code -le 1 || { cat err.$f; return 1; }
			terminal_safe multi.$f err.$f || return 1
		done &&
		test_fits multi.table &&
		python3 - <<-\PY
		import csv, json, re
		rows = list(csv.reader(open("multi.csv", newline="")))
		assert len(rows) == 1 + 3 * 8 and len({len(r) for r in rows}) == 1
		doc = json.load(open("multi.json"))
		assert len(doc["benchmarks"]) == 8, len(doc["benchmarks"])
		assert [r["revision"] for r in doc["revisions"]] == ["HEAD~1", "t|x", "HEAD"]
		assert {r[4] for r in rows[1:]} == {"HEAD~1", "t|x", "HEAD"}
		table = [l for l in open("multi.markdown") if l.startswith("|")]
		cols = {len(re.findall(r"(?<!\\)\|", l)) for l in table}
		assert len(table) == 10 and cols == {5}, (len(table), cols)
		PY
	'
else
	say "# skipping compare: 'git bench compare' is not in this build"
fi

test_done
