#!/bin/sh
# compare --machines: one commit on several machine keys side by side,
# each against its own baseline, with the ratio to the first machine.
. "$(dirname "$0")/lib.sh"

# c1 and c2 on machines alpha and beta: alpha gets slower at c2, beta
# was slow at both. gamma has runs only on a side branch.
test_setup 'two machines with the same commits' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore && git commit -q -m c1 &&
	git -c bench.machine=alpha bench record -q "$CRITERION_BASE" &&
	git -c bench.machine=beta bench record -q "$CRITERION_SLOW" &&
	git checkout -q -b side && commit_change s1 &&
	git -c bench.machine=gamma bench record -q "$CRITERION_BASE" &&
	git checkout -q main && commit_change c2 &&
	git -c bench.machine=alpha bench record -q "$CRITERION_SLOW" &&
	git -c bench.machine=beta bench record -q "$CRITERION_SLOW" &&
	git config bench.baseline HEAD~1
'

test_expect_success 'both machines, their values, verdicts and ratio as JSON' '
	git bench compare --machines=alpha,beta --format json >m.json &&
	git -c bench.machine=alpha bench compare --format json >a.json &&
	git -c bench.machine=beta bench compare --format json >b.json &&
	python3 - <<-\PY
	import json
	m = json.load(open("m.json"))
	assert [x["key"] for x in m["machines"]] == ["alpha", "beta"], m
	for i, f in enumerate(["a.json", "b.json"]):
	    one = {(b["name"], b["measure"]): b for b in json.load(open(f))["benchmarks"]}
	    assert len(one) == len(m["benchmarks"]), (len(one), len(m["benchmarks"]))
	    for b in m["benchmarks"]:
	        got = b["machines"][i]
	        want = one[(b["name"], b["measure"])]
	        assert got["value"] == want["current"], (b, want)
	        assert got["baseline"] == want["baseline"], (b, want)
	        assert got["verdict"] == want["verdict"], (b, want)
	        first = b["machines"][0]["value"]
	        assert abs(got["ratio"] - got["value"] / first) < 1e-12, b
	sos = [b for b in m["benchmarks"] if b["name"] == "sum_of_squares"][0]
	assert sos["machines"][0]["verdict"] == "REGRESSION", sos
	assert sos["machines"][1]["verdict"] == "STABLE", sos
	PY
'

test_expect_success 'the values are the means show records on each machine' '
	git bench show --format json >show.json &&
	python3 - <<-\PY
	import json
	m = json.load(open("m.json"))
	runs = {r["machine"]: r for r in json.load(open("show.json"))["runs"]}
	for i, key in enumerate(["alpha", "beta"]):
	    means = {(x["name"], x["measure"]): x["mean"] for x in runs[key]["results"]}
	    for b in m["benchmarks"]:
	        assert b["machines"][i]["value"] == means[(b["name"], b["measure"])], b
	PY
'

test_expect_success 'text: every machine listed, each fits 80 columns' '
	git bench compare --machines >out &&
	grep -q "^alpha: $(git rev-parse --short HEAD) (HEAD) against " out &&
	grep -q "^beta: " out &&
	! grep -q gamma out &&
	grep -q "^sum_of_squares$" out &&
	grep -q "^  alpha .*+31.36%  REGRESSION  *1.00x$" out &&
	test_fits out &&
	# Every ratio under the header, throughputs ("Melem/s") too.
	grep -q "Melem/s" out &&
	python3 - <<-\PY
	lines = open("out", encoding="utf-8").read().splitlines()
	rows = [x for x in lines if x.endswith("Ratio") or x.endswith("x")]
	assert len(rows) > 4 and len({len(x) for x in rows}) == 1, rows
	PY
'

test_expect_success 'an alias names the machine, and stands for its key' '
	git config bench.machine.beta.alias "CI Linux runner" &&
	git bench compare --machines="alpha,CI Linux runner" >out 2>err &&
	test_must_be_empty err &&
	grep -q "^CI Linux runner (beta): " out &&
	grep -q "^  CI Linux runner .*STABLE" out &&
	test_fits out
'

test_expect_success 'log --machine takes an alias for its key' '
	git bench log --machine beta --format json >by-key.json &&
	git bench log --machine "CI Linux runner" --format json >by-alias.json &&
	test_cmp by-key.json by-alias.json &&
	python3 -c "import json; assert json.load(open(\"by-alias.json\"))[\"machine\"] == \"beta\""
'

test_expect_success 'every --machine takes an alias for its key' '
	for cmd in "compare --format json HEAD~1 HEAD" "export --format json" \
		"bisect --bench sum_of_squares --format json HEAD~1 HEAD"; do
		git bench $cmd --machine beta >by-key 2>/dev/null
		k=$?
		git bench $cmd --machine "CI Linux runner" >by-alias 2>/dev/null
		test $? = $k && test_cmp by-key by-alias || { echo "$cmd"; return 1; }
	done &&
	git bench report -q --machine "CI Linux runner" -o by-alias.html &&
	grep -q "&quot;key&quot;:&quot;beta&quot;\|\"key\":\"beta\"" by-alias.html &&
	! grep -q "\"key\":\"alpha\"" by-alias.html
'

test_expect_success 'a machine without runs here is said, not dropped' '
	git bench compare --machines=alpha,gamma >out &&
	grep -q "^gamma: not compared: no runs at this revision or its" out &&
	grep -q "^  gamma  *-$" out &&
	git bench compare --machines=alpha,gamma --format json >g.json &&
	python3 -c "import json; m = json.load(open(\"g.json\")); g = m[\"machines\"][1]; assert g[\"key\"] == \"gamma\" and not g[\"measured\"], g"
'

test_expect_success '--fail-on-regression: exit 1 when a machine regresses' '
	test_expect_code 1 git bench compare --machines=alpha,beta \
		--fail-on-regression >out 2>err &&
	grep -q "^  alpha .*REGRESSION" out &&
	test_must_be_empty err &&
	git bench compare --machines=beta --fail-on-regression --bench fibonacci >out &&
	test_expect_code 1 git bench compare --machines=alpha --fail-on-regression \
		--format json >/dev/null
'

test_expect_success '--fail-on-regression: a machine not compared is said' '
	git bench compare --machines=beta,gamma --fail-on-regression \
		--bench fibonacci >out 2>err &&
	grep -q "^gamma: not compared: " out &&
	grep -q "^warning: gamma not checked: no runs at this revision" err
'

# What -h and the manual list for --machines works; compare's options
# of its other forms are refused by name, not as unknown.
test_expect_success '--max-regression and --estimator apply to each machine' '
	git bench compare --machines=alpha --bench sum_of_squares \
		--format csv >out &&
	grep -q "^sum_of_squares,.*,REGRESSION,1,REGRESSION$" out &&
	git bench compare --machines=alpha --bench sum_of_squares \
		--max-regression 1000 --format csv >out &&
	! grep -q "REGRESSION" out &&
	test_expect_code 1 git bench compare --machines=alpha \
		--bench sum_of_squares --fail-on-regression >/dev/null &&
	git bench compare --machines=alpha --bench sum_of_squares \
		--fail-on-regression --max-regression 1000 >/dev/null &&
	git bench compare --machines=alpha --estimator median \
		--format json >med.json &&
	git -c bench.machine=alpha bench compare --estimator median \
		--format json >amed.json &&
	python3 - <<-\PY &&
	import json
	m = json.load(open("med.json"))
	one = {(b["name"], b["measure"]): b for b in json.load(open("amed.json"))["benchmarks"]}
	for b in m["benchmarks"]:
	    assert b["machines"][0]["value"] == one[(b["name"], b["measure"])]["current"], b
	PY
	test_expect_code 2 git bench compare --machines --estimator mode 2>err &&
	grep -q "^error: unknown estimator .mode." err &&
	git bench compare --machines -h >help &&
	for opt in --bench --measure --max-regression --estimator --baseline \
		--format --fail-on-regression; do
		grep -q "^    $opt " help || { echo "$opt not in -h"; return 1; }
	done &&
	! grep -q "^    --format <format> *$" help &&
	for opt in --any-machine --working "--current HEAD" --stepwise; do
		test_expect_code 2 git bench compare --machines $opt 2>err &&
		grep -q "^error: --machines and ${opt%% *} do not go together$" err &&
		! grep -q "^    ${opt%% *} " help || return 1
	done
'

test_expect_success 'CSV parses back, a row per benchmark and machine' '
	git bench compare --machines=alpha,beta --format csv >m.csv &&
	python3 - <<-\PY
	import csv, json
	rows = list(csv.DictReader(open("m.csv", newline="")))
	m = json.load(open("m.json"))
	assert len(rows) == 2 * len(m["benchmarks"]), len(rows)
	for r in rows:
	    b = [b for b in m["benchmarks"] if b["name"] == r["benchmark"] and b["measure"] == r["measure"]][0]
	    i = ["alpha", "beta"].index(r["machine"])
	    assert float(r["value"]) == b["machines"][i]["value"], r
	    assert float(r["ratio"]) == b["machines"][i]["ratio"], r
	assert {r["alias"] for r in rows} == {"", "CI Linux runner"}
	PY
'

test_expect_success 'markdown: a column per machine' '
	git bench compare --machines=alpha,beta --format markdown >m.md &&
	grep -q "^| Benchmark | alpha | CI Linux runner |$" m.md &&
	grep -q "^| sum\\\\_of\\\\_squares | .* REGRESSION) 1.00x | .* STABLE) 1.00x |$" m.md
'

# A row within its threshold but above a maxTime budget said STABLE here,
# where compare says OVER BUDGET, though --fail-on-regression failed it.
test_expect_success 'a row over its maxTime budget says OVER BUDGET' '
	budget="bench.fibonacci/recursive/20.maxTime=10us" &&
	git -c "$budget" bench compare --machines=alpha,beta >out &&
	grep -A2 "^fibonacci/recursive/20$" out >rows &&
	grep -q "^  alpha .*%  OVER BUDGET  *1.00x$" rows &&
	grep -q "^  CI Linux runner .*%  OVER BUDGET  *1.00x$" rows &&
	! grep -q STABLE rows &&
	grep -q "^  alpha .*+31.36%  REGRESSION  *1.00x$" out &&
	test_fits out &&
	python3 - <<-\PY &&
	# The ratios stay under the header, past the wider word.
	lines = open("out", encoding="utf-8").read().splitlines()
	rows = [x for x in lines if x.endswith("Ratio")]
	for name in ("sum_of_squares", "fibonacci/recursive/20"):
	    at = lines.index(name)
	    rows += lines[at + 1:at + 3]
	assert len({len(x) for x in rows}) == 1, rows
	PY
	test_expect_code 1 git -c "$budget" bench compare --machines=beta \
		--fail-on-regression --bench fibonacci >/dev/null &&
	git -c "$budget" bench compare --machines=alpha,beta --format json \
		>o.json &&
	git -c "$budget" bench compare --machines=alpha,beta --format csv \
		>o.csv &&
	git -c "$budget" bench compare --machines=alpha,beta \
		--format markdown >o.md &&
	grep -q "^| fibonacci/recursive/20 | .*% OVER BUDGET) 1.00x | .*% OVER BUDGET) 1.00x |$" o.md &&
	python3 - <<-\PY
	import csv, json
	over = ("fibonacci/recursive/20", "time")
	m = json.load(open("o.json"))
	rows = list(csv.DictReader(open("o.csv", newline="")))
	assert len(rows) == 2 * len(m["benchmarks"]), len(rows)
	for b in m["benchmarks"]:
	    for x in b["machines"]:
	        if (b["name"], b["measure"]) == over:
	            assert (x["verdict"], x["shown_verdict"]) == \
	                ("STABLE", "OVER BUDGET"), b
	        else:
	            assert x["shown_verdict"] == x["verdict"], b
	for r in rows:
	    if (r["benchmark"], r["measure"]) == over:
	        assert (r["verdict"], r["shown_verdict"]) == \
	            ("STABLE", "OVER BUDGET"), r
	    else:
	        assert r["shown_verdict"] == r["verdict"], r
	PY
'

test_expect_success 'bad input: one line, exit 2, nothing changed' '
	before=$(refs_state) &&
	test_expect_code 2 git bench compare --machines=alpha,nosuch 2>err &&
	test_one_line err &&
	grep -q "^error: unknown machine .nosuch.; did you mean " err &&
	test_expect_code 2 git bench compare --machines=, 2>err &&
	test_one_line err &&
	test_expect_code 2 git bench compare --machines=alpha,,beta 2>err &&
	test_one_line err &&
	grep -q "^error: --machines: an empty machine in .alpha,,beta.$" err &&
	test_expect_code 2 git bench compare --machines --format html 2>err &&
	test_expect_code 2 git bench compare --machines nosuchrev 2>err &&
	test_one_line err &&
	test "$before" = "$(refs_state)"
'

test_done
