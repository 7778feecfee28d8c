#!/bin/sh
# log's trends read right: the change against a stated reference, one
# scale for every sparkline, and a step at the very end of the range said
# before it is a level, without hiding the step before it.

. "$(dirname "$0")/lib.sh"

# c1..c8: "a" steps +30% at c5, "b" wobbles by 0.1%; c9: "a" +31% more.
test_setup 'nine commits measured' '
	git init -q repo && (cd repo &&
	i=0 &&
	for v in "100 50" "101 50.02" "99 49.98" "100 50.01" "130 49.99" \
		 "131 50.03" "129 49.97" "130 50" "170 50.01"; do
		i=$((i + 1)) &&
		echo $i >f && git add f && git commit -q -m c$i && git tag c$i &&
		set -- $v &&
		printf "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": %s}, {\"name\": \"b\", \"unit\": \"ns\", \"value\": %s}]\n" \
			$1 $2 >../r$i.json &&
		git bench record -q -f generic ../r$i.json || exit 1
	done)
'

test_expect_success 'eight commits: the step, Change against the first, one scale' '
	cd repo &&
	git bench log c8 >out &&
	grep -q "^a  .*  130.00 ns  +30.00%$" out &&
	grep -q "^b  .*   50.00 ns   +0.00%$" out &&
	grep -q "^  step at $(git rev-parse --short c5) " out &&
	! grep -q "newest" out &&
	# A 0.1% wobble draws flat beside the 30% step.
	sed -n "s/^b  *\\([^ ]*\\) .*/\\1/p" out >spark-b &&
	! grep -q "[▁▂▇█]" spark-b &&
	sed -n "s/^a  *\\([^ ]*\\) .*/\\1/p" out | grep -q "^▁▁▁▁████$" &&
	grep -q "^Change: the latest against the first of the range.$" out &&
	grep -q "^Sparklines share one scale: full height is 27.8%.$" out
'

test_expect_success 'a step at the very end: said, and the step before it stays' '
	cd repo &&
	git bench log >out &&
	grep -q "^a  .*  170.00 ns  +70.00%$" out &&
	grep -q "^  step at $(git rev-parse --short c5) " out &&
	grep -q "^  newest 1 commit: 130.00 ns → 170.00 ns (+30.77%, [A-Z]*);$" out &&
	grep -q "^    a step once more commits stay there$" out &&
	awk "length(\$0) > 80 { exit 1 }" out &&
	git bench log --format json >out.json &&
	python3 - out.json <<-\PY &&
	import json, sys
	rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["benchmarks"]}
	a = rows["a"]
	assert abs(a["range_change_percent"] - 70) < 1e-9, a
	assert a["newest"]["commits"] == 1 and abs(a["newest"]["change_percent"] - 30.769) < 0.01, a
	assert a["newest"]["verdict"] != "STABLE", a
	assert "newest" not in rows["b"], rows["b"]
	PY
	git bench log --format markdown >out.md &&
	grep -q "newest 1 commit: 130.00 ns → 170.00 ns (+30.77%" out.md &&
	grep -q "^Change: the latest against the first of the range. Sparklines share" out.md
'

# g1..g10: "a" steps +30% at g6, but g5 and g6 have no results: the step
# is somewhere in g5..g7, and log must not pin it on g7.
test_expect_success 'a step after commits without results: the range it is in' '
	git init -q gap && (cd gap &&
	i=0 &&
	for v in 100 101 99 100 - - 130 131 129 130; do
		i=$((i + 1)) &&
		echo $i >f && git add f && git commit -q -m g$i && git tag g$i &&
		if test "$v" != -; then
			printf "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": %s}]\n" \
				$v >../g$i.json &&
			git bench record -q -f generic ../g$i.json || exit 1
		fi
	done &&
	git bench log >out &&
	g4=$(git rev-parse --short g4) && g7=$(git rev-parse --short g7) &&
	grep -q "^  step in $g4..$g7 (3 commits, 2 unmeasured): 100.00 ns → 130.00 ns$" out &&
	! grep -q "step at" out &&
	! grep -q "g7$" out &&
	grep -q "^A step in A..B: in B or a commit since A without results;$" out &&
	grep -q "^git bench bisect --run measures them to name it.$" out &&
	awk "length(\$0) > 80 { exit 1 }" out &&
	git bench log --format json >out.json &&
	python3 - out.json $(git rev-parse g4 g7) <<-\PY &&
	import json, sys
	(a,) = json.load(open(sys.argv[1]))["benchmarks"]
	(cp,) = a["change_points"]
	assert cp["commit"] == sys.argv[3] and cp["after"] == sys.argv[2], cp
	assert cp["unmeasured"] == 2, cp
	PY
	git bench log --format markdown >out.md &&
	grep -q "| \`$g4..$g7\` +30.00%" out.md &&
	grep -q "A step in A..B: in B or a commit since A without results; git bench bisect" out.md &&
	git bench report -q -o r.html &&
	python3 - r.html <<-\PY
	import json, re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	d = json.loads(re.search(r"id=\"gb-data\">(.*?)</script>", page, re.S).group(1))
	(m,) = d["machines"]
	(b,) = m["benchmarks"]
	(cp,) = b["cp"]
	assert cp[0] == 4 and cp[3] == "REGRESSION" and cp[4] == 2, cp
	PY
	)
'

test_expect_success 'log --commits: a long label and subject fit 80 columns' '
	git init -q long && (cd long &&
	echo 1 >f && git add f &&
	git commit -q -m "a subject that goes on well past the width of any terminal, as merge subjects do" &&
	echo "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}]" >../long.json &&
	git bench record -q -l "release-candidate-label-that-is-really-quite-long" \
		-f generic ../long.json &&
	git bench log --commits >out &&
	test_fits out 80 &&
	grep -q " (release-candidate-label…) a subject that go.*…$" out &&
	COLUMNS=200 git bench log --commits >wide &&
	grep -q " as merge subjects do$" wide)
'

test_done
