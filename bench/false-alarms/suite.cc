// A small Google Benchmark suite whose code never changes: every difference
// between its runs is noise, so every REGRESSION reported on it is false.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

static void BM_Add(benchmark::State &state) {
  int a = 1, b = 2;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a += b);
  }
}
BENCHMARK(BM_Add);

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void BM_Fib(benchmark::State &state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(fib(static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_Fib)->Arg(10)->Arg(20);

static void BM_Sort(benchmark::State &state) {
  std::mt19937 rng(42);
  std::vector<int> data(static_cast<size_t>(state.range(0)));
  for (auto &x : data) x = static_cast<int>(rng());
  for (auto _ : state) {
    std::vector<int> v = data;
    std::sort(v.begin(), v.end());
    benchmark::DoNotOptimize(v.data());
  }
}
BENCHMARK(BM_Sort)->Arg(1000)->Arg(10000);

static void BM_Memcpy(benchmark::State &state) {
  std::vector<char> src(static_cast<size_t>(state.range(0)), 'x');
  std::vector<char> dst(src.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), src.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Memcpy)->Arg(4096)->Arg(1 << 20);

static void BM_StringBuild(benchmark::State &state) {
  for (auto _ : state) {
    std::string s;
    for (int i = 0; i < 100; i++) s += std::to_string(i);
    benchmark::DoNotOptimize(s.data());
  }
}
BENCHMARK(BM_StringBuild);

// Work that grows in proportion to the data: an FNV-1a hash, one byte after
// the other (each step needs the last, so nothing vectorises). Built with
// -DEXTRA_WORK=13 it hashes 13% more bytes: a known, real slowdown of one
// benchmark for bench/verdicts/ while the others stay as they are.
#ifndef EXTRA_WORK
#define EXTRA_WORK 0
#endif

static void BM_Hash(benchmark::State &state) {
  std::vector<unsigned char> data(4096 * (100 + EXTRA_WORK) / 100, 7);
  for (auto _ : state) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_Hash);

BENCHMARK_MAIN();
