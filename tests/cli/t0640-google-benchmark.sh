#!/bin/sh
# bisect on a real benchmark project: a small C++ program measured with
# Google Benchmark, one function given ten times the work at c5. Only c1
# and c8 have results: bisect --run builds and measures the commits it
# needs in a temporary work tree, git bisect run with bisect-check
# measures in place, both name c5; log then marks the step there. Real
# timings, so the checks must hold on a machine however loaded: the step
# is tenfold, in CPU time (wall-clock time moves with the load, CPU time
# far less), and far beyond anything load does to it; a commit is bad only
# when nearer the bad side than the good one, and log counts only a change
# point of more than half (bench.changePointMagnitude=50), so a burst of
# load during one measurement makes neither a bad commit nor a step.
# The build is skipped when the binary is newer than its sources, as make
# would skip it: a checkout rewrites what changed, so commits measured in
# place one after another compile once for each version of work.h, and
# a temporary work tree always compiles. Needs g++ and libbenchmark-dev.
. "$(dirname "$0")/lib.sh"

if ! command -v g++ >/dev/null 2>&1 ||
   ! [ -e /usr/include/benchmark/benchmark.h ]; then
	test_count=$((test_count + 1))
	say "ok $test_count # skip bisect on a Google Benchmark project"
	say "# skipped: g++ or libbenchmark-dev not installed"
	test_done
fi

# work(rounds): an FNV-1a hash over `rounds` words, opaque to the optimizer.
write_project () {
	cat >work.h <<-EOF
	#include <cstdint>
	#define PARSE_ROUNDS $1
	static inline uint64_t work(uint64_t seed, int rounds)
	{
		uint64_t h = 1469598103934665603ULL ^ seed;

		for (int i = 0; i < rounds; i++) {
			h ^= (uint64_t)i;
			h *= 1099511628211ULL;
		}
		return h;
	}
	EOF
	cat >bench.cc <<-\EOF
	#include <benchmark/benchmark.h>
	#include "work.h"

	static void BM_Parse(benchmark::State &state)
	{
		for (auto _ : state) {
			uint64_t seed = 1;

			benchmark::DoNotOptimize(seed);
			benchmark::DoNotOptimize(work(seed, PARSE_ROUNDS));
		}
	}
	BENCHMARK(BM_Parse);

	static void BM_Flat(benchmark::State &state)
	{
		for (auto _ : state) {
			uint64_t seed = 2;

			benchmark::DoNotOptimize(seed);
			benchmark::DoNotOptimize(work(seed, 3000));
		}
	}
	BENCHMARK(BM_Flat);

	BENCHMARK_MAIN();
	EOF
}

test_setup 'a project whose BM_Parse does ten times the work from c5' '
	git init -q -b main project && cd project &&
	printf "bench\nresults.json\n" >.gitignore &&
	write_project 2000 && git add . && git commit -q -m "c1: parse" &&
	git tag c1 &&
	for i in 2 3 4 5 6 7 8; do
		if [ $i = 5 ]; then
			write_project 20000 && git add work.h &&
			git commit -q -m "c5: parse ten times as much" || exit 1
		else
			echo "note $i" >>NOTES && git add NOTES &&
			git commit -q -m "c$i: notes" || exit 1
		fi
		git tag c$i || exit 1
	done &&
	git config bench.command "{ [ bench -nt work.h ] && [ bench -nt bench.cc ] || g++ -O2 -o bench bench.cc -lbenchmark -lpthread; } && ./bench --benchmark_min_time=0.05 --benchmark_repetitions=3 --benchmark_out=results.json --benchmark_out_format=json >/dev/null" &&
	git config bench.results results.json &&
	git config bench.format google-benchmark &&
	git config bench.changePointMagnitude 50 &&
	git checkout -q c1 && git bench run --record >/dev/null 2>&1 &&
	git checkout -q main && git bench run --record >/dev/null 2>&1 &&
	git bench show c1 | grep -q "BM_Parse" &&
	git bench show c8 | grep -q "BM_Parse"
'

test_expect_success 'bisect --run measures the gap and names c5' '
	git bench bisect --bench "BM_Parse [cpu_time]" --run >out 2>err &&
	head -n1 out | grep -q "^$(git rev-parse c5) is the first bad commit$" &&
	grep -q "^    c5: parse ten times as much$" out &&
	grep -q "^bisect: measuring" err &&
	grep -q "^Measured and recorded: .*$(git rev-parse --short c5)" out &&
	test $(git worktree list | wc -l) = 1
'

test_expect_success 'git bisect run with bisect-check names c5 too' '
	for c in c2 c3 c4 c5 c6 c7; do git bench forget $c >/dev/null 2>&1; done;
	git bisect start c8 c1 >/dev/null &&
	git bisect run git bench bisect-check --bench "BM_Parse [cpu_time]" --good c1 >out 2>&1 &&
	git bisect reset >/dev/null 2>&1 &&
	grep -q "^$(git rev-parse c5) is the first bad commit$" out
'

test_expect_success 'log marks the step at c5 once every commit is measured' '
	for c in c2 c3 c4 c5 c6 c7; do
		git bench show $c >/dev/null 2>&1 || {
			git checkout -q $c && git bench run --record --repeat 2 >/dev/null 2>&1
		} || exit 1
	done &&
	git checkout -q main &&
	COLUMNS=120 git bench log --bench "BM_Parse [cpu_time]" >out &&
	grep -A1 "^BM_Parse \[cpu_time\]  " out | grep -q "^  step at $(git rev-parse --short c5) .*(+[0-9.]*%, REGRESSION, p[<=].*) c5: parse ten times as much$" &&
	grep "step at" out >steps &&
	! grep -v "step at $(git rev-parse --short c5) " steps
'

test_done
