#!/bin/sh
# Sequential against interleaved runs, and what --confirm costs, on a real
# Google Benchmark suite whose code never changes (false-alarms/suite.cc)
# while two busy processes load the machine's cores. The baseline commit is
# recorded HISTORY times before the load starts (a quiet machine recorded
# main); then each trial compares an unchanged commit with it three ways:
#   sequential   git bench run --repeat 3 (against the stored results)
#   interleaved  git bench run --interleave --repeat 3 (both sides now)
#   confirm      git bench run --confirm (one run, more while UNCERTAIN)
# Every REGRESSION is false. Prints figures only.
#
# usage: bench/interleave.sh [BUILD_DIR] [HISTORY] [TRIALS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}
history=${2:-5}
trials=${3:-5}
"$top/scripts/install-deps" g++ libbenchmark-dev
export PATH="$build:$PATH" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
work=$(mktemp -d)
loads=""
cleanup() {
	for p in $loads; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

cd "$work" && git init -q repo && cd repo
cp "$here/false-alarms/suite.cc" .
# The command builds what it measures: in a temporary work tree too.
cat >measure.sh <<'EOS'
[ -x suite ] || g++ -O2 -o suite suite.cc -lbenchmark -lpthread
./suite --benchmark_min_time=0.05 --benchmark_repetitions=3 \
	--benchmark_out=run.json --benchmark_out_format=json >/dev/null 2>&1
EOS
printf 'suite\nrun.json\n' >.gitignore
git add . && git commit -q -m suite && git tag base
git config bench.format google-benchmark
git config bench.results run.json
git config bench.command "sh measure.sh"
i=0
while [ $i -lt "$history" ]; do
	git bench run --record >/dev/null 2>&1
	i=$((i + 1))
done
git commit -q --allow-empty -m "unchanged"

# verdicts <json>: "<rows> <regressions> <uncertain>"
verdicts() {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
v = [b['verdict'] for b in d['benchmarks']]
print(len(v), v.count('REGRESSION'), v.count('UNCERTAIN'))" "$1"
}

for n in 1 2; do
	sh -c 'while :; do :; done' & loads="$loads $!"
done

sum() { echo "$1 $2" | awk '{ print $1 + $2 }'; }
seq_r=0 seq_u=0 int_r=0 int_u=0 con_r=0 con_u=0 rows=0 con_runs=0 t=0
start=$(date +%s)
while [ $t -lt "$trials" ]; do
	git bench run --repeat 3 --baseline base --format json >seq.json 2>seq.err || { cat seq.err >&2; exit 1; }
	set -- $(verdicts seq.json); rows=$(sum $rows $1)
	seq_r=$(sum $seq_r $2); seq_u=$(sum $seq_u $3)
	git bench run --interleave --repeat 3 --baseline base --format json \
		>int.json 2>int.err || { cat int.err >&2; exit 1; }
	set -- $(verdicts int.json)
	int_r=$(sum $int_r $2); int_u=$(sum $int_u $3)
	git bench run --confirm --baseline base --format json >con.json 2>con.err || true
	set -- $(verdicts con.json)
	con_r=$(sum $con_r $2); con_u=$(sum $con_u $3)
	runs=$(sed -n 's/^Confirmation: \([0-9]*\) run.*/\1/p' con.err)
	con_runs=$(sum $con_runs "${runs:-1}")
	t=$((t + 1))
done
end=$(date +%s)
echo "unchanged suite, $trials trials, $rows benchmark comparisons a way, two busy processes"
echo "way          runs a side  false REGRESSION  UNCERTAIN"
printf "sequential   3            %-17s %s\n" "$seq_r" "$seq_u"
printf "interleaved  3 + 3        %-17s %s\n" "$int_r" "$int_u"
printf "confirm      %-12s %-17s %s\n" "$(echo "$con_runs $trials" | awk '{ printf "%.1f", $1 / $2 }')" "$con_r" "$con_u"
echo "wall time: $((end - start)) s"
