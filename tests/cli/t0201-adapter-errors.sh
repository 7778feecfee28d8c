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
bencher|criterion/slow/bencher.stdout.txt|113 ns/iter|113 ns/it|line 5: not a "<n> ns/iter (+/- <n>)" result
generic|$TRASH/generic.json|"value": 5230|"value": "5230"|benchmark 'requests': value is not a number
baseline-json|baseline-json/baseline.json|"mean_ns": 98120000|"mean_ns": "98120000"|benchmark 'parse cargo metadata': mean_ns is not a number
benchmarkjs|benchmarkjs/baseline/stats.json|"hz": 19490.869406191465|"hz": {}|benchmark 'fib#20': hz is not a number
benchmarkjs|benchmarkjs/baseline/stdout.txt|(58 runs sampled)|(58 runs)|line 4: not a "<name> x <n> ops/sec
benchmark-ips|benchmark-ips/baseline/ips.json|"ips": 801.4294080075891|"ips": "801"|benchmark 'sum_of_squares': ips is not a number
EOF_LIST

test_expect_success 'unknown content lists the formats known' '
	printf "just some text\nBenchmark of nothing\n" >notes.txt &&
	refused notes.txt &&
	grep -q "^error: notes.txt: cannot tell what format this is (known: criterion, google-benchmark, hyperfine, go, pytest-benchmark, catch2, cargo-criterion, bencher, generic, baseline-json, benchmarkjs, benchmark-ips, custom-smaller-is-better, custom-bigger-is-better)$" err &&
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
