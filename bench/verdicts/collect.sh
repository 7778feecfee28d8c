#!/bin/sh
# Measure real run series for bench/verdicts: the Google Benchmark suite of
# bench/false-alarms (whose code never changes) built three ways -- as it is,
# with BM_Hash doing 13% more work, and 30% more -- each build run in turn
# (A, B13, B30, A, ...) as separate processes, so that the three see the same
# machine. With --load, two busy processes load both cores meanwhile.
# Writes one line per run and result: set, condition, run, variant, load
# average, name, unit, the repetitions' values.
#
# usage: bench/verdicts/collect.sh [--load] SET ROUNDS >>bench/verdicts/data/SET.tsv
set -eu
here=$(cd "$(dirname "$0")" && pwd)
load=
if [ "${1:-}" = --load ]; then load=1; shift; fi
set=$1 rounds=$2
work=$(mktemp -d)
busy=
cleanup() {
	for pid in $busy; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
for v in 0 13 30; do
	g++ -O2 -DEXTRA_WORK=$v -o "$work/suite$v" "$here/../false-alarms/suite.cc" \
		-lbenchmark -lpthread
done
if [ -n "$load" ]; then
	for i in 1 2; do
		sh -c 'while :; do :; done' &
		busy="$busy $!"
	done
	condition=loaded
else
	condition=quiet
fi
r=0
while [ "$r" -lt "$rounds" ]; do
	for v in 0 13 30; do
		"$work/suite$v" --benchmark_min_time=0.05 --benchmark_repetitions=3 \
			--benchmark_out="$work/out.json" --benchmark_out_format=json \
			>/dev/null 2>&1
		python3 "$here/to-tsv.py" "$work/out.json" "$set" "$condition" "$r" \
			"$v" "$(cut -d' ' -f1 /proc/loadavg)"
	done
	r=$((r + 1))
done
