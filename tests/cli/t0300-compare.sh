#!/bin/sh
# compare, check and run on real Criterion.rs output: baselines by tag,
# branch, HEAD~N and merge-base; verdicts; formats; budgets; errors.
. "$(dirname "$0")/lib.sh"

# A line of main: c1 (v0.1.0, results), c2 (no results, tag v0.2.0),
# c3 (results of the same code), c4 (sum_of_squares made 30% slower).
test_setup 'a history with a known regression' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 && git tag v0.1.0 &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change c2 && git tag v0.2.0 &&
	commit_change c3 && git bench record -q "$CRITERION_BASE" &&
	commit_change c4 && git bench record -q "$CRITERION_SLOW"
'

test_expect_success 'the slower benchmark, and only it, is a REGRESSION' '
	test_expect_code 1 git bench compare --fail-on-regression v0.1.0 >out &&
	grep "REGRESSION" out >regressions &&
	test_one_line regressions &&
	grep -q "sum_of_squares .* +31.36%  REGRESSION$" regressions &&
	test_expect_code 1 git bench check --baseline v0.1.0 >out 2>err &&
	grep -q "check failed: 1 benchmark over budget" err
'

test_expect_success 'real runs of the same code: no regression, exit 0' '
	git bench compare --fail-on-regression v0.1.0 HEAD~1 >out &&
	! grep -q REGRESSION out &&
	git bench compare --fail-on-regression --bench "[fs]*[0-9]" v0.1.0 >out &&
	! grep -q "REGRESSION\|sum_of_squares" out &&
	grep -q "^8 stable\.$" out &&
	git bench check --baseline v0.1.0 HEAD~1
'

test_expect_success 'baseline by tag, said as named' '
	git bench compare v0.1.0 >out &&
	grep -q "^Baseline: $(git rev-parse --short v0.1.0) (v0.1.0) · 1 run$" out &&
	grep -q "^Current:  $(git rev-parse --short HEAD) (HEAD) · 1 run$" out
'

test_expect_success 'a tag without results: its nearest measured ancestor' '
	git bench compare v0.2.0 >out &&
	grep -q "^Baseline: $(git rev-parse --short v0.1.0) (v0.2.0~1, 1 commit back) · 1 run$" out
'

test_expect_success 'baseline by HEAD~N, also where HEAD~N has no results' '
	git bench compare HEAD~1 >out &&
	grep -q "^Baseline: $(git rev-parse --short HEAD~1) (HEAD~1) · " out &&
	git bench compare HEAD~2 >out &&
	grep -q "^Baseline: $(git rev-parse --short HEAD~3) (HEAD~2~1, 1 commit back) · " out
'

test_expect_success 'baseline by branch, and an explicit current commit' '
	git branch old v0.2.0 &&
	git bench compare old HEAD~1 >out &&
	grep -q "^Baseline: $(git rev-parse --short v0.1.0) (old~1, 1 commit back)" out &&
	grep -q "^Current:  $(git rev-parse --short HEAD~1) (HEAD~1)" out
'

test_expect_success 'no baseline named: the merge-base with the upstream' '
	git checkout -q -b topic v0.2.0 &&
	git branch -q --set-upstream-to=main &&
	commit_change topic-change &&
	git bench record -q "$CRITERION_SLOW" &&
	git bench compare >out &&
	grep -q "^Baseline: $(git rev-parse --short v0.1.0) (1 commit before the merge-base of HEAD and main)" out &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	git checkout -q main
'

test_expect_success 'no upstream: bench.baseline, else a clear error' '
	git checkout -q --detach main &&
	test_expect_code 2 git bench compare 2>err &&
	test_one_line err &&
	grep -q "no baseline: HEAD has no upstream and bench.baseline is not set" err &&
	git -c bench.baseline=v0.1.0 bench compare >out &&
	grep -q "(merge-base of HEAD and v0.1.0)" out &&
	git checkout -q main
'

test_expect_success 'bench.baseline beats the upstream of the branch' '
	git checkout -q topic &&
	git -c bench.baseline=v0.1.0 bench compare >out &&
	grep -q "(merge-base of HEAD and v0.1.0)" out &&
	git checkout -q main
'

test_expect_success 'results of another machine are not a baseline unless asked' '
	git init -q machines && (
		cd machines && git commit -q --allow-empty -m one &&
		git -c bench.machine=elsewhere bench record -q "$CRITERION_BASE" &&
		git commit -q --allow-empty -m two &&
		git bench record -q "$CRITERION_SLOW" &&
		test_expect_code 2 git bench compare HEAD~1 2>err &&
		test_one_line err &&
		grep -q "no results for .* on machine .*--any-machine" err &&
		git bench compare --any-machine HEAD~1 >out &&
		grep -q "sum_of_squares .* REGRESSION" out &&
		grep -q "^Machine:  any" out
	)
'

test_expect_success 'the geometric mean says which way it counts throughputs' '
	git bench compare v0.1.0 >table &&
	grep -q "^The geometric mean turns each change so that + is worse: a" table &&
	git bench compare --measure time v0.1.0 >table &&
	! grep -q "^The geometric mean turns" table &&
	git bench compare --format markdown v0.1.0 >table.md &&
	grep -q "geometric mean (+ is worse)\* | | | +[0-9.]*% |" table.md
'

test_expect_success 'JSON parses and says what the table says' '
	git bench compare v0.1.0 >table &&
	git bench compare --format json v0.1.0 >out.json &&
	python3 - out.json table <<-\PY
	import json, sys
	doc = json.load(open(sys.argv[1]))
	table = open(sys.argv[2], encoding="utf-8").read().splitlines()
	assert doc["schema"] == 1
	assert doc["summary"]["regression"] == 1 and doc["summary"]["failures"] == 1
	assert doc["summary"]["passed"] is False
	assert doc["baseline"]["revision"] == "v0.1.0"
	rows = doc["benchmarks"]
	# Eight times, and the throughputs of sort/1000 and sort/10000.
	assert len(rows) == 10
	assert sum(r["measure"] == "throughput" for r in rows) == 2
	for r in rows:
	    label = r["name"] if r["measure"] == "time" else \
	        "%s [%s]" % (r["name"], r["measure"])
	    line = [l for l in table if l[2:].startswith(label + "  ")]
	    assert len(line) == 1, label
	    assert line[0].rstrip().endswith(r["verdict"]), (line, r)
	    assert ("%+.2f%%" % r["change_percent"]) in line[0], (line, r)
	    assert r["evidence"] in ("samples", "history", "runs", "none")
	PY
'

test_expect_success 'markdown: a table that keeps its columns, regressions first' '
	git bench compare --format markdown v0.1.0 >out.md &&
	grep -q "^## .*Benchmark results" out.md &&
	grep "^|" out.md >rows &&
	awk -F"|" "{ print NF }" rows | sort -u >widths &&
	test_one_line widths &&
	grep -n "sum\\\\_of\\\\_squares" out.md | head -n1 | cut -d: -f1 >first &&
	grep -n "<details>" out.md | cut -d: -f1 >details &&
	test "$(cat first)" -lt "$(cat details)" &&
	grep -q "over budget" out.md
'

test_expect_success 'CSV: one row per benchmark' '
	git bench compare --format csv v0.1.0 >out.csv &&
	python3 -c "
import csv, sys
rows = list(csv.DictReader(open(\"out.csv\")))
assert len(rows) == 10
assert [r[\"benchmark\"] for r in rows if r[\"verdict\"] == \"REGRESSION\"] == [\"sum_of_squares\"]
assert all(r[\"unit\"] == (\"ns\" if r[\"measure\"] == \"time\" else \"elem/s\") for r in rows)
assert sorted(r[\"benchmark\"] for r in rows if r[\"measure\"] == \"throughput\") == [\"sort/1000\", \"sort/10000\"]
"
'

test_expect_success 'budgets: a pattern threshold and an absolute time' '
	test_expect_code 1 git -c bench.fibonacci/recursive/20.maxTime=10us \
		bench check --baseline HEAD~1 >out 2>err &&
	grep -A1 "fibonacci/recursive/20 .* OVER BUDGET$" out >row &&
	tail -n1 row |
		grep -q "^     (above 10.00 µs (budget fibonacci/recursive/20))$" &&
	! grep -q "fibonacci/recursive/20 .* STABLE" out &&
	grep -q "^1 regression, 1 over budget, 8 stable\.$" out &&
	grep -q "^check failed: 2 benchmarks over budget$" err &&
	git -c "bench.sort/*.maxRegression=1" bench compare --format json v0.1.0 >b.json &&
	python3 -c "
import json
d = json.load(open(\"b.json\"))
s = [r for r in d[\"benchmarks\"] if r[\"name\"].startswith(\"sort/\")]
assert all(r[\"budget\"] == \"sort/*\" and r[\"threshold_percent\"] == 1 for r in s)
"
'

# A row over a maxTime budget whose change is nil was shown STABLE, and
# counted so: every format says OVER BUDGET, and the counts agree with
# the exit status.
test_expect_success 'a row over its maxTime budget says OVER BUDGET everywhere' '
	budget="bench.fibonacci/recursive/20.maxTime=10us" &&
	test_expect_code 1 git -c "$budget" bench check --baseline v0.1.0 \
		>out 2>err &&
	grep -q "^1 regression, 1 over budget, 8 stable\.$" out &&
	grep -q "^check failed: 2 benchmarks over budget$" err &&
	test_expect_code 1 git -c "$budget" bench check --baseline v0.1.0 \
		--format markdown >out.md 2>/dev/null &&
	grep -q "| fibonacci/recursive/20 | .* | \*\*OVER BUDGET\*\* (above" out.md &&
	! grep -q "STABLE\*\*" out.md &&
	test_expect_code 1 git -c "$budget" bench check --baseline v0.1.0 \
		--format csv >out.csv 2>/dev/null &&
	test_expect_code 1 git -c "$budget" bench check --baseline v0.1.0 \
		--format json >out.json 2>/dev/null &&
	python3 -c "
import csv, json
rows = {r[\"benchmark\"]: r for r in csv.DictReader(open(\"out.csv\"))
        if r[\"measure\"] == \"time\"}
r = rows[\"fibonacci/recursive/20\"]
assert (r[\"verdict\"], r[\"shown_verdict\"], r[\"failed\"]) == \\
    (\"STABLE\", \"OVER BUDGET\", \"true\"), r
assert rows[\"sum_of_squares\"][\"shown_verdict\"] == \"REGRESSION\"
d = json.load(open(\"out.json\"))
j = {b[\"name\"]: b for b in d[\"benchmarks\"] if b[\"measure\"] == \"time\"}
b = j[\"fibonacci/recursive/20\"]
assert (b[\"verdict\"], b[\"shown_verdict\"]) == (\"STABLE\", \"OVER BUDGET\")
s = d[\"summary\"]
assert (s[\"stable\"], s[\"over_budget\"], s[\"failures\"]) == (9, 2, 2), s
assert s[\"shown\"][\"stable\"] == 8 and s[\"shown\"][\"over_budget\"] == 1
assert s[\"shown\"][\"regression\"] == 1 and not s[\"passed\"]
"
'

# -q said it printed only what breaks a budget, and printed the whole
# table when the check failed.
test_expect_success 'check -q prints only the rows that fail' '
	git bench check -q --baseline v0.1.0 HEAD~1 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	test_expect_code 1 git -c bench.fibonacci/recursive/20.maxTime=10us \
		bench check -q --baseline v0.1.0 >out 2>err &&
	test "$(grep -c " REGRESSION$\| OVER BUDGET" out)" -eq 2 &&
	head -n1 out | grep -q "^   Benchmark  *Baseline  *Current  *Change  Verdict$" &&
	grep -q "sum_of_squares .* REGRESSION$" out &&
	grep -q "fibonacci/recursive/20 .* OVER BUDGET" out &&
	! grep -q "STABLE\|^Baseline:\|verdicts\? from" out &&
	tail -n1 out | grep -q "^1 regression, 1 over budget\.$" &&
	test_one_line err &&
	grep -q "^check failed: 2 benchmarks over budget$" err &&
	test_expect_code 1 git bench check -q --format json \
		--baseline v0.1.0 >out.json 2>/dev/null &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert [b[\"name\"] for b in d[\"benchmarks\"]] == [\"sum_of_squares\"], d
"
'

test_expect_success 'a bad budget is a one-line error' '
	test_expect_code 2 git -c bench.sort.maxTime=soon bench check 2>err &&
	test_one_line err &&
	grep -q "bench.sort.maxTime" err
'

test_expect_success 'compare --working: results on disk, not recorded' '
	rm -rf target && mkdir target && cp -r "$CRITERION_SLOW" target/criterion &&
	before=$(refs_state) &&
	git bench compare --working --baseline v0.1.0 >out &&
	grep -q "^Current:  work tree" out &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'errors: unknown revision, no results anywhere, unreadable results' '
	test_expect_code 2 git bench compare nosuch 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err &&
	git init -q lonely && (
		cd lonely && git commit -q --allow-empty -m only &&
		git commit -q --allow-empty -m next &&
		git bench record -q "$CRITERION_BASE" &&
		test_expect_code 2 git bench compare HEAD~1 2>err &&
		test_one_line err && grep -q "no results for .* or its first-parent ancestors" err
	) &&
	test_expect_code 2 git bench compare --working missing-dir --baseline v0.1.0 2>err &&
	test_one_line err && grep -q "missing-dir" err &&
	test_expect_code 2 git bench compare --format yaml v0.1.0 2>err &&
	grep -q "unknown format .yaml." err
'

test_expect_success 'run: the command n times, pooled, compared, recorded' '
	cat >bench.sh <<-EOF &&
	rm -rf target && mkdir target && cp -r "$CRITERION_SLOW" target/criterion && echo measured
	EOF
	git add bench.sh && git commit -q -m "benchmark script" &&
	git bench run --repeat 3 --record --baseline v0.1.0 -- sh bench.sh >out 2>err &&
	test $(grep -c "^measured$" err) = 3 &&
	grep -q "git bench: running sh (3/3)" err &&
	# The same files three times are one measurement, counted once.
	grep -q "^Current:  .* · 1 run$" out &&
	grep -q "2 identical copies of a run counted once" out &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	grep -q "^Recorded 1 run for $(git rev-parse --short HEAD) (2 identical to another run left out" err &&
	git log -1 --format=%s refs/benchmark-history | grep -q "^Record 1 run of " &&
	test_expect_code 1 git bench run --fail-on-regression --baseline v0.1.0 -- sh bench.sh >/dev/null 2>&1 &&
	git -c "bench.command=sh bench.sh" bench run --baseline HEAD~1 >/dev/null 2>&1
'

test_expect_success 'run: a failing command stops it, nothing recorded' '
	before=$(refs_state) &&
	test_expect_code 2 git bench run --record -- sh -c "exit 3" 2>err &&
	grep -q "the benchmark command failed (exit 3)" err &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'UNCERTAIN in every format; bench.onUncertain decides the check' '
	git init -q unc && (
		cd unc &&
		echo a >f && git add f && git commit -q -m a &&
		one_result ../u1.json 100 && git bench record -q -f generic ../u1.json &&
		echo b >>f && git commit -q -am b &&
		one_result ../u2.json 108 && git bench record -q -f generic ../u2.json &&
		git bench compare HEAD~1 >out &&
		python3 - out <<-\PY &&
		import re, sys
		text = open(sys.argv[1], encoding="utf-8").read()
		# Every line fits 80 cells (the emoji take two); a note too
		# long for its row goes on under the names.
		for line in text.splitlines():
		    assert len(line) + line.count("\U0001f7e1") <= 80, line
		assert re.search(r"^.* x .* \+8.00%  UNCERTAIN \(no measure of noise:\n"
		                 r" {5}re-run with --repeat 3\)$", text, re.M), text
		PY
		grep -q "^1 uncertain\.$" out &&
		grep -q "^1 uncertain: they pass the check (bench.onUncertain=pass)" out &&
		git bench compare --format json HEAD~1 >j &&
		python3 - j <<-\PY &&
		import json, sys
		d = json.load(open(sys.argv[1]))
		b = d["benchmarks"][0]
		assert b["verdict"] == "UNCERTAIN" and b["why"] == "no-noise", b
		assert b["evidence"] == "none" and b["failed"] is False
		assert d["summary"]["uncertain"] == 1 and d["summary"]["passed"] is True
		assert d["settings"]["on_uncertain"] == "pass"
		PY
		git bench compare --format csv HEAD~1 >c &&
		python3 - c <<-\PY &&
		import csv, sys
		rows = list(csv.DictReader(open(sys.argv[1])))
		assert rows[0]["verdict"] == "UNCERTAIN" and rows[0]["why"] == "no-noise", rows
		PY
		git bench compare --format markdown HEAD~1 >m &&
		grep -q "^| .* | x | 100.00 ns | 108.00 ns | +8.00% | UNCERTAIN (no measure of noise: re-run with --repeat 3) |$" m &&
		git bench check --baseline HEAD~1 >/dev/null &&
		test_expect_code 1 git -c bench.onUncertain=fail bench check --baseline HEAD~1 >/dev/null 2>err &&
		grep -q "^check failed: 1 benchmark uncertain (bench.onUncertain=fail)" err &&
		test_expect_code 1 git -c bench.onUncertain=confirm bench check --baseline HEAD~1 >/dev/null 2>&1 &&
		git -c bench.onUncertain=fail bench compare --format json HEAD~1 >j &&
		python3 -c "import json; assert json.load(open(\"j\"))[\"summary\"][\"passed\"] is False" &&
		test_expect_code 2 git -c bench.onUncertain=maybe bench check --baseline HEAD~1 2>err &&
		grep -q "bench.onUncertain: .maybe. is not pass, fail or confirm" err
	)
'

# Three runs a side left b0 (+5%, runs 6% apart) UNCERTAIN: re-running
# three would settle nothing. The advice counts from the runs there, at
# the spread measured (6 a side), and where the baseline's single run is
# what keeps it undecided, measures both sides (--interleave).
test_expect_success 'UNCERTAIN after several runs: more runs than there are' '
	git init -q several && (
		cd several &&
		cat >gen.py <<-\PY &&
		import json, sys
		out, run, side = sys.argv[1], int(sys.argv[2]), sys.argv[3]
		w = [-0.01, 0.0, 0.01][run]
		res = [{"name": "b%d" % i, "unit": "ns",
		        "value": 1000.0 * (i + 1) * (1 + (w if i % 2 else -w) +
		                 (0.0005 if side == "head" else 0))}
		       for i in range(1, 8)]
		res.insert(0, {"name": "b0", "unit": "ns",
		               "value": 1000.0 * (1.05 if side == "head" else 1) *
		                        (1 + [-0.06, 0.0, 0.06][run])})
		json.dump(res, open(out, "w"))
		PY
		echo a >f && git add f && git commit -q -m a &&
		for k in 0 1 2; do
			python3 gen.py ../s.json $k base &&
			git bench record -q -f generic ../s.json || return 1
		done &&
		git tag three &&
		echo b >>f && git commit -q -am b &&
		for k in 0 1 2; do
			python3 gen.py ../s.json $k head &&
			git bench record -q -f generic ../s.json || return 1
		done &&
		git bench compare three >out &&
		grep -q "^Baseline: .* · 3 runs$" out &&
		grep -q "^Current:  .* · 3 runs$" out &&
		! grep -q "repeat 3" out &&
		python3 - out <<-\PY &&
		import sys
		text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
		assert "b0 1.00 \u00b5s 1.05 \u00b5s +5.00% UNCERTAIN (noise \u00b16.0% a run: re-run with --repeat 6)" in text, text
		assert "More runs settle them: git bench run --repeat 6, or --confirm." in text, text
		PY
		test_expect_code 1 git -c bench.onUncertain=fail bench check \
			--baseline three >/dev/null 2>err &&
		cat >expect <<-\EOF &&
		check failed: 1 benchmark uncertain (bench.onUncertain=fail)
		hint: more runs settle them: git bench run --repeat 6, or --confirm
		EOF
		test_cmp expect err &&
		# The baseline measured once, and nothing else stored.
		git init -q ../once && cd ../once && cp ../several/gen.py . &&
		echo a >f && git add f && git commit -q -m a && git tag one &&
		python3 gen.py ../s.json 1 base &&
		git bench record -q -f generic ../s.json &&
		echo b >>f && git commit -q -am b &&
		for k in 0 1 2; do
			python3 gen.py ../s.json $k head &&
			git bench record -q -f generic ../s.json || return 1
		done &&
		git bench compare one >out &&
		grep -q "^Baseline: .* · 1 run$" out &&
		! grep -q "repeat 3\|one run a side" out &&
		python3 - out "$(git rev-parse --short one)" <<-\PY
		import sys
		text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
		assert "a run: re-run with --interleave --repeat 6)" in text, text
		assert "More runs settle them: git bench run --baseline %s --interleave --repeat 6, or --confirm." % sys.argv[2] in text, text
		PY
	)
'

# One run a side, nothing stored: each verdict rests on its samples and,
# beside them, on what it was weighed against. Two benchmarks have no
# spread across benchmarks; the assumed spread between runs calms the
# calls that settle no gate, and a regression is the samples' alone.
test_expect_success 'one run a side: the footer says what each verdict rested on' '
	git init -q onerun && (
		cd onerun &&
		cat >gen.py <<-\PY &&
		import json, sys
		out, n = sys.argv[1], int(sys.argv[2])
		f = [float(x) for x in sys.argv[3:]]
		json.dump([{"name": "b%d" % i, "unit": "ns",
		            "samples": [1000.0 * (i + 1) * (f[i] if i < len(f) else 1) *
		                        (1 + 0.005 * (k % 5 - 2)) for k in range(20)]}
		           for i in range(n)], open(out, "w"))
		PY
		echo a >f && git add f && git commit -q -m a &&
		python3 gen.py ../o1.json 2 && git bench record -q -f generic ../o1.json &&
		echo b >>f && git commit -q -am b &&
		python3 gen.py ../o2.json 2 1.03 1.30 &&
		git bench record -q -f generic ../o2.json &&
		git bench compare HEAD~1 >out &&
		python3 - out <<-\PY &&
		import re, sys
		text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
		assert "b1 " in text and "REGRESSION" in text, text
		assert "spread across benchmarks" not in text, text
		assert "1 verdict from one run a side with nothing stored: its samples, and a spread between runs assumed at \u00b12% a run." in text, text
		assert "1 verdict from one run a side with nothing stored: its samples alone." in text, text
		PY
		echo c >>f && git commit -q -am c &&
		# Values of their own: a value a run before recorded is left
		# behind, not measured again.
		python3 gen.py ../o3.json 8 1.002 1.002 1.002 1.002 1.002 1.002 \
			1.002 1.002 &&
		git bench record -q -f generic ../o3.json &&
		echo d >>f && git commit -q -am d &&
		python3 gen.py ../o4.json 8 1.01 0.99 1.005 0.995 1 1.003 0.997 \
			1.001 &&
		git bench record -q -f generic ../o4.json &&
		git bench compare HEAD~1 >out &&
		python3 - out <<-\PY
		import sys
		text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
		assert "8 verdicts from one run a side with nothing stored: its samples, and the spread across benchmarks." in text, text
		assert "assumed" not in text and "alone" not in text, text
		PY
	)
'

# The table fits 80 columns whatever the names and units: a name gives way
# to the figures, then goes on a line of its own; what is cut is the
# name, never the measure that tells two rows apart; wide characters take
# two cells. Widths are counted as a terminal does (East Asian W and F).
test_expect_success 'the table fits 80 columns, wide names and units too' '
	cat >cells.py <<-\PY &&
	import unicodedata
	def cells(line):
	    return sum(2 if unicodedata.east_asian_width(ch) in "WF" or ord(ch) > 0xffff
	               else 1 for ch in line)
	PY
	git init -q wide && (
		cd wide && export PYTHONPATH=.. &&
		git commit -q --allow-empty -m one &&
		cat >../w1.json <<-\EOF &&
		[{"name": "BM_Tmpl<std::map<int, std::string>, 1000>/threads:2", "unit": "ns", "value": 100},
		 {"name": "\u00fcn\u00ef \u2713 \u65e5\u672c", "unit": "ns", "value": 200},
		 {"name": "./a/rather/long/path/to/a/program/under/cachegrind", "unit": "Minstructions", "value": 8.13}]
		EOF
		sed -e "s/100}/150}/" -e "s/8.13}/12.13}/" ../w1.json >../w2.json &&
		git bench record -q -f generic ../w1.json &&
		git commit -q --allow-empty -m two &&
		git bench record -q -f generic ../w2.json &&
		COLUMNS=80 git bench compare HEAD~1 >out &&
		python3 - out <<-\PY
		import sys
		from cells import cells
		lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
		wide = [l for l in lines if cells(l) > 80]
		assert not wide, wide
		# Stacked: each name on its own line, whole, above its figures.
		assert any(l.endswith(" BM_Tmpl<std::map<int, std::string>, 1000>/threads:2")
		           for l in lines), lines
		PY
		cat >../w3.json <<-\EOF &&
		[{"name": "BM_Tmpl<std::map<int, std::string>, 1000>/threads:2", "unit": "ns", "value": 100},
		 {"name": "\u00fcn\u00ef \u2713 \u65e5\u672c", "unit": "ns", "value": 200}]
		EOF
		git commit -q --allow-empty -m three &&
		git bench record -q -f generic ../w3.json &&
		git commit -q --allow-empty -m four &&
		sed "s/200}/210}/" ../w3.json >../w4.json &&
		git bench record -q -f generic ../w4.json &&
		COLUMNS=64 git bench compare HEAD~1 >out &&
		python3 - out <<-\PY
		import sys
		from cells import cells
		lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
		assert all(cells(l) <= 64 for l in lines), lines
		rows = [l for l in lines if "ns  " in l and "%" in l]
		# The Baseline column ends at the same cell on every row.
		ends = {cells(l[:l.index(" ns") + 3]) for l in rows}
		assert len(rows) == 2 and len(ends) == 1, (rows, ends)
		assert any("\u2026" in l for l in rows), rows
		PY
	)
'

test_expect_success 'a regression of one run a side, one benchmark: said what it rests on' '
	git init -q one-bench && (cd one-bench &&
	git commit -q --allow-empty -m a &&
	python3 -c "
import json, random
r = random.Random(1)
for f, level in ((\"a.json\", 100), (\"b.json\", 115)):
    json.dump([{\"name\": \"x\", \"unit\": \"ns\",
                \"samples\": [level * (1 + r.gauss(0, 0.01)) for _ in range(20)]}],
              open(f, \"w\"))
" &&
	git bench record -q -f generic a.json &&
	git commit -q --allow-empty -m b &&
	git bench record -q -f generic b.json &&
	test_expect_code 1 git bench check --baseline HEAD~1 >out 2>err &&
	grep -A1 " x .* REGRESSION (one run a side, noise" out | tail -n1 |
		grep -q "^ *between runs unknown)$" &&
	grep -q "^1 verdict from one run a side with nothing stored: its samples alone.$" out &&
	grep -q "^hint: one run a side: git bench run --repeat 3 tells it from run-to-run noise$" err &&
	test_fits out && test_fits err)
'

test_done
