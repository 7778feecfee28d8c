// The demo project's benchmarks, with Google Benchmark.
#include <benchmark/benchmark.h>

#include <numeric>
#include <string>
#include <vector>

#include "parse.h"

static std::string numbers() {
  std::string s;
  for (int i = 0; i < 4000; i++) s += std::to_string(i * 7919 % 100000) + ",";
  return s;
}

static void BM_Parse(benchmark::State &state) {
  const std::string input = numbers();
  for (auto _ : state) benchmark::DoNotOptimize(parse(input));
}
BENCHMARK(BM_Parse);

static void BM_Sum(benchmark::State &state) {
  std::vector<int> v(10000);
  std::iota(v.begin(), v.end(), 0);
  for (auto _ : state)
    benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0L));
}
BENCHMARK(BM_Sum);

BENCHMARK_MAIN();
