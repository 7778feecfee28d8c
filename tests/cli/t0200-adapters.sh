#!/bin/sh
# record and show every harness output in the fixtures: auto-detection
# names the right format, and names, units, directions, estimates and
# samples match the source files (re-read by expected_results.py).
. "$(dirname "$0")/lib.sh"

EXPECT="$GB_SOURCE_DIR/tests/cli/expected_results.py"

test_setup 'a repository' '
	new_repo repo && cd repo
'

# Every file is recorded on HEAD; one show of HEAD then has them all, and
# one run of the reader checks them all (a process per file is slow on a
# loaded machine).
: >"$TRASH/recorded"
while read -r format file; do
	test_expect_success "$format: $file recorded as it says" '
		git bench record --commit HEAD --allow-dirty "$GB_FIXTURES/$file" >out &&
		grep -q "^Read [0-9]* results\{0,1\} from .*/$file ($format)$" out &&
		run=$(sed -n "s/^Recorded run \([^ ]*\) .*/\1/p" out) &&
		echo "$run $format $GB_FIXTURES/$file" >>"$TRASH/recorded"
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
google-benchmark google-benchmark/baseline/console.txt
google-benchmark google-benchmark/baseline/repetitions.console.txt
hyperfine hyperfine/baseline/commands.csv
hyperfine hyperfine/baseline/commands.md
hyperfine hyperfine/baseline/commands.stdout.txt
hyperfine hyperfine/baseline/gzip-levels.stdout.txt
hyperfine hyperfine/console/single-run.txt
hyperfine hyperfine/console/style-color.txt
pytest-benchmark pytest-benchmark/baseline/pytest.stdout.txt
benchmark-ips benchmark-ips/baseline/stdout.txt
benchmark-ips benchmark-ips/compare/stdout.txt
catch2 catch2/baseline/console.txt
catch2 catch2/v2-console/console.txt
catch2 catch2/v3-console/console.txt
criterion criterion/baseline/cargo-bench.stdout.txt
criterion criterion/slow/cargo-bench.stdout.txt
criterion criterion/console/cargo-bench-0.5.txt
bencher libtest/ns.txt
bencher libtest/old-integers.txt
bencher libtest/other-units.txt
libtest-json libtest/bench.json
ruby-benchmark ruby-benchmark/bm.txt
ruby-benchmark ruby-benchmark/bmbm.txt
benchmark-harness dart/benchmark_harness.txt
benchmark-harness dart/perf.txt
vitest vitest/v3/bench.json
vitest vitest/v3/stdout.txt
vitest vitest/v4/stdout.txt
tinybench tinybench/v2/tasks.json
tinybench tinybench/v6/tasks.json
tinybench tinybench/v2/stdout.txt
tinybench tinybench/v6/stdout.txt
bmf bmf/latency.json
bmf bmf/measures.json
jmh jmh/thrpt.json
jmh jmh/avgt-gc.json
jmh jmh/sample.json
jmh jmh/ss.json
jmh jmh/all-modes.json
benchmarkdotnet benchmarkdotnet/full.json
benchmarkdotnet benchmarkdotnet/brief.json
benchmarkdotnet benchmarkdotnet/brief-compressed.json
benchmarktools benchmarktools/results.json
benchmarktools benchmarktools/estimate.json
asv asv/new-layout.json
asv asv/old-layout.json
iai iai/iai.txt
iai iai/iai-change.txt
iai-callgrind iai-callgrind/v0.10.txt
iai-callgrind iai-callgrind/gungraun.txt
EOF_LIST

test_expect_success 'names, units, directions, estimates and samples as the files say' '
	test $(wc -l <"$TRASH/recorded") -eq 65 &&
	git bench show --format json --samples HEAD >all.json &&
	python3 "$EXPECT" --batch "$TRASH/recorded" all.json
'

test_expect_success 'throughputs are higher-is-better, times lower' '
	git bench show --format json >all.json &&
	python3 - <<-\PY
	import json
	results = [r for run in json.load(open("all.json"))["runs"] for r in run["results"]]
	for r in results:
	    rate = r["unit"].endswith("/s") or r["unit"] == "ops/s"
	    # A rate of allocation (JMH'"'"'s gc profiler) is a cost.
	    want = "higher" if rate and "alloc" not in r["measure"] else "lower"
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

# One measure better higher for one item and lower for another: the
# record was written with the measure twice in its table, which every
# reader refused, so the commit's results could not be read back.
test_expect_success 'one measure in both directions reads back' '
	cat >directions.json <<-\EOF &&
	[{"name": "cache hits", "unit": "count", "value": 900,
	  "direction": "higher"},
	 {"name": "allocations", "unit": "count", "value": 120},
	 {"name": "misses", "unit": "count", "value": 100,
	  "direction": "lower"}]
	EOF
	git commit -q --allow-empty -m directions &&
	git bench record directions.json >out &&
	grep -q "^Read 3 results from directions.json (generic)$" out &&
	git bench show --format json >shown &&
	python3 - <<-\PY &&
	import json
	run = json.load(open("shown"))["runs"][-1]
	got = {r["name"]: (r["measure"], r["direction"], r["mean"])
	       for r in run["results"]}
	assert got == {"cache hits": ("count", "higher", 900),
	               "allocations": ("count", "lower", 120),
	               "misses": ("count", "lower", 100)}, got
	PY
	git bench fsck >fsck.out &&
	git commit -q --allow-empty -m fewer-hits &&
	sed "s/900/450/" directions.json >fewer.json &&
	git bench record fewer.json >out &&
	git bench compare HEAD~1 >cmp &&
	grep -q "cache hits .*-50.00% *UNCERTAIN" cmp &&
	grep -q "allocations .*+0.00% *STABLE" cmp &&
	grep -q "geometric mean  *+25.99%$" cmp
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

test_expect_success 'junk among the samples: read from the statistics, with a warning' '
	git commit -q --allow-empty -m junk &&
	sed "0,/\"data\": \[/s//\"data\": [\"oops\", /" \
		"$GB_FIXTURES/pytest-benchmark/baseline/benchmark.json" >junk.json &&
	! cmp -s junk.json "$GB_FIXTURES/pytest-benchmark/baseline/benchmark.json" &&
	git bench record --all --commit HEAD --allow-dirty junk.json >out 2>err &&
	grep -q "^Read 12 results from junk.json (pytest-benchmark)$" out &&
	test_one_line err &&
	grep -q "^warning: junk.json: benchmark .test_bench.py::test_fib\[5\].: data holds something that is not a number; read from its statistics, without samples$" err &&
	git bench show --format json --samples HEAD >junk-shown.json &&
	python3 - <<-\PY
	import json
	got = {r["name"]: r for r in json.load(open("junk-shown.json"))["runs"][0]["results"] if r["measure"] == "time"}
	want = {b["fullname"]: b["stats"] for b in json.load(open("junk.json"))["benchmarks"]}
	r = got["test_bench.py::test_fib[5]"]
	assert not r.get("samples"), "samples kept"
	assert abs(r["mean"] - want["test_bench.py::test_fib[5]"]["mean"] * 1e9) < 1e-6 * r["mean"]
	assert got["test_bench.py::test_fib[15]"].get("samples"), "other samples lost"
	PY
'

test_expect_success 'a rate in MB/s, then GB/s, compares as one; ops/ms is higher-is-better' '
	git init -q rates && (cd rates &&
	git commit -q --allow-empty -m a &&
	echo "[{\"name\": \"copy\", \"unit\": \"MB/s\", \"value\": 1000},
	       {\"name\": \"jmh\", \"unit\": \"ops/ms\", \"value\": 50},
	       {\"name\": \"fps\", \"unit\": \"FPS\", \"value\": 60}]" >a.json &&
	git bench record -q -f generic a.json &&
	git commit -q --allow-empty -m b &&
	echo "[{\"name\": \"copy\", \"unit\": \"GB/s\", \"value\": 1.0},
	       {\"name\": \"jmh\", \"unit\": \"ops/ms\", \"value\": 80},
	       {\"name\": \"fps\", \"unit\": \"FPS\", \"value\": 96}]" >b.json &&
	git bench record -q -f generic b.json &&
	git bench check --baseline HEAD~1 >out &&
	grep -q "^. copy \[throughput\] .*+0.00%  STABLE$" out &&
	! grep -q "REGRESSION" out &&
	git bench show --format json >shown.json &&
	python3 - shown.json <<-\PY &&
	import json, sys
	rs = {r["name"]: r for r in json.load(open(sys.argv[1]))["runs"][0]["results"]}
	assert rs["copy"]["unit"] == "B/s" and rs["copy"]["mean"] == 1e9, rs["copy"]
	assert rs["jmh"]["unit"] == "ops/s" and rs["jmh"]["mean"] == 80000, rs["jmh"]
	assert all(r["direction"] == "higher" for r in rs.values()), rs
	PY
	echo "[{\"name\": \"s\", \"unit\": \"score\", \"value\": 3}]" >s.json &&
	git bench record --commit HEAD~1 -f generic s.json 2>err &&
	grep -q "^warning: s.json: benchmark .s.: unit .score. does not say whether higher is better; read as lower is better" err)
'

test_done
