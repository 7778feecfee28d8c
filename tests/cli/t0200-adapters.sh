#!/bin/sh
# record and show every harness output in the fixtures: auto-detection
# names the right format, and names, units, directions, estimates and
# samples match the source files (re-read by expected_results.py).
. "$(dirname "$0")/lib.sh"

EXPECT="$GB_SOURCE_DIR/tests/cli/expected_results.py"

test_setup 'a repository' '
	new_repo repo && cd repo
'

while read -r format file; do
	test_expect_success "$format: $file recorded as it says" '
		git bench record --commit HEAD --allow-dirty "$GB_FIXTURES/$file" >out &&
		grep -q "^Read [0-9]* results from .*/$file ($format)$" out &&
		run=$(sed -n "s/^Recorded run \([^ ]*\) .*/\1/p" out) &&
		git bench show --format json --samples >all.json &&
		python3 -c "
import json, sys
runs = [r for r in json.load(open(\"all.json\"))[\"runs\"] if r[\"id\"] == sys.argv[1]]
assert runs[0][\"format\"] == sys.argv[2], runs[0][\"format\"]
json.dump({\"runs\": runs}, open(\"shown.json\", \"w\"))
" "$run" "$format" &&
		python3 "$EXPECT" "$format" "$GB_FIXTURES/$file" shown.json
	'
done <<\EOF_LIST
google-benchmark google-benchmark/baseline/stdout.json
google-benchmark google-benchmark/baseline/out.json
google-benchmark google-benchmark/baseline/repetitions.json
google-benchmark google-benchmark/baseline/aggregates-only.json
hyperfine hyperfine/baseline/commands.json
hyperfine hyperfine/baseline/gzip-levels.json
go go/baseline/bench.txt
go go/baseline/bench.json
pytest-benchmark pytest-benchmark/baseline/benchmark.json
catch2 catch2/baseline/catch2.xml
bencher criterion/slow/bencher.stdout.txt
benchmarkjs benchmarkjs/baseline/stats.json
benchmarkjs benchmarkjs/baseline/stdout.txt
benchmark-ips benchmark-ips/baseline/ips.json
baseline-json baseline-json/baseline.json
EOF_LIST

test_expect_success 'throughputs are higher-is-better, times lower' '
	git bench show --format json >all.json &&
	python3 - <<-\PY
	import json
	results = [r for run in json.load(open("all.json"))["runs"] for r in run["results"]]
	for r in results:
	    rate = r["unit"].endswith("/s")
	    want = "higher" if rate else "lower"
	    assert r["direction"] == want, (r["name"], r["unit"], r["direction"])
	assert any(r["unit"] == "B/s" for r in results)
	assert any(r["unit"] == "ops/s" for r in results)
	PY
'

test_expect_success 'the format can be named; --format auto is the default' '
	git bench record -q --commit HEAD --allow-dirty --format go "$GB_FIXTURES/go/baseline/bench.txt" &&
	git bench record --commit HEAD --allow-dirty --format auto "$GB_FIXTURES/catch2/baseline/catch2.xml" >out &&
	grep -q "(catch2)$" out &&
	git -c bench.format=hyperfine bench record --commit HEAD --allow-dirty "$GB_FIXTURES/hyperfine/baseline/commands.json" >out &&
	grep -q "(hyperfine)$" out
'

test_expect_success 'standard input with -' '
	git bench record --commit HEAD --allow-dirty - <"$GB_FIXTURES/go/baseline/bench.json" >out &&
	grep -q "^Read 21 results from standard input (go)$" out &&
	cat "$GB_FIXTURES/pytest-benchmark/baseline/benchmark.json" |
		git bench record --commit HEAD --allow-dirty --format pytest-benchmark - >out &&
	grep -q "^Read 12 results from standard input (pytest-benchmark)$" out
'

test_expect_success 'the generic format of docs/formats.md' '
	sed -n "/^## The generic format/,/^\`\`\`\$/p" "$GB_SOURCE_DIR/docs/formats.md" |
		sed -n "/^\[/,/^\]/p" >generic.json &&
	test -s generic.json &&
	git bench record --commit HEAD --allow-dirty generic.json >out &&
	grep -q "^Read 4 results from generic.json (generic)$" out &&
	git bench show --format json >all.json &&
	python3 - <<-\PY
	import json
	run = json.load(open("all.json"))["runs"][-1]
	got = {r["name"]: r for r in run["results"]}
	assert got["parse/small"]["mean"] == 1234.5 and got["parse/small"]["stddev"] == 12.5
	assert abs(got["parse/large"]["mean"] - 12.1e6) < 1, got["parse/large"]
	assert got["requests"]["direction"] == "higher"
	assert got["peak memory"]["unit"] == "MB" and got["peak memory"]["direction"] == "lower"
	PY
'

test_expect_success 'customBiggerIsBetter files are read as they are' '
	cat >bigger.json <<-\EOF &&
	[{"name": "Throughput", "unit": "Megabytes", "value": 100, "range": "3",
	  "extra": "Value for Tooltip: 25"}]
	EOF
	git bench record --commit HEAD --allow-dirty --format customBiggerIsBetter bigger.json >out &&
	grep -q "(custom-bigger-is-better)$" out &&
	git bench show --format json | python3 -c "
import json, sys
r = json.load(sys.stdin)[\"runs\"][-1][\"results\"][0]
assert (r[\"name\"], r[\"direction\"], r[\"stddev\"]) == (\"Throughput\", \"higher\", 3), r"
'

test_done
