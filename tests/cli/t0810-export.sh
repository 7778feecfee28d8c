#!/bin/sh
# git bench export: every run of a range as rows that Python's csv and
# json modules load, one per run and benchmark, oldest first, with the
# estimates exactly as stored.
. "$(dirname "$0")/lib.sh"

# A Criterion.rs tree of one benchmark whose name a CSV writer must quote.
odd_results () {
	python3 - "$1" <<-\PY
	import json, os, sys
	new = os.path.join(sys.argv[1], "odd", "new")
	os.makedirs(new)
	name = 'parse, "quoted"'
	json.dump({"group_id": name, "full_id": name, "directory_name": "odd", "title": name},
	          open(os.path.join(new, "benchmark.json"), "w"))
	est = lambda v: {"point_estimate": v, "standard_error": 0.1,
	                 "confidence_interval": {"confidence_level": 0.95, "lower_bound": v, "upper_bound": v}}
	json.dump({"mean": est(42.125), "median": est(42.0), "std_dev": est(0.5)},
	          open(os.path.join(new, "estimates.json"), "w"))
	PY
}

# c1 (v1, one run), c2 (no results), c3 (two runs, two machines), c4 (the
# benchmark with a comma and quotes in its name).
test_setup 'a history of runs' '
	git init -q -b main repo && cd repo &&
	commit_change c1 && git bench record -q --label v1 "$CRITERION_BASE" &&
	commit_change c2 &&
	commit_change c3 && git bench record -q "$CRITERION_SLOW" &&
	git -c bench.machine=other bench record -q "$CRITERION_BASE" &&
	odd_results "$TRASH/odd" &&
	commit_change c4 && git bench record -q "$TRASH/odd"
'

test_expect_success 'CSV: a header, then one row per run and benchmark, oldest first' '
	git bench export >out.csv &&
	git bench export --format csv >again.csv &&
	test_cmp out.csv again.csv &&
	python3 - out.csv "$(git rev-parse HEAD~3)" "$(git rev-parse HEAD)" <<-\PY
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
	cols = ["commit", "commit_time", "run", "run_time", "machine", "label", "format",
	        "benchmark", "measure", "unit", "direction", "mean", "median", "stddev", "min", "max",
	        "count", "iterations"]
	assert list(rows[0].keys()) == cols, list(rows[0].keys())
	# A Criterion tree: eight times, and the throughputs of sort/1000
	# and sort/10000; the odd tree has one benchmark.
	assert len(rows) == 10 + 10 + 10 + 1, len(rows)
	assert len({(r["run"], r["benchmark"], r["measure"]) for r in rows}) == len(rows)
	assert sorted({r["measure"] for r in rows}) == ["throughput", "time"]
	assert all(r["benchmark"] in ("sort/1000", "sort/10000") and
	           r["unit"] == "elem/s" and r["direction"] == "higher"
	           for r in rows if r["measure"] == "throughput")
	rows = [r for r in rows if r["measure"] == "time"]
	assert rows[0]["commit"] == sys.argv[2] and rows[0]["label"] == "v1"
	assert rows[-1]["commit"] == sys.argv[3]
	assert rows[-1]["benchmark"] == "parse, \"quoted\"", rows[-1]
	assert float(rows[-1]["mean"]) == 42.125 and rows[-1]["count"] == ""
	c3 = {r["machine"] for r in rows if r["commit"] == rows[8]["commit"]}
	assert len(c3) == 2 and "other" in c3, c3
	assert all(r["unit"] == "ns" and r["direction"] == "lower" for r in rows)
	assert all(r["commit_time"].endswith("Z") and "T" in r["run_time"] for r in rows)
	PY
'

test_expect_success 'JSON: the same rows as objects, estimates exact' '
	git bench export --format json >out.json &&
	git bench show --format json HEAD~3 >show.json &&
	python3 - out.json out.csv show.json <<-\PY
	import csv, json, sys
	rows = json.load(open(sys.argv[1]))
	table = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
	show = json.load(open(sys.argv[3]))
	assert isinstance(rows, list) and len(rows) == len(table)
	for j, c in zip(rows, table):
	    assert j["run"] == c["run"] and j["benchmark"] == c["benchmark"]
	    assert j["mean"] == float(c["mean"])
	first = {(r["name"], r["measure"]): r for r in show["runs"][0]["results"]}
	for j in rows[:10]:
	    s = first[j["benchmark"], j["measure"]]
	    for k in ("mean", "median", "stddev", "min", "max", "count", "iterations"):
	        assert j[k] == s[k], (k, j[k], s[k])
	assert rows[-1]["count"] is None and rows[-1]["label"] is None
	PY
'

test_expect_success 'a range, a pattern, a machine' '
	git bench export --format json HEAD~2..HEAD~1 >range.json &&
	git bench export --format json --bench "sum*" >pattern.json &&
	git bench export --format json --machine other >machine.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("range.json"))
	assert len(r) == 20 and len({x["commit"] for x in r}) == 1
	p = json.load(open("pattern.json"))
	assert [x["benchmark"] for x in p] == ["sum_of_squares"] * 3
	m = json.load(open("machine.json"))
	assert len(m) == 10 and {x["machine"] for x in m} == {"other"}
	PY
'

test_expect_success 'nothing in the range: a header alone, an empty array' '
	git bench export HEAD~2..HEAD~2 >empty.csv &&
	test_one_line empty.csv &&
	git bench export --format json HEAD..HEAD >empty.json &&
	echo "[]" >expect && test_cmp expect empty.json
'

test_expect_success 'damaged results: a warning, the other commits exported' '
	git notes --ref=refs/notes/benchmarks add -f -m garbage HEAD~2 2>/dev/null &&
	git bench export --format json >out.json 2>err &&
	grep -q "^warning: .*$(git rev-parse --short=7 HEAD~2)" err &&
	python3 -c "import json; assert len(json.load(open(\"out.json\"))) == 31" &&
	git notes --ref=refs/notes/benchmarks remove HEAD~2 2>/dev/null
'

test_expect_success 'errors: unknown format or revision, one line, exit 2' '
	test_expect_code 2 git bench export --format xml 2>err &&
	grep -q "unknown format .xml. (csv, json or openmetrics)" err &&
	test_expect_code 2 git bench export nosuch 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err &&
	test_expect_code 2 git bench export nosuch..HEAD 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err
'

# A typo must not read as an empty history: exit 2 as log and compare do,
# and nothing on standard output, in every format.
test_expect_success 'a --bench pattern that matches nothing: one line, exit 2' '
	for f in csv json openmetrics; do
		test_expect_code 2 git bench export --format $f \
			--bench sum_of_sqaures >out 2>err &&
		test_must_be_empty out && test_one_line err &&
		grep -q "^error: no benchmark matches .sum_of_sqaures.; did you mean sum_of_squares" err ||
		{ cat out err; return 1; }
	done &&
	git bench export --bench "sum*" HEAD~2..HEAD~2 >out &&
	test_one_line out
'

test_done
