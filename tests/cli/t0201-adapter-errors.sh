#!/bin/sh
# A truncated or malformed file of every format: one line naming the file
# and the problem, exit 2, and no ref moves.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with results' '
	new_repo repo && cd repo &&
	git bench record -q --allow-dirty "$GB_FIXTURES/catch2/baseline/catch2.xml"
'

# `git bench record ARGS...` is refused: exit 2, one line in err, nothing
# on stdout, no ref moved.
refused () {
	before=$(refs_state) &&
	test_expect_code 2 git bench record --allow-dirty "$@" 2>err >out &&
	test_one_line err &&
	test ! -s out &&
	test "$before" = "$(refs_state)"
}

# cargo-criterion has no captured output among the fixtures: two messages
# in its documented format.
cat >"$TRASH/cargo-criterion.json" <<\EOF_JSON
{"reason":"benchmark-complete","id":"norm","report_directory":"target/criterion/reports/norm","iteration_count":[30,60],"measured_values":[124200.0,250000.0],"unit":"ns","throughput":[],"typical":{"estimate":4130.2,"lower_bound":4100.0,"upper_bound":4160.0,"unit":"ns"},"mean":{"estimate":4135.5,"lower_bound":4101.0,"upper_bound":4170.0,"unit":"ns"},"median":{"estimate":4140.0,"lower_bound":4110.0,"upper_bound":4150.0,"unit":"ns"},"median_abs_dev":{"estimate":20.5,"lower_bound":10.0,"upper_bound":30.0,"unit":"ns"},"slope":null,"change":null}
{"reason":"benchmark-complete","id":"other","report_directory":"target/criterion/reports/other","iteration_count":[10],"measured_values":[500.0],"unit":"ns","throughput":[],"typical":{"estimate":50.0,"lower_bound":49.0,"upper_bound":51.0,"unit":"ns"},"mean":{"estimate":50.0,"lower_bound":49.0,"upper_bound":51.0,"unit":"ns"},"median":{"estimate":50.0,"lower_bound":49.0,"upper_bound":51.0,"unit":"ns"},"median_abs_dev":{"estimate":1.0,"lower_bound":0.5,"upper_bound":1.5,"unit":"ns"},"slope":null,"change":null}
EOF_JSON
cat >"$TRASH/generic.json" <<\EOF_JSON
[
  {"name": "parse", "unit": "ns", "value": 1234.5, "range": "+/- 12"},
  {"name": "requests", "unit": "req/s", "value": 5230}
]
EOF_JSON

test_expect_success 'the cargo-criterion and generic inputs record whole' '
	git bench record --commit HEAD --allow-dirty "$TRASH/cargo-criterion.json" >out &&
	grep -q "^Read 2 results from .*cargo-criterion.json (cargo-criterion)$" out &&
	git bench record --commit HEAD --allow-dirty "$TRASH/generic.json" >out &&
	grep -q "^Read 2 results from .*generic.json (generic)$" out
'

# format | source file | text to break | what replaces it | what the
# error about the malformed file says
while IFS='|' read -r format file from to problem; do
	case $file in /*) src=$file ;; *) src=$GB_FIXTURES/$file ;; esac
	name=$(basename "$file")
	test_expect_success "$format: truncated $name is refused" '
		size=$(wc -c <"$src") &&
		head -c $((size / 2)) "$src" >"cut-$name" &&
		refused "cut-$name" &&
		grep -q "^error: cut-$name: " err &&
		grep -q "truncated\|cut short" err
	'
	test_expect_success "$format: malformed $name is refused" '
		python3 -c "
import sys
text = open(sys.argv[1], encoding=\"utf-8\").read()
assert sys.argv[2] in text, sys.argv[2]
sys.stdout.write(text.replace(sys.argv[2], sys.argv[3], 1))
" "$src" "$from" "$to" >"bad-$name" &&
		refused "bad-$name" &&
		grep -q "^error: bad-$name: " err &&
		grep -qF "$problem" err &&
		refused --format "$format" "bad-$name" &&
		grep -qF "$problem" err
	'
done <<EOF_LIST
google-benchmark|google-benchmark/baseline/stdout.json|"real_time": 9.9798661157674591e+00|"real_time": "fast"|benchmark 'BM_StringCopy': real_time is not a number
google-benchmark|google-benchmark/baseline/repetitions.json|"time_unit": "ms"|"time_unit": "weeks"|benchmark 'BM_SumOfSquares': unknown time_unit
google-benchmark|google-benchmark/baseline/aggregates-only.json|"real_time": 9.9037944277934518e+00|"real_time": null|benchmark 'BM_StringCopy_mean': missing real_time
hyperfine|hyperfine/baseline/commands.json|"mean": 0.050088804540000004|"mean": [1]|benchmark 'sort': mean is not a number
hyperfine|hyperfine/baseline/gzip-levels.json|"command": "gzip -6 -c data.txt > /dev/null",|"nocommand": 1,|results[1] has no command
go|go/baseline/bench.txt|225.6 ns/op|22x5.6 ns/op|line 5: benchmark 'BenchmarkFib/n=10': '22x5.6' is not a number
go|go/baseline/bench.json|230.7 ns/op|23x0.7 ns/op|line 17: benchmark 'BenchmarkFib/n=10': '23x0.7' is not a number
pytest-benchmark|pytest-benchmark/baseline/benchmark.json|"mean": 4.14140908940762e-07|"mean": true|benchmark 'test_bench.py::test_fib[5]': mean is not a number
catch2|catch2/baseline/catch2.xml|<mean value="54.1077"|<mean value="fast"|line 7: benchmark 'fib 10': <mean value="fast"> is not a number
cargo-criterion|$TRASH/cargo-criterion.json|"mean":{"estimate":50.0|"mean":{"estimate":"fifty"|benchmark 'other': estimate is not a number
bencher|criterion/slow/bencher.stdout.txt|113 ns/iter|113 ns/it|line 5: expected "<n> <unit>/iter (+/- <n>)" after "bench:", found "113 ns/it (+/- 4)"
bencher|libtest/other-units.txt|2835 cycles/iter|2835 cycles per iter|line 2: expected "<n> <unit>/iter (+/- <n>)" after "bench:", found "2835 cycles per iter (+/- 12)"
google-benchmark|google-benchmark/baseline/console.txt|9.85 ns         9.85 ns|9.85 ns         9.85 aeons|line 14: expected "<name> <time> <unit> <cpu> <unit> <iterations>"
hyperfine|hyperfine/baseline/commands.csv|,0.00974541714,|,x,|line 3: expected seconds in columns 2 to 8
hyperfine|hyperfine/baseline/commands.md|50.1 ± 1.1|50.1 / 1.1|<mean> ± <σ> | <min> | <max> |...", found "
pytest-benchmark|pytest-benchmark/baseline/pytest.stdout.txt|68.9890 (1.0)|68.9.890 (1.0)|line 65: expected a name and a figure under every heading
benchmark-ips|benchmark-ips/baseline/stdout.txt|24.446k (± 1.3%) i/s|24.446k (± 1.3%) i/h|line 7: expected "<label> <n>[kMBT] (± <n>%) i/s - <n>[kMBT] in <n>s"
catch2|catch2/v2-console/console.txt|4.22401 ns|4.22401 nanos|line 17: expected the mean line
catch2|catch2/v3-console/console.txt|1.14389 us|1.14389|line 20: expected the standard deviation line
criterion|criterion/console/cargo-bench-0.5.txt|[41.229 µs 41.402 µs|[41.229 µs 41.402|line 13: expected "time: [<n> <unit> <n> <unit> <n> <unit>]"
ruby-benchmark|ruby-benchmark/bmbm.txt|0.009711 (  0.009711)|0.009711 (  0.00971x)|line 8: expected "<label> <user> <system> <total> (<real>)"
benchmark-harness|dart/benchmark_harness.txt|48.91237410071942 us.|48.91237410071942 yards.|line 4: expected "<name>(RunTime): <n> us."
vitest|vitest/v3/bench.json|"mean": 0.00015778994592108444|"mean": "fast"|benchmark 'bench/sort.bench.js > string join': mean is not a number
tinybench|tinybench/v6/tasks.json|"name": "fib(15)",|"nom": "fib(15)",|task 2 has no name
bmf|bmf/measures.json|"value": 88.0|"value": "88"|benchmark 'parse_config': value is not a number
jmh|jmh/avgt-gc.json|"primaryMetric"|"primary"|benchmark 'org.sample.SortBenchmark.sort (size=1000, kind=random)': no primaryMetric
benchmarkdotnet|benchmarkdotnet/full.json|"Mean": |"Mean": "x", "M": |benchmark 'Bench.Md5VsSha256.Sha256(N: 1000)': Mean is not a number
benchmarktools|benchmarktools/results.json|"times":[|"times":["x",|benchmark 'sort/quicksort/1000': times holds something that is not a number
asv|asv/new-layout.json|"benchmarks.TimeSuite.time_iterkeys":[|"benchmarks.TimeSuite.time_iterkeys":{"a":1},"x":[|benchmark 'benchmarks.TimeSuite.time_iterkeys': expected a row of result_columns
iai|iai/iai.txt|Instructions:                1735|Instructions:                17x35|line 4: expected "<metric>: <count>"
iai-callgrind|iai-callgrind/gungraun.txt|Estimated Cycles:                     155|Estimated Cycles:                     1x55|line 10: expected "<metric>: <count>"
generic|$TRASH/generic.json|"value": 5230|"value": "5230"|benchmark 'requests': value is not a number
baseline-json|baseline-json/baseline.json|"mean_ns": 98120000|"mean_ns": "98120000"|benchmark 'parse cargo metadata': mean_ns is not a number
benchmarkjs|benchmarkjs/baseline/stats.json|"hz": 19490.869406191465|"hz": {}|benchmark 'fib#20': hz is not a number
benchmarkjs|benchmarkjs/baseline/stdout.txt|(58 runs sampled)|(58 runs)|line 4: not a "<name> x <n> ops/sec
benchmark-ips|benchmark-ips/baseline/ips.json|"ips": 801.4294080075891|"ips": "801"|benchmark 'sum_of_squares': ips is not a number
generic|$TRASH/generic.json|"name": "requests"|"name": "requ\u0000ests"|line 3: a string holds \u0000, a NUL character no name or unit may hold
cargo-criterion|$TRASH/cargo-criterion.json|"id":"other"|"id":"oth\u0000er"|line 2: a string holds \u0000
go|go/baseline/bench.json|"Output":"=== RUN   TestFib\n"|"Output":"=== RUN   Test\u0000Fib\n"|line 2: a string holds \u0000
libtest-json|libtest/bench.json|"median": 125.43|"median": "fast"|benchmark 'bench::fib_10': median is not a number
libtest-json|libtest/bench.json|"name": "bench::fib_20", "median"|"name": "bench::fib_20", "median": 1}, "x"|line 10: not valid JSON
EOF_LIST

test_expect_success 'unknown content lists the formats known' '
	printf "just some text\nBenchmark of nothing\n" >notes.txt &&
	refused notes.txt &&
	grep -q "^error: notes.txt: cannot tell what format this is (known: criterion, google-benchmark, hyperfine, go, pytest-benchmark, catch2, cargo-criterion, libtest-json, bencher, generic, baseline-json, benchmarkjs, benchmark-ips, ruby-benchmark, benchmark-harness, vitest, tinybench, bmf, jmh, benchmarkdotnet, benchmarktools, asv, iai, iai-callgrind, cachegrind, custom-smaller-is-better, custom-bigger-is-better)$" err &&
	refused - <notes.txt &&
	grep -q "^error: standard input: cannot tell what format this is (known: " err &&
	refused --format nonsense notes.txt &&
	grep -q "^error: unknown format .nonsense. (known: criterion, " err
'

test_expect_success 'an empty file and an empty standard input' '
	: >empty.json &&
	refused empty.json &&
	grep -q "^error: empty.json: empty, no benchmark results$" err &&
	refused - </dev/null &&
	grep -q "^error: standard input: empty, no benchmark results$" err
'

test_expect_success 'an empty file named as any format says it is empty' '
	: >empty.out &&
	git bench record -h | sed -n "/^Formats/,/^[^ ]/p" | sed "1d;\$d" |
		tr -s ", " "\n\n" | sed "/^\$/d" >formats &&
	test $(wc -l <formats) -ge 25 &&
	while read -r f; do
		refused --format "$f" empty.out &&
		grep -q "^error: empty.out: empty, no benchmark results$" err ||
		{ echo "format $f:"; cat err; return 1; }
	done <formats
'

test_expect_success 'a truncated file on standard input' '
	head -c 3000 "$GB_FIXTURES/hyperfine/baseline/commands.json" >cut.json &&
	refused - <cut.json &&
	grep -q "^error: standard input: not valid JSON (truncated" err
'

test_expect_success 'a directory is not a file format' '
	refused --format go "$CRITERION_BASE" &&
	grep -q "is a directory; the go format is a file" err
'

test_done
