#!/bin/sh
# log: trends along first parents with their change points, on a history
# of real Criterion.rs output where sum_of_squares regressed at c12 and
# nothing else changed; formats, ranges, machines, the commit listing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

test_setup 'c1..c20 measured, sum_of_squares 31% slower from c12' '
	history_repo repo && cd repo &&
	measured_history 1 20 12
'

test_expect_success 'the step is marked at c12, nothing else steps' '
	COLUMNS=120 git bench log >out &&
	grep "step at" out >steps &&
	test_one_line steps &&
	grep -q "^  step at $(git rev-parse --short c12) [0-9-]*: 1.5[0-9] ms → 2.0[0-9] ms (+31.[0-9]*%, REGRESSION, p[<=][0-9.e-]*) c12: change 12$" steps &&
	grep -A1 "^sum_of_squares " out | tail -n1 | grep -q "step at" &&
	test $(grep -c "^[a-z_/0-9]*  .* [0-9.]* [nµm]s  *[-+][0-9.]*%$" out) = 8 &&
	head -n1 out | grep -q "^Machine: .* · mean · 20 measured commits, $(git rev-parse --short c1)..$(git rev-parse --short c20)$"
'

test_expect_success '--bench shows the benchmarks asked for' '
	git bench log --bench sum_of_squares >out &&
	grep -q "^sum_of_squares  .*2.0[0-9] ms" out &&
	! grep -q "^sort" out &&
	git bench log --bench "fibonacci/*" >out &&
	test $(grep -c "^fibonacci/" out) = 4 &&
	! grep -q "step at" out
'

test_expect_success 'flat stretches have no change point' '
	git bench log c11 >out &&
	! grep -q "step at" out &&
	grep -q "11 measured commits" out &&
	git bench log c12..HEAD >out &&
	! grep -q "step at" out &&
	grep -q "8 measured commits, $(git rev-parse --short c13)..$(git rev-parse --short c20)" out &&
	git bench log --changed c11 >out &&
	grep -q "^No benchmark has a change point in this range.$" out &&
	git bench log --changed >out &&
	grep -q "^sum_of_squares " out &&
	! grep -q "^sort" out
'

test_expect_success 'JSON: the series and the change point at c12' '
	git bench log --format json >out.json &&
	python3 - out.json "$(git rev-parse c12)" "$(git rev-parse c1)" <<-\PY
	import json, sys
	doc = json.load(open(sys.argv[1]))
	c12, c1 = sys.argv[2], sys.argv[3]
	assert doc["schema"] == 1 and doc["estimator"] == "mean"
	assert doc["change_point_settings"] == {"pvalue": 0.001, "window": 50, "min_magnitude_percent": 5}
	assert [c["runs"] for c in doc["commits"]] == [1] * 20
	assert doc["commits"][0]["id"] == c1
	# Eight times, and the throughputs of sort/1000 and sort/10000.
	assert len(doc["benchmarks"]) == 10
	for b in doc["benchmarks"]:
	    assert len(b["points"]) == 20, b["name"]
	    assert [p["commit"] for p in b["points"]] == [c["id"] for c in doc["commits"]]
	    if b["name"] != "sum_of_squares":
	        assert b["change_points"] == [], b
	        continue
	    [cp] = b["change_points"]
	    assert cp["commit"] == c12 and cp["index"] == 11, cp
	    assert 31 < cp["change_percent"] < 32 and cp["pvalue"] < 0.001
	    assert cp["verdict"] == "REGRESSION" and cp["verdict_pvalue"] < 0.001, cp
	    assert 0 < cp["noise_percent"] < 5, cp
	    assert abs(cp["mean_before"] - 1537240) < 20000
	    assert b["unit"] == "ns" and b["direction"] == "lower"
	    assert b["latest"] == b["points"][-1]["value"]
	PY
'

test_expect_success 'CSV: one row per benchmark and commit' '
	git bench log --format csv >out.csv &&
	python3 - out.csv "$(git rev-parse c12)" <<-\PY
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1])))
	assert len(rows) == 10 * 20
	steps = [r for r in rows if r["change_point_percent"]]
	assert len(steps) == 1, steps
	assert steps[0]["benchmark"] == "sum_of_squares"
	assert steps[0]["commit"] == sys.argv[2]
	assert 31 < float(steps[0]["change_point_percent"]) < 32
	assert float(steps[0]["change_point_pvalue"]) < 0.001
	assert steps[0]["change_point_verdict"] == "REGRESSION"
	assert all(r["change_point_verdict"] == "" for r in rows if r not in steps)
	assert all(r["unit"] == ("ns" if r["measure"] == "time" else "elem/s") for r in rows)
	assert sum(r["measure"] == "throughput" for r in rows) == 2 * 20
	assert all(r["runs"] == "1" for r in rows)
	assert all(r["time"].endswith("Z") for r in rows)
	assert all(float(r["value"]) > 0 for r in rows)
	PY
'

test_expect_success 'markdown: a table for an issue, the step by commit' '
	git bench log --format markdown >out.md &&
	grep -q "^## Benchmark trends$" out.md &&
	grep "^|" out.md >rows &&
	test $(wc -l <rows) = 12 &&
	awk -F"|" "{ print NF }" rows | sort -u >widths &&
	test_one_line widths &&
	grep -q "^| sum\\\\_of\\\\_squares | .* | 2.0[0-9] ms | .* | \`$(git rev-parse --short c12)\` +31.[0-9]*% REGRESSION (1.5[0-9] ms → 2.0[0-9] ms) |$" rows &&
	test $(grep -c "| none |$" rows) = 9
'

test_expect_success '-n: the most recent measured commits' '
	git bench log -n 5 --format json >out.json &&
	python3 -c "
import json, sys
doc = json.load(open(\"out.json\"))
assert len(doc[\"commits\"]) == 5
assert doc[\"commits\"][-1][\"id\"] == \"$(git rev-parse c20)\"
" &&
	# As git log takes them: 0 shows nothing, a negative n no limit.
	git bench log -n 0 >out &&
	test_must_be_empty out &&
	git bench log -n 0 --commits >out &&
	test_must_be_empty out &&
	git bench log -n -1 >out &&
	git bench log >all &&
	test_cmp all out &&
	test_expect_code 2 git bench log -n 0 nosuchrev 2>err &&
	grep -q "unknown revision" err
'

test_expect_success 'results of another machine are left out unless asked' '
	git -c bench.machine=elsewhere bench record -q &&
	git bench log --format json >mine.json &&
	git bench log --any-machine --format json >any.json &&
	git bench log --machine elsewhere --format json >other.json &&
	python3 - <<-\PY
	import json
	mine, anym, other = (json.load(open(f)) for f in ("mine.json", "any.json", "other.json"))
	assert mine["commits"][-1]["runs"] == 1 and mine["machine"] != "elsewhere"
	assert anym["commits"][-1]["runs"] == 2 and anym["machine"] is None
	assert other["machine"] == "elsewhere" and len(other["commits"]) == 1
	PY
	git bench forget HEAD >/dev/null && git bench record -q &&
	git init -q ../elsewhere && (
		cd ../elsewhere && git commit -q --allow-empty -m one &&
		git -c bench.machine=elsewhere bench record -q "$CRITERION_BASE" &&
		test_expect_code 2 git bench log 2>err &&
		test_one_line err &&
		grep -q "^error: no results on machine .* in this range; results there are of elsewhere (--machine or --any-machine)$" err &&
		git bench log --any-machine >out &&
		grep -q "^sum_of_squares " out
	)
'

test_expect_success '--commits lists the measured commits, in a range too' '
	git bench log --commits >out &&
	test $(wc -l <out) = 20 &&
	head -n1 out | grep -q "^$(git rev-parse --short c20) [0-9-]*   8 benchmarks  c20: change 20$" &&
	git bench log --commits c15..c18 >out &&
	test $(wc -l <out) = 3 &&
	git bench log --commits -n 2 >out &&
	test $(wc -l <out) = 2
'

test_expect_success 'the table fits the terminal' '
	COLUMNS=50 git bench log >out &&
	grep "  [-+][0-9.]*%$" out >rows &&
	test $(wc -l <rows) = 10 &&
	python3 -c "
import sys
for line in open(\"rows\", encoding=\"utf-8\"):
    assert len(line.rstrip(\"\\n\")) <= 50, line
" &&
	COLUMNS=200 git bench log >out &&
	python3 -c "
import re
line = [l for l in open(\"out\", encoding=\"utf-8\") if l.startswith(\"sum_of_squares \")][0]
assert re.search(\"  [\u2581-\u2588]{20}  \", line), line
"
'

test_expect_success 'bad usage: one-line errors, exit 2' '
	test_expect_code 2 git bench log --format xml 2>err &&
	test_one_line err && grep -q "unknown format .xml." err &&
	test_expect_code 2 git bench log c1...c3 2>err &&
	test_one_line err && grep -q "only A..B ranges are walked" err &&
	test_expect_code 2 git bench log nosuchrev 2>err &&
	test_one_line err && grep -q "unknown revision" err &&
	test_expect_code 2 git bench log --commits --format json 2>err &&
	grep -q "^error: --commits lists commits" err &&
	test_expect_code 2 git bench log --any-machine --machine x 2>err &&
	grep -q "do not go together" err &&
	test_expect_code 2 git -c bench.changePointWindow=3 bench log 2>err &&
	test_one_line err && grep -q "bench.changePointWindow: must be between" err
'

test_expect_success 'settings: log and report find steps as they say' '
	git -c bench.changePointPValue=1e-300 bench log >out &&
	! grep -q "step at" out &&
	git -c bench.changePointMagnitude=40 bench log >out &&
	! grep -q "step at" out &&
	git -c bench.changePointMagnitude=30 bench log >out &&
	grep -q "step at" out &&
	git bench report -o r.html >out &&
	grep -q ", 1 change point," out &&
	git -c bench.changePointMagnitude=40 bench report -o r.html >out &&
	grep -q ", 0 change points," out
'

# verdict_of FORMAT FILE: the verdict of sum_of_squares's step at c12 in
# log's output (json, csv, markdown) or compare's JSON (compare).
verdict_of () {
	python3 - "$1" "$2" <<-\PY
	import csv, json, re, sys
	how, path = sys.argv[1], sys.argv[2]
	if how == "json":
	    [b] = [b for b in json.load(open(path))["benchmarks"]
	           if b["name"] == "sum_of_squares"]
	    print(" ".join(c["verdict"] for c in b["change_points"]))
	elif how == "csv":
	    print(" ".join(r["change_point_verdict"] for r in csv.DictReader(open(path))
	                   if r["change_point_verdict"]))
	elif how == "markdown":
	    print(" ".join(re.findall(r"\+31\.[0-9]*% ([A-Z]+) \(", open(path).read())))
	else:
	    [r] = json.load(open(path))["benchmarks"]
	    print(r["verdict"])
	PY
}

test_expect_success 'a step carries the verdict compare gives it, budgets too' '
	rm -f wants &&
	for budget in "" "-c bench.maxRegression=50" \
		"-c bench.sum_of_squares.maxRegression=50"; do
		git $budget bench compare --bench sum_of_squares --format json \
			c11 c12 >cmp.json &&
		want=$(verdict_of compare cmp.json) &&
		for f in json csv markdown; do
			git $budget bench log --format $f >out.$f &&
			test "$(verdict_of $f out.$f)" = "$want" || return 1
		done &&
		git $budget bench report -o r.html >/dev/null &&
		python3 - r.html "$want" <<-\PY || return 1
		import json, re, sys
		page = open(sys.argv[1], encoding="utf-8").read()
		data = re.search(r"<script type=\"application/json\" id=\"gb-data\">(.*?)</script>", page, re.S).group(1)
		[m] = json.loads(data)["machines"]
		[b] = [b for b in m["benchmarks"] if b["name"] == "sum_of_squares"]
		assert [c[3] for c in b["cp"]] == [sys.argv[2]], b["cp"]
		PY
		echo "$want" >>wants
	done &&
	test "$(cat wants)" = "$(printf "REGRESSION\nSLOWER\nSLOWER")"
'

test_expect_success 'a change point the rule calls STABLE is not a step' '
	set -- -c bench.changePointMagnitude=0 -c bench.warnRegression=40 \
		-c bench.maxRegression=50 &&
	git "$@" bench compare --bench sum_of_squares --format json \
		c11 c12 >cmp.json &&
	test "$(verdict_of compare cmp.json)" = STABLE &&
	git "$@" bench log >out &&
	! grep -q "step at" out &&
	git "$@" bench log --format json >out.json &&
	test "$(verdict_of json out.json)" = "" &&
	git "$@" bench report -o r.html >out &&
	grep -q ", 0 change points," out &&
	git -c bench.changePointMagnitude=0 bench log >out &&
	grep -q "step at .* REGRESSION" out
'

test_expect_success 'names from results are escaped in every format' '
	git init -q ../hostile && (
		cd ../hostile && git commit -q --allow-empty -m one &&
		cp -r "$CRITERION_BASE" crit &&
		printf "{\"full_id\":\"evil\\\\u001b[31m|name\\\\u0007\"}" \
			>crit/sum_of_squares/new/benchmark.json &&
		git bench record -q --allow-dirty crit &&
		git bench log --bench evil >out &&
		! grep -q "$(printf "\\033")" out &&
		! grep -q "$(printf "\\007")" out &&
		grep -q "^evil\\\\x1b\\[31m|name\\\\x07 " out &&
		git bench log --bench evil --format markdown >out.md &&
		! grep -q "$(printf "\\033")" out.md &&
		grep -q "evil.*\\\\|name" out.md &&
		git bench log --bench evil --format json >out.json &&
		python3 -c "
import json
d = json.load(open(\"out.json\"))
assert d[\"benchmarks\"][0][\"name\"] == \"evil\\x1b[31m|name\\x07\"
" &&
		git bench log --bench evil --format csv >out.csv &&
		! grep -q "$(printf "\\033")" out.csv
	)
'

test_done
